import * as assert from 'assert';
import {
  describeFigure,
  extractFigures,
  figureBucket,
  figureMatches,
  unitsCompatible,
} from '../../../server/src/core/figures';
import { insideInterval, statesExactly } from '../../../server/src/core/figures/match';
import * as fc from 'fast-check';
import { Figure } from '../../../server/src/core/types';

function fig(text: string): Figure {
  const figs = extractFigures(text);
  assert.strictEqual(figs.length, 1, `one figure in ${JSON.stringify(text)}, got ${JSON.stringify(figs.map((f) => f.text))}`);
  return figs[0];
}

/** [draft, source, matches] */
const MATCHES: [string, string, boolean][] = [
  ['$3 billion', '2.9 billion dollars', true],
  ['$3 billion', '3.4 billion dollars', true],
  ['$3 billion', '3.6 billion dollars', false],
  ['2.9 billion dollars', '$3 billion', false],
  ['415', '414', false],
  ['415', '415', true],
  ['thirteen', '13', true],
  ['13', 'thirteen', true],
  ['2.3 million', '2,300,000', true],
  ['2,300,000', '2.3 million', true],
  ['2.3 million', '2,340,000', true],
  ['2.3 million', '2,400,000', false],
  ['65,333 million pesos', 'MXN$65.333 billion', true],
  ['MXN$65.333 billion', '65,333 million pesos', true],
  ['$4 billion', '4 billion dollars', true],
  ['$4 billion', 'US$4 billion', true],
  ['4 billion dollars', 'US$4 billion', true],
  ['$4 billion', '4 bln dlrs', true],
  ['$4 billion', '4 billion', true],
  ['4 billion', '$4 billion', true],
  ['$4 billion', '£4 billion', false],
  ['$4 billion', 'MXN$4 billion', false],
  ['65,333 million pesos', '$65.333 billion', false],
  ['£600m', '600 mln stg', true],
  ['$1.13bn', '1.13 billion dollars', true],
  ['15.1%', '15.1 percent', true],
  ['15.1%', '15.2%', false],
  ['15%', '15.4 pct', true],
  ['40 per cent', '40 percent', true],
  ['15%', '15', false],
  ['15', '15%', false],
  ['one-third', 'a third of', true],
  ['one-third', '1 in 3', true],
  ['one-third', '33%', true], // a share: ratio and percent compare, within the draft's precision
  ['one-third', '40%', false],
  ['two million', '2,400,000', true],
  ['two million', '2,600,000', false],
  ['half a million', '500,000', true],
];

/** Ranges: [draft, source, matches] */
const RANGE_MATCHES: [string, string, boolean][] = [
  ['60 to 70 percent', '60-70%', true],
  ['60 to 70 percent', '60-75%', false],
  ['60%', '60 to 70 percent', true],
  ['70%', '60 to 70 percent', true],
  ['65%', '60 to 70 percent', false],
  ['60-70%', '70 percent', true],
  ['60-70%', '65 percent', false],
  ['$3-4 billion', '$3 to $4 billion', true],
];

describe('figureMatches', () => {
  for (const [draft, source, expected] of [...MATCHES, ...RANGE_MATCHES]) {
    it(`draft ${JSON.stringify(draft)} ${expected ? 'is' : 'is not'} backed by ${JSON.stringify(source)}`, () => {
      assert.strictEqual(figureMatches(fig(draft), fig(source)), expected);
    });
  }

  it('the five money spellings normalise to the same value and unit', () => {
    const spellings = ['$4 billion', '4 billion dollars', 'US$4 billion', '4 bln dlrs', '4,000 million dollars'];
    const figs = spellings.map(fig);
    for (const f of figs) {
      assert.strictEqual(f.value, 4e9);
      assert.strictEqual(f.unit, 'USD');
      assert.strictEqual(f.kind, 'money');
    }
  });

  it('tolerates float error in scaled decimals', () => {
    const a = fig('0.3 million');
    const b: Figure = { ...a, value: 0.1e6 + 0.2e6 };
    assert.ok(figureMatches(a, b));
  });
});

