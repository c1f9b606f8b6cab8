/**
 * The citation report of a draft: every figure and every quotation, with its
 * state (cited and backed, uncited, mismatched, unknown key, bad locator).
 * The per-status counts add up to the number of items.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Judgment } from '../core/types';
import { DraftCheck } from '../core/judgments/draftCheck';
import { ReportItem, ReportResult } from '../protocol';

const FIGURE_CODES = new Set(['uncited-figure', 'figure-not-in-source']);
const QUOTE_CODES = new Set(['uncited-quote', 'quote-not-in-source']);

export function buildReport(doc: TextDocument, check: DraftCheck): ReportResult {
  const text = check.model.text;
  // The first judgment of each claim code at each range, found once: a heavy draft has a hundred
  // thousand claims and as many judgments, and a search per claim would take minutes (issue 9).
  const first = new Map<string, Judgment>();
  for (const j of check.judgments) {
    const key = `${FIGURE_CODES.has(j.code) ? 'f' : QUOTE_CODES.has(j.code) ? 'q' : ''}${j.start}:${j.end}`;
    if (key[0] !== 'f' && key[0] !== 'q') continue;
    if (!first.has(key)) first.set(key, j);
  }
  const at = (start: number, end: number, codes: Set<string>): Judgment | undefined => first.get(`${codes === FIGURE_CODES ? 'f' : 'q'}${start}:${end}`);
  const item = (kind: 'figure' | 'quote', start: number, end: number, label: string, status: ReportItem['status'], keys: string[], sentence: string, j?: Judgment): ReportItem & { at: number } => {
    const s = doc.positionAt(start);
    const e = doc.positionAt(end);
    return { at: start, kind, figure: label, status, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, sentence, message: j?.message ?? brokenMessage(status, keys), keys };
  };
  const all = [
    ...check.figures.map((f) =>
      item('figure', f.figure.start, f.figure.end, f.figure.text, f.status, f.keys, oneLine(text.slice(f.sentenceStart, f.sentenceEnd)), at(f.figure.start, f.figure.end, FIGURE_CODES)),
    ),
    ...check.quotes.map((q) => item('quote', q.quote.start, q.quote.end, q.quote.text, q.status, q.keys, '', at(q.quote.start, q.quote.end, QUOTE_CODES))),
  ].sort((a, b) => a.at - b.at);
  const items: ReportItem[] = all.map(({ at: _at, ...rest }) => rest);
  const count = (st: ReportItem['status']) => items.filter((i) => i.status === st).length;
  return {
    uri: doc.uri,
    figures: check.figures.length,
    quotes: check.quotes.length,
    cited: count('cited'),
    uncited: count('uncited'),
    mismatched: count('mismatched'),
    unknownKey: count('unknown-key'),
    badLocator: count('bad-locator'),
    citations: check.model.citations.reduce((n, c) => n + c.items.length, 0),
    unknownKeys: check.judgments.filter((j) => j.code === 'unknown-source').length,
    items,
  };
}

/** What is wrong with a claim whose citation does not resolve (its diagnostic sits on the citation). */
function brokenMessage(status: ReportItem['status'], keys: string[]): string | undefined {
  const list = keys.map((k) => '@' + k).join(', ');
  if (status === 'unknown-key') return `Cited to ${list}: no source in the corpus has this key.`;
  if (status === 'bad-locator') return `Cited to ${list} with a paragraph number out of range.`;
  return undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
