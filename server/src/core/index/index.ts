/**
 * The corpus index: sources by key, an inverted index of passage terms (BM25),
 * and an index of figures by normalised value. Built in segments so that
 * (a) requests are answered from the part already indexed while a large
 * corpus loads, and (b) a changed file is re-indexed alone: its old passages
 * are tombstoned and its new ones go into a small new segment. Segments are
 * merged when tombstones pile up.
 *
 * Compact structures: postings are typed arrays per interned term, figure
 * values are sorted Float64Arrays searched by binary search.
 */
import Fuse from 'fuse.js';
import { figureMatches } from '../figures';
import { tokenize } from '../text/tokens';
import { Figure, Passage, Source } from '../types';

export interface PassageHit {
  source: Source;
  passage: Passage;
  score: number;
  /** The word (BM25) part of the score, without the figure bonus. */
  textScore: number;
  /** The passage's figure that matched a query figure, if any. */
  figure?: Figure;
}

export interface FigureHit {
  source: Source;
  passage: Passage;
  figure: Figure;
}

/** A term's posting list: the range [from, to) of its segment's shared id and tf buffers. */
interface Postings {
  ids: Uint32Array;
  tfs: Uint16Array;
  from: number;
  to: number;
}

interface FigureBucket {
  values: Float64Array;
  ids: Uint32Array;
  /** Index of the figure inside passage.figures (FIG_INDEX bits), and FIG_RANGE for ranges. */
  fig: Uint16Array;
}

class Segment {
  readonly terms = new Map<string, Postings>();
  readonly figures = new Map<string, FigureBucket>();
  constructor(readonly ids: Uint32Array) {}
}

/**
 * A compacted index as flat arrays, for the persisted cache: sources (with
 * passages and figures) as plain objects, postings and figure buckets as
 * typed arrays. Passage ids are 0..n-1 in source order.
 */
export interface IndexSnapshot {
  sources: Source[];
  terms: string[];
  /** postings of terms[i] are ids/tfs[termStart[i] .. termStart[i+1]) */
  termStart: Uint32Array;
  postIds: Uint32Array;
  postTfs: Uint16Array;
  docLen: Uint16Array;
  buckets: { name: string; values: Float64Array; ids: Uint32Array; fig: Uint16Array }[];
}

const K1 = 1.2;
const B = 0.75;

/** Which figure buckets a query figure must look in. */
function bucketOf(f: Figure): string {
  return f.kind === 'money' ? `money:${f.unit}` : `${f.kind}:${f.unit}`;
}

export class CorpusIndex {
  private readonly sourcesByKey = new Map<string, Source>();
  private readonly sourcesByFile = new Map<string, Source[]>();
  /** Global passage table, by passage id. */
  private passages: Passage[] = [];
  private passageSource: Source[] = [];
  private docLen = new Uint16Array(1024);
  private alive = new Uint8Array(1024);
  private aliveCount = 0;
  private totalLen = 0;
  private dead = 0;
  private segments: Segment[] = [];
  private bucketNames = new Set<string>();
  private fuse: Fuse<Source> | undefined;
  private generation = 0;
  /**
   * Where an unknown key went (set by the workspace from the key files): the key the
   * same source has now, or the file it named when that source is gone.
   */
  keyTrace?: (key: string) => { key?: string; file?: string } | undefined;

  /** Bumped on every change; adapters use it to invalidate caches. */
  get version(): number {
    return this.generation;
  }

  get sourceCount(): number {
    return this.sourcesByKey.size;
  }

  get passageCount(): number {
    return this.aliveCount;
  }

  sources(): Source[] {
    return [...this.sourcesByKey.values()];
  }

  byKey(key: string): Source | undefined {
    return this.sourcesByKey.get(key);
  }

  filesIndexed(): string[] {
    return [...this.sourcesByFile.keys()];
  }

  sourcesOfFile(file: string): Source[] {
    return this.sourcesByFile.get(file) ?? [];
  }

  passage(id: number): Passage | undefined {
    return this.alive[id] ? this.passages[id] : undefined;
  }

  sourceOfPassage(id: number): Source | undefined {
    return this.alive[id] ? this.passageSource[id] : undefined;
  }

