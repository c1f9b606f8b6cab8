/**
 * Surface features for stage 2 (see rank.ts): how much of the query's exact
 * wording a candidate passage holds. The index keeps stemmed terms without stop
 * words, so "the chip is reported to be up to 10 times faster" and "will run
 * 10-times faster than current PC chips" look alike to BM25; MiniSearch, which
 * keeps every word as written, tells them apart. These features give that back
 * on the few best candidates only (the passage text is re-read):
 *
 *  - exact words: each distinct query word (not a stop word) found in the
 *    passage as written ("stocks" in a passage saying "stocks", not only "stock"),
 *    weighted by its term's idf;
 *  - word pairs: each distinct pair of adjacent query words, stop words included
 *    ("up to", "seeking damages"), found adjacent in the passage, weighted by
 *    the mean weight of its two words (a stop word weighs `stopWeight`).
 */
import { termOf, words } from '../text/tokens';

export const PHRASE_PARAMS = {
  /** Weight of an exact query word found in the passage: this times its idf. */
  formWeight: 0.25,
  /** Weight of an adjacent pair of query words found adjacent in the passage: this times the pair's mean word weight. */
  pairWeight: 0.5,
  /** The weight of a stop word (or a one-character word) in a pair. */
  stopWeight: 1,
};

export interface Surface {
  /** Distinct query words that are index terms, with the idf of their term. */
  words: Map<string, number>;
  /** Distinct pairs of adjacent query words ("a b"), with the mean weight of the two words. */
  pairs: Map<string, number>;
  /** Every word of the pairs (a passage's pair is looked up only when both its words are here). */
  inPairs: Set<string>;
}

/** The surface of query `text`; `idfOf` gives the idf of an index term (undefined: not in the index). */
export function makeSurface(text: string, idfOf: (term: string) => number | undefined): Surface {
  const ws = words(text);
  const weight = ws.map((w) => {
    const t = termOf(w);
    if (t === undefined) return PHRASE_PARAMS.stopWeight;
    return idfOf(t) ?? 0; // a word no passage holds cannot match
  });
  const out: Surface = { words: new Map(), pairs: new Map(), inPairs: new Set() };
  ws.forEach((w, i) => {
    if (termOf(w) !== undefined && weight[i] > 0) out.words.set(w, weight[i]);
    if (i > 0 && weight[i - 1] > 0 && weight[i] > 0) {
      out.pairs.set(`${ws[i - 1]} ${w}`, (weight[i - 1] + weight[i]) / 2);
      out.inPairs.add(ws[i - 1]).add(w);
    }
  });
  return out;
}

/** The most surfaceScore can give for `s` (every word and every pair found). */
export function surfaceMax(s: Surface): number {
  let w = 0;
  let p = 0;
  for (const x of s.words.values()) w += x;
  for (const x of s.pairs.values()) p += x;
  return PHRASE_PARAMS.formWeight * w + PHRASE_PARAMS.pairWeight * p;
}

/** Exact-word and word-pair score of a passage text (or of its `words`) for the query surface `s` (each word and pair counted once). */
export function surfaceScore(s: Surface, text: string | string[]): number {
  if (s.words.size === 0 && s.pairs.size === 0) return 0;
  const { formWeight, pairWeight } = PHRASE_PARAMS;
  if (formWeight === 0 && pairWeight === 0) return 0;
  const seen = new Set<string>();
  let score = 0;
  let prev = ''; // the previous word when it is a word of a pair, else ''
  for (const w of typeof text === 'string' ? words(text) : text) {
    const wi = s.words.get(w);
    if (wi !== undefined && !seen.has(w)) {
      seen.add(w);
      score += formWeight * wi;
    }
    if (!s.inPairs.has(w)) {
      prev = '';
      continue;
    }
    if (prev) {
      const key = `${prev} ${w}`;
      const pi = s.pairs.get(key);
      if (pi !== undefined && !seen.has(key)) {
        seen.add(key);
        score += pairWeight * pi;
      }
    }
    prev = w;
  }
  return score;
}
