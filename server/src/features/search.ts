/** Passage search for the Insert Citation picker: words and figures of the query, plus fuzzy key/title/author. */
import { extractFigures } from '../core/figures';
import { CorpusIndex } from '../core/index/index';
import { PassageHit } from '../protocol';
import { passageLocator } from '../core/citations/pages';

export function searchPassages(index: CorpusIndex, query: string, limit = 50): PassageHit[] {
  const q = query.trim();
  const out: PassageHit[] = [];
  const seen = new Set<number>();
  const push = (src: import('../core/types').Source, p: import('../core/types').Passage) => {
    if (seen.has(p.id) || out.length >= limit) return;
    seen.add(p.id);
    const text = p.text.replace(/\s+/g, ' ');
    out.push({ key: src.key, n: p.n, title: src.title, date: src.date, snippet: text.length > 200 ? text.slice(0, 199) + '…' : text, file: src.file, startLine: p.startLine, locator: passageLocator(src, p) });
  };
  if (!q) {
    for (const s of index.sources().slice(0, limit)) if (s.passages[0]) push(s, s.passages[0]);
    return out;
  }
  for (const h of index.rankPassages(q, extractFigures(q), { limit })) push(h.source, h.passage);
  for (const s of index.fuzzySources(q, 10)) for (const p of s.passages.slice(0, 3)) push(s, p);
  return out;
}