  /** Add sources as a new segment. Keys must already be unique. */
  addSources(sources: Source[]): void {
    if (sources.length === 0) return;
    const ids: number[] = [];
    for (const s of sources) {
      const prev = this.sourcesByKey.get(s.key);
      if (prev) this.removeSource(prev);
      this.sourcesByKey.set(s.key, s);
      const list = this.sourcesByFile.get(s.file);
      if (list) list.push(s);
      else this.sourcesByFile.set(s.file, [s]);
      for (const p of s.passages) {
        const id = this.passages.length;
        p.id = id;
        this.passages.push(p);
        this.passageSource.push(s);
        ids.push(id);
      }
    }
    this.ensureCapacity(this.passages.length);
    this.segments.push(this.buildSegment(Uint32Array.from(ids)));
    this.fuse = undefined;
    this.generation++;
  }

  /** Remove every source of a file (tombstones its passages). */
  removeFile(file: string): void {
    const list = this.sourcesByFile.get(file);
    if (!list) return;
    for (const s of [...list]) this.removeSource(s);
    this.sourcesByFile.delete(file);
    this.fuse = undefined;
    this.generation++;
    if (this.dead > 1000 && this.dead > this.aliveCount / 4) this.compact();
  }

  /** Re-index one file: its old sources go, the new ones come in a small segment. */
  replaceFile(file: string, sources: Source[]): void {
    this.removeFile(file);
    this.addSources(sources);
  }

  private removeSource(s: Source): void {
    if (this.sourcesByKey.get(s.key) === s) this.sourcesByKey.delete(s.key);
    const list = this.sourcesByFile.get(s.file);
    if (list) {
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.sourcesByFile.delete(s.file);
    }
    for (const p of s.passages) {
      if (p.id >= 0 && this.alive[p.id] && this.passageSource[p.id] === s) {
        this.alive[p.id] = 0;
        this.aliveCount--;
        this.totalLen -= this.docLen[p.id];
        this.dead++;
      }
    }
  }

  /** The index as flat arrays (compacts first, renumbering passages 0..n-1). */
  toSnapshot(): IndexSnapshot {
    const sources = this.sources();
    const fresh = new CorpusIndex();
    let next = 0;
    const sequential = sources.every((s) => s.passages.every((p) => p.id === next++ && this.alive[p.id] === 1)) && next === this.passages.length;
    if (this.dead > 0 || this.segments.length !== 1 || !sequential) {
      // Copies, so renumbering passages does not touch this live index.
      fresh.addSources(
        sources.map((s) => ({
          ...s,
          passages: s.passages.map((p) => ({ id: p.id, n: p.n, text: p.text, startLine: p.startLine, endLine: p.endLine, startOffset: p.startOffset, figures: p.figures })),
        })),
      );
      return fresh.toSnapshot();
    }
    const seg = this.segments[0];
    const terms = [...seg.terms.keys()];
    const termStart = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((t, i) => {
      termStart[i] = total;
      const p = seg.terms.get(t)!;
      total += p.to - p.from;
    });
    termStart[terms.length] = total;
    const postIds = new Uint32Array(total);
    const postTfs = new Uint16Array(total);
    terms.forEach((t, i) => {
      const p = seg.terms.get(t)!;
      postIds.set(p.ids.subarray(p.from, p.to), termStart[i]);
      postTfs.set(p.tfs.subarray(p.from, p.to), termStart[i]);
    });
    return {
      sources,
      terms,
      termStart,
      postIds,
      postTfs,
      docLen: this.docLen.slice(0, this.passages.length),
      buckets: [...seg.figures.entries()].map(([name, b]) => ({ name, ...b })),
    };
  }

