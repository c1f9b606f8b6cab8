/**
 * The source registry: sources by key and by file, and the global passage
 * table (passage id -> passage, source, length in terms, alive flag). Removing
 * a source tombstones its passages; ids are never reused until the index is
 * rebuilt from a snapshot.
 */
import { Passage, Source } from '../types';

export class SourceRegistry {
  readonly byKey = new Map<string, Source>();
  private readonly byFile = new Map<string, Source[]>();
  /** Passage table, by passage id (tombstoned entries stay until a rebuild). */
  readonly passages: Passage[] = [];
  readonly passageSource: Source[] = [];
  /** Length of each passage in index terms (capped at 65535). */
  docLen = new Uint16Array(1024);
  /** 1 while the passage is part of the index. */
  alive = new Uint8Array(1024);
  aliveCount = 0;
  totalLen = 0;
  /** Tombstoned passages not yet compacted away. */
  dead = 0;

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

  isAlive(id: number): boolean {
    return this.alive[id] === 1;
  }

  /**
   * Register sources (replacing an earlier source of the same key) and number
   * their passages; returns the new passage ids. Passages stay dead until
   * `activate` gives them a length.
   */
  add(sources: Source[]): Uint32Array {
    const ids: number[] = [];
    for (const s of sources) {
      const prev = this.byKey.get(s.key);
      if (prev) this.remove(prev);
      this.byKey.set(s.key, s);
      this.fileList(s.file).push(s);
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
    this.byKey.clear();
    for (const list of this.byFile.values()) for (const s of list) this.byKey.set(s.key, s);
  }

  /** True when the passages are exactly 0..n-1 in source order, all alive (a snapshot can be taken as is). */
  sequential(): boolean {
    let next = 0;
    for (const s of this.byKey.values()) for (const p of s.passages) if (p.id !== next++ || !this.alive[p.id]) return false;
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
    const n = this.passages.length;
    if (docLen.length !== n) throw new Error('snapshot document lengths do not match its passages');
    this.ensureCapacity(n);
    this.docLen.set(docLen);
    this.alive.fill(1, 0, n);
    this.aliveCount = n;
    this.totalLen = docLen.reduce((a, b) => a + b, 0);
  }

  private fileList(file: string): Source[] {
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    return list;
  }

  private remove(s: Source): void {
    if (this.byKey.get(s.key) === s) this.byKey.delete(s.key);
    const list = this.byFile.get(s.file);
    if (list) {
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byFile.delete(s.file);
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
