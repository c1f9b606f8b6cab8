/**
 * Postings: for each index term, the passages that contain it and how often,
 * as ranges of shared typed arrays (one id buffer and one tf buffer per
 * segment). Lists are sorted by passage id, so a passage's term frequency is a
 * binary search away.
 *
 * Terms are interned once per index (TermDict) and a segment holds typed
 * arrays only: the term ids it has (ascending) and where each one's list
 * starts. Measured on Reuters (heap snapshot 80% into a cold build, issue 13):
 * a Map of term -> list object per segment held 40 of the 73 MB of live heap
 * (a copy of every term string per segment, a list object per term and the
 * Maps' tables); the dictionary keeps each string once and no object per list.
 */
import { tokenize } from '../text/tokens';

/** A term's posting list: the range [from, to) of its segment's shared id and tf buffers. */
export interface Postings {
  ids: Uint32Array;
  tfs: Uint16Array;
  from: number;
  to: number;
}

/** Index terms interned to numbers, shared by every segment of an index (never shrinks). */
export class TermDict {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The term's id, adding it when new. */
  intern(t: string): number {
    let id = this.ids.get(t);
    if (id === undefined) {
      id = this.names.length;
      // An own copy: a token sliced from a passage's text would keep that whole text alive.
      const own = t.length < 13 ? t : (' ' + t).slice(1);
      this.ids.set(own, id);
      this.names.push(own);
    }
    return id;
  }

  find(t: string): number | undefined {
    return this.ids.get(t);
  }
}

/**
 * One segment's postings: the segment's term ids (ascending) and, for the k-th
 * of them, its list in ids/tfs[start[k] .. start[k+1]). No object per term:
 * `get` makes a small Postings view on demand.
 */
export class TermPostings {
  constructor(
    readonly dict: TermDict,
    readonly tids: Uint32Array,
    readonly start: Uint32Array,
    readonly ids: Uint32Array,
    readonly tfs: Uint16Array,
  ) {}

  /** Number of terms in the segment. */
  get size(): number {
    return this.tids.length;
  }

