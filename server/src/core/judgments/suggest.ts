/**
 * Suggested citations for a claim: passages that state the figure *and*
 * share the sentence's content (see sharesContext). An article that only
 * shares the number is never offered. Ranked by the words of the figure's
 * clause (BM25 over the candidates), then by the whole sentence's words.
 */
import { CorpusIndex } from '../index/index';
import { Figure, Suggestion } from '../types';
import { clauseAround, contentTerms, sharesContext } from './context';

export interface SuggestResult {
  suggestions: Suggestion[];
  /** Passages in the corpus that state the figure at all (with or without its context). */
  statedAnywhere: number;
}

/** Weight of the sentence's BM25 score relative to the clause's in the ranking. */
const SENTENCE_WEIGHT = 0.5;

/**
 * Up to `limit` passages that state `f` in the context of `sentence` (the
 * prose of its sentence; `fStart`/`fEnd` are the figure's offsets into it).
 */
export function suggestInContext(index: CorpusIndex, f: Figure, sentence: string, fStart: number, fEnd: number, limit = 3): SuggestResult {
  const c = index.figureCandidates(f);
  if (c.ids.length === 0) return { suggestions: [], statedAnywhere: 0 };
  const clause = clauseAround(sentence, fStart, fEnd);
  const clauseText = sentence.slice(clause.start, fStart) + ' ' + sentence.slice(fEnd, clause.end);
  const sentenceText = sentence.slice(0, fStart) + ' ' + sentence.slice(fEnd);
  const sentenceTerms = contentTerms(sentenceText);
  const wide = Math.max(30, limit * 10);
  const score = new Map<number, number>();
  for (const r of index.rankCandidates(clauseText, c.ids, wide)) score.set(r.id, r.score);
  for (const r of index.rankCandidates(sentenceText, c.ids, wide)) score.set(r.id, (score.get(r.id) ?? 0) + SENTENCE_WEIGHT * r.score);
  const figOf = new Map<number, number>();
  c.ids.forEach((id, i) => figOf.set(id, c.fig[i]));
  const out: Suggestion[] = [];
  for (const [id, s] of [...score].sort((a, b) => b[1] - a[1])) {
    if (out.length >= limit) break;
    const p = index.passage(id);
    const src = index.sourceOfPassage(id);
    const fig = p?.figures[figOf.get(id) ?? 0];
    if (!p || !src || !fig || !sharesContext(sentenceTerms, clause.terms, p, fig)) continue;
    out.push({
      key: src.key,
      n: p.n,
      locator: `para. ${p.n}`,
      title: src.title,
      score: Math.round(s * 1000) / 1000,
      file: src.file,
      startLine: p.startLine,
      endLine: p.endLine,
      figureText: fig.text.trim(),
    });
  }
  return { suggestions: out, statedAnywhere: c.ids.length };
}
