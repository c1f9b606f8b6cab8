/**
 * findFigure scans, per bucket, only the windows of values that can match (one per end of a
 * draft range) and judges plain entries of hedged drafts on their indexed value. This property
 * test checks both against the full scan it replaced: every entry in candidateRange, judged
 * with figureMatches and statesExactly on the whole figure (withinPrecision for plain unhedged
 * single values, as before), on random figures of every kind, unit, precision, hedge and range.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { candidateRange, candidateWindows, figureMatches, statesExactly, withinPrecision } from '../../../server/src/core/figures/match';
import { unitByCode } from '../../../server/src/core/figures/units';
import { buildFigureBuckets, bucketNames, FIG_INDEX, FIG_RANGE, FigureBuckets, findFigure, FigureMatches } from '../../../server/src/core/index/figureIndex';
import { bucketProbe, figureIndexBucket } from '../../../server/src/core/figures/match';
import { lowerBound } from '../../../server/src/core/index/sorted';
import { Figure, Passage } from '../../../server/src/core/types';

const KINDS: [Figure['kind'], string][] = [
  ['count', ''],
  ['money', 'USD'],
  ['money', 'EUR'],
  ['percent', '%'],
  ['ratio', ''],
  ['points', 'pp'],
  ['measure', 'km'],
  ['measure', 'mile'],
  ['measure', 'm'],
  ['measure', 'C'],
  ['measure', 'F'],
  ['score', ''],
];

const figureArb: fc.Arbitrary<Figure> = fc
  .record({
    ku: fc.constantFrom(...KINDS),
    base: fc.integer({ min: 0, max: 60 }),
    frac: fc.constantFrom(0, 0.5, 0.25, 0.1),
    scale: fc.constantFrom(1, 1, 1, 1000, 1e6, 0.01),
    neg: fc.boolean(),
    precision: fc.constantFrom(0, 0.5, 0.05, 0.005, 500, 500000),
    span: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    hedge: fc.constantFrom(undefined, undefined, 'approx', 'min', 'max') as fc.Arbitrary<Figure['hedge']>,
  })
  .map(({ ku: [kind, unit], base, frac, scale, neg, precision, span, hedge }) => {
    const value = (neg ? -1 : 1) * (base + frac) * scale;
    const f: Figure = { text: String(value), start: 0, end: 1, value, unit, kind, precision: precision * (scale >= 1000 ? scale / 1000 : 1) };
    if (kind === 'measure') f.dimension = unitByCode(unit)?.dim ?? unit;
    if (kind === 'score') f.second = base + (span ?? 1);
    else if (span !== undefined) f.high = value + span * scale;
    if (hedge && f.high === undefined) f.hedge = hedge;
    return f;
  });

/** The full scan findFigure did before the windows: every entry in candidateRange. */
function fullScan(f: Figure, parts: FigureBuckets[], passages: Passage[], alive: Uint8Array): FigureMatches {
  const seen = new Uint8Array(alive.length);
  const ids: number[] = [];
  const figs: number[] = [];
  const exact: number[] = [];
  const loose = new Map<number, number>();
  const own = figureIndexBucket(f);
  for (const name of bucketNames(parts)) {
    const probe = bucketProbe(name);
    const range = candidateRange(f, probe);
    if (!range) continue;
    const plain = name === own || (probe.kind !== 'measure' && f.kind !== 'measure' && probe.kind !== 'ratio' && f.kind !== 'ratio');
    for (const seg of parts) {
      const b = seg.get(name);
      if (!b) continue;
      for (let i = lowerBound(b.values, range[0]); i < b.values.length && b.values[i] <= range[1]; i++) {
        const id = b.ids[i];
        if (!alive[id] || seen[id] === 2) continue;
        const j = b.fig[i] & FIG_INDEX;
        const whole = b.fig[i] & FIG_RANGE || f.high !== undefined || f.hedge !== undefined || f.kind === 'score' || !plain;
        const sf = passages[id].figures[j];
        const ok = whole ? figureMatches(f, sf) : withinPrecision(b.values[i], f);
        if (!ok) continue;
        const isExact = statesExactly(f, sf);
        if (seen[id] === 1) {
          if (!isExact) continue;
          const k = loose.get(id)!;
          figs[k] = j;
          exact[k] = 1;
          seen[id] = 2;
          continue;
        }
        seen[id] = isExact ? 2 : 1;
        if (!isExact) loose.set(id, ids.length);
        ids.push(id);
        figs.push(j);
        exact.push(isExact ? 1 : 0);
      }
    }
  }
  return { ids: Uint32Array.from(ids), fig: Uint16Array.from(figs), exact: Uint8Array.from(exact) };
}

const flat = (m: FigureMatches) => [[...m.ids], [...m.fig], [...(m.exact ?? [])]];

describe('index: figure search windows (property)', () => {
  it('finds exactly what the full scan of candidateRange found, in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(figureArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }), fc.array(figureArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 1 << 20 }), (figss, drafts, deadMask) => {
        const passages: Passage[] = figss.map((figures, id) => ({ id, n: 1, text: '', startLine: 0, endLine: 0, startOffset: 0, figures }));
        const half = Math.ceil(passages.length / 2);
        const parts = [buildFigureBuckets(Uint32Array.from({ length: half }, (_, i) => i), (id) => passages[id]), buildFigureBuckets(Uint32Array.from({ length: passages.length - half }, (_, i) => half + i), (id) => passages[id])];
        const alive = Uint8Array.from(passages, (_, i) => ((deadMask >> i % 20) & 1 ? 0 : 1));
        // Draft figures: random ones, and each passage figure itself (so matches are common).
        for (const f of [...drafts, ...figss.flat().slice(0, 8)]) {
          const seen = new Uint8Array(passages.length);
          const got = findFigure(f, parts, passages, alive, seen);
          assert.ok(seen.every((x) => x === 0), 'the scratch array is zeroed again');
          assert.deepStrictEqual(flat(got), flat(fullScan(f, parts, passages, alive)), JSON.stringify(f));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('gives a range two narrow windows, not the span between its ends', () => {
    const f: Figure = { text: '10 to 500', start: 0, end: 1, value: 10, high: 500, unit: '', kind: 'count', precision: 0.5 };
    const w = candidateWindows(f, bucketProbe('count:'));
    assert.strictEqual(w.length, 4);
    assert.ok(w[1] < 11 && w[2] > 499, JSON.stringify(w));
    const near: Figure = { ...f, high: 10.5 };
    assert.strictEqual(candidateWindows(near, bucketProbe('count:')).length, 2, 'overlapping windows are one');
    assert.deepStrictEqual(candidateWindows(f, bucketProbe('percent:%')), [], 'a bucket that can never match has none');
  });
});
