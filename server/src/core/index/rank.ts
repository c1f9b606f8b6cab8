/**
 * Two-stage passage ranking.
 *
 * 1. Candidates: BM25 over the query's informative terms only (at most
 *    `cheapTerms` of the rarest terms, skipping terms in more than a fifth of
 *    all passages, which cost the most to walk and say the least), walked
 *    through the posting lists, plus every passage stating one of the query's
 *    figures. The best `rerank` of these go on.
 * 2. Full scoring of those candidates: BM25 with every query term (term
 *    frequencies by binary search, so common terms cost little here), plus a
 *    proximity score (query terms that follow each other in the query and
 *    within `proxWindow` terms in the passage), plus the figure bonus.
 *
 * The proximity pass re-tokenises the passage text, so it runs on the
 * `proximity` best candidates by BM25 and figure only.
 */
import { termOf, tokenize, words } from '../text/tokens';
import { Passage } from '../types';
import { Collection, QueryTerm, scoreMatched, scoreOne, termScore, tfOneScores } from './bm25';
import { makeSurface, Surface, surfaceMax, surfaceScore } from './phrase';
import { indexOfSorted, topIndexes, topK } from './sorted';

/**
 * Ranking parameters, chosen with `npm run eval:ranking` on a development seed
 * (BENCH_SEED=1) and reported on the bench seed; the evaluation may override
 * them (EVAL_PARAMS) to compare settings in one process.
 */
export const RANK_PARAMS = {
  /** Terms walked in stage 1. */
  cheapTerms: 12,
  /** Candidates fully scored in stage 2. */
  rerank: 64,
  /** Candidates whose text is re-read for proximity (and the surface features), at least... */
  proximity: 8,
  /**
   * ... and at most: after the first `proximity`, the next best are re-read while their score plus the most
   * proximity and surface could add still reaches the third best so far (many near-equal boilerplate passages).
   */
  proximityMax: 16,
  /** Query terms this close (in index terms) in a passage count as following each other. */
  proxWindow: 3,
  /** Weight of a matched pair of adjacent query terms: this times the mean idf of the pair. */
  proxWeight: 0.5,
  /** Figure bonus: this share of the best text score among the candidates. */
  figureWeight: 0.3,
  /** Each further query figure a passage states adds this share of the figure bonus again (0: one bonus however many match)... */
  figureEach: 0.5,
  /** ... up to this many times the bonus in all (a passage listing many numbers must not win on numbers alone). */
  figureMaxShare: 2,
  /**
   * A passage whose figure only matches the query's within its precision or hedge ("19.35" for "19 dlrs", "6.6 mln"
   * for "over 4.6 mln") gets this share of what one stating it exactly gets (1: no difference).
   */
  figureLoose: 0.5,
  /** Quick-fix suggestions (rankCandidates, run for every uncited figure of a draft): candidates re-read for proximity... */
  suggestProximity: 0,
  /** ... and whether they are scored with every query term (false: the stage-1 terms; the check of a long draft runs this thousands of times). */
  suggestAllTerms: false,
  /** Stage 2 scores every query term (false: only the stage-1 terms, as the one-stage ranking did; for the evaluation). */
  allTerms: true,
  /**
   * Coordination: stage 2 multiplies a passage's BM25 by (query terms it holds / query terms)^coordination,
   * so a passage holding all the sentence's words beats a shorter one holding a few of them (MiniSearch multiplies by the count). 0: off.
   */
  coordination: 1,
  /** Exact words and word pairs of the query (phrase.ts) count on the candidates re-read for proximity. */
  surface: true,
};

/** A query, tokenised and looked up once. */
export interface Query {
  /** Every query term in the index, rarest first. */
  terms: QueryTerm[];
  /** The terms stage 1 walks. */
  cheap: QueryTerm[];
  /** The other terms (stage 2 adds them). */
  rest: QueryTerm[];
  /** Term -> its index in `terms`. */
  termIndex: Map<string, number>;
  /** For each term index b, the term indexes a that come right before b in the query. */
  preds: number[][];
  /** Number of (a, b) pairs in preds. */
  pairs: number;
  /** The query's words as written (phrase.ts); absent when only its terms were given. */
  surface?: Surface;
}

