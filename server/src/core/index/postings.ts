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
import { WORD_CHAR } from '../text/tokens';
import { WordIds } from './wordIds';
import { fnv1a, slotTable } from './hashSlots';

/** A term's posting list: the range [from, to) of its segment's shared id and tf buffers. */
export interface Postings {
  ids: Uint32Array;
  tfs: Uint16Array;
  from: number;
  to: number;
}

/**
 * Index terms interned to numbers, shared by every segment of an index (never shrinks).
 *
 * An open-addressing hash table in typed arrays (FNV-1a of the term's code units -> slot -> id + 1),
 * not a Map<string, number>: on Reuters (34,479 terms) the Map's table was 1.75 MB of live heap the
 * collector walks, the typed arrays are 0.4 MB outside it (issue 13). Ids and `names` are as before.
 */
export class TermDict {
  readonly names: string[] = [];
  private hashes = new Uint32Array(1024);
  /** Slot -> term id + 1 (0: empty); a power of two, at most half full. */
  private table = new Int32Array(2048);

  get size(): number {
    return this.names.length;
  }

  /** The term's id, adding it when new. */
  intern(t: string): number {
    const h = fnv1a(t);
    const s = this.slotOf(t, h);
    const e = this.table[s];
    if (e !== 0) return e - 1;
    const id = this.names.length;
    // An own copy: a token sliced from a passage's text would keep that whole text alive.
    this.names.push(t.length < 13 ? t : (' ' + t).slice(1));
    if (id >= this.hashes.length) {
      const hs = new Uint32Array(this.hashes.length * 2);
      hs.set(this.hashes);
      this.hashes = hs;
    }
    this.hashes[id] = h;
    this.table[s] = id + 1;
    if ((id + 1) * 2 > this.table.length) this.rehash();
    return id;
  }

  /**
   * Make this (empty) dictionary hold `names` as ids 0 .. n-1, in one table of its final size (a cache read,
   * issue 13: interning 35,000 terms one by one, with a rehash at each doubling, was 40 ms of a Reuters warm
   * start). False when a name is there twice (the dictionary is then unusable). The ids are those `intern` gives.
   */
  loadNames(names: string[]): boolean {
    if (this.names.length) throw new Error('term dictionary is not empty');
    let size = this.table.length;
    while (size < names.length * 2 + 2) size *= 2; // at most half full, as intern keeps it
    this.hashes = new Uint32Array(Math.max(this.hashes.length, names.length));
    this.table = new Int32Array(size);
    for (let id = 0; id < names.length; id++) {
      const t = names[id];
      const h = fnv1a(t);
      const s = this.slotOf(t, h);
      if (this.table[s] !== 0) return false; // a name twice
      this.names.push(t);
      this.hashes[id] = h;
      this.table[s] = id + 1;
    }
    return true;
  }

  find(t: string): number | undefined {
    const e = this.table[this.slotOf(t, fnv1a(t))];
    return e === 0 ? undefined : e - 1;
  }

  /** The slot holding `t` (hash `h`), or the empty slot where it would go. */
  private slotOf(t: string, h: number): number {
    const table = this.table;
    const mask = table.length - 1;
    let s = h & mask;
    for (let e = table[s]; e !== 0; s = (s + 1) & mask, e = table[s]) if (this.hashes[e - 1] === h && this.names[e - 1] === t) break;
    return s;
  }

  private rehash(): void {
    this.table = slotTable(this.hashes, this.names.length, this.table.length * 2);
  }

  private words: WordIds | undefined;

  /** Words to term ids while an index is built (wordIds.ts): made on first use, dropped by dropWords. */
  get wordTable(): WordIds {
    return (this.words ??= new WordIds(this));
  }