  /** Rebuild an index from a snapshot without re-tokenising anything. */
  static fromSnapshot(snap: IndexSnapshot): CorpusIndex {
    const ix = new CorpusIndex();
    let id = 0;
    for (const s of snap.sources) {
      ix.sourcesByKey.set(s.key, s);
      const list = ix.sourcesByFile.get(s.file);
      if (list) list.push(s);
      else ix.sourcesByFile.set(s.file, [s]);
      for (const p of s.passages) {
        if (p.id !== id) throw new Error('snapshot passages out of order');
        ix.passages.push(p);
        ix.passageSource.push(s);
        id++;
      }
    }
    const n = ix.passages.length;
    if (snap.docLen.length !== n) throw new Error('snapshot document lengths do not match its passages');
    ix.ensureCapacity(n);
    ix.docLen.set(snap.docLen);
    ix.alive.fill(1, 0, n);
    ix.aliveCount = n;
    ix.totalLen = snap.docLen.reduce((a, b) => a + b, 0);
    const seg = new Segment(Uint32Array.from({ length: n }, (_, i) => i));
    const { terms, termStart, postIds, postTfs } = snap;
    if (termStart.length !== terms.length + 1 || termStart[terms.length] !== postIds.length) throw new Error('snapshot postings are inconsistent');
    for (let i = 0; i < terms.length; i++) {
      seg.terms.set(terms[i], { ids: postIds, tfs: postTfs, from: termStart[i], to: termStart[i + 1] });
    }
    for (let i = 0; i < postIds.length; i++) if (postIds[i] >= n) throw new Error('snapshot posting points past the passages');
    for (const b of snap.buckets) {
      seg.figures.set(b.name, { values: b.values, ids: b.ids, fig: b.fig });
      ix.bucketNames.add(b.name);
    }
    ix.segments = [seg];
    ix.generation++;
    return ix;
  }

