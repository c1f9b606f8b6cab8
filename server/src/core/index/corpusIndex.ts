/**
 * The corpus index: sources by key (registry.ts), an inverted index of passage
 * terms (postings.ts, ranked by bm25.ts and rank.ts), an index of figures by
 * normalised value (figureIndex.ts) and fuzzy search on key, title and author
 * (fuzzy.ts). Built in segments so that (a) requests are answered from the
 * part already indexed while a large corpus loads, and (b) a changed file is
 * re-indexed alone: its old passages are tombstoned and its new ones go into a
 * small new segment. Segments are merged when tombstones pile up.
 */
import { tokenize } from '../text/tokens';
import { Figure, Passage, Source } from '../types';
import type { RankOptions, SearchBackend } from './backend';
import { Collection, queryTerms } from './bm25';
import { narrowPool, scorePool } from './candidates';
import { holdingAll } from './conjunctive';
import { bucketBytes, bucketNames, FigureBuckets, FigureMatches, findFigure, mergeFigureBuckets } from './figureIndex';
import { SourceSearch } from './fuzzy';
import { flattenPostings, mergePostings, postingsFromFlat, TermDict, TermPostings } from './postings';
import { addFigure, entryFigure, FigureOf, makeQuery, Query, rankAll, RANK_PARAMS, rerank } from './rank';
import { SourceRegistry } from './registry';
import type { IndexSnapshot } from './snapshot';
import { PassageStore, StoredPassage } from './passageStore';
import { DEAD_PASSAGE, plainPassage } from './storedPassage';
import { PendingSources, sinkOf, SourceSink, storePassages } from './stream';

export interface PassageHit {
  source: Source;
  passage: Passage;
  score: number;
  /** The word part of the score (BM25 and proximity), without the figure bonus. */
  textScore: number;
  /** The passage's figure that matched a query figure, if any. */
  figure?: Figure;
}

export interface FigureHit {
  source: Source;
  passage: Passage;
  figure: Figure;
}

export type { IndexSnapshot } from './snapshot';

interface Segment {
  ids: Uint32Array;
  terms: TermPostings;
  figures: FigureBuckets;
}

/** Figure-stating passages that take part in one ranking, per query figure. */
const MAX_FIGURE_CANDIDATES = 5000;

export class CorpusIndex implements SearchBackend {
  private readonly reg = new SourceRegistry();
  /** Passage texts and figures, out of the JavaScript heap (passageStore.ts). */
  private store = new PassageStore();
  /** Every index term once, shared by the segments' postings (postings.ts). */
  private dict = new TermDict();
  private readonly search = new SourceSearch(this.reg.byKey);
  private segments: Segment[] = [];
  private generation = 0;
  /**
   * Where an unknown key went (set by the workspace from the key files): the key the
   * same source has now, or the file it named when that source is gone.
   */
  keyTrace?: (key: string) => { key?: string; file?: string } | undefined;
  private scratch = new Float64Array(0);
  private marks = new Uint8Array(0);

  /** Bumped on every change; adapters use it to invalidate caches. */
  get version(): number {
    return this.generation;
  }

  get sourceCount(): number {
    return this.reg.size;
  }

