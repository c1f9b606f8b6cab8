/**
 * Suggested citations for a claim: passages that state the figure *and*
 * share the sentence's content (see sharesContext). An article that only
 * shares the number is never offered. The sentence's words (BM25 over the
 * passages stating the figure) pick a short list; it is ordered by how many
 * words of the figure's clause the source figure's sentence holds, then by BM25.
 */
import { CorpusIndex } from '../index/index';
import { Figure, Suggestion } from '../types';
import { clauseAround, contentTerms, figureContextTerms, sharesContext } from './context';

export interface SuggestResult {
  suggestions: Suggestion[];
  /** Passages in the corpus that state the figure at all (with or without its context). */
  statedAnywhere: number;
}

/**
 * Up to `limit` passages that state `f` in the context of `sentence` (the
 * prose of its sentence; `fStart`/`fEnd` are the figure's offsets into it).
 */
export function suggestInContext(index: CorpusIndex, f: Figure, sentence: string, fStart: number, fEnd: number, limit = 3): SuggestResult {
  const c = index.figureCandidates(f);
  if (c.ids.length === 0) return { suggestions: [], statedAnywhere: 0 };
  const clause = clauseAround(sentence, fStart, fEnd);
  const sentenceText = sentence.slice(0, fStart) + ' ' + sentence.slice(fEnd);
  const sentenceTerms = contentTerms(sentenceText);
  const figOf = new Map<number, number>();
  c.ids.forEach((id, i) => figOf.set(id, c.fig[i]));
  // BM25 of the sentence picks a short list; the clause's words then order it.
  const ranked: { s: Suggestion; inClause: number; bm25: number }[] = [];
  for (const r of index.rankCandidates(sentenceText, c.ids, Math.max(12, limit * 4))) {
    const p = index.passage(r.id);
    const src = index.sourceOfPassage(r.id);
    const fig = p?.figures[figOf.get(r.id) ?? 0];
    if (!p || !src || !fig || !sharesContext(sentenceTerms, clause.terms, p, fig)) continue;
    const ctx = figureContextTerms(p, fig);
    ranked.push({
      inClause: clause.terms.filter((t) => ctx.has(t)).length,
      bm25: r.score,
      s: {
        key: src.key,
        n: p.n,
        locator: `para. ${p.n}`,
        title: src.title,
        score: Math.round(r.score * 1000) / 1000,
        file: src.file,
        startLine: p.startLine,
        endLine: p.endLine,
        figureText: fig.text.trim(),
      },
    });
  }
  ranked.sort((x, y) => y.inClause - x.inClause || y.bm25 - x.bm25);
  const out = ranked.slice(0, limit).map((x) => x.s);
  return { suggestions: out, statedAnywhere: c.ids.length };
}
