/**
 * Issue 11: "zero", "nought" and "nil" are figures where they state a quantity
 * (a score, a count, a stated value) and prose where they do not.
 */
import * as assert from 'assert';
import { extractFigures, figureMatches } from '../../../server/src/core/figures';

function figs(s: string): [string, string, number, number | undefined][] {
  return extractFigures(s).map((f) => [f.text, f.kind, f.value, f.second]);
}

describe('zero, nought and nil (issue 11)', () => {
  describe('state a quantity', () => {
    const cases: [string, [string, string, number, number | undefined][]][] = [
      ['Arsenal won 2-nil at home', [['2-nil', 'score', 2, 0]]],
      ['a 3-Nil win', [['3-Nil', 'score', 3, 0]]],
      ['the match ended nil-nil', [['nil-nil', 'score', 0, 0]]],
      ['they were one-nil down at half-time', [['one-nil', 'score', 1, 0]]],
      ['a nil-2 defeat', [['nil-2', 'score', 0, 2]]],
      ['inflation was nil in March', [['nil', 'count', 0, undefined]]],
      ['The return was nil.', [['nil', 'count', 0, undefined]]],
      ['There were zero deaths last week', [['zero', 'count', 0, undefined]]],
      ['zero new cases were reported', [['zero', 'count', 0, undefined]]],
      ['Interest rates were cut to zero in 2020', [['zero', 'count', 0, undefined]]],
      ['rates stood at zero, the bank said', [['zero', 'count', 0, undefined]]],
      ['it had nought points', [['nought', 'count', 0, undefined]]],
      ['zero percent growth', [['zero percent', 'percent', 0, undefined]]],
      ['risk weights between zero and 100 pct', [['zero and 100 pct', 'percent', 0, undefined]]],
      ['In a three-nil decision, the SEC voted', [['three-nil', 'score', 3, 0]]],
    ];
    for (const [s, want] of cases) it(JSON.stringify(s), () => assert.deepStrictEqual(figs(s), want));
  });

  describe('do not', () => {
    for (const s of [
      'a policy of zero tolerance',
      'It is not a zero-sum game',
      'zero-hours contracts',
      'workers on zero hours contracts',
      'the site at ground zero',
      'net zero by 2050',
      'a net-zero target',
      'back to year zero',
      'patient zero was found',
      'nil by mouth',
      'police zero in on the gang',
      'zero-emission buses',
      'Nil desperandum',
      'the nil-rate band', // a name, not a quantity
      'starting from zero knowledge',
      'a zero',
    ]) {
      it(`${JSON.stringify(s)} has no figure`, () => assert.deepStrictEqual(figs(s), []));
    }
  });

  it('"next to zero" keeps its hedge', () => {
    const f = extractFigures('The chance is next to zero, he said.');
    assert.deepStrictEqual(f.map((g) => [g.text, g.value, g.hedge]), [['zero', 0, 'approx']]);
  });

  it('a score with nil matches the same result either way round', () => {
    const [a] = extractFigures('won 2-nil');
    const [b] = extractFigures('a nil-2 defeat');
    const [c] = extractFigures('won 2-1');
    assert.ok(figureMatches(a, b));
    assert.ok(!figureMatches(a, c));
  });

  it('"zero deaths" is backed by a source stating 0, not by one stating 3', () => {
    const [z] = extractFigures('zero deaths');
    assert.ok(figureMatches(z, extractFigures('0 deaths')[0]));
    assert.ok(!figureMatches(z, extractFigures('3 deaths')[0]));
  });
});