/** The shared empty lists of makeQuery (frozen: nothing may add to them). */
const NO_PREDS = Object.freeze([]) as unknown as number[];
const NO_TERMS = Object.freeze([]) as unknown as QueryTerm[];

/**
 * The query of `text` (or of its tokens, as tokenize gives them) with its `terms` (see queryTerms) among `n` passages.
 * `raw` is the query text when `text` is its tokens (for the exact-word features).
 */
export function makeQuery(text: string | readonly string[], terms: QueryTerm[], n: number, raw?: string): Query {
  const termIndex = new Map<string, number>();
  for (let i = 0; i < terms.length; i++) termIndex.set(terms[i].term, i);
  // Most terms have no predecessor: they share one frozen empty list, and a list is made on the first pair
  // (issue 13: a check makes thousands of queries; `[]` then push reserves 17 slots per list).
  const preds: number[][] = new Array<number[]>(terms.length).fill(NO_PREDS);
  let pairs = 0;
  let prev = -1;
  for (const t of typeof text === 'string' ? tokenize(text) : text) {
    const i = termIndex.get(t);
    if (i === undefined) continue; // a word the index has never seen neither helps nor breaks a pair
    if (prev >= 0 && prev !== i && !preds[i].includes(prev)) {
      if (preds[i] === NO_PREDS) preds[i] = [prev];
      else preds[i].push(prev);
      pairs++;
    }
    prev = i;
  }
  // Terms in more than a fifth of all passages say little and cost the most to walk: keep them only if nothing else is left.
  let cheap: QueryTerm[] = [];
  for (let i = 0; i < terms.length && cheap.length < RANK_PARAMS.cheapTerms; i++) if (terms[i].df <= n / 5 || n < 50) cheap.push(terms[i]);
  if (cheap.length === 0 && !terms.some((q) => q.df <= n / 5 || n < 50)) cheap = terms.slice(0, Math.min(2, RANK_PARAMS.cheapTerms));
  const rest = cheap.length === terms.length ? NO_TERMS : terms.filter((t) => !cheap.includes(t));
  const rawText = typeof text === 'string' ? text : raw;
  // Built on first use: only rankings that re-read passages need it (quick-fix suggestions, run for every uncited figure, do not).
  let surface: Surface | undefined | null = null;
  return {
    terms,
    cheap,
    rest,
    termIndex,
    preds,
    pairs,
    get surface() {
      if (surface === null) surface = rawText === undefined ? undefined : makeSurface(rawText, (t) => terms[termIndex.get(t) ?? -1]?.idf);
      return surface;
    },
  };
}

/**
 * Proximity score of a passage text: for each pair of terms adjacent in the
 * query that also occur in this order within `proxWindow` terms in the passage,
 * the mean idf of the two terms (each pair counted once).
 */
export function proximity(q: Query, text: string): number {
  return q.pairs === 0 ? 0 : proximityOfWords(q, words(text));
}

/** proximity() of a passage given as its words (as `words` gives them: the surface features read the same array). */
function proximityOfWords(q: Query, ws: string[]): number {
  if (q.pairs === 0) return 0;
  const last = new Int32Array(q.terms.length).fill(-1 << 20);
  const matched = new Set<number>();
  let score = 0;
  let pos = 0;
  for (const w of ws) {
    const t = termOf(w);
    if (t === undefined) continue; // a stop word does not count as a position, as in the index
    const b = q.termIndex.get(t);
    if (b !== undefined) {
      for (const a of q.preds[b]) {
        const key = a * q.terms.length + b;
        if (pos - last[a] <= RANK_PARAMS.proxWindow && !matched.has(key)) {
          matched.add(key);
          score += (q.terms[a].idf + q.terms[b].idf) / 2;
        }
      }
      last[b] = pos;
    }
    pos++;
  }
  return RANK_PARAMS.proxWeight * score;
}

