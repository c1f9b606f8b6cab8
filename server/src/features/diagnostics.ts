/**
 * Diagnostics: the engine's judgments as LSP diagnostics, source `source-linked`.
 * Converted per chunk (paragraph) and reused while a chunk's text and first
 * line stay the same, so re-publishing after an edit converts one paragraph.
 */
import { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkResult, IncrementalCheck } from '../core/judgments/incremental';
import { LineIndex } from '../core/text/lines';
import { toDiagnostic } from '../lsp/convert';

export interface DiagnosticsOptions {
  relatedInformation: boolean;
  /** The client serves `source-linked:` page views of PDFs (related information points there). */
  virtualDocuments?: boolean;
}

const converted = new WeakMap<ChunkResult, { line: number; related: boolean; diagnostics: Diagnostic[] }>();

export function provideDiagnostics(doc: TextDocument, analysis: IncrementalCheck, opts: DiagnosticsOptions): Diagnostic[] {
  const virtual = !!opts.virtualDocuments;
  const out: Diagnostic[] = [];
  for (const part of analysis.parts) {
    const line = doc.positionAt(part.start).line;
    let c = converted.get(part.res);
    if (!c || c.line !== line || c.related !== opts.relatedInformation) {
      const lines = new LineIndex(part.text);
      const at = (off: number) => {
        const p = lines.positionAt(off);
        return { line: line + p.line, character: p.character };
      };
      c = {
        line,
        related: opts.relatedInformation,
        diagnostics: part.res.check.judgments.map((j) => toDiagnostic({ start: at(j.start), end: at(j.end) }, j, opts.relatedInformation, virtual)),
      };
      converted.set(part.res, c);
    }
    out.push(...c.diagnostics);
  }
  return out;
}
