/**
 * Quick fixes:
 * - uncited-figure: "Cite <title>, para. N" inserts `[@key, para. N]` before the
 *   sentence's final punctuation, or merges `; @key, para. N` into the
 *   sentence's existing `[@…]` group;
 * - figure-not-in-source: "Change 415 to 414 (as in source)" when the source
 *   figure in the same role is known with confidence; "Show the source passage"
 *   when the alignment is uncertain;
 * - uncited-quote: "Cite <title>, para. N" for the passage that contains it;
 * - quote-not-in-source (a misquote): "Replace the quotation with the source's words";
 * - unknown-source: "Replace with @moved (the same source's key now)" first when the key
 *   file traces the key to a source that was re-keyed, then "Replace with @nearest";
 * - punctuation-in-citation: "Move "." after the citation".
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/judgments/draftCheck';
import { passageLocator } from '../core/citations/pages';
import { DiagnosticData, toRange } from '../lsp/convert';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { claimCitationEdit } from './citationInsert';

/** Server command behind "Show the source passage": opens a file at a line range (window/showDocument). */
export const SHOW_PASSAGE_COMMAND = 'sourceLinked.showSourcePassage';

export function provideCodeActions(index: CorpusIndex, doc: TextDocument, diagnostics: Diagnostic[], analysis: DraftCheck): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const data = (d.data ?? {}) as DiagnosticData;
    const start = doc.offsetAt(d.range.start);
    if (d.code === 'uncited-figure' || d.code === 'uncited-quote' || (d.code === 'figure-not-in-source' && !data.replacement)) {
      // A quotation's citation goes after its last sentence (a block quote can span several).
      const anchor = d.code === 'uncited-quote' ? Math.max(start, doc.offsetAt(d.range.end) - 1) : start;
      (data.suggestions ?? []).forEach(([key, n], i) => {
        const src = index.byKey(key);
        if (!src) return; // the corpus changed since the diagnostic was made
        const p = src.passages[n - 1];
        const locator = p ? passageLocator(src, p) : `para. ${n}`;
        const edit = claimCitationEdit(doc, analysis.model, anchor, key, locator);
        if (!edit) return;
        actions.push({
          title: `Cite ${src.title}, ${locator}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0 && d.code !== 'figure-not-in-source',
          edit: { changes: { [doc.uri]: [edit] } },
        });
      });
    }
    if (d.code === 'figure-not-in-source' && data.replacement) {
      actions.push({
        title: `Change ${data.replacement.from.trim()} to ${data.replacement.to} (as in source)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: data.replacement.to }] } },
      });
    }
    if (d.code === 'figure-not-in-source' && !data.replacement && data.passage) {
      actions.push({
        title: 'Show the source passage',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: 'Show the source passage', command: SHOW_PASSAGE_COMMAND, arguments: [data.passage.uri, data.passage.startLine, data.passage.endLine] },
      });
    }
    if (d.code === 'quote-not-in-source' && data.quoteFix) {
      actions.push({
        title: `Replace the quotation with the source's words: "${shorten(data.quoteFix)}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: data.quoteFix }] } },
      });
    }
    if (d.code === 'unknown-source') {
      const text = doc.getText(d.range);
      const at = text.startsWith('@') ? 1 : 0;
      (data.nearestKeys ?? []).forEach((k, i) => {
        actions.push({
          title: k === data.movedKey ? `Replace with @${k} (the same source's key now)` : `Replace with @${k}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0,
          edit: {
            changes: { [doc.uri]: [{ range: { start: doc.positionAt(start + at), end: d.range.end }, newText: k }] },
          },
        });
      });
    }
    if (d.code === 'punctuation-in-citation') {
      const fix = movePunctuationOut(doc, d);
      if (fix) actions.push(fix);
    }
  }
  return actions;
}

/** `[@key, para. 2.]` -> `[@key, para. 2].` (the punctuation is dropped when the same mark already follows the `]`). */
function movePunctuationOut(doc: TextDocument, d: Diagnostic): CodeAction | undefined {
  const text = doc.getText();
  let s = doc.offsetAt(d.range.start);
  const e = doc.offsetAt(d.range.end);
  const punct = text.slice(s, e);
  let close = e;
  while (close < text.length && /[ \t]/.test(text[close])) close++;
  if (text[close] !== ']' || !/^[.,:!?]+$/.test(punct)) return undefined; // the draft changed since
  while (s > 0 && /[ \t]/.test(text[s - 1])) s--;
  const after = text[close + 1];
  const edits: TextEdit[] = [{ range: toRange(doc, s, close), newText: '' }];
  if (after === undefined || !/[.,:;!?]/.test(after)) edits.push({ range: toRange(doc, close + 1, close + 1), newText: punct });
  return {
    title: `Move "${punct}" after the citation`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: true,
    edit: { changes: { [doc.uri]: edits } },
  };
}

function shorten(s: string, max = 60): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
