/**
 * A source whose passages are rows of a passage store, not objects: read from
 * the index cache (a warm start), or streamed in by a cold build (stream.ts
 * `compact`). Its metadata are own fields, as on any Source; its passages are
 * the passage table's views (registry.ts), gathered on first read: neither
 * start makes a passage object for the 600,000 passages of the 100 MB corpus
 * until something reads them (issue 13).
 */
import { Passage, Source } from '../types';
import type { PassageStore } from './passageStore';
import type { PassageTable } from './registry';
import { StoredPassage } from './storedPassage';

export class CachedSource implements Source {
  declare key: string;
  declare title: string;
  declare file: string;
  declare startLine: number;
  declare endLine: number;
  #table: PassageTable | undefined;
  #first: number;
  readonly #n: number;
  /** The store holding the passages as rows #row.. (in order), when known. */
  readonly #store: PassageStore | undefined;
  readonly #row: number;
  /** False when no passage has a page (a cold build compacts only such sources). */
  readonly #paged: boolean;
  #list: Passage[] | undefined;

  /**
   * `n` passages: ids `first`.. of `table` (a cache read), or, before the index numbers them
   * (`bind`), rows `row`.. of `store` (a cold build).
   */
  constructor(table: PassageTable | undefined, first: number, n: number, rows?: { store: PassageStore; row: number; paged: boolean }) {
    this.#table = table;
    this.#first = first;
    this.#n = n;
    this.#store = rows?.store;
    this.#row = rows?.row ?? 0;
    this.#paged = rows?.paged ?? true;
  }

  /** Give the passages their ids in `table` (the registry, when it registers this source). */
  bind(table: PassageTable, first: number): void {
    this.#table = table;
    this.#first = first;
  }

  /** True until the registry numbered the passages. */
  get unbound(): boolean {
    return this.#table === undefined;
  }

  /** Passage ids first.. (n of them) while the table still holds them (the list was never assigned), else undefined. */
  get lazyFirst(): number | undefined {
    return this.#list || !this.#table ? undefined : this.#first;
  }

  get passageCount(): number {
    return this.#list ? this.#list.length : this.#n;
  }

  /** False when no passage of this source has a page (known without reading them). */
  get mayHavePages(): boolean {
    return this.#list !== undefined || this.#paged;
  }

  /** The first row in `store` of the passages, when they are still that store's rows in order (nothing assigned). */
  rowsIn(store: PassageStore): number | undefined {
    return this.#list || this.#store !== store ? undefined : this.#row;
  }

  /** The view on passage `id` (one of this source's), made for the passage table. */
  view(id: number): StoredPassage {
    if (!this.#store) throw new RangeError(`no store row for passage ${id}`);
    return new StoredPassage(this.#store, this.#row + id - this.#first, id);
  }

  /** The source's passages (ids first .. first+n-1 of the table), made on first read; assignable like any Source's. */
  get passages(): Passage[] {
    if (!this.#list) {
      const list = new Array<Passage>(this.#n);
      if (!this.#table) {
        // Not numbered yet: views with no id, not kept (the table will make the views that stay).
        for (let j = 0; j < this.#n; j++) list[j] = new StoredPassage(this.#store!, this.#row + j, -1);
        return list;
      }
      for (let j = 0; j < this.#n; j++) list[j] = this.#table.at(this.#first + j);
      this.#list = list;
    }
    return this.#list;
  }

  set passages(v: Passage[]) {
    this.#list = v;
  }

  /** A plain object, as a source read from its file serialises (own fields and the passages). */
  toJSON(): Source {
    return { ...this, passages: this.passages };
  }
}

/** How many passages a source has (without making a cached source's passages). */
export function passageCount(s: Source): number {
  return s instanceof CachedSource ? s.passageCount : s.passages.length;
}

/** True when some passage of the source has a page (without making a compacted source's passages). */
export function hasPages(s: Source): boolean {
  if (s instanceof CachedSource && !s.mayHavePages) return false;
  return s.passages.some((p) => p.page !== undefined);
}
