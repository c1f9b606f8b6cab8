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
import { seekSorted, topK } from './sorted';

/** Walk a term's postings instead of searching them when it has at most this many per pool passage. */
const WALK_PER_PASSAGE = 8;

/** Scratch arrays reused by every call (pools are small; they grow when one is not). */
let bm = new Float64Array(64);
let held = new Uint8Array(64);
let has = new Uint8Array(64);
let sortedIds = new Uint32Array(64);
let sortedAt = new Uint32Array(64);

/**
 * The best `limit` passages of `pool` (distinct ids) for the stage-1 terms of `q`, best first, ties by
 * lower id; passages holding none of the terms are left out. The pool is put in id order once, so a
 * rare term's postings are merged with it and a common term's are searched from where the previous
 * (smaller) id was found: sequential reads and no per-passage scratch marks (`pos` is not written).
 */
export function scorePool(c: Collection, q: Query, pool: ArrayLike<number>, _pos: Int32Array, limit: number): { id: number; score: number }[] {
  const terms = q.cheap;
  const n = pool.length;
  if (terms.length === 0 || n === 0) return [];
  if (bm.length < n) {
    const size = Math.max(n, bm.length * 2);
    bm = new Float64Array(size);
    held = new Uint8Array(size);
    has = new Uint8Array(size);
    sortedIds = new Uint32Array(size);
    sortedAt = new Uint32Array(size);
  }
  bm.fill(0, 0, n);
  held.fill(0, 0, n);
  // The pool in ascending id order (insertion sort: a pool is at most a few dozen passages).
  for (let j = 0; j < n; j++) {
    const id = pool[j];
    let k = j;
    while (k > 0 && sortedIds[k - 1] > id) {
      sortedIds[k] = sortedIds[k - 1];
      sortedAt[k] = sortedAt[k - 1];
      k--;
    }
    sortedIds[k] = id;
    sortedAt[k] = j;
  }
  const { docLen, avgdl } = c;
  for (const t of terms) {
    let df = 0;
    for (const p of t.lists) df += p.to - p.from;
    const walk = df <= n * WALK_PER_PASSAGE;
    for (const p of t.lists) {
      const ids = p.ids;
      let i = p.from;
      const to = p.to;
      for (let k = 0; k < n && i < to; k++) {
        const id = sortedIds[k];
        if (walk) while (i < to && ids[i] < id) i++;
        else i = seekSorted(ids, i, to, id);
        if (i < to && ids[i] === id) {
          const j = sortedAt[k];
          // Each passage's terms are added in query order, whichever way they were found: the sums are rerank's to the bit.
          bm[j] += termScore(t.idf, p.tfs[i], docLen[id], avgdl);
          has[j] = 1;
          i++;
        }
      }
    }
    for (let j = 0; j < n; j++) {
      held[j] += has[j];
      has[j] = 0;
    }
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
 * Marks of the candidate set narrowed last: MARK[id] = (stamp << 16) | position (positions below 2^16), valid while
 * the stamp is the current one; a new set takes a new stamp, so old marks need no zeroing (measured at 100 MB:
 * narrowing filled and zeroed 3.1 million marks per 1,000-paragraph check), and the same set asked again in a
 * row is not marked again.
 */
let MARK = new Uint32Array(0);
let stamp = 0;
let stamped: Uint32Array | undefined;
const MAX_MARKED = 1 << 16;

function markCandidates(candidates: Uint32Array, size: number): void {
  if (MARK.length < size) {
    MARK = new Uint32Array(size);
    stamped = undefined;
    stamp = 0;
  }
  if (stamped === candidates) return;
  if (++stamp === MAX_MARKED) {
    MARK.fill(0);
    stamp = 1;
  }
  const tag = stamp * MAX_MARKED;
  for (let i = 0; i < candidates.length; i++) MARK[candidates[i]] = tag + i; // a repeated id keeps its last position, as before
  stamped = candidates;
}

/**
 * The pool of `candidates` to score, with each one's position in `candidates`: all of them when
 * few, else those holding one of the query's four rarest terms (up to NARROW_TO, in posting order),
 * padded in candidate order up to `limit`. `pos` (a zeroed scratch array with a slot per passage) only
 * gives the size of the marks; it is not written.
 */
export function narrowPool(q: Query, candidates: Uint32Array, pos: Int32Array, limit: number): { ids: number[]; at: number[] } {
  if (candidates.length <= NARROW_ABOVE) return { ids: Array.from(candidates), at: Array.from(candidates, (_, i) => i) };
  if (candidates.length >= MAX_MARKED) return narrowByPositions(q, candidates, pos, limit);
  markCandidates(candidates, pos.length);
  const lo = stamp * MAX_MARKED;
  const hi = lo + MAX_MARKED;
  const picked = new Set<number>();
  for (const t of q.terms.slice(0, 4)) {
    for (const p of t.lists) {
      const ids = p.ids;
      for (let i = p.from; i < p.to && picked.size < NARROW_TO; i++) {
        const m = MARK[ids[i]];
        if (m >= lo && m < hi) picked.add(m - lo);
      }
    }
  }
  for (let i = 0; picked.size < limit && i < candidates.length; i++) picked.add(i);
  const at = [...picked];
  return { ids: at.map((k) => candidates[k]), at };
}

/** narrowPool for a candidate set too large for the marks' positions: positions + 1 in `pos`, zeroed again. */
function narrowByPositions(q: Query, candidates: Uint32Array, pos: Int32Array, limit: number): { ids: number[]; at: number[] } {
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
