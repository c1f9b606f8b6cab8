/** The index as flat arrays, for the persisted cache (cache.ts); CorpusIndex.toSnapshot / fromSnapshot. */
import { Source } from '../types';
import type { PassageStore } from './passageStore';
import type { FlatPostings } from './postings';
import type { PassageTable } from './registry';

/**
 * A compacted index as flat arrays, for the persisted cache: sources (with
 * passages and figures) as plain objects, postings and figure buckets as
 * typed arrays. Passage ids are 0..n-1 in source order.
 */
export interface IndexSnapshot extends FlatPostings {
  sources: Source[];
  /** The store every passage of `sources` reads (a cache read gives one; the index then keeps it). */
  store?: PassageStore;
  /**
   * A cache read's sources: their passages are `table`'s ids 0..n-1 in order (`counts[i]` for source i),
   * the rows of `store`, made on first read.
   */
  lazy?: { counts: Uint32Array; table: PassageTable };
  docLen: Uint16Array;
  buckets: { name: string; values: Float64Array; ids: Uint32Array; fig: Uint16Array }[];
}

