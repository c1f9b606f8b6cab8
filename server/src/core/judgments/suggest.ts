/**
 * Suggested citations for a claim: passages that state the figure *and*
 * share the sentence's content (see sharesContext). An article that only
 * shares the number is never offered. The sentence's words (BM25 over the
 * passages stating the figure) pick a short list; it is ordered by how many
 * words of the figure's clause the source figure's sentence holds, then by BM25.
 */
import { isPaged, passageLocator } from '../citations/pages';
import { figureMatches } from '../figures';
import { CorpusIndex } from '../index/index';
import { Figure, Passage, Source, Suggestion } from '../types';
import { clauseTerms, contentTerms, contentTermsOf, countIn, figureContextTerms, sharesContextCounted } from './context';
import { IndexMemo } from './indexMemo';

export interface SuggestResult {
  suggestions: Suggestion[];
  /** Passages in the corpus that state the figure at all (with or without its context). */
  statedAnywhere: number;
}

let lastSentence = '';
let lastTerms: string[] = [];

/**
 * Content terms of a sentence without one figure's text. The figure is digits and number words, which
 * are not content terms, so this is the sentence's terms; remembered for the sentence's other figures.
 */
function termsWithout(sentence: string, fStart: number, fEnd: number): string[] {
  if (sentence !== lastSentence) {
    lastSentence = sentence;
    lastTerms = contentTerms(sentence);
  }
  const own = new Set(contentTermsOf(sentence, fStart, fEnd));
  return own.size ? lastTerms.filter((t) => !own.has(t)) : lastTerms;
}

/** Suggestions by figure, sentence and limit, per index version. */
const SUGGEST_MEMO = new IndexMemo<SuggestResult>(8192);

/** A result the caller may keep or change: the memo's own objects are never handed out. */
function copyResult(r: SuggestResult): SuggestResult {
  return { suggestions: r.suggestions.map((s) => ({ ...s })), statedAnywhere: r.statedAnywhere };
}

/**
 * Up to `limit` passages that state `f` in the context of `sentence` (the
 * prose of its sentence; `fStart`/`fEnd` are the figure's offsets into it).
 * Memoised per index version by everything the answer depends on (the figure
 * without its offsets in the draft, the sentence, the figure's place in it and
 * `limit`): a paragraph checked again, or the same text opened as another draft,
 * asks the same questions (at 100 MB the ranking of a figure's candidates was
 * most of a long draft's check).
 */
export function suggestInContext(index: CorpusIndex, f: Figure, sentence: string, fStart: number, fEnd: number, limit = 3): SuggestResult {
  const memo = SUGGEST_MEMO.of(index);
  const key = `${limit}|${fStart}|${fEnd}|${JSON.stringify({ ...f, start: 0, end: 0 })}|${sentence}`;
  const hit = memo.get(key);
  if (hit) return copyResult(hit);
  const r = suggestUncached(index, f, sentence, fStart, fEnd, limit);
  memo.set(key, r);
  return copyResult(r);
}

function suggestUncached(index: CorpusIndex, f: Figure, sentence: string, fStart: number, fEnd: number, limit: number): SuggestResult {
  const c = index.figureCandidates(f);
  if (c.ids.length === 0) return { suggestions: [], statedAnywhere: 0 };
  let clause: string[] | undefined; // computed for the first candidate that gets that far
  const sentenceTerms = termsWithout(sentence, fStart, fEnd);
  // BM25 of the sentence picks a short list; the clause's words then order it.
  const ranked: { p: Passage; fig: Figure; src: Source; inClause: number; bm25: number }[] = [];
  // The whole sentence as the query, as typed (the index memoises a sentence's query terms for its other figures).
  for (const r of index.rankCandidates(sentence, c.ids, Math.max(6, limit * 2))) {
    if (r.score <= 0) continue; // no word of the sentence at all (the index pads short lists with such passages)
    const p = index.passage(r.id);
    const src = index.sourceOfPassage(r.id);
    const fig = p?.figures.find((g) => figureMatches(f, g));
    if (!p || !src || !fig) continue;
    const ctx = figureContextTerms(p, fig);
    const inSentence = countIn(sentenceTerms, ctx);
    if (inSentence < Math.min(2, sentenceTerms.length)) continue; // cheap test first
    clause ??= clauseTerms(sentence, fStart, fEnd);
    const inClause = countIn(clause, ctx);
    // sharesContext on the counts just made (an empty clause: the sentence stands in for it).
    if (!sharesContextCounted(sentenceTerms.length, inSentence, clause.length || sentenceTerms.length, clause.length ? inClause : inSentence)) continue;
    ranked.push({ p, fig, src, inClause, bm25: r.score });
  }
  ranked.sort((x, y) => y.inClause - x.inClause || y.bm25 - x.bm25);
  const out = ranked.slice(0, limit).map(({ p, fig, src, bm25 }) => ({
    key: src.key,
    n: p.n,
    locator: passageLocator(src, p),
    title: src.title,
    score: Math.round(bm25 * 1000) / 1000,
    file: src.file,
    startLine: p.startLine,
    endLine: p.endLine,
    figureText: fig.text.trim(),
    ...(isPaged(src) && p.page ? { page: p.page, pages: src.pages } : {}),
  }));
  return { suggestions: out, statedAnywhere: c.ids.length };
}