describe('unitsCompatible', () => {
  const rows: [string, string, boolean][] = [
    ['$4 billion', '4 billion', true],
    ['4 billion', '$4 billion', true],
    ['$4 billion', '4 billion dollars', true],
    ['$4 billion', '£4 billion', false],
    ['15%', '15', false],
    ['15%', '15 pct', true],
    ['one-third', '1 in 3', true],
    ['one-third', '33%', true], // a share: ratio and percent compare, within the draft's precision
    ['one-third', '3', false],
    ['13', 'thirteen', true],
  ];
  for (const [a, b, expected] of rows) {
    it(`${a} ~ ${b}: ${expected}`, () => {
      assert.strictEqual(unitsCompatible(fig(a), fig(b)), expected);
      assert.strictEqual(unitsCompatible(fig(b), fig(a)), expected);
    });
  }
  it('figureBucket separates what can never match', () => {
    assert.strictEqual(figureBucket(fig('$4 billion')), figureBucket(fig('4 billion')));
    assert.notStrictEqual(figureBucket(fig('15%')), figureBucket(fig('15')));
    assert.strictEqual(figureBucket(fig('one-third')), figureBucket(fig('33%')));
    assert.notStrictEqual(figureBucket(fig('0.4 percentage points')), figureBucket(fig('0.4%')));
  });
});

describe('describeFigure', () => {
  it('returns the text as written, trimmed, whitespace collapsed', () => {
    assert.strictEqual(describeFigure(fig('US$2.9 billion')), 'US$2.9 billion');
    const f = extractFigures('2.9     billion')[0];
    assert.strictEqual(describeFigure(f), '2.9 billion');
  });
});

describe('statesExactly', () => {
  const cases: [string, string, boolean][] = [
    ['19 dlrs', '19.00 dlrs', true],
    ['19 dlrs', '19.35 dlrs', false],
    ['over 4.6 mln', '4.6 mln', true],
    ['over 4.6 mln', '6.6 mln', false],
    ['2.3 million', '2,300,000', true],
    ['60 to 70 percent', '60-70%', true],
    ['60 to 70 percent', '70%', false],
    ['$4 billion', '4 billion', true],
    ['4 billion', 'US$4 billion', true],
    ['5 km', '3.1 miles', false],
  ];
  for (const [draft, source, expected] of cases) {
    it(`draft ${JSON.stringify(draft)} ${expected ? 'is' : 'is not'} stated exactly by ${JSON.stringify(source)}`, () => {
      assert.ok(figureMatches(fig(draft), fig(source)), 'a match to begin with');
      assert.strictEqual(statesExactly(fig(draft), fig(source)), expected);
    });
  }
});

describe('figures/match: insideInterval', () => {
  // What figureMatches and insideHedged computed before (an interval array, then inside).
  const REL_EPS = 1e-9;
  const interval = (d: number, tol: number, hedge: Figure['hedge']): [number, number] => {
    const t = tol + REL_EPS * Math.max(1, Math.abs(d));
    if (hedge === 'approx') {
      const w = Math.max(t, 0.1 * Math.abs(d));
      return [d - w, d + w];
    }
    if (hedge === 'min') return d >= 0 ? [d - t, d * 1.5 + t] : [d - t, d / 1.5 + t];
    if (hedge === 'max') return d >= 0 ? [d / 1.5 - t, d + t] : [d * 1.5 - t, d + t];
    return [d - t, d + t];
  };
  const inside = (s: number, iv: [number, number]) => {
    const eps = REL_EPS * Math.max(1, Math.abs(s));
    return s >= iv[0] - eps && s <= iv[1] + eps;
  };

  it('answers as inside(interval(...)) did, for every hedge, near the bounds too', () => {
    const hedge = fc.constantFrom<Figure['hedge']>(undefined, 'approx', 'min', 'max');
    const num = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: -1000, max: 1000 }));
    fc.assert(
      fc.property(num, num, fc.constantFrom(0, 0.5, 1, 0.05, 1e6), hedge, fc.double({ min: -2, max: 2, noNaN: true }), (s, d, tol, h, nudge) => {
        // Both a free source value and one right at a bound of the draft's interval.
        const iv = interval(d, tol, h);
        for (const v of [s, iv[0] + nudge * 1e-9 * Math.max(1, Math.abs(iv[0])), iv[1] + nudge * 1e-9 * Math.max(1, Math.abs(iv[1]))]) {
          assert.strictEqual(insideInterval(v, d, tol, h), inside(v, iv), `${v} in ${d} ±${tol} ${h}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