/** The most proximity (with the surface features when `surface`) can add for query `q`. */
export function boostMax(q: Query, surface: boolean): number {
  let prox = 0;
  q.preds.forEach((as, b) => {
    for (const a of as) prox += (q.terms[a].idf + q.terms[b].idf) / 2;
  });
  return RANK_PARAMS.proxWeight * prox + (surface && q.surface ? surfaceMax(q.surface) : 0);
}

/**
 * Passages stating a query figure, by passage id: figureEntry(index of the
 * first matching figure in passage.figures, number of query figures stated,
 * how many of them exactly). Packed in one number, since a common figure puts
 * thousands of passages here.
 */
export type FigureOf = Map<number, number>;

/** Passages by id: an array, or the index's table that makes a cache's passages on first use (registry.ts). */
export type PassageList = { at(id: number): Passage | undefined };

export function figureEntry(figureIndex: number, n: number, exact = n): number {
  return figureIndex * 256 + Math.min(exact, n, 15) * 16 + Math.min(n, 15);
}

/** `entry` (undefined: none yet) with one more query figure stated, exactly or not; a first one sets the figure shown. */
export function addFigure(entry: number | undefined, figureIndex: number, exact: boolean): number {
  if (entry === undefined) return figureEntry(figureIndex, 1, exact ? 1 : 0);
  const n = entry & 15;
  const e = (entry >>> 4) & 15;
  return figureEntry(entryFigure(entry), n + 1, e + (exact ? 1 : 0));
}

/** The index in passage.figures of an entry's matching figure. */
export function entryFigure(entry: number): number {
  return entry >>> 8;
}

/**
 * The figure bonus multiplier of a passage with this entry (0 when none): the best figure counts 1 (figureLoose
 * when it is only matched, not stated exactly), each further one figureEach times its own weight, up to figureMaxShare.
 */
export function figureShare(entry: number | undefined): number {
  if (entry === undefined) return 0;
  const { figureEach, figureLoose, figureMaxShare } = RANK_PARAMS;
  const n = entry & 15;
  const e = (entry >>> 4) & 15;
  const first = e > 0 ? 1 : figureLoose;
  const rest = e > 0 ? e - 1 + (n - e) * figureLoose : (n - 1) * figureLoose;
  return Math.min(figureMaxShare, first + figureEach * rest);
}

export interface Scored {
  id: number;
  /** Total: text score plus the figure bonus when the passage states a query figure. */
  score: number;
  /** BM25 plus proximity. */
  textScore: number;
}

/** Figure bonus for a candidate set: `figureWeight` of its best text score (1 when no words matched). */
export function figureBonus(textScores: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < textScores.length; i++) if (textScores[i] > max) max = textScores[i];
  return max > 0 ? RANK_PARAMS.figureWeight * max : 1;
}

/**
 * Stage 2 on a given pool: full BM25 for all, proximity for the `proximity`
 * best, the figure bonus for passages in `figOf`; the best `limit`, best first.
 * Passages with no matching word and no figure are left out. With `cheapScore`
 * (the stage-1 BM25 of the cheap terms, by pool position), only the other
 * terms are looked up.
 */