  /** Position of term id `tid` in `tids`, or -1 (O(1) when the segment holds every term up to it). */
  private slot(tid: number): number {
    const a = this.tids;
    if (tid < a.length && a[tid] === tid) return tid;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] === tid) return mid;
      if (a[mid] < tid) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(term: string): Postings | undefined {
    const tid = this.dict.find(term);
    if (tid === undefined) return undefined;
    const k = this.slot(tid);
    if (k < 0) return undefined;
    return { ids: this.ids, tfs: this.tfs, from: this.start[k], to: this.start[k + 1] };
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  /** The segment's terms, in term-id order. */
  *keys(): IterableIterator<string> {
    for (let k = 0; k < this.tids.length; k++) yield this.dict.names[this.tids[k]];
  }

  /** Bytes of the typed arrays (the benchmark's memory rows). */
  get bytes(): number {
    return this.tids.byteLength + this.start.byteLength + this.ids.byteLength + this.tfs.byteLength;
  }
}

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
 * `onLength` receives each passage's length in terms (capped at 65535). Terms
 * are interned in `dict` (the index's; a fresh one by default).
 *
 * Built in typed arrays: each passage appends (term, passage, tf) triples, and
 * a counting sort by term lays every posting list out in one shared buffer.
 */
export function buildPostings(ids: Uint32Array, textOf: (id: number) => string, onLength: (id: number, len: number) => void, dict = new TermDict()): TermPostings {
  let count = new Uint32Array(Math.max(4096, dict.size));
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
      const tid = dict.intern(t);
      if (tid >= count.length) {
        const c = new Uint32Array(Math.max(count.length * 2, tid + 1));
        c.set(count);
        count = c;
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
  // Postings per term id (count is all zeros again), then the segment's term ids in order.
  if (count.length < dict.size) count = new Uint32Array(dict.size);
  for (let i = 0; i < nt; i++) count[trip[i * 2]]++;
  return layOut(dict, count, nt, (emit) => {
    for (let i = 0; i < nt; i++) emit(trip[i * 2], trip[i * 2 + 1], tfBuf[i]);
  });
}

/**
 * A segment from per-term-id posting counts (`count`, indexed by term id; it
 * is overwritten) and a second pass that emits every posting, each term's in
 * ascending passage order. Counting sort: no per-term objects.
 */
function layOut(dict: TermDict, count: Uint32Array, total: number, each: (emit: (tid: number, id: number, tf: number) => void) => void): TermPostings {
  let nTerms = 0;
  for (let t = 0; t < dict.size; t++) if (count[t]) nTerms++;
  const tids = new Uint32Array(nTerms);
  const start = new Uint32Array(nTerms + 1);
  let k = 0;
  let at = 0;
  for (let t = 0; t < dict.size; t++) {
    const n = count[t];
    if (!n) continue;
    tids[k] = t;
    start[k++] = at;
    count[t] = at; // from here on: where term t's next posting goes
    at += n;
  }
  start[nTerms] = at;
  const allIds = new Uint32Array(total);
  const allTfs = new Uint16Array(total);
  each((tid, id, tf) => {
    const i = count[tid]++;
    allIds[i] = id;
    allTfs[i] = tf;
  });
  return new TermPostings(dict, tids, start, allIds, allTfs);
}

/** Merge segments' postings (one dictionary) into one shared buffer, dropping passages not alive. Lists stay sorted when segments hold ascending, disjoint id ranges. */
export function mergePostings(parts: TermPostings[], alive: Uint8Array, dict = parts[0]?.dict ?? new TermDict()): TermPostings {
  if (parts.some((p) => p.dict !== dict)) throw new Error('segments of different term dictionaries');
  const count = new Uint32Array(dict.size);
  let total = 0;
  for (const p of parts) {
    for (let k = 0; k < p.tids.length; k++) {
      let n = 0;
      for (let i = p.start[k]; i < p.start[k + 1]; i++) if (alive[p.ids[i]]) n++;
      count[p.tids[k]] += n;
      total += n;
    }
  }
  return layOut(dict, count, total, (emit) => {
    for (const p of parts) {
      for (let k = 0; k < p.tids.length; k++) {
        const tid = p.tids[k];
        for (let i = p.start[k]; i < p.start[k + 1]; i++) if (alive[p.ids[i]]) emit(tid, p.ids[i], p.tfs[i]);
      }
    }
  });
}

/** One segment's postings as flat arrays: views on the segment's own arrays (nothing copied). */
export function flattenPostings(terms: TermPostings): FlatPostings {
  const names = Array.from(terms.tids, (t) => terms.dict.names[t]);
  return { terms: names, termStart: terms.start, postIds: terms.ids, postTfs: terms.tfs };
}

/** Postings over flat arrays (no copy), checked against `passages` (ids must be below it); terms go into `dict`, which must be empty. */
export function postingsFromFlat(flat: FlatPostings, passages: number, dict = new TermDict()): TermPostings {
  const { terms, termStart, postIds, postTfs } = flat;
  if (termStart.length !== terms.length + 1 || termStart[0] !== 0 || termStart[terms.length] !== postIds.length || postTfs.length !== postIds.length) {
    throw new Error('snapshot postings are inconsistent');
  }
  if (dict.size) throw new Error('term dictionary is not empty');
  for (let i = 0; i < terms.length; i++) {
    if (termStart[i] > termStart[i + 1]) throw new Error('snapshot postings are inconsistent');
    if (dict.intern(terms[i]) !== i) throw new Error('snapshot postings are inconsistent (a term twice)');
  }
  for (let i = 0; i < postIds.length; i++) if (postIds[i] >= passages) throw new Error('snapshot posting points past the passages');
  const tids = new Uint32Array(terms.length);
  for (let i = 0; i < tids.length; i++) tids[i] = i;
  return new TermPostings(dict, tids, termStart, postIds, postTfs);
}
