/**
 * Conjunctive (AND) candidates: the alive passages holding every term of a
 * query, by intersecting posting lists rarest first. A verbatim quotation can
 * only be in such a passage, so finding one needs no ranking of the whole
 * corpus: the intersection of its rarest words is a handful of passages.
 */
import { QueryTerm } from './bm25';
import { indexOfSorted } from './sorted';

/**
 * Ids (ascending) of alive passages holding all of `terms`, or undefined when
 * more than `max` do (the caller falls back to ranking). `terms` must be
 * sorted rarest first (as queryTerms gives them); with no terms, undefined too.
 */
export function holdingAll(terms: QueryTerm[], alive: Uint8Array, max: number): number[] | undefined {
  if (terms.length === 0) return undefined;
  // The rarest term's postings (over every segment) are the starting set.
  let set: number[] = [];
  for (const p of terms[0].lists) for (let i = p.from; i < p.to; i++) if (alive[p.ids[i]]) set.push(p.ids[i]);
  set.sort((a, b) => a - b);
  for (let k = 1; k < terms.length && set.length > 0; k++) {
    const lists = terms[k].lists;
    set = set.filter((id) => lists.some((p) => indexOfSorted(p.ids, p.from, p.to, id) >= 0));
  }
  return set.length > max ? undefined : set;
}
