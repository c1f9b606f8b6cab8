/**
 * The one BM25 scorer. A query is tokenised once into QueryTerms (idf and the
 * posting lists of every segment); passages are then scored either by walking
 * posting lists into an accumulator (many passages, few terms) or one by one
 * with term frequencies found by binary search (few passages, any terms).
 * Both use `termScore`, so the two paths give identical scores.
 */
import { tokenize } from '../text/tokens';
import { Postings, TermPostings } from './postings';
import { indexOfSorted } from './sorted';

/**
 * BM25+ parameters: k1 (term frequency saturation), b (length normalisation)
 * and delta (a floor for each matched term, so a long passage that matches a
 * term is not scored as if it barely did; Lv and Zhai 2011). Chosen with
 * `npm run eval:ranking` on a development seed; the evaluation may override them.
 */
export const BM25_PARAMS = { k1: 1.2, b: 0.75, delta: 1 };

export interface QueryTerm {
  term: string;
  idf: number;
  /** Passages (alive or tombstoned) containing the term, over all segments. */
  df: number;
  lists: Postings[];
}

/** What scoring needs to know about the passages. */
export interface Collection {
  docLen: Uint16Array;
  alive: Uint8Array;
  /** Alive passages. */
  n: number;
  avgdl: number;
  /** Every passage in the postings is alive (none tombstoned): a walk need not read `alive`. */
  allAlive?: boolean;
}

export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** One term's BM25 contribution to a passage of `len` terms. */
export function termScore(idfv: number, tf: number, len: number, avgdl: number): number {
  const { k1, b, delta } = BM25_PARAMS;
  return idfv * (delta + (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avgdl)));
}

/** The last table of tfOneScores, with what it was made for. */
let oneTable: { avgdl: number; k1: number; b: number; delta: number; g: Float64Array } | undefined;

/**
 * termScore's factor for a term found once, by passage length (0 .. 65,535, docLen's range): termScore(idf, 1, len,
 * avgdl) === idf * table[len] to the bit (the same operations in the same order). Most postings have tf 1, and a
 * table read is cheaper than the two divisions (issue 13: the posting walk of a completion's ranking at 100 MB).
 * Made again when avgdl or the parameters change.
 */
export function tfOneScores(avgdl: number): Float64Array {
  const { k1, b, delta } = BM25_PARAMS;
  const t = oneTable;
  if (t && t.avgdl === avgdl && t.k1 === k1 && t.b === b && t.delta === delta) return t.g;
  const g = new Float64Array(65536);
  for (let len = 0; len < g.length; len++) g[len] = delta + (1 * (k1 + 1)) / (1 + k1 * (1 - b + (b * len) / avgdl));
  oneTable = { avgdl, k1, b, delta, g };
  return g;
}

/** Every distinct index term of `text` (or of its tokens) found in the index, rarest (highest idf) first. */
export function queryTerms(text: string | readonly string[], segments: TermPostings[], n: number): QueryTerm[] {
  const out: QueryTerm[] = [];
  const tokens = typeof text === 'string' ? tokenize(text) : text;
  // Distinct terms in order of first sight; a sentence's few are checked in place, no Set per query (issue 13).
  const distinct = tokens.length <= 64 ? tokens : [...new Set(tokens)];
  for (let k = 0; k < distinct.length; k++) {
    const t = distinct[k];
    if (distinct !== tokens || tokens.indexOf(t) === k) addTerm(out, t, segments, n);
  }
  return sortTerms(out);
}

/** Rarest first, then by term: a total order (terms are distinct), so insertion sort of a sentence's few terms gives sort's order without its work array. */
function sortTerms(out: QueryTerm[]): QueryTerm[] {
  const before = (a: QueryTerm, b: QueryTerm) => b.idf - a.idf || (a.term < b.term ? -1 : 1);
  if (out.length > 24) return out.sort(before);
  for (let i = 1; i < out.length; i++) {
    const x = out[i];
    let j = i - 1;
    for (; j >= 0 && before(out[j], x) > 0; j--) out[j + 1] = out[j];
    out[j + 1] = x;
  }
  return out;
}

/** Append term `t`'s QueryTerm to `out` when some segment holds it; its lists made to size (a term is in one segment or few). */
function addTerm(out: QueryTerm[], t: string, segments: TermPostings[], n: number): void {
  let df = 0;
  let lists: Postings[] | undefined;
  for (const seg of segments) {
    const p = seg.get(t);
    if (p) {
      df += p.to - p.from;
      if (lists) lists.push(p);
      else lists = [p];
    }
  }
  if (lists && df > 0) out.push({ term: t, idf: idf(Math.max(1, n), df), df, lists });
}

/** BM25 of passage `id` for `terms` (term frequencies by binary search in the postings). */
export function scoreOne(c: Collection, terms: QueryTerm[], id: number): number {
  const len = c.docLen[id];
  let score = 0;
  for (const q of terms) {
    for (const p of q.lists) {
      const i = indexOfSorted(p.ids, p.from, p.to, id);
      if (i >= 0) score += termScore(q.idf, p.tfs[i], len, c.avgdl);
    }
  }
  return score;
}

/** BM25 of passage `id` for `terms`, and how many of the terms it holds (for the coordination factor). */
export function scoreMatched(c: Collection, terms: QueryTerm[], id: number): [number, number] {
  const len = c.docLen[id];
  let score = 0;
  let held = 0;
  for (const q of terms) {
    let has = false;
    for (const p of q.lists) {
      const i = indexOfSorted(p.ids, p.from, p.to, id);
      if (i >= 0) {
        score += termScore(q.idf, p.tfs[i], len, c.avgdl);
        has = true;
      }
    }
    if (has) held++;
  }
  return [score, held];
}

/**
 * BM25 for `terms` of every alive passage containing one of them, by walking
 * the posting lists. `acc` is a zeroed scratch array with a slot per passage;
 * the touched slots are returned as ids/vals and zeroed again. Alive (distinct) passages
 * of `extra` are added with score 0 when no term matched them. With `count` (a
 * zeroed scratch array like `acc`), how many of the terms each passage holds is
 * returned too, as `held` (and `count` zeroed again).
 */
export function accumulate(
  c: Collection,
  terms: QueryTerm[],
  acc: Float64Array,
  extra?: Iterable<number>,
  count?: Int32Array | Uint8Array,
): { ids: number[]; vals: number[]; held?: number[] } {
  const ids: number[] = [];
  const { alive, docLen, avgdl } = c;
  for (const q of terms) {
    for (const p of q.lists) {
      const pid = p.ids;
      const tfs = p.tfs;
      for (let i = p.from; i < p.to; i++) {
        const id = pid[i];
        if (!alive[id]) continue;
        if (acc[id] === 0) ids.push(id);
        acc[id] += termScore(q.idf, tfs[i], docLen[id], avgdl);
        if (count) count[id]++; // a passage is in one segment, so in one list of a term
      }
    }
  }
  // Passages that must be candidates whatever their words (they state a query figure): score 0 when no term matched.
  if (extra) for (const id of extra) if (alive[id] && acc[id] === 0) ids.push(id); // ids in `extra` are distinct
  const vals = new Array<number>(ids.length);
  for (let j = 0; j < ids.length; j++) {
    vals[j] = acc[ids[j]];
    acc[ids[j]] = 0;
  }
  if (!count) return { ids, vals };
  const held = new Array<number>(ids.length);
  for (let j = 0; j < ids.length; j++) {
    held[j] = count[ids[j]];
    count[ids[j]] = 0;
  }
  return { ids, vals, held };
}
