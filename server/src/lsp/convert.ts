/**
 * Where domain results become LSP types (as marksman does): judgments as diagnostics
 * (toDiagnostic), offsets as ranges, source passages as locations. Markdown for hovers
 * and completion docs: markdown.ts.
 */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Figure, Judgment, Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE } from '../protocol';

export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function fileUri(file: string): string {
  let u = FILE_URIS.get(file);
  if (u === undefined) {
    u = pathToFileURL(file).toString();
    if (FILE_URIS.size >= 10_000) FILE_URIS.clear();
    FILE_URIS.set(file, u);
  }
  return u;
}

/** Source file -> URI (bounded): a long draft's diagnostics point at the same sources thousands of times. */
const FILE_URIS = new Map<string, string>();

export function lineLocation(file: string, startLine: number, endLine = startLine): Location {
  return { uri: fileUri(file), range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } } };
}

/**
 * A read-only page view of a PDF (served by the VS Code client, see features/pageView.ts):
 * `source-linked:/<file name> (p. 3 of 10)?src=<abs path, base64url>&page=3`.
 */
export function pageViewUriFor(file: string, page: number, pages: number | undefined): string {
  const name = `${path.basename(file)} (p. ${page}${pages ? ` of ${pages}` : ''})`;
  return `source-linked:/${encodeURIComponent(name)}?src=${Buffer.from(file, 'utf8').toString('base64url')}&page=${page}`;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a code action needs later, carried in Diagnostic.data (kept small: drafts can have thousands). */
export interface DiagnosticData {
  /** Suggested passages as [key, paragraph]. */
  suggestions?: [string, number][];
  replacement?: { from: string; to: string };
  nearestKeys?: string[];
  /** unknown-source: the key the same source has now (offered first). */
  movedKey?: string;
  key?: string;
  /** quote-not-in-source: the source's words, to replace the quotation with. */
  quoteFix?: string;
  /** figure-not-in-source with an uncertain alignment: the source passage to show. */
  passage?: { uri: string; startLine: number; endLine: number };
}

/** `virtualDocuments`: related passages of PDFs point at their page views (the client serves `source-linked:`). */
export function toDiagnostic(range: Range, j: Judgment, withRelated: boolean, virtualDocuments = false): Diagnostic {
  const d: Diagnostic = {
    range,
    severity: SEVERITY[j.severity],
    code: j.code,
    source: DIAGNOSTIC_SOURCE,
    message: j.message,
  };
  const data: DiagnosticData = {};
  if (j.suggestions?.length) data.suggestions = j.suggestions.map((s) => [s.key, s.n]);
  if (j.sourceFigure && j.figure) data.replacement = { from: j.figure.text, to: j.sourceFigure.text };
  if (j.nearestKeys?.length) data.nearestKeys = j.nearestKeys;
  if (j.movedKey) data.movedKey = j.movedKey;
  if (j.key) data.key = j.key;
  if (j.quoteFix) data.quoteFix = j.quoteFix.text;
  if (j.alignment && !j.alignment.confident) data.passage = { uri: fileUri(j.alignment.file), startLine: j.alignment.startLine, endLine: j.alignment.endLine };
  d.data = data;
  if (withRelated && j.related?.length) {
    d.relatedInformation = j.related.map(
      (r): DiagnosticRelatedInformation => ({
        location:
          virtualDocuments && r.page
            ? { uri: pageViewUriFor(r.file, r.page, r.pages), range: { start: { line: r.startLine, character: 0 }, end: { line: r.endLine + 1, character: 0 } } }
            : lineLocation(r.file, r.startLine, r.endLine),
        message: r.message,
      }),
    );
  }
  return d;
}
