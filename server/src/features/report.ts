/** The citation report of a draft: every figure, and whether it is cited, uncited or mismatched. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftCheck } from '../core/workspace';
import { ReportItem, ReportResult } from '../protocol';

export function buildReport(doc: TextDocument, check: DraftCheck): ReportResult {
  const items: ReportItem[] = check.figures.map((f) => {
    const s = doc.positionAt(f.figure.start);
    const e = doc.positionAt(f.figure.end);
    const j = check.judgments.find((x) => x.start === f.figure.start && x.end === f.figure.end);
    return {
      figure: f.figure.text,
      status: f.status,
      line: s.line,
      character: s.character,
      endLine: e.line,
      endCharacter: e.character,
      sentence: check.model.text.slice(f.sentenceStart, f.sentenceEnd).replace(/\s+/g, ' ').trim(),
      message: j?.message,
      keys: f.keys,
    };
  });
  const count = (st: ReportItem['status']) => items.filter((i) => i.status === st).length;
  return {
    uri: doc.uri,
    figures: items.length,
    cited: count('cited'),
    uncited: count('uncited'),
    mismatched: count('mismatched'),
    citations: check.model.citations.reduce((n, c) => n + c.items.length, 0),
    unknownKeys: check.judgments.filter((j) => j.code === 'unknown-source').length,
    items,
  };
}