  /** Forget the word cache (after a load: queries go through tokenize and `find`). */
  dropWords(): void {
    this.words = undefined;
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
 */
export function buildPostings(ids: Uint32Array, textOf: (id: number) => string, onLength: (id: number, len: number) => void, dict = new TermDict()): TermPostings {
  const b = new PostingsBuilder(dict);
  for (let k = 0; k < ids.length; k++) onLength(ids[k], b.add(textOf(ids[k])));
  return b.finish(ids);
}

function grown<T extends Uint32Array | Uint16Array>(a: T, need: number, keep: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a.subarray(0, keep));
  return b;
}

/**
 * Postings built one passage at a time, so a loader can tokenize each passage
 * while its text is in hand and let the text go (issue 13): each passage
 * appends its distinct term ids with their frequencies (in typed arrays, no
 * token array kept), and `finish` lays every posting list out in one shared
 * buffer once the passages' ids are known (counting sort by term).
 */
export class PostingsBuilder {
  /** Distinct terms of each passage in turn, with their frequencies; passage k's are [ends[k-1], ends[k]). */
  private tids = new Uint32Array(1 << 12);
  private tfs = new Uint16Array(1 << 12);
  private n = 0;
  private ends = new Uint32Array(256);
  private lens = new Uint16Array(256);
  /** Passages added. */
  passages = 0;
  /** Per term id: passages holding it (the posting list lengths); `tf` is scratch, all zeros between passages. */
  private df: Uint32Array;
  private tf: Uint32Array;
  private readonly touched: number[] = [];

  constructor(readonly dict: TermDict) {
    this.df = new Uint32Array(Math.max(4096, dict.size));
    this.tf = new Uint32Array(this.df.length);
  }

  /**
   * Add the next passage's text; returns its length in terms (capped at 65535). The terms are
   * tokenize's (a test holds them equal), looked up word by word in the dictionary's word table.
   */
  add(text: string): number {
    const words = this.dict.wordTable;
    const touched = this.touched;
    // tokenize's scan (scanWords in tokens.ts), with each word looked up in place instead of sliced.
    const lower = text.toLowerCase();
    const end = lower.length;
    let len = 0;
    let i = 0;
    while (i < end) {
      while (i < end && !WORD_CHAR[lower.charCodeAt(i)]) i++;
      const start = i;
      while (i < end && WORD_CHAR[lower.charCodeAt(i)]) i++;
      if (i - start < 2) continue;
      const tid = words.lookup(lower, start, i);
      if (tid < 0) continue;
      len++;
      if (tid >= this.tf.length) {
        this.tf = grown(this.tf, tid + 1, this.tf.length);
        this.df = grown(this.df, tid + 1, this.df.length);
      }
      if (this.tf[tid]++ === 0) touched.push(tid);
    }
    const tf = this.tf;
    const n = this.n;
    if (n + touched.length > this.tids.length) {
      this.tids = grown(this.tids, n + touched.length, n);
      this.tfs = grown(this.tfs, n + touched.length, n);
    }
    const { tids, tfs, df } = this;
    for (let i = 0; i < touched.length; i++) {
      const tid = touched[i];
      tids[n + i] = tid;
      tfs[n + i] = Math.min(tf[tid], 65535);
      tf[tid] = 0;
      df[tid]++;
    }
    this.n = n + touched.length;
    touched.length = 0;
    const k = this.passages++;
    if (k >= this.ends.length) {
      this.ends = grown(this.ends, k + 1, k);
      this.lens = grown(this.lens, k + 1, k);
    }
    this.ends[k] = this.n;
    this.lens[k] = Math.min(len, 65535);
    return this.lens[k];
  }

  /** Length in terms of the k-th passage added. */
  length(k: number): number {
    return this.lens[k];
  }

  /** The postings, the k-th passage added being passage `ids[k]` (ascending). The builder is spent afterwards. */
  finish(ids: ArrayLike<number>): TermPostings {
    if (ids.length !== this.passages) throw new Error(`postings of ${this.passages} passages given ${ids.length} ids`);
    const count = this.df.length < this.dict.size ? grown(this.df, this.dict.size, this.df.length) : this.df;
    const { tids, tfs, ends, passages } = this;
    this.df = this.tf = new Uint32Array(0);
    return layOut(this.dict, count, this.n, (emit) => {
      let i = 0;
      for (let k = 0; k < passages; k++) {
        const id = ids[k];
        for (const end = ends[k]; i < end; i++) emit(tids[i], id, tfs[i]);
      }
    });
  }
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
  for (let i = 0; i < terms.length; i++) if (termStart[i] > termStart[i + 1]) throw new Error('snapshot postings are inconsistent');
  if (!terms.every((t) => typeof t === 'string') || !dict.loadNames(terms)) throw new Error('snapshot postings are inconsistent (a term twice)');
  for (let i = 0; i < postIds.length; i++) if (postIds[i] >= passages) throw new Error('snapshot posting points past the passages');
  const tids = new Uint32Array(terms.length);
  for (let i = 0; i < tids.length; i++) tids[i] = i;
  return new TermPostings(dict, tids, termStart, postIds, postTfs);
}
