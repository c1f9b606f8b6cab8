/**
 * Answers read from the index, remembered per index and dropped whenever the index changes (its
 * version): a draft that asks the same question in many paragraphs, or is checked again, asks the
 * index once. Bounded: a table is emptied when full, which only costs the lookups again. Keys are
 * kept as own copies (text/copy.ts): a key built from a slice of a draft would keep the draft alive.
 */
import { CorpusIndex } from '../index/index';
import { ownCopy } from '../text/copy';

/** One index version's remembered answers. */
export class MemoTable<V> {
  private readonly items = new Map<string, V>();
  constructor(
    readonly version: number,
    private readonly max: number,
  ) {}

  get(key: string): V | undefined {
    return this.items.get(key);
  }

  set(key: string, value: V): void {
    if (this.items.size >= this.max) this.items.clear();
    this.items.set(ownCopy(key), value);
  }

  get size(): number {
    return this.items.size;
  }
}

export class IndexMemo<V> {
  private readonly tables = new WeakMap<CorpusIndex, MemoTable<V>>();
  constructor(private readonly max: number) {}

  /** The table for this index at its current version (a new, empty one once the index changed). */
  of(index: CorpusIndex): MemoTable<V> {
    let t = this.tables.get(index);
    if (!t || t.version !== index.version) this.tables.set(index, (t = new MemoTable<V>(index.version, this.max)));
    return t;
  }
}
