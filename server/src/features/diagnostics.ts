/**
 * Diagnostics: the engine's judgments as LSP diagnostics, source `source-linked`.
 * Converted per chunk (paragraph) and reused while a chunk's text and first
 * line stay the same, so re-publishing after an edit converts one paragraph.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkResult, DraftAnalysis } from '../core/judgments/incremental';
import { LineIndex } from '../core/text/lines';
import { toDiagnostic, toRange } from '../lsp/convert';
import { groupDiagnostics } from '../lsp/encode';
import { DIAGNOSTIC_SOURCE } from '../protocol';

export interface DiagnosticsOptions {
  relatedInformation: boolean;
  /**
   * Publish at most this many (default MAX_DIAGNOSTICS), then one information diagnostic
   * saying how many more there are: tens of thousands of diagnostics help nobody, and
   * serialising them would stall the server for seconds (issue 9).
   */
  max?: number;
  /**
   * Set while the corpus has no sources: citations are then not reported as
   * unknown keys (every key would be); one warning at the first citation
   * says why instead.
   */
  noSources?: { roots: string[] };
  /** The client serves `source-linked:` page views of PDFs (related information points there). */
  virtualDocuments?: boolean;
}

export const MAX_DIAGNOSTICS = 1000;

/** Code of the one diagnostic shown while no source is indexed. */
export const NO_SOURCES_CODE = 'no-sources';

const converted = new WeakMap<ChunkResult, { line: number; related: boolean; diagnostics: Diagnostic[] }>();

export function provideDiagnostics(doc: TextDocument, analysis: DraftAnalysis, opts: DiagnosticsOptions): Diagnostic[] {
  const all = convertAll(doc, analysis, opts);
  if (!opts.noSources) return all;
  const out = all.filter((d) => d.code !== 'unknown-source');
  const first = analysis.model.citations[0];
  if (first) {
    const item = first.items[0];
    const roots = opts.noSources.roots.length ? ` (looked in ${opts.noSources.roots.map((r) => `"${r}"`).join(', ')})` : '';
    out.unshift({
      range: toRange(doc, item ? Math.max(first.start, item.keyStart - 1) : first.start, item ? item.keyEnd : first.end),
      severity: DiagnosticSeverity.Warning,
      code: NO_SOURCES_CODE,
      source: DIAGNOSTIC_SOURCE,
      message: `No sources indexed; set sourceLinked.corpus to the folder of your sources (.txt, .md, .html, .pdf, .docx)${roots}. Citations are checked once sources are found.`,
    });
  }
  return out;
}

function convertAll(doc: TextDocument, analysis: DraftAnalysis, opts: DiagnosticsOptions): Diagnostic[] {
  const max = opts.max ?? MAX_DIAGNOSTICS;
  const virtual = !!opts.virtualDocuments;
  const out: Diagnostic[] = [];
  // The total comes with the analysis: reading every chunk's list for it cost a cache miss per
  // chunk (about 70 ms on a draft of 40,000 paragraphs), after the first `max` are converted.
  // Past the first diagnostics a long draft's judgments may not be counted yet (the server counts
  // them after publishing: lsp/analysis.ts); the cap then says the count is coming.
  let total = analysis.judgmentCountKnown ? analysis.judgmentCount : undefined;
  for (const part of analysis.parts) {
    if (out.length >= max) break;
    // The first part needs no line table of the whole draft (a 6 MB over-limit draft's one diagnostic: 24 ms).
    const line = part.start === 0 ? 0 : doc.positionAt(part.start).line;
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
      groupDiagnostics(c.diagnostics); // the stdio encoder reuses the chunk's bytes while it is unchanged
    }
    out.push(...c.diagnostics);
  }
  // Every chunk read (fewer judgments than the cap): every chunk is counted now.
  if (total === undefined && out.length < max) total = analysis.judgmentCount;
  return capped(out.slice(0, max), total, max);
}

function capped(out: Diagnostic[], total: number | undefined, max: number): Diagnostic[] {
  if (total !== undefined && total <= max) return out;
  const at = out.length ? out[out.length - 1].range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  out.push({
    range: at,
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: 'too-many-problems',
    message:
      total === undefined
        ? `Showing the first ${max.toLocaleString('en-US')} problems in this draft (counting the rest); the command line (source-linked check) lists them all.`
        : `Showing the first ${max.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} problems in this draft; the command line (source-linked check) lists them all.`,
  });
  return out;
}