  /**
   * Merge all segments into one, dropping tombstoned passages from postings.
   * Postings and figure buckets are concatenated, not re-tokenised.
   */
  compact(): void {
    if (this.segments.length <= 1 && this.dead === 0) return;
    const segs = this.segments;
    const alive = this.alive;
    const ids: number[] = [];
    for (const seg of segs) for (const id of seg.ids) if (alive[id]) ids.push(id);
    const merged = new Segment(Uint32Array.from(ids));
    const lists = new Map<string, Postings[]>();
    for (const seg of segs) {
      for (const [t, p] of seg.terms) {
        const l = lists.get(t);
        if (l) l.push(p);
        else lists.set(t, [p]);
      }
    }
    // One shared buffer for all merged posting lists.
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
      merged.terms.set(t, { ids: allIds, tfs: allTfs, from, to: from + n });
    }
    const names = new Set<string>();
    for (const seg of segs) for (const name of seg.figures.keys()) names.add(name);
    for (const name of names) {
      const v: number[] = [];
      const id: number[] = [];
      const f: number[] = [];
      for (const seg of segs) {
        const b = seg.figures.get(name);
        if (!b) continue;
        for (let i = 0; i < b.values.length; i++) {
          if (!alive[b.ids[i]]) continue;
          v.push(b.values[i]);
          id.push(b.ids[i]);
          f.push(b.fig[i]);
        }
      }
      const order = v.map((_, i) => i).sort((x, y) => v[x] - v[y]);
      merged.figures.set(name, {
        values: Float64Array.from(order, (i) => v[i]),
        ids: Uint32Array.from(order, (i) => id[i]),
        fig: Uint16Array.from(order, (i) => f[i]),
      });
    }
    this.segments = [merged];
    this.dead = 0;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Re-read every source's key (after a loader changed provisional keys in place). */
  rebuildKeyMap(): void {
    this.sourcesByKey.clear();
    for (const list of this.sourcesByFile.values()) for (const s of list) this.sourcesByKey.set(s.key, s);
    this.fuse = undefined;
    this.generation++;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.docLen.length) return;
    let cap = this.docLen.length;
    while (cap < n) cap *= 2;
    const dl = new Uint16Array(cap);
    dl.set(this.docLen);
    this.docLen = dl;
    const al = new Uint8Array(cap);
    al.set(this.alive);
    this.alive = al;
  }

  private buildSegment(ids: Uint32Array): Segment {
    const seg = new Segment(ids);
    const figs = new Map<string, { v: number[]; id: number[]; f: number[] }>();
    // Postings are built in typed arrays: terms are interned to numbers, each
    // passage appends (term, passage, tf) triples, and a counting sort by term
    // lays every posting list out in one shared buffer.
    const termOf = new Map<string, number>();
    const names: string[] = [];
    let count = new Uint32Array(4096);
    const touched: number[] = [];
    // Sized from the text up front (about one distinct term per 7 characters of
    // news text), so the buffers rarely grow: growth would leave garbage copies.
    let chars = 0;
    for (let k = 0; k < ids.length; k++) chars += this.passages[ids[k]].text.length;
    let tfBuf = new Uint16Array(Math.max(1 << 12, Math.ceil(chars / 7)));
    let trip = new Uint32Array(tfBuf.length * 2);
    let nt = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      const p = this.passages[id];
      const toks = tokenize(p.text);
      const len = Math.min(toks.length, 65535);
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
      this.docLen[id] = len;
      this.alive[id] = 1;
      this.aliveCount++;
      this.totalLen += len;
      const pf = p.figures;
      for (let j = 0; j < pf.length && j <= FIG_INDEX; j++) {
        const f = pf[j];
        const name = bucketOf(f);
        let b = figs.get(name);
        if (!b) {
          b = { v: [], id: [], f: [] };
          figs.set(name, b);
        }
        b.v.push(f.value);
        b.id.push(id);
        if (f.high === undefined) b.f.push(j);
        else {
          b.f.push(j | FIG_RANGE);
          b.v.push(f.high);
          b.id.push(id);
          b.f.push(j | FIG_RANGE);
        }
      }
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
    for (let t = 0; t < names.length; t++) seg.terms.set(names[t], { ids: allIds, tfs: allTfs, from: start[t], to: start[t + 1] });
    for (const [name, b] of figs) {
      const order = b.v.map((_, i) => i).sort((x, y) => b.v[x] - b.v[y]);
      seg.figures.set(name, {
        values: Float64Array.from(order, (i) => b.v[i]),
        ids: Uint32Array.from(order, (i) => b.id[i]),
        fig: Uint16Array.from(order, (i) => b.f[i]),
      });
      this.bucketNames.add(name);
    }
    return seg;
  }

  private figureMemo = new Map<string, { ids: Uint32Array; fig: Uint16Array }>();
  private figureMemoVersion = -1;

  /**
   * Every alive passage with a figure matching `f` (same quantity within f's
   * stated precision), as passage ids and the index of the matching figure in
   * the passage. Binary search on the sorted figure values; memoised per index
   * version, since drafts repeat figures.
   */
  figureCandidates(f: Figure): { ids: Uint32Array; fig: Uint16Array } {
    if (this.figureMemoVersion !== this.generation) {
      this.figureMemo.clear();
      this.figureMemoVersion = this.generation;
    }
    const memoKey = `${f.kind}|${f.unit}|${f.value}|${f.high ?? ''}|${f.precision}`;
    const hit = this.figureMemo.get(memoKey);
    if (hit) return hit;
    const slack = 1e-6 * Math.max(1, Math.abs(f.value), Math.abs(f.high ?? 0)) + Math.abs(f.precision);
    const lo = Math.min(f.value, f.high ?? f.value) - slack;
    const hi = Math.max(f.value, f.high ?? f.value) + slack;
    const ids: number[] = [];
    const figs: number[] = [];
    const seen = this.markScratch();
    const own = bucketOf(f);
    for (const name of this.bucketNames) {
      // Buckets whose kind and unit can match (unitsCompatible): the figure's own, and count <-> money.
      if (!(name === own || (f.kind === 'money' && name === 'count:') || (f.kind === 'count' && name.startsWith('money:')))) continue;
      for (const seg of this.segments) {
        const b = seg.figures.get(name);
        if (!b) continue;
        for (let i = lowerBound(b.values, lo); i < b.values.length && b.values[i] <= hi; i++) {
          const id = b.ids[i];
          if (!this.alive[id] || seen[id]) continue;
          const j = b.fig[i] & FIG_INDEX;
          // Plain values compare on the indexed value alone; ranges need the whole figure.
          const ok = b.fig[i] & FIG_RANGE || f.high !== undefined ? figureMatches(f, this.passages[id].figures[j]) : withinPrecision(b.values[i], f);
          if (!ok) continue;
          seen[id] = 1;
          ids.push(id);
          figs.push(j);
        }
      }
    }
    for (const id of ids) seen[id] = 0;
    const res = { ids: Uint32Array.from(ids), fig: Uint16Array.from(figs) };
    if (this.figureMemo.size > 5000) this.figureMemo.clear();
    this.figureMemo.set(memoKey, res);
    return res;
  }

  /** Passages whose figures match `f`, with the matching figure (see figureCandidates). */
  passagesWithFigure(f: Figure, limit = 200): FigureHit[] {
    const { ids, fig } = this.figureCandidates(f);
    const out: FigureHit[] = [];
    for (let i = 0; i < ids.length && out.length < limit; i++) {
      const p = this.passages[ids[i]];
      out.push({ source: this.passageSource[ids[i]], passage: p, figure: p.figures[fig[i]] });
    }
    return out;
  }

  /**
   * Up to `limit` passages that state `f`, best word match with `text` first
   * (the quick-fix suggestions). Candidates come from the figure index (a
   * binary search and a scan of contiguous typed-array entries); a common
   * figure's many candidates are narrowed by the sentence's rarest words.
   */
  suggestPassages(f: Figure, text: string, limit = 3): { id: number; score: number; figure: Figure }[] {
    const c = this.figureCandidates(f);
    if (c.ids.length === 0) return [];
    return this.rankCandidates(text, c.ids, limit).map((r) => ({ ...r, figure: this.passages[r.id].figures[c.fig[c.ids.indexOf(r.id)]] }));
  }

  /**
   * The passages among `candidates` that best match `text` by BM25, best
   * first. Small candidate sets are scored directly (binary search in the
   * postings); large ones are first narrowed to candidates that share one of
   * the sentence's rarest terms.
   */
  rankCandidates(text: string, candidates: Uint32Array, limit = 3): { id: number; score: number }[] {
    const terms = this.queryTerms(text);
    let pool: Iterable<number> = candidates;
    if (candidates.length > 64) {
      const mark = this.markScratch();
      for (const id of candidates) mark[id] = 1;
      const picked = new Set<number>();
      for (const q of terms.slice(0, 4)) {
        for (const p of q.lists) for (let i = p.from; i < p.to && picked.size < 48; i++) if (mark[p.ids[i]]) picked.add(p.ids[i]);
      }
      for (const id of candidates) mark[id] = 0;
      for (let i = 0; picked.size < limit && i < candidates.length; i++) picked.add(candidates[i]);
      pool = picked;
    }
    return this.scoreIds(terms, pool, limit);
  }

  /** BM25 of each passage in `pool` (term frequencies by binary search in the postings), the best `limit`. */
  private scoreIds(terms: { idf: number; lists: Postings[] }[], pool: Iterable<number>, limit: number): { id: number; score: number }[] {
    const ids: number[] = [];
    const vals: number[] = [];
    const N = Math.max(1, this.aliveCount);
    const avgdl = this.totalLen / N || 1;
    for (const id of pool) {
      if (!this.alive[id]) continue;
      const norm = K1 * (1 - B + (B * this.docLen[id]) / avgdl);
      let score = 0;
      for (const q of terms) {
        for (const p of q.lists) {
          const i = indexOfSorted(p.ids, p.from, p.to, id);
          if (i >= 0) score += (q.idf * p.tfs[i] * (K1 + 1)) / (p.tfs[i] + norm);
        }
      }
      ids.push(id);
      vals.push(score);
    }
    return topK(ids, vals, limit).map(([id, score]) => ({ id, score }));
  }

  private termsMemo: { text: string; version: number; terms: { idf: number; lists: Postings[] }[] }[] = [];

  private queryTerms(text: string): { idf: number; lists: Postings[] }[] {
    // A sentence with several figures asks for the same terms several times in a row.
    for (const m of this.termsMemo) if (m.text === text && m.version === this.generation) return m.terms;
    const terms = this.computeQueryTerms(text);
    this.termsMemo.unshift({ text, version: this.generation, terms });
    if (this.termsMemo.length > 8) this.termsMemo.pop();
    return terms;
  }

  private computeQueryTerms(text: string): { idf: number; lists: Postings[] }[] {
    const N = Math.max(1, this.aliveCount);
    const out: { idf: number; lists: Postings[]; df: number }[] = [];
    for (const t of new Set(tokenize(text))) {
      let df = 0;
      const lists: Postings[] = [];
      for (const seg of this.segments) {
        const p = seg.terms.get(t);
        if (p) {
          df += p.to - p.from;
          lists.push(p);
        }
      }
      if (df === 0) continue;
      out.push({ idf: Math.log(1 + (N - df + 0.5) / (df + 0.5)), lists, df });
    }
    out.sort((a, b) => b.idf - a.idf);
    // Terms in more than a fifth of all passages say little and cost the most: keep them only if nothing else is left.
    const useful = out.filter((q) => q.df <= N / 5 || N < 50);
    return (useful.length ? useful : out.slice(0, 2)).slice(0, MAX_QUERY_TERMS);
  }

  private scratch = new Float64Array(0);
  private marks = new Uint8Array(0);

  /** A zeroed per-passage byte array; callers must zero what they set before returning. */
  private markScratch(): Uint8Array {
    if (this.marks.length < this.passages.length) this.marks = new Uint8Array(Math.max(1024, Math.ceil(this.passages.length * 1.25)));
    return this.marks;
  }

  /**
   * BM25 over passage terms of `text`, plus a bonus (see figureBonus) when a
   * passage states one of the query's figures. With `only`, just those passages are scored
   * (term frequencies found by binary search in the postings), so ranking a
   * handful of candidates never walks whole posting lists.
   */
  rankPassages(text: string, figures: Figure[], opts: { limit?: number; only?: Iterable<number> } = {}): PassageHit[] {
    const limit = opts.limit ?? 10;
    const N = Math.max(1, this.aliveCount);
    const avgdl = this.totalLen / N || 1;
    const docLen = this.docLen;
    const alive = this.alive;
    const terms = this.queryTerms(text);
    const figOf = new Map<number, Figure>();
    for (const f of figures) {
      const c = this.figureCandidates(f);
      for (let i = 0; i < c.ids.length && i < 5000; i++) if (!figOf.has(c.ids[i])) figOf.set(c.ids[i], this.passages[c.ids[i]].figures[c.fig[i]]);
    }
    const ids: number[] = [];
    const vals: number[] = [];
    let bonus = 0;
    if (opts.only) {
      for (const id of new Set(opts.only)) {
        if (!alive[id]) continue;
        let score = 0;
        const norm = K1 * (1 - B + (B * docLen[id]) / avgdl);
        for (const q of terms) {
          for (const p of q.lists) {
            const i = indexOfSorted(p.ids, p.from, p.to, id);
            if (i >= 0) score += (q.idf * p.tfs[i] * (K1 + 1)) / (p.tfs[i] + norm);
          }
        }
        if (score > 0 || figOf.has(id)) {
          ids.push(id);
          vals.push(score);
        }
      }
      bonus = figureBonus(vals);
      for (let j = 0; j < ids.length; j++) if (figOf.has(ids[j])) vals[j] += bonus;
    } else {
      if (this.scratch.length < this.passages.length) this.scratch = new Float64Array(Math.max(1024, this.passages.length * 1.25));
      const sc = this.scratch;
      for (const q of terms) {
        for (const p of q.lists) {
          const pid = p.ids;
          const tfs = p.tfs;
          for (let i = p.from; i < p.to; i++) {
            const id = pid[i];
            if (!alive[id]) continue;
            const tf = tfs[i];
            if (sc[id] === 0) ids.push(id);
            sc[id] += (q.idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * docLen[id]) / avgdl));
          }
        }
      }
      for (const id of figOf.keys()) if (alive[id] && sc[id] === 0) ids.push(id);
      for (const id of ids) {
        vals.push(sc[id]);
        sc[id] = 0;
      }
      bonus = figureBonus(vals);
      for (let j = 0; j < ids.length; j++) if (figOf.has(ids[j])) vals[j] += bonus;
    }
    return topK(ids, vals, limit).map(([id, score]) => {
      const figure = figOf.get(id);
      return { source: this.passageSource[id], passage: this.passages[id], score, textScore: figure ? score - bonus : score, figure };
    });
  }

  /** Sources ranked by their best passage for the sentence (see rankPassages). */
  rankSources(text: string, figures: Figure[], limit = 20): PassageHit[] {
    const hits = this.rankPassages(text, figures, { limit: limit * 5 });
    const best = new Map<string, PassageHit>();
    for (const h of hits) if (!best.has(h.source.key)) best.set(h.source.key, h);
    return [...best.values()].slice(0, limit);
  }

  /**
   * Fuzzy search on key, title and author with fuse.js. On large corpora a
   * trigram prefilter picks candidates first, so a keystroke never scans
   * every source.
   */
  fuzzySources(query: string, limit = 50): Source[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const all = this.sourcesByKey;
    let fuse: Fuse<Source>;
    if (all.size <= FUSE_FULL_SCAN) {
      if (!this.fuse) this.fuse = new Fuse([...all.values()], FUSE_OPTIONS);
      fuse = this.fuse;
    } else {
      fuse = new Fuse(this.trigramCandidates(q, 300), FUSE_OPTIONS);
    }
    return fuse.search(q, { limit }).map((r) => r.item);
  }

  private trigrams: Map<string, Source[]> | undefined;
  private trigramsVersion = -1;

  private trigramCandidates(q: string, max: number): Source[] {
    if (!this.trigrams || this.trigramsVersion !== this.generation) {
      const tg = new Map<string, Source[]>();
      for (const s of this.sourcesByKey.values()) {
        const grams = new Set<string>();
        const hay = ` ${s.key} ${s.title} ${s.author ?? ''} `.toLowerCase();
        for (let i = 0; i + 3 <= hay.length; i++) grams.add(hay.slice(i, i + 3));
        for (const g of grams) {
          const l = tg.get(g);
          if (l) l.push(s);
          else tg.set(g, [s]);
        }
      }
      this.trigrams = tg;
      this.trigramsVersion = this.generation;
    }
    const padded = q.length < 3 ? ` ${q}` : q;
    const counts = new Map<Source, number>();
    for (let i = 0; i + 3 <= padded.length; i++) {
      const l = this.trigrams.get(padded.slice(i, i + 3));
      if (!l || l.length > 20000) continue;
      for (const s of l) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, max)
      .map(([s]) => s);
  }

  /** Existing keys nearest to an unknown one (edit distance, then fuzzy). */
  nearestKeys(key: string, n = 3): string[] {
    const k = key.toLowerCase();
    const scored: [string, number][] = [];
    const cands = this.sourcesByKey.size <= 5000 ? [...this.sourcesByKey.keys()] : this.fuzzySources(key, 200).map((s) => s.key);
    const words = new Set(k.split(/[^a-z0-9]+/).filter((w) => w.length > 1));
    for (const c of cands) {
      const src = this.sourcesByKey.get(c)!;
      const hay = new Set(`${c} ${src.title} ${src.author ?? ''}`.toLowerCase().split(/[^\p{L}\p{N}]+/u));
      let shared = 0;
      for (const w of words) if (hay.has(w)) shared++;
      const dist = levenshtein(k, c.toLowerCase()) / Math.max(k.length, c.length);
      scored.push([c, dist - 0.15 * shared]);
    }
    scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    return scored.filter(([, d]) => d <= 0.6).slice(0, n).map(([c]) => c);
  }
}

