/**
 * Postings: for each index term, the passages that contain it and how often,
 * as ranges of shared typed arrays (one id buffer and one tf buffer per
 * segment). Lists are sorted by passage id, so a passage's term frequency is a
 * binary search away.
 */
import { tokenize } from '../text/tokens';

/** A term's posting list: the range [from, to) of its segment's shared id and tf buffers. */
export interface Postings {
  ids: Uint32Array;
  tfs: Uint16Array;
  from: number;
  to: number;
}

export type TermPostings = Map<string, Postings>;

/** Postings as flat arrays (the persisted form). */
export interface FlatPostings {
  terms: string[];
  /** postings of terms[i] are ids/tfs[termStart[i] .. termStart[i+1]) */
  termStart: Uint32Array;
  postIds: Uint32Array;
  postTfs: Uint16Array;
}

/**
 * Postings of the passages `ids` (ascending). `textOf` gives a passage's text;
 * `onLength` receives each passage's length in terms (capped at 65535).
 *
 * Built in typed arrays: terms are interned to numbers, each passage appends
 * (term, passage, tf) triples, and a counting sort by term lays every posting
 * list out in one shared buffer.
 */
export function buildPostings(ids: Uint32Array, textOf: (id: number) => string, onLength: (id: number, len: number) => void): TermPostings {
  const termOf = new Map<string, number>();
  const names: string[] = [];
  let count = new Uint32Array(4096);
  const touched: number[] = [];
  // Sized from the text up front (about one distinct term per 7 characters of
  // news text), so the buffers rarely grow: growth would leave garbage copies.
  let chars = 0;
  for (let k = 0; k < ids.length; k++) chars += textOf(ids[k]).length;
  let tfBuf = new Uint16Array(Math.max(1 << 12, Math.ceil(chars / 7)));
  let trip = new Uint32Array(tfBuf.length * 2);
  let nt = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const toks = tokenize(textOf(id));
    for (const t of toks) {
      let tid = termOf.get(t);
      if (tid === undefined) {
        tid = names.length;
        termOf.set(t, tid);
        names.push(t);
        if (tid >= count.length) {
          const c = new Uint32Array(count.length * 2);
          c.set(count);
          count = c;
        }
      }
      if (count[tid]++ === 0) touched.push(tid);
    }
    if (nt + touched.length > tfBuf.length) {
      let cap = tfBuf.length;
      while (cap < nt + touched.length) cap *= 2;
      const a = new Uint32Array(cap * 2);
      a.set(trip.subarray(0, nt * 2));
      trip = a;
      const b = new Uint16Array(cap);
      b.set(tfBuf.subarray(0, nt));
      tfBuf = b;
    }
    for (const tid of touched) {
      trip[nt * 2] = tid;
      trip[nt * 2 + 1] = id;
      tfBuf[nt] = Math.min(count[tid], 65535);
      count[tid] = 0;
      nt++;
    }
    touched.length = 0;
    onLength(id, Math.min(toks.length, 65535));
  }
  // Counting sort by term; triples were appended in passage order, so each list stays sorted by id.
  const start = new Uint32Array(names.length + 1);
  for (let i = 0; i < nt; i++) start[trip[i * 2] + 1]++;
  for (let t = 0; t < names.length; t++) start[t + 1] += start[t];
  const allIds = new Uint32Array(nt);
  const allTfs = new Uint16Array(nt);
  const fill = start.slice(0, names.length);
  for (let i = 0; i < nt; i++) {
    const at = fill[trip[i * 2]]++;
    allIds[at] = trip[i * 2 + 1];
    allTfs[at] = tfBuf[i];
  }
  const out: TermPostings = new Map();
  for (let t = 0; t < names.length; t++) out.set(names[t], { ids: allIds, tfs: allTfs, from: start[t], to: start[t + 1] });
  return out;
}

/** Merge segments' postings into one shared buffer, dropping passages not alive. Lists stay sorted when segments hold ascending, disjoint id ranges. */
export function mergePostings(parts: TermPostings[], alive: Uint8Array): TermPostings {
  const lists = new Map<string, Postings[]>();
  for (const seg of parts) {
    for (const [t, p] of seg) {
      const l = lists.get(t);
      if (l) l.push(p);
      else lists.set(t, [p]);
    }
  }
  let total = 0;
  const sizes = new Map<string, number>();
  for (const [t, list] of lists) {
    let n = 0;
    for (const p of list) for (let i = p.from; i < p.to; i++) if (alive[p.ids[i]]) n++;
    if (n) sizes.set(t, n);
    total += n;
  }
  const allIds = new Uint32Array(total);
  const allTfs = new Uint16Array(total);
  const out: TermPostings = new Map();
  let k = 0;
  for (const [t, n] of sizes) {
    const from = k;
    for (const p of lists.get(t)!) {
      for (let i = p.from; i < p.to; i++) {
        if (!alive[p.ids[i]]) continue;
        allIds[k] = p.ids[i];
        allTfs[k++] = p.tfs[i];
      }
    }
    out.set(t, { ids: allIds, tfs: allTfs, from, to: from + n });
  }
  return out;
}

/** One segment's postings as flat arrays. */
export function flattenPostings(terms: TermPostings): FlatPostings {
  const names = [...terms.keys()];
  const termStart = new Uint32Array(names.length + 1);
  let total = 0;
  names.forEach((t, i) => {
    termStart[i] = total;
    const p = terms.get(t)!;
    total += p.to - p.from;
  });
  termStart[names.length] = total;
  const postIds = new Uint32Array(total);
  const postTfs = new Uint16Array(total);
  names.forEach((t, i) => {
    const p = terms.get(t)!;
    postIds.set(p.ids.subarray(p.from, p.to), termStart[i]);
    postTfs.set(p.tfs.subarray(p.from, p.to), termStart[i]);
  });
  return { terms: names, termStart, postIds, postTfs };
}

/** Postings over flat arrays (no copy), checked against `passages` (ids must be below it). */
export function postingsFromFlat(flat: FlatPostings, passages: number): TermPostings {
  const { terms, termStart, postIds, postTfs } = flat;
  if (termStart.length !== terms.length + 1 || termStart[terms.length] !== postIds.length || postTfs.length !== postIds.length) {
    throw new Error('snapshot postings are inconsistent');
  }
  for (let i = 0; i < postIds.length; i++) if (postIds[i] >= passages) throw new Error('snapshot posting points past the passages');
  const out: TermPostings = new Map();
  for (let i = 0; i < terms.length; i++) out.set(terms[i], { ids: postIds, tfs: postTfs, from: termStart[i], to: termStart[i + 1] });
  return out;
}