export function rerank(
  c: Collection,
  passages: PassageList,
  q: Query,
  pool: Iterable<number>,
  figOf: FigureOf | undefined,
  limit: number,
  cheapScore?: number[],
  opts: { proximity?: number; allTerms?: boolean; cheapHeld?: number[] } = {},
): Scored[] {
  const ids: number[] = [];
  const text: number[] = [];
  const allTerms = opts.allTerms ?? RANK_PARAMS.allTerms;
  const rest = allTerms ? q.rest : [];
  const scored = allTerms ? q.terms : q.cheap;
  const coord = RANK_PARAMS.coordination;
  let k = 0;
  for (const id of pool) {
    const base = cheapScore?.[k++];
    if (!c.alive[id]) continue;
    let s: number;
    if (coord > 0) {
      // With the stage-1 score and count of the cheap terms, only the other terms are looked up.
      const cheapHeld = base === undefined ? undefined : opts.cheapHeld?.[k - 1];
      let [bm, held] = scoreMatched(c, cheapHeld === undefined ? scored : rest, id);
      if (cheapHeld !== undefined) {
        bm += base!;
        held += cheapHeld;
      }
      s = bm * Math.pow(held / scored.length, coord);
    } else s = base === undefined ? scoreOne(c, scored, id) : base + scoreOne(c, rest, id);
    if (s > 0 || figOf?.has(id)) {
      ids.push(id);
      text.push(s);
    }
  }
  if (ids.length === 0) return [];
  let bonus = figOf?.size ? figureBonus(text) : 0;
  const share = ids.map((id) => figureShare(figOf?.get(id)));
  const withFig = (j: number) => text[j] + share[j] * bonus;
  const minRead = opts.proximity ?? RANK_PARAMS.proximity;
  const maxRead = opts.proximity === undefined ? Math.max(minRead, RANK_PARAMS.proximityMax) : minRead;
  const surface = RANK_PARAMS.surface && maxRead > 0 ? q.surface : undefined;
  if (maxRead > 0 && (q.pairs > 0 || surface)) {
    const js = ids.map((_, j) => j);
    const reach = maxRead > minRead ? boostMax(q, !!surface) : 0;
    const best: number[] = []; // the three best re-read scores, best first
    let read = 0;
    for (const [j, pre] of topK(js, js.map(withFig), maxRead)) {
      if (read >= minRead && best.length === 3 && pre + reach <= best[2]) break; // this one (and every later one) cannot reach the top three
      const ws = words(passages.at(ids[j])!.text);
      const add = proximityOfWords(q, ws) + (surface ? surfaceScore(surface, ws) : 0);
      text[j] += add;
      read++;
      best.push(pre + add);
      best.sort((a, b) => b - a);
      if (best.length > 3) best.pop();
    }
    if (figOf?.size) bonus = figureBonus(text);
  }
  const total = ids.map((_, j) => withFig(j));
  return topK(ids, total, limit).map(([id, score]) => ({ id, score, textScore: score - figureShare(figOf?.get(id)) * bonus }));
}

/**
 * Both stages over the whole index: candidates from the cheap terms' posting
 * lists and from `figOf`, the best `rerank` by that first score, then rerank.
 * A caller asking for more than `rerank` passages gets the further ones in
 * stage-1 order after them (their first score is below every reranked one's).
 * `acc` and `pos` are zeroed scratch arrays with a slot per passage.
 */
export function rankAll(c: Collection, passages: PassageList, q: Query, figOf: FigureOf, acc: Float64Array, pos: Int32Array, limit: number): Scored[] {
  const { ids, vals, figAt, figShare } = stage1(c, q.cheap, acc, pos, figOf);
  let first = vals;
  if (figOf.size) {
    // The stage-1 scores with the figure bonus, in a second scratch array (a copy per query was megabytes at 100 MB).
    if (firstVals.length < vals.length) firstVals = new Float64Array(stageVals.length);
    first = firstVals.subarray(0, vals.length);
    first.set(vals);
    const bonus = figureBonus(vals);
    for (let k = 0; k < figAt.length; k++) first[figAt[k]] += figShare[k] * bonus;
  }
  const n = RANK_PARAMS.rerank;
  const pick = topIndexes(first, Math.max(n, limit));
  if (pick.length > n) pick.sort((a, b) => first[b] - first[a] || ids[a] - ids[b]);
  const head = pick.slice(0, n);
  const top = rerank(
    c,
    passages,
    q,
    head.map((j) => ids[j]),
    figOf,
    limit,
    head.map((j) => vals[j]),
    // How many stage-1 terms each holds, looked up for these few (counting it per posting cost a write per posting).
    { cheapHeld: head.map((j) => heldBy(q.cheap, ids[j])) },
  );
  for (let k = n; k < pick.length && top.length < limit; k++) {
    const j = pick[k];
    top.push({ id: ids[j], score: first[j], textScore: vals[j] });
  }
  return top;
}

