import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { figurePlusTwo, paraphrase } from '../../bench/querySets';
import { Rng } from '../../bench/util';

const S = 'The company said net profit rose to 524 million dlrs in the quarter from a year earlier.';

describe('bench query sets', () => {
  it('paraphrase replaces or drops about 30% of the content words, keeps the figure, and is seeded', () => {
    const a = paraphrase(S, new Rng(1));
    assert.strictEqual(a, paraphrase(S, new Rng(1)), 'same seed, same sentence');
    assert.notStrictEqual(a, S);
    assert.deepStrictEqual(
      extractFigures(a).map((f) => f.value),
      extractFigures(S).map((f) => f.value),
    );
    const words = (x: string) => x.split(/\s+/).filter((w) => /^[a-z]{3,}$/i.test(w.replace(/[.,]$/, '')));
    const kept = words(a).filter((w) => words(S).includes(w)).length;
    assert.ok(kept < words(S).length && kept >= words(S).length * 0.5, `${kept} of ${words(S).length} words kept`);
  });

  it('no synonym brings a figure into a paraphrase', () => {
    const t = 'Sales rose this year and last quarter and this week, the company said.';
    for (let seed = 1; seed < 40; seed++) assert.deepStrictEqual(extractFigures(paraphrase(t, new Rng(seed))), [], paraphrase(t, new Rng(seed)));
  });

  it('figure + two words: the first figure and two content words of the sentence', () => {
    const q = figurePlusTwo(S, new Rng(3))!;
    assert.ok(q.endsWith(' 524 million dlrs'), q);
    const parts = q.slice(0, -' 524 million dlrs'.length).split(' ');
    assert.strictEqual(parts.length, 2, q);
    for (const w of parts.slice(0, 2)) assert.ok(S.includes(w), `${w} is from the sentence`);
    assert.strictEqual(figurePlusTwo('No figure here at all.', new Rng(3)), undefined);
  });
});
