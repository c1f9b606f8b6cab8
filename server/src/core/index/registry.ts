/**
 * The source registry: sources by key and by file, and the global passage
 * table (passage id -> passage, source, length in terms, alive flag). Removing
 * a source tombstones its passages; ids are never reused until the index is
 * rebuilt from a snapshot.
 */
import { Passage, Source } from '../types';
import { CachedSource } from './cachedSource';
import type { PassageStore } from './passageStore';

/**
 * The passage table, by passage id. A warm start's passages (a cache's rows) are
 * made on first use, not at load: 600,000 views and their garbage collection
 * were a third of the 100 MB corpus's warm start (issue 13). Each id gets one
 * object, so a source's `passages` and the table hold the same views.
 */
export class PassageTable {
  private slots: (Passage | undefined)[] = [];
  private make: ((id: number) => Passage) | undefined;
  /** Ids below this are made by `make` (a cache's), the others by `late` (a cold build's compacted sources). */
  private makeN = 0;
  private late: ((id: number) => Passage) | undefined;

  get length(): number {
    return this.slots.length;
  }

  /** The passage with this id (made now if it was never asked for); like an array's `at` for ids in range. */
  at(id: number): Passage {
    let p = this.slots[id];
    if (p === undefined) {
      const make = id < this.makeN ? this.make : this.late;
      if (!make || id < 0 || id >= this.slots.length) throw new RangeError(`no passage ${id}`);
      this.slots[id] = p = make(id);
    }
    return p;
  }

  /** The passage with this id only if it was made already (never makes one). */
  peek(id: number): Passage | undefined {
    return this.slots[id];
  }

  set(id: number, p: Passage): void {
    this.slots[id] = p;
  }

  push(p: Passage): void {
    this.slots.push(p);
  }

  /** `n` more ids whose passages `late` makes on first use. */
  pushUnmade(n: number, late: (id: number) => Passage): void {
    this.late = late;
    for (let k = 0; k < n; k++) this.slots.push(undefined);
  }

  /** `n` passages, ids 0..n-1, made by `make` on first use (an empty table only). */
  static lazy(n: number, make: (id: number) => Passage): PassageTable {
    const t = new PassageTable();
    t.slots = new Array<Passage | undefined>(n).fill(undefined);
    t.make = make;
    t.makeN = n;
    return t;
  }

  /** Views made so far (for tests and the memory benchmark). */
  get made(): number {
    let k = 0;
    for (const p of this.slots) if (p !== undefined) k++;
    return k;
  }
}

export class SourceRegistry {
  readonly byKey = new Map<string, Source>();
  /** Sources by file, built on first use (a warm start never needs it before files change). */
  private byFileMap: Map<string, Source[]> | undefined = new Map();
  /** Passage table, by passage id (tombstoned entries stay until a rebuild). */
  passages = new PassageTable();
  /** The source of each passage id from `lazyN` on (see sourceOf). */
  private passageSource: Source[] = [];
  /** A snapshot's sources and the first passage id of each (+ the end): ids below lazyN are found by binary search, not stored per passage. */
  private lazySources: Source[] = [];
  private lazyFirst = new Uint32Array(1);
  private lazyN = 0;
  /** Length of each passage in index terms (capped at 65535). */
  docLen = new Uint16Array(1024);
  /** 1 while the passage is part of the index. */
  alive = new Uint8Array(1024);
  aliveCount = 0;
  totalLen = 0;
  /** Tombstoned passages not yet compacted away. */
  dead = 0;
  /** Loaded from a snapshot and unchanged since: passages are 0..n-1 in source order (sequential() without reading them). */
  private pristine = false;

  get size(): number {
    return this.byKey.size;
  }

  /** Mean passage length in terms (1 when empty). */
  get avgdl(): number {
    return this.totalLen / Math.max(1, this.aliveCount) || 1;
  }

  get(key: string): Source | undefined {
    return this.byKey.get(key);
  }

  sources(): Source[] {
    return [...this.byKey.values()];
  }

