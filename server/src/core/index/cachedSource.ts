/**
 * A source read from the index cache. Its metadata are own fields, as on any
 * Source; its passages are the passage table's views (registry.ts), gathered
 * on first read: a warm start makes no passage object for the 600,000
 * passages of the 100 MB corpus until something reads them (issue 13).
 */
import { Passage, Source } from '../types';
import type { PassageTable } from './registry';

export class CachedSource implements Source {
  declare key: string;
  declare title: string;
  declare file: string;
  declare startLine: number;
  declare endLine: number;
  readonly #table: PassageTable;
  readonly #first: number;
  readonly #n: number;
  #list: Passage[] | undefined;

  constructor(table: PassageTable, first: number, n: number) {
    this.#table = table;
    this.#first = first;
    this.#n = n;
  }

  /** The source's passages (ids first .. first+n-1 of the table), made on first read; assignable like any Source's. */
  get passages(): Passage[] {
    if (!this.#list) {
      const list = new Array<Passage>(this.#n);
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
