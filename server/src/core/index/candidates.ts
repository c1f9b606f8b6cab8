/**
 * Scoring a small pool of candidates for quick-fix suggestions: the passages
 * stating an uncited figure, ranked by the sentence's words. A long draft asks
 * this for every uncited figure, so it is the check's inner loop.
 *
 * The scores are rerank's with `{ proximity: 0, allTerms: false }` (stage-1
 * terms, the coordination factor, no re-reading), computed term by term: a
 * term rarer than the pool is large is found by walking its posting list once,
 * a common one by a search per passage (sorted.ts). Each passage's terms are added in
 * the same order either way, so the sums are identical to the bit.
 */
import { Collection, termScore } from './bm25';
import { Query, RANK_PARAMS } from './rank';
import { indexOfSorted, topK } from './sorted';

/** Walk a term's postings instead of searching them when it has at most this many per pool passage. */
const WALK_PER_PASSAGE = 8;

/**
 * The best `limit` passages of `pool` (distinct ids) for the stage-1 terms of `q`, best first, ties by
 * lower id; passages holding none of the terms are left out. `pos` is a zeroed scratch array with a
 * slot per passage, zeroed again before returning.
 */
export function scorePool(c: Collection, q: Query, pool: ArrayLike<number>, pos: Int32Array, limit: number): { id: number; score: number }[] {
  const terms = q.cheap;
  const n = pool.length;
  if (terms.length === 0 || n === 0) return [];
  const bm = new Float64Array(n);
  const held = new Uint8Array(n);
  const has = new Uint8Array(n);
  for (let j = 0; j < n; j++) pos[pool[j]] = j + 1;
  try {
    for (const t of terms) {
      let df = 0;
      for (const p of t.lists) df += p.to - p.from;
      if (df <= n * WALK_PER_PASSAGE) {
        for (const p of t.lists) {
          for (let i = p.from; i < p.to; i++) {
            const j = pos[p.ids[i]] - 1;
            if (j < 0) continue;
            bm[j] += termScore(t.idf, p.tfs[i], c.docLen[p.ids[i]], c.avgdl);
            has[j] = 1;
          }
        }
      } else {
        for (let j = 0; j < n; j++) {
          const id = pool[j];
          for (const p of t.lists) {
            const i = indexOfSorted(p.ids, p.from, p.to, id);
            if (i < 0) continue;
            bm[j] += termScore(t.idf, p.tfs[i], c.docLen[id], c.avgdl);
            has[j] = 1;
          }
        }
      }
      for (let j = 0; j < n; j++) {
        held[j] += has[j];
        has[j] = 0;
      }
    }
  } finally {
    for (let j = 0; j < n; j++) pos[pool[j]] = 0;
  }
  const coord = RANK_PARAMS.coordination;
  const ids: number[] = [];
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    const id = pool[j];
    if (!c.alive[id]) continue;
    const s = coord > 0 ? bm[j] * Math.pow(held[j] / terms.length, coord) : bm[j];
    if (s > 0) {
      ids.push(id);
      vals.push(s);
    }
  }
  return topK(ids, vals, limit).map(([id, score]) => ({ id, score }));
}

/** Candidate sets larger than this are narrowed to NARROW_TO passages sharing one of the sentence's rarest terms. */
const NARROW_ABOVE = 64;
const NARROW_TO = 48;

/**
 * The pool of `candidates` to score, with each one's position in `candidates`: all of them when
 * few, else those holding one of the query's four rarest terms (up to NARROW_TO, in posting order),
 * padded in candidate order up to `limit`. `pos` is a zeroed scratch array, zeroed again.
 */
export function narrowPool(q: Query, candidates: Uint32Array, pos: Int32Array, limit: number): { ids: number[]; at: number[] } {
  if (candidates.length <= NARROW_ABOVE) return { ids: Array.from(candidates), at: Array.from(candidates, (_, i) => i) };
  for (let i = 0; i < candidates.length; i++) pos[candidates[i]] = i + 1;
  const picked = new Set<number>();
  for (const t of q.terms.slice(0, 4)) {
    for (const p of t.lists) {
      for (let i = p.from; i < p.to && picked.size < NARROW_TO; i++) {
        const k = pos[p.ids[i]];
        if (k) picked.add(k - 1);
      }
    }
  }
  for (const id of candidates) pos[id] = 0;
  for (let i = 0; picked.size < limit && i < candidates.length; i++) picked.add(i);
  const at = [...picked];
  return { ids: at.map((k) => candidates[k]), at };
}