  /** The source a passage id was given to (also for tombstoned ids; check isAlive). */
  sourceOf(id: number): Source {
    if (id >= this.lazyN) return this.passageSource[id - this.lazyN];
    // The last source whose first id is at or before `id` (sources without passages share their successor's first id).
    const f = this.lazyFirst;
    let lo = 0;
    let hi = this.lazySources.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (f[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    return this.lazySources[lo];
  }

  isAlive(id: number): boolean {
    return this.alive[id] === 1;
  }

  /**
   * Register sources (replacing an earlier source of the same key) and number
   * their passages; returns the new passage ids. Passages stay dead until
   * `activate` gives them a length.
   */
  add(sources: Source[]): Uint32Array {
    this.pristine = false;
    const ids: number[] = [];
    for (const s of sources) {
      const prev = this.byKey.get(s.key);
      if (prev) this.remove(prev);
      this.byKey.set(s.key, s);
      this.fileList(s.file).push(s);
      if (s instanceof CachedSource && s.unbound) {
        // A cold build's compacted source: its passages are store rows, made into views on first use.
        const first = this.passages.length;
        const n = s.passageCount;
        s.bind(this.passages, first);
        this.passages.pushUnmade(n, this.lateView);
        for (let k = 0; k < n; k++) {
          this.passageSource.push(s);
          ids.push(first + k);
        }
        continue;
      }
      for (const p of s.passages) {
        const id = this.passages.length;
        p.id = id;
        this.passages.push(p);
        this.passageSource.push(s);
        ids.push(id);
      }
    }
    this.ensureCapacity(this.passages.length);
    return Uint32Array.from(ids);
  }

  /** The view on a compacted source's passage (PassageTable.pushUnmade). */
  private readonly lateView = (id: number): Passage => (this.sourceOf(id) as CachedSource).view(id);

  /** The row in `store` of passage `id` when the table has not made it and it is that store's row (else -1). */
  storedRow(id: number, store: PassageStore): number {
    if (id < this.lazyN) return id; // a cache's table: the index's store is the cache's
    const s = this.sourceOf(id);
    const first = s instanceof CachedSource ? s.lazyFirst : undefined;
    const row = first === undefined ? undefined : (s as CachedSource).rowsIn(store);
    return row === undefined ? -1 : row + id - first!;
  }

  /** Make passage `id` part of the index with `len` terms. */
  activate(id: number, len: number): void {
    this.docLen[id] = len;
    if (!this.alive[id]) {
      this.alive[id] = 1;
      this.aliveCount++;
    }
    this.totalLen += len;
  }

  /** Remove every source of a file; false when the file had none. */
  removeFile(file: string): boolean {
    const list = this.byFile.get(file);
    if (!list) return false;
    for (const s of [...list]) this.remove(s);
    this.byFile.delete(file);
    return true;
  }

  /** Re-read every source's key (after a loader changed provisional keys in place). */
  rebuildKeyMap(): void {
    this.pristine = false;
    const files = this.byFile; // built from byKey before it is cleared
    this.byKey.clear();
    for (const list of files.values()) for (const s of list) this.byKey.set(s.key, s);
  }

  /** True when the passages are exactly 0..n-1 in source order, all alive (a snapshot can be taken as is). */
  sequential(): boolean {
    if (this.pristine) return true;
    let next = 0;
    for (const s of this.byKey.values()) {
      const first = s instanceof CachedSource ? s.lazyFirst : undefined;
      if (first === undefined) {
        for (const p of s.passages) if (p.id !== next++ || !this.alive[p.id]) return false;
        continue;
      }
      // A compacted source's passages, without making them: ids first.. in order.
      if (first !== next) return false;
      const n = (s as CachedSource).passageCount;
      for (let k = 0; k < n; k++) if (!this.alive[next++]) return false;
    }
    return next === this.passages.length;
  }

  /** Fill an empty registry from snapshot sources whose passages are numbered 0..n-1 in order. */
  loadSequential(sources: Source[], docLen: Uint16Array): void {
    if (this.passages.length) throw new Error('registry is not empty');
    for (const s of sources) {
      this.byKey.set(s.key, s);
      this.fileList(s.file).push(s);
      for (const p of s.passages) {
        if (p.id !== this.passages.length) throw new Error('snapshot passages out of order');
        this.passages.push(p);
        this.passageSource.push(s);
      }
    }
    this.loadLengths(docLen);
  }

  /**
   * Fill an empty registry from snapshot sources whose passages are the ids
   * 0..n-1 in order, `counts[i]` of them for source i, held by `table` (made
   * on first use): no passage is read or made here.
   */
  loadLazy(sources: Source[], counts: Uint32Array, table: PassageTable, docLen: Uint16Array): void {
    if (this.passages.length) throw new Error('registry is not empty');
    if (counts.length !== sources.length) throw new Error('snapshot passage counts do not match its sources');
    const n = table.length;
    const first = new Uint32Array(sources.length + 1);
    let id = 0;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      this.byKey.set(s.key, s);
      first[i] = id;
      id += counts[i];
      if (id > n) throw new Error('more passages in the sources than in the table');
    }
    if (id !== n) throw new Error('snapshot passage count mismatch');
    first[sources.length] = n;
    this.byFileMap = undefined; // built from byKey when first needed
    this.passages = table;
    this.lazySources = sources;
    this.lazyFirst = first;
    this.lazyN = n;
    this.loadLengths(docLen);
    this.pristine = true;
  }

  private loadLengths(docLen: Uint16Array): void {
    const n = this.passages.length;
    if (docLen.length !== n) throw new Error('snapshot document lengths do not match its passages');
    this.ensureCapacity(n);
    this.docLen.set(docLen);
    this.alive.fill(1, 0, n);
    this.aliveCount = n;
    let total = 0;
    for (let i = 0; i < n; i++) total += docLen[i];
    this.totalLen = total;
  }

  private get byFile(): Map<string, Source[]> {
    if (!this.byFileMap) {
      const m = new Map<string, Source[]>();
      for (const s of this.byKey.values()) {
        const l = m.get(s.file);
        if (l) l.push(s);
        else m.set(s.file, [s]);
      }
      this.byFileMap = m;
    }
    return this.byFileMap;
  }

  private fileList(file: string): Source[] {
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    return list;
  }

  private remove(s: Source): void {
    this.pristine = false;
    if (this.byKey.get(s.key) === s) this.byKey.delete(s.key);
    const list = this.byFile.get(s.file);
    if (list) {
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byFile.delete(s.file);
    }
    for (const p of s.passages) {
      if (p.id >= 0 && this.alive[p.id] && this.sourceOf(p.id) === s) {
        this.alive[p.id] = 0;
        this.aliveCount--;
        this.totalLen -= this.docLen[p.id];
        this.dead++;
      }
    }
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
}
