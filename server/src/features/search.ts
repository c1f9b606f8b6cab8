/**
 * Passage search for the Insert Citation picker: words and figures of the
 * query, plus fuzzy key/title/author; and the picker's candidates, ranked for
 * the sentence at the cursor.
 */
import { sentenceAt } from '../core/citations/scope';
import { extractFigures } from '../core/figures';
import { CorpusIndex } from '../core/index/index';
import { DraftModel, Passage, Source } from '../core/types';
import { CitationCandidate, CitationCandidatesResult, PassageResult } from '../protocol';
import { claimSentence, DraftView, matchingFigures } from './common';
import { passageLocator } from '../core/citations/pages';

function hitOf(src: Source, p: Passage): PassageResult {
  const text = p.text.replace(/\s+/g, ' ');
  return { key: src.key, n: p.n, title: src.title, date: src.date, snippet: text.length > 200 ? text.slice(0, 199) + '…' : text, file: src.file, startLine: p.startLine, locator: passageLocator(src, p) };
}

/** Passages matching a query, as [source, passage] pairs, best first. */
function queryPassages(index: CorpusIndex, query: string, limit: number): [Source, Passage][] {
  const q = query.trim();
  const out: [Source, Passage][] = [];
  const seen = new Set<number>();
  const push = (src: Source, p: Passage) => {
    if (seen.has(p.id) || out.length >= limit) return;
    seen.add(p.id);
    out.push([src, p]);
  };
  if (!q) {
    for (const s of index.sources().slice(0, limit)) if (s.passages[0]) push(s, s.passages[0]);
    return out;
  }
  for (const h of index.rankPassages(q, extractFigures(q), { limit })) push(h.source, h.passage);
  for (const s of index.fuzzySources(q, 10)) for (const p of s.passages.slice(0, 3)) push(s, p);
  return out;
}

export function searchPassages(index: CorpusIndex, query: string, limit = 50): PassageResult[] {
  return queryPassages(index, query, limit).map(([s, p]) => hitOf(s, p));
}

/**
 * Insert Citation's candidates. While the query is empty: passages ranked for
 * the sentence at the cursor (or the sentence just before it), the ones that
 * state its figure and match its words first, as completion ranks them. Once
 * the writer types: the query's matches, passages that state the sentence's
 * figure kept first. Each candidate says which of the sentence's figures it states.
 */
export function citationCandidates(index: CorpusIndex, view: DraftView, offset: number, query: string, limit = 50): CitationCandidatesResult {
  const model = view.model;
  const si = sentenceAt(model, offset);
  const sentence = si >= 0 ? claimSentence(view, model.sentences[si].start, model.sentences[si].end) : claimSentence(view, offset, offset);
  const cand = (src: Source, p: Passage): CitationCandidate => {
    const st = matchingFigures(p, sentence.figures)[0]?.text.trim();
    return st ? { ...hitOf(src, p), states: st } : hitOf(src, p);
  };
  const text = sentence.text.replace(/\s+/g, ' ').trim();
  if (query.trim()) {
    const items = queryPassages(index, query, limit).map(([s, p]) => cand(s, p));
    items.sort((a, b) => Number(!!b.states) - Number(!!a.states)); // stable: query order within each group
    return { sentence: text, items };
  }
  if (!/[\p{L}\p{N}]/u.test(text)) return { sentence: '', items: searchPassages(index, '', limit) };
  const hits = index.rankPassages(sentence.text, sentence.figures, { limit: limit * 2 });
  const bestText = hits.reduce((m, h) => Math.max(m, h.textScore), 0);
  // Same number in an unrelated article does not jump the queue.
  const first = hits.filter((h) => h.figure && !(bestText > 0 && h.textScore < 0.5 * bestText)).slice(0, 5);
  const items = [...first, ...hits.filter((h) => !first.includes(h))].slice(0, limit).map((h) => cand(h.source, h.passage));
  return { sentence: text, items };
}
