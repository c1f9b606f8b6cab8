/**
 * A passage that lives in a PassageStore (passageStore.ts): a view on one row.
 */
import type { PassageStore } from './passageStore';
import { Figure, Passage } from '../types';

/** What a view keeps of its own: values a caller assigned, and the page of a paged source. */
interface ViewExtra {
  text?: string;
  figures?: Figure[];
  page?: number;
  edited?: boolean;
}

/**
 * A passage that lives in a PassageStore: `text` is decoded from the store on
 * each read; `figures` come from the store's bounded figure cache. Assigning
 * them keeps the value on the view (nothing in the index does; a caller that
 * edits a passage still sees its edit, and the cache then writes the edited
 * values). Four fields, so a view costs 56 bytes of heap (it was 80 with a
 * field per optional value; 600,000 of them on the 100 MB corpus).
 */
export class StoredPassage implements Passage {
  private x: ViewExtra | undefined;

  constructor(
    private readonly store: PassageStore,
    /** The row in the store; `id` may be renumbered by the index. */
    readonly row: number,
    public id: number,
  ) {}

  get n(): number {
    return this.store.n(this.row);
  }
  get startLine(): number {
    return this.store.startLine(this.row);
  }
  get endLine(): number {
    return this.store.endLine(this.row);
  }
  get startOffset(): number {
    return this.store.startOffset(this.row);
  }
  get page(): number | undefined {
    return this.x?.page;
  }
  set page(v: number | undefined) {
    if (v === undefined && !this.x) return;
    (this.x ??= {}).page = v;
  }
  /**
   * Decoded from the store on each read (not kept: a load fingerprints every
   * passage's text once, and keeping them would put every text back in the heap).
   */
  get text(): string {
    return this.x?.text ?? this.store.textOf(this.row);
  }
  set text(v: string) {
    const x = (this.x ??= {});
    x.text = v;
    x.edited = true;
  }
  get figures(): Figure[] {
    return this.x?.figures ?? this.store.cachedFiguresOf(this.row);
  }
  set figures(v: Figure[]) {
    const x = (this.x ??= {});
    x.figures = v;
    x.edited = true;
  }
  /** Another view on the same row (with the page; edits are not carried: copy only plain views). */
  copy(): StoredPassage {
    const v = new StoredPassage(this.store, this.row, this.id);
    if (this.page !== undefined) v.page = this.page;
    return v;
  }

  /** True when this view reads the given store unchanged (the cache can copy its columns). */
  plainIn(store: PassageStore): boolean {
    return this.store === store && !this.x?.edited;
  }

  toJSON(): Passage {
    const p: Passage = { id: this.id, n: this.n, text: this.text, startLine: this.startLine, endLine: this.endLine, startOffset: this.startOffset, figures: this.figures };
    if (this.page !== undefined) p.page = this.page;
    return p;
  }
}

/** What the passage table holds for a tombstoned passage after compaction. */
export const DEAD_PASSAGE: Passage = Object.freeze({ id: -1, n: 0, text: '', startLine: 0, endLine: 0, startOffset: 0, figures: Object.freeze([]) as unknown as Figure[] });

/** A plain copy of a passage (a StoredPassage's fields are getters, which a spread would not copy). */
export function plainPassage(p: Passage): Passage {
  const q: Passage = { id: p.id, n: p.n, text: p.text, startLine: p.startLine, endLine: p.endLine, startOffset: p.startOffset, figures: p.figures.map((f) => ({ ...f })) };
  if (p.page !== undefined) q.page = p.page;
  return q;
}
