import * as assert from 'assert';
import fc from 'fast-check';
import { accumulate, BM25_PARAMS, Collection, idf, queryTerms, scoreMatched, scoreOne, termScore, tfOneScores } from '../../../server/src/core/index/bm25';
import { buildPostings } from '../../../server/src/core/index/postings';

describe('index: BM25 scorer', () => {
  const texts = ['police officers killed in an ambush', 'police budget', 'budget of schools and budget of roads', 'arrests by police in the capital'];
  const docLen = new Uint16Array(4);
  const alive = new Uint8Array(4).fill(1);
  const seg = buildPostings(Uint32Array.from([0, 1, 2, 3]), (id) => texts[id], (id, len) => (docLen[id] = len));
  const c: Collection = { docLen, alive, n: 4, avgdl: docLen.reduce((a, b) => a + b, 0) / 4 };

  it('rarer terms weigh more; more occurrences score more, with saturation', () => {
    assert.ok(idf(100, 1) > idf(100, 50));
    assert.ok(idf(100, 99) > 0, 'idf stays positive');
    const one = termScore(2, 1, 10, 10);
    const two = termScore(2, 2, 10, 10);
    assert.ok(two > one && two < 2 * one);
    assert.ok(termScore(2, 1, 5, 10) > termScore(2, 1, 20, 10), 'shorter passages score more for the same tf');
  });

  it('query terms: distinct, known to the index, rarest first', () => {
    const q = queryTerms('Budget for police and for ambush budget and unknownword', [seg], 4);
    assert.deepStrictEqual(
      q.map((t) => t.term),
      ['ambush', 'budget', 'police'],
    );
    assert.deepStrictEqual(
      q.map((t) => t.df),
      [1, 2, 3],
    );
  });

  it('walking the postings and binary search give the same scores', () => {
    const q = queryTerms('police budget ambush', [seg], 4);
    const acc = new Float64Array(4);
    const { ids, vals } = accumulate(c, q, acc);
    assert.ok(acc.every((x) => x === 0), 'the accumulator is zeroed again');
    assert.deepStrictEqual([...ids].sort(), [0, 1, 2, 3]);
    ids.forEach((id, j) => assert.ok(Math.abs(vals[j] - scoreOne(c, q, id)) < 1e-12));
    assert.ok(scoreOne(c, q, 1) > scoreOne(c, q, 3), 'two matched terms beat one');
  });

  it('skips dead passages and adds extra candidates with score 0', () => {
    const q = queryTerms('ambush', [seg], 4);
    const dead = Uint8Array.from([0, 1, 1, 1]);
    const r = accumulate({ ...c, alive: dead }, q, new Float64Array(4), [3, 0]);
    assert.deepStrictEqual(r, { ids: [3], vals: [0] });
  });

  it("scoreMatched gives scoreOne's score and how many of the terms the passage holds", () => {
    const q = queryTerms('police budget ambush', [seg], 4);
    for (const id of [0, 1, 2, 3]) {
      const [score, held] = scoreMatched(c, q, id);
      assert.ok(Math.abs(score - scoreOne(c, q, id)) < 1e-12);
      assert.strictEqual(held, [2, 2, 1, 1][id], `passage ${id}`);
    }
    assert.deepStrictEqual(scoreMatched({ ...c }, queryTerms('schools', [seg], 4), 0), [0, 0]);
  });

  it('accumulate with a count scratch gives how many terms each passage holds, and zeroes it again', () => {
    const q = queryTerms('police budget ambush', [seg], 4);
    const count = new Int32Array(4);
    const { ids, vals, held } = accumulate(c, q, new Float64Array(4), undefined, count);
    assert.ok(count.every((x) => x === 0));
    ids.forEach((id, j) => assert.deepStrictEqual([vals[j], held![j]], scoreMatched(c, q, id)));
    assert.strictEqual(accumulate(c, q, new Float64Array(4)).held, undefined, 'no scratch, no counts');
  });

  it('tfOneScores: idf times the table entry of a length is termScore with tf 1, to the bit, and follows avgdl and the parameters (property)', () => {
    const saved = { ...BM25_PARAMS };
    try {
      fc.assert(
        fc.property(
          fc.double({ min: 0.01, max: 20, noNaN: true }),
          fc.double({ min: 1, max: 400, noNaN: true }),
          fc.integer({ min: 0, max: 65535 }),
          fc.constantFrom(0, 1, 2),
          (idfv, avgdl, len, params) => {
            Object.assign(BM25_PARAMS, [saved, { k1: 0.9, b: 0.4, delta: 0.5 }, { k1: 2, b: 1, delta: 0 }][params]);
            assert.strictEqual(idfv * tfOneScores(avgdl)[len], termScore(idfv, 1, len, avgdl));
            assert.strictEqual(tfOneScores(avgdl), tfOneScores(avgdl), 'made once for the same avgdl and parameters');
          },
        ),
        { seed: 20261204, numRuns: 400 },
      );
    } finally {
      Object.assign(BM25_PARAMS, saved);
    }
  });
});