  get passageCount(): number {
    return this.reg.aliveCount;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  sources(): Source[] {
    return this.reg.sources();
  }

  /** The sources in sources() order, without copying the list (completion takes the first few). */
  readonly eachSource = (): IterableIterator<Source> => this.reg.byKey.values();

  byKey(key: string): Source | undefined {
    return this.reg.get(key);
  }

  passage(id: number): Passage | undefined {
    return this.reg.isAlive(id) ? this.reg.passages.at(id) : undefined;
  }

  sourceOfPassage(id: number): Source | undefined {
    return this.reg.isAlive(id) ? this.reg.sourceOf(id) : undefined;
  }

  /** Add sources as a new segment. Keys must already be unique. */
  addSources(sources: Source[]): void {
    const sink = this.stream();
    sink.add(sources);
    sink.flush();
  }

  /**
   * Stream sources in as a loader reads them (stream.ts); `flush` does what addSources of the sources added would do.
   * `compact`: `add` replaces the sources by CachedSources over store rows (a cold build's, issue 13).
   */
  stream(opts: { compact?: boolean } = {}): SourceSink {
    return sinkOf(() => new PendingSources(this.dict, () => this.store, opts.compact), (p) => this.publish(p));
  }

  /** Register pending sources (passage ids, keys) and add their postings and figures as a new segment. */
  private publish(p: PendingSources): void {
    if (p.sources.length === 0) return;
    const ids = this.reg.add(p.sources);
    for (let k = 0; k < ids.length; k++) this.reg.activate(ids[k], p.postings.length(k));
    this.segments.push({ ids, terms: p.postings.finish(ids), figures: p.figures.finish(ids) });
    this.changed();
  }

  /** Rows in the passage store (alive passages, plus tombstoned ones until compaction). */
  get storedPassages(): number {
    return this.store.rows;
  }

  /** Bytes of passage text and figure columns held outside the JavaScript heap. */
  get storeBytes(): number {
    return this.store.bytes;
  }

  /** Bytes outside the JavaScript heap by structure (the memory benchmark's breakdown). */
  get storageBytes(): { store: number; postings: number; figures: number } {
    const sum = (f: (s: Segment) => number) => this.segments.reduce((a, s) => a + f(s), 0);
    return { store: this.store.bytes, postings: sum((s) => s.terms.bytes), figures: sum((s) => bucketBytes(s.figures)) };
  }

  /** Remove every source of a file (tombstones its passages). */
  removeFile(file: string): void {
    if (!this.reg.removeFile(file)) return;
    this.changed();
    if (this.reg.dead > 1000 && this.reg.dead > this.reg.aliveCount / 4) this.compact();
  }

  /** Re-index one file: its old sources go, the new ones come in a small segment. */
  replaceFile(file: string, sources: Source[]): void {
    this.removeFile(file);
    this.addSources(sources);
  }

  /** Re-read every source's key (after a loader changed provisional keys in place). */
  rebuildKeyMap(): void {
    this.reg.rebuildKeyMap();
    this.changed();
  }

  private changed(): void {
    this.search.invalidate();
    this.generation++;
  }

  /**
   * Merge all segments into one, dropping tombstoned passages from postings.
   * Postings and figure buckets are concatenated, not re-tokenised.
   */
  compact(): void {
    this.dict.dropWords(); // a load's word cache (postings.ts)
    // Zero segments (an empty corpus) become one empty segment: toSnapshot needs exactly one.
    if (this.segments.length === 1 && this.reg.dead === 0) return;
    const alive = this.reg.alive;
    let n = 0; // counted, then filled: a growing array was heap garbage at a load's memory peak
    for (const seg of this.segments) for (const id of seg.ids) n += alive[id];
    const ids = new Uint32Array(n);
    n = 0;
    for (const seg of this.segments) for (const id of seg.ids) if (alive[id]) ids[n++] = id;
    this.segments = [
      {
        ids,
        terms: mergePostings(
          this.segments.map((s) => s.terms),
          alive,
          this.dict,
        ),
        figures: mergeFigureBuckets(
          this.segments.map((s) => s.figures),
          alive,
        ),
      },
    ];
    this.reg.dead = 0;
    // The store drops the rows of tombstoned passages too (alive ones are copied into a new store).
    if (this.store.rows > this.reg.aliveCount) {
      this.store = new PassageStore();
      storePassages(this.store, this.sources(), this.reg.passages);
      // Tombstoned entries of the passage table (never read: every reader checks `alive`) let the old store go.
      const table = this.reg.passages;
      for (let id = 0; id < table.length; id++) if (!alive[id]) table.set(id, DEAD_PASSAGE);
    }
    this.store.trim();
  }

  /** The index as flat arrays (compacts first, renumbering passages 0..n-1). */
  toSnapshot(): IndexSnapshot {
    const sources = this.sources();
    if (this.segments.length === 0) this.compact(); // an empty corpus: one empty segment
    if (this.reg.dead > 0 || this.segments.length !== 1 || !this.reg.sequential()) {
      // New views on the same store rows (plain copies only of edited passages), so renumbering
      // does not touch this live index and no passage text is copied into the heap (issue 13).
      const fresh = new CorpusIndex();
      const plain = (p: Passage): p is StoredPassage => p instanceof StoredPassage && p.plainIn(this.store);
      const share = sources.every((s) => s.passages.every(plain)); // else the edited ones would be appended to this store
      if (share) fresh.store = this.store;
      fresh.addSources(sources.map((s) => ({ ...s, passages: s.passages.map((p) => (share && plain(p) ? p.copy() : plainPassage(p))) })));
      return fresh.toSnapshot();
    }
    const seg = this.segments[0];
    return {
      sources,
      store: this.store,
      ...flattenPostings(seg.terms),
      docLen: this.reg.docLen.slice(0, this.reg.passages.length),
      buckets: [...seg.figures.entries()].map(([name, b]) => ({ name, ...b })),
    };
  }

  /** Rebuild an index from a snapshot without re-tokenising anything. */
  static fromSnapshot(snap: IndexSnapshot): CorpusIndex {
    const ix = new CorpusIndex();
    if (snap.lazy && snap.store) {
      // A cache read: the passages are the store's rows in order, made when first read (nothing per passage here).
      ix.reg.loadLazy(snap.sources, snap.lazy.counts, snap.lazy.table, snap.docLen);
      ix.store = snap.store;
    } else {
      ix.reg.loadSequential(snap.sources, snap.docLen);
      // Keep the snapshot's store when every passage reads it; otherwise move the passages into a new one.
      if (snap.store && snap.sources.every((s) => s.passages.every((p) => p instanceof StoredPassage && p.plainIn(snap.store!)))) ix.store = snap.store;
      else storePassages(ix.store, snap.sources, ix.reg.passages);
    }
    const n = ix.reg.passages.length;
    const figures: FigureBuckets = new Map();
    for (const b of snap.buckets) figures.set(b.name, { values: b.values, ids: b.ids, fig: b.fig });
    const ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    ix.segments = [{ ids, terms: postingsFromFlat(snap, n, ix.dict), figures }];
    ix.generation++;
    return ix;
  }

  // ------------------------------------------------------------------ figures

  private figureMemo = new Map<string, FigureMatches>();
  private figureMemoVersion = -1;
  private bucketNamesList: string[] = [];
  private bucketNamesVersion = -1;
  private readonly scratchFigure: Figure = { text: '', start: 0, end: 0, value: 0, unit: '', kind: 'count', precision: 0 };

  /** A passage's figure for matching: read from the store's columns (a scratch object) when the passage is stored unchanged. */
  private readonly figureAt = (id: number, j: number): Figure => {
    const p = this.reg.passages.peek(id);
    // A passage not yet made (a cache's, a cold build's compacted source's) is a row of this store, unchanged: no view is made to read it.
    const row = p === undefined ? this.reg.storedRow(id, this.store) : p instanceof StoredPassage && p.plainIn(this.store) ? p.row : -1;
    return row >= 0 ? this.store.figureInto(row, j, this.scratchFigure) : (p ?? this.reg.passages.at(id)).figures[j];
  };

  /**
   * Every alive passage with a figure matching `f` (same quantity within f's
   * stated precision), as passage ids and the index of the matching figure in
   * the passage. Binary search on the sorted figure values; memoised per index
   * version, since drafts repeat figures.
   */
  figureCandidates(f: Figure): FigureMatches {
    if (this.figureMemoVersion !== this.generation) {
      this.figureMemo.clear();
      this.figureMemoVersion = this.generation;
    }
    const memoKey = `${f.kind}|${f.unit}|${f.value}|${f.high ?? ''}|${f.precision}|${f.hedge ?? ''}|${f.second ?? ''}`;
    const hit = this.figureMemo.get(memoKey);
    if (hit) return hit;
    if (this.bucketNamesVersion !== this.generation) {
      this.bucketNamesList = bucketNames(this.segments.map((s) => s.figures));
      this.bucketNamesVersion = this.generation;
    }
    const res = findFigure(
      f,
      this.segments.map((s) => s.figures),
      this.figureAt,
      this.reg.alive,
      this.markScratch(),
      this.bucketNamesList,
    );
    if (this.figureMemo.size > 5000) this.figureMemo.clear();
    this.figureMemo.set(memoKey, res);
    return res;
  }

  /** Passages whose figures match `f`, with the matching figure (see figureCandidates). */
  passagesWithFigure(f: Figure, limit = 200): FigureHit[] {
    const { ids, fig } = this.figureCandidates(f);
    const out: FigureHit[] = [];
    for (let i = 0; i < ids.length && out.length < limit; i++) {
      const p = this.reg.passages.at(ids[i]);
      out.push({ source: this.reg.sourceOf(ids[i]), passage: p, figure: p.figures[fig[i]] });
    }
    return out;
  }

  // ------------------------------------------------------------------ ranking

  private collection(): Collection {
    const r = this.reg;
    // Passages are alive from activation until tombstoned: all of them alive means no postings entry to skip.
    return { docLen: r.docLen, alive: r.alive, n: r.aliveCount, avgdl: r.avgdl, allAlive: r.aliveCount === r.passages.length };
  }

  private queryMemo: { text: string; version: number; query: Query }[] = [];

  /** The query for `text`, memoised: a sentence with several figures asks for the same terms several times in a row. */
  private query(text: string): Query {
    for (const m of this.queryMemo) if (m.text === text && m.version === this.generation) return m.query;
    const n = Math.max(1, this.reg.aliveCount);
    const tokens = tokenize(text);
    const query = makeQuery(
      tokens,
      queryTerms(
        tokens,
        this.segments.map((s) => s.terms),
        n,
      ),
      n,
      text,
    );
    this.queryMemo.unshift({ text, version: this.generation, query });
    if (this.queryMemo.length > 8) this.queryMemo.pop();
    return query;
  }

  /** A zeroed per-passage byte array; callers must zero what they set before returning. */
  private markScratch(): Uint8Array {
    if (this.marks.length < this.reg.passages.length) this.marks = new Uint8Array(Math.max(1024, Math.ceil(this.reg.passages.length * 1.25)));
    return this.marks;
  }

  private pos = new Int32Array(0);

  private posScratch(): Int32Array {
    if (this.pos.length < this.reg.passages.length) this.pos = new Int32Array(Math.max(1024, Math.ceil(this.reg.passages.length * 1.25)));
    return this.pos;
  }

  private accScratch(): Float64Array {
    if (this.scratch.length < this.reg.passages.length) this.scratch = new Float64Array(Math.max(1024, Math.ceil(this.reg.passages.length * 1.25)));
    return this.scratch;
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
    return this.rankCandidates(text, c.ids, limit).map(({ id, score, at }) => ({ id, score, figure: this.reg.passages.at(id).figures[c.fig[at]] }));
  }

  /**
   * The passages among `candidates` that best match `text` (BM25 of the
   * sentence's stage-1 terms), best first, with their position in `candidates`
   * (`at`). Large candidate sets are first narrowed to candidates that share
   * one of the sentence's rarest terms.
   */
  rankCandidates(text: string, candidates: Uint32Array, limit = 3): { id: number; score: number; at: number }[] {
    const q = this.query(text);
    const pool = narrowPool(q, candidates, this.posScratch(), limit);
    const { suggestProximity: proximity, suggestAllTerms: allTerms } = RANK_PARAMS;
    // scorePool is rerank without re-reading, on the stage-1 terms (the settings the check runs with), only faster.
    const ranked =
      proximity === 0 && !allTerms
        ? scorePool(this.collection(), q, pool.ids, this.posScratch(), limit)
        : rerank(this.collection(), this.reg.passages, q, pool.ids, undefined, limit, undefined, { proximity, allTerms });
    const out = ranked.map(({ id, score }) => ({ id, score, at: pool.at[pool.ids.indexOf(id)] }));
    // Candidates with no word in common still back the figure: fill up in candidate order.
    for (let i = 0; out.length < limit && i < candidates.length; i++) if (this.reg.isAlive(candidates[i]) && !out.some((o) => o.id === candidates[i])) out.push({ id: candidates[i], score: 0, at: i });
    return out;
  }

  /**
   * Passages ranked for a sentence (two stages, see rank.ts): BM25 with
   * proximity over the sentence's words, plus a bonus when a passage states
   * one of `figures`. With `only`, just those passages are scored.
   */
  rankPassages(text: string, figures: Figure[], opts: RankOptions = {}): PassageHit[] {
    const limit = opts.limit ?? 10;
    const q = this.query(text);
    if (opts.holdingAll && !opts.only) {
      // Only passages holding every word can hold a quotation: rank just those, when they are few. Words the
      // index lacks are left out, as ranking leaves them out (a quotation's "47,000" is the word "47000" there).
      const ids = holdingAll(q.terms, this.reg.alive, RANK_PARAMS.rerank);
      if (ids) return this.rankPassages(text, figures, { limit, only: ids });
    }
    const figOf: FigureOf = new Map();
    const asked = new Set<string>();
    for (const f of figures) {
      const same = `${f.kind}|${f.unit}|${f.value}|${f.high ?? ''}`;
      if (asked.has(same)) continue; // a figure stated twice in the sentence counts once
      asked.add(same);
      const c = this.figureCandidates(f);
      for (let i = 0; i < c.ids.length && i < MAX_FIGURE_CANDIDATES; i++) {
        figOf.set(c.ids[i], addFigure(figOf.get(c.ids[i]), c.fig[i], c.exact ? c.exact[i] === 1 : true));
      }
    }
    const coll = this.collection();
    const ranked = opts.only ? rerank(coll, this.reg.passages, q, new Set(opts.only), figOf, limit) : rankAll(coll, this.reg.passages, q, figOf, this.accScratch(), this.posScratch(), limit);
    return ranked.map(({ id, score, textScore }) => this.hitOf(id, score, textScore, figOf.get(id)));
  }

  /** A ranked passage; its figure (entry: rank.ts FigureOf) is built on first read (issue 13: completion ranks 250 to show 50). */
  private hitOf(id: number, score: number, textScore: number, entry: number | undefined): PassageHit {
    const passage = this.reg.passages.at(id);
    const hit = { source: this.reg.sourceOf(id), passage, score, textScore, figure: undefined as Figure | undefined };
    if (entry === undefined) return hit;
    let figure: Figure | undefined;
    return Object.defineProperty(hit, 'figure', { enumerable: true, get: () => (figure ??= passage.figures[entryFigure(entry)]) });
  }

  /** Sources ranked by their best passage for the sentence (see rankPassages). */
  rankSources(text: string, figures: Figure[], limit = 20): PassageHit[] {
    const hits = this.rankPassages(text, figures, { limit: limit * 5 });
    const best = new Map<string, PassageHit>();
    for (const h of hits) if (!best.has(h.source.key)) best.set(h.source.key, h);
    return [...best.values()].slice(0, limit);
  }

  // ------------------------------------------------------------------ sources by name

  /** Fuzzy search on key, title and author (fuse.js; trigram prefilter on large corpora). */
  fuzzySources(query: string, limit = 50): Source[] {
    return this.search.search(query, limit);
  }

  /** Existing keys nearest to an unknown one (edit distance, then fuzzy). */
  nearestKeys(key: string, n = 3): string[] {
    return this.search.nearestKeys(key, n);
  }
}
