/**
 * Sources streamed into an index as a loader reads them (issues 11 and 13).
 *
 * `add` does at once everything that needs a passage's text and figures:
 * tokenizing it into the postings builder, entering its figures in the figure
 * buckets builder, and copying text and figures into the passage store (the
 * passage becomes a StoredPassage view there). The loader's strings and figure
 * objects are then garbage while still young: a cold build no longer holds
 * every text in the JavaScript heap until the end, nor copies each one to
 * detach it from its file's text, nor has the garbage collector copy them all
 * to the old generation.
 *
 * What needs the sources' keys (the registry, passage ids) waits for the
 * index's `publish`, which the loader calls once keys are known: at each
 * progressive batch, or once at the end. Nothing is searchable before that.
 */
import { Passage, Source } from '../types';
import { CachedSource } from './cachedSource';
import { FigureBucketsBuilder } from './figureIndex';
import { PassageStore } from './passageStore';
import { PostingsBuilder, TermDict } from './postings';
import type { PassageTable } from './registry';
import { StoredPassage } from './storedPassage';

/** What a loader streams sources into (CorpusIndex.stream). */
export interface SourceSink {
  /**
   * Index these sources' passages (not yet searchable); their passages become store views.
   * A `compact` sink (CorpusIndex.stream) instead replaces each source in `sources` by a
   * CachedSource over the store's rows (the caller keeps and keys those): no passage object stays.
   */
  add(sources: Source[]): void;
  /** Make every source added so far searchable, with the keys they carry now (one new segment). */
  flush(): void;
}

/** Sources added and not yet published, with their postings, figure buckets and stored passages. */
export class PendingSources {
  readonly sources: Source[] = [];
  readonly postings: PostingsBuilder;
  readonly figures = new FigureBucketsBuilder();

  /** `store` gives the index's passage store now (compaction may replace it between two adds). */
  constructor(
    dict: TermDict,
    private readonly store: () => PassageStore,
    private readonly compact = false,
  ) {
    this.postings = new PostingsBuilder(dict);
  }

  add(sources: Source[]): void {
    const store = this.store();
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      const list = s.passages;
      if (this.compact && !(s instanceof CachedSource) && list.every((p) => p.page === undefined && !(p instanceof StoredPassage))) {
        // Rows in the store and one CachedSource: no view per passage, no passages array (issue 13).
        const row = store.rows;
        for (const p of list) {
          const k = this.postings.passages;
          this.postings.add(p.text);
          this.figures.add(k, p.figures);
          store.append(p);
        }
        const c = compactSource(s, store, row);
        sources[i] = c;
        this.sources.push(c);
        continue;
      }
      for (let j = 0; j < list.length; j++) {
        const p = list[j];
        const k = this.postings.passages;
        this.postings.add(p.text);
        this.figures.add(k, p.figures);
        if (!(p instanceof StoredPassage && p.plainIn(store))) list[j] = stored(store, p);
      }
      this.sources.push(s);
    }
  }
}

/** A sink over `fresh()` pending sources; `flush` hands them to `publish` and starts anew. */
export function sinkOf(fresh: () => PendingSources, publish: (p: PendingSources) => void): SourceSink {
  let pending = fresh();
  return {
    add: (sources) => pending.add(sources),
    flush: () => {
      const done = pending;
      pending = fresh();
      publish(done);
    },
  };
}

/** `s` as a CachedSource whose passages are `store`'s rows from `row` on (same metadata, own fields). */
export function compactSource(s: Source, store: PassageStore, row: number): CachedSource {
  const c = new CachedSource(undefined, 0, s.passages.length, { store, row, paged: false });
  for (const k of Object.keys(s)) if (k !== 'passages') (c as unknown as Record<string, unknown>)[k] = (s as unknown as Record<string, unknown>)[k];
  return c;
}

function stored(store: PassageStore, p: Passage): StoredPassage {
  const v = new StoredPassage(store, store.append(p), p.id);
  if (p.page !== undefined) v.page = p.page;
  return v;
}

/**
 * Move the passages of `sources` into `store`: each becomes a StoredPassage view (in its
 * source's array and in the passage `table`), so the texts and figure objects the loader
 * made can be collected. Passages already read from `store` unchanged stay as they are.
 */
export function storePassages(store: PassageStore, sources: readonly Source[], table: PassageTable): void {
  for (const s of sources) {
    const list = s.passages;
    for (let j = 0; j < list.length; j++) {
      const p = list[j];
      if (p instanceof StoredPassage && p.plainIn(store)) continue;
      const v = stored(store, p);
      list[j] = v;
      if (table.peek(p.id) === p) table.set(p.id, v);
    }
  }
}
