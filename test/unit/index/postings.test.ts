import * as assert from 'assert';
import { buildPostings, flattenPostings, mergePostings, postingsFromFlat, TermPostings } from '../../../server/src/core/index/postings';

function listOf(t: TermPostings, term: string): [number, number][] {
  const p = t.get(term);
  if (!p) return [];
  const out: [number, number][] = [];
  for (let i = p.from; i < p.to; i++) out.push([p.ids[i], p.tfs[i]]);
  return out;
}

describe('index: postings', () => {
  const texts: Record<number, string> = { 0: 'Police officers killed; officers mourned.', 1: 'Arrests by police.', 2: 'Budget of the police and budget of schools.' };

  it('lists each term with passage ids (ascending) and term frequencies, and reports lengths', () => {
    const lens: Record<number, number> = {};
    const t = buildPostings(Uint32Array.from([0, 1, 2]), (id) => texts[id], (id, len) => (lens[id] = len));
    assert.deepStrictEqual(listOf(t, 'police'), [
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    assert.deepStrictEqual(listOf(t, 'officer'), [[0, 2]], 'stemmed, counted twice');
    assert.deepStrictEqual(listOf(t, 'budget'), [[2, 2]]);
    assert.deepStrictEqual(listOf(t, 'the'), [], 'stop words are not indexed');
    assert.deepStrictEqual(lens, { 0: 5, 1: 2, 2: 4 });
  });

  it('merges segments, dropping dead passages, and round-trips through flat arrays', () => {
    const a = buildPostings(Uint32Array.from([0, 1]), (id) => texts[id], () => {});
    const b = buildPostings(Uint32Array.from([2]), (id) => texts[id], () => {});
    const alive = Uint8Array.from([1, 0, 1]);
    const m = mergePostings([a, b], alive);
    assert.deepStrictEqual(listOf(m, 'police'), [
      [0, 1],
      [2, 1],
    ]);
    assert.strictEqual(m.has('arrest'), false, 'a term only in dead passages is gone');
    const back = postingsFromFlat(flattenPostings(m), 3);
    for (const term of m.keys()) assert.deepStrictEqual(listOf(back, term), listOf(m, term));
    assert.throws(() => postingsFromFlat(flattenPostings(m), 2), /past the passages/);
    const flat = flattenPostings(m);
    flat.termStart[flat.terms.length] += 1;
    assert.throws(() => postingsFromFlat(flat, 3), /inconsistent/);
  });
});