/** Scratch lists of stage 1 (a query over a large corpus lists hundreds of thousands of passages). */
let stageIds = new Uint32Array(1024);
let stageVals = new Float64Array(1024);
let firstVals = new Float64Array(1024);

/**
 * accumulate (bm25.ts) for rankAll: BM25 of the terms for every alive passage holding one, then the alive
 * passages of `figOf` that hold none (score 0), in that order, as typed views of scratch arrays valid until the
 * next call; with the places in that list of the passages of `figOf` and their figure shares. `acc` and `pos`
 * (the places while the list is made) are zeroed again, in one pass. The same sums, in the same order, as
 * accumulate: typed lists and no per-posting count (measured at 100 MB: the lists' garbage and the count
 * array's writes were a quarter of a completion's ranking).
 */
function stage1(c: Collection, terms: QueryTerm[], acc: Float64Array, pos: Int32Array, figOf: FigureOf): { ids: Uint32Array; vals: Float64Array; figAt: number[]; figShare: number[] } {
  const { alive, docLen, avgdl } = c;
  // With no tombstone, `alive` is not read; a term found once is scored from a table by length (bm25.ts tfOneScores:
  // the same sums to the bit). Measured at 100 MB: the walk's reads of alive and its two divisions per posting.
  const all = c.allAlive === true;
  const one = tfOneScores(avgdl);
  let ids = stageIds;
  let n = 0;
  for (const q of terms) {
    const idf = q.idf;
    for (const p of q.lists) {
      const pid = p.ids;
      const tfs = p.tfs;
      for (let i = p.from; i < p.to; i++) {
        const id = pid[i];
        if (!all && !alive[id]) continue;
        const a = acc[id];
        if (a === 0) {
          if (n === ids.length) ids = growIds();
          ids[n++] = id;
          pos[id] = n;
        }
        const tf = tfs[i];
        acc[id] = a + (tf === 1 ? idf * one[docLen[id]] : termScore(idf, tf, docLen[id], avgdl));
      }
    }
  }
  for (const id of figOf.keys()) {
    if (alive[id] && acc[id] === 0 && pos[id] === 0) {
      if (n === ids.length) ids = growIds();
      ids[n++] = id;
      pos[id] = n;
    }
  }
  const figAt: number[] = [];
  const figShare: number[] = [];
  for (const [id, entry] of figOf) {
    if (pos[id] > 0) {
      figAt.push(pos[id] - 1);
      figShare.push(figureShare(entry));
    }
  }
  if (stageVals.length < ids.length) stageVals = new Float64Array(ids.length);
  const vals = stageVals;
  for (let j = 0; j < n; j++) {
    const id = ids[j];
    vals[j] = acc[id];
    acc[id] = 0;
    pos[id] = 0;
  }
  return { ids: ids.subarray(0, n), vals: vals.subarray(0, n), figAt, figShare };
}

/** The stage-1 id list, twice as long (what it held kept). */
function growIds(): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(stageIds.length * 2);
  grown.set(stageIds);
  return (stageIds = grown);
}

/** How many of `terms` passage `id` holds (each term's lists searched). */
function heldBy(terms: QueryTerm[], id: number): number {
  let held = 0;
  for (const q of terms) {
    for (const p of q.lists) {
      if (indexOfSorted(p.ids, p.from, p.to, id) >= 0) {
        held++;
        break;
      }
    }
  }
  return held;
}
