/** Diagnostics: the engine's judgments as LSP diagnostics, source `source-linked`. */
import { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftCheck } from '../core/workspace';
import { toDiagnostic } from '../lsp/convert';

export function provideDiagnostics(doc: TextDocument, analysis: DraftCheck, opts: { relatedInformation: boolean }): Diagnostic[] {
  return analysis.judgments.map((j) => toDiagnostic(doc, j, opts.relatedInformation));
}