/** In FigureBucket.fig: the figure's index in passage.figures, and a flag for range figures. */
const FIG_INDEX = 0x7fff;
const FIG_RANGE = 0x8000;

/** figureMatches for two plain values: the source value within the draft's stated precision. */
function withinPrecision(source: number, draft: Figure): boolean {
  return Math.abs(source - draft.value) <= draft.precision + 1e-9 * Math.max(1, Math.abs(source), Math.abs(draft.value));
}

/**
 * What stating one of the sentence's figures adds to a passage's score: 30% of
 * the best word score of the query (0.3 ranked the right source first more
 * often than 0.6 on both BBC and Reuters: `npm run bench`, in-process rows). Same figure and same words wins; but a
 * passage that merely states the same number cannot outrank the passage whose
 * words match best (the draft's figure may be the wrong one).
 */
function figureBonus(textScores: number[]): number {
  let max = 0;
  for (const v of textScores) if (v > max) max = v;
  return max > 0 ? 0.3 * max : 1;
}
const MAX_QUERY_TERMS = 12;
const FUSE_FULL_SCAN = 3000;
const FUSE_OPTIONS = {
  keys: [
    { name: 'key', weight: 2 },
    { name: 'title', weight: 1.5 },
    { name: 'author', weight: 1 },
  ],
  threshold: 0.4,
  ignoreLocation: true,
  includeScore: true,
};

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k best (id, score) pairs, best first; ties by lower id. Keeps a small sorted window instead of sorting everything. */
function topK(ids: number[], vals: number[], k: number): [number, number][] {
  const top: [number, number][] = [];
  const better = (a: [number, number], id: number, v: number) => v > a[1] || (v === a[1] && id < a[0]);
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j];
    const v = vals[j];
    if (top.length === k && !better(top[k - 1], id, v)) continue;
    let i = top.length;
    while (i > 0 && better(top[i - 1], id, v)) i--;
    top.splice(i, 0, [id, v]);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Index of x in the sorted range [from, to) of a, or -1. */
function indexOfSorted(a: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
