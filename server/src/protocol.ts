/**
 * Custom messages between the client and the server, beyond standard LSP, as typed
 * `RequestType` / `NotificationType` objects shared by client/src and server/src
 * (as vscode-eslint does): each side names the message object, never a method string,
 * so params and results are checked by the compiler on both sides. Imports only the
 * protocol's message types (already in both bundles) and core types (type-only).
 */
import { NotificationType, Position, RequestType, TextEdit } from 'vscode-languageserver-protocol';

import type { FolderStatus, SkippedFileInfo } from './core/folder/folder';

export type { SkippedFileInfo };

/**
 * The files the server watches (it registers the one watcher, through
 * `client/registerCapability`): sources, key files (`citation-keys.tsv`),
 * metadata sidecars (`*.meta.yaml`) and team bibliographies (`*.bib`, `*.json`).
 */
export const WATCHED_FILES_GLOB = '**/*.{txt,md,html,htm,pdf,docx,TXT,MD,HTML,HTM,PDF,DOCX,tsv,yaml,yml,bib,json}';

/** `source` of every diagnostic the server publishes; the client picks its own diagnostics by it. */
export const DIAGNOSTIC_SOURCE = 'source-linked';

export type StatusParams = FolderStatus;
/** `sourceLinked/status` notification, server -> client: one workspace folder's index state. */
export const StatusNotification = new NotificationType<StatusParams>('sourceLinked/status');

/** `sourceLinked/searchPassages` request, client -> server: passages matching a query (no draft). */
export interface SearchPassagesParams {
  query: string;
  limit?: number;
}
export interface PassageResult {
  key: string;
  n: number;
  title: string;
  date?: string;
  /** Plain text, trimmed to a snippet. */
  snippet: string;
  file: string;
  startLine: number;
  /** The locator that cites the passage: `p. 12` on a PDF, else `para. N` (older servers: absent). */
  locator?: string;
}

/**
 * `sourceLinked/citationCandidates` request, client -> server: the Insert
 * Citation picker's passages, ranked for the sentence at the cursor (a passage
 * stating the sentence's figure first) and, once the writer types, filtered by
 * the query. Computed by the server on every keystroke.
 */
export interface CitationCandidatesParams {
  /** The draft. */
  uri: string;
  /** The cursor (LSP position). */
  position: { line: number; character: number };
  /** What the writer typed in the picker ('' when it opens). */
  query: string;
  limit?: number;
}
export interface CitationCandidate extends PassageResult {
  /** The sentence's figure as this passage states it ("524"), when it does. */
  states?: string;
}
export interface CitationCandidatesResult {
  /** The sentence the candidates are ranked for ('' when the cursor is in none). */
  sentence: string;
  items: CitationCandidate[];
}
export const SearchPassagesRequest = new RequestType<SearchPassagesParams, PassageResult[], void>('sourceLinked/searchPassages');

export const CitationCandidatesRequest = new RequestType<CitationCandidatesParams, CitationCandidatesResult, void>('sourceLinked/citationCandidates');

/**
 * `sourceLinked/citationInsert` request, client -> server: the edits that cite one passage
 * at each cursor (Insert Citation, "Cite at Cursor"): joined into the citation group a
 * cursor is in, else a new `[@key, locator]` (features/citationInsert.ts).
 */
export interface CitationInsertParams {
  /** The draft (open in the editor, so the server has its text). */
  uri: string;
  /** One per cursor. */
  positions: Position[];
  key: string;
  /** `para. 3`, `p. 12`, or '' for the whole source. */
  locator: string;
}
export const CitationInsertRequest = new RequestType<CitationInsertParams, TextEdit[], void>('sourceLinked/citationInsert');

/** `sourceLinked/report` request, client -> server: the citation report of one draft. */
export interface ReportParams {
  uri: string;
}
/**
 * A claim's state: backed by a resolving citation ('cited'), no citation ('uncited'), contradicted by
 * its source ('mismatched': a wrong figure or a misquote), or cited to an unknown key or a locator
 * out of range.
 */
export type FigureStatus = 'cited' | 'uncited' | 'mismatched' | 'unknown-key' | 'bad-locator';
export const CLAIM_STATUSES: readonly FigureStatus[] = ['cited', 'mismatched', 'unknown-key', 'bad-locator', 'uncited'];
export interface ReportItem {
  /** The figure as written, or the quotation's words. */
  figure: string;
  status: FigureStatus;
  /** A figure (default) or a quotation. */
  kind?: 'figure' | 'quote';
  line: number; // 0-based
  character: number; // 0-based
  endLine: number;
  endCharacter: number;
  sentence: string;
  message?: string;
  keys: string[];
}
export interface ReportResult {
  uri: string;
  /** Figure items and quotation items. */
  figures: number;
  quotes?: number;
  /** Items (figures and quotations) per status; they add up to items.length. */
  cited: number;
  uncited: number;
  mismatched: number;
  unknownKey?: number;
  badLocator?: number;
  citations: number;
  unknownKeys: number;
  items: ReportItem[];
}
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('sourceLinked/report');

/** `sourceLinked/rebuildIndex` request, client -> server. Resolves with each folder's status when the rebuild finished. */
export const RebuildIndexRequest = new RequestType<null, StatusParams[], void>('sourceLinked/rebuildIndex');

/**
 * `sourceLinked/exportCsl` request, client -> server: the corpus as CSL JSON, as the exact
 * text of the file to write (a string; byte-identical to `source-linked export`).
 */
export interface ExportCslParams {
  uri?: string;
}
export const ExportCslRequest = new RequestType<ExportCslParams, string, void>('sourceLinked/exportCsl');

/** `sourceLinked/addSource` request, client -> server: fetch a URL and save it as a source in the first corpus folder. */
export interface AddSourceParams {
  url: string;
  /** A document or folder URI that picks the workspace folder (default: the first). */
  uri?: string;
}
export interface AddSourceResult {
  /** Absolute path of the saved file (`.md`, or `.pdf` for a PDF URL). */
  file: string;
  /** The key it got in the index. */
  key: string;
  title: string;
  format: 'md' | 'pdf';
  /** For a PDF: the read-only page view to open (a `source-linked:` URI). */
  viewUri?: string;
}
export const AddSourceRequest = new RequestType<AddSourceParams, AddSourceResult, void>('sourceLinked/addSource');

/** `sourceLinked/pageView` request, client -> server: the text of a `source-linked:` page view of a PDF. */
export interface PageViewParams {
  uri: string;
}
export interface PageViewResult {
  text: string;
}
export const PageViewRequest = new RequestType<PageViewParams, PageViewResult, void>('sourceLinked/pageView');

// ---- launching the server ---------------------------------------------------------
// The environment every launcher gives the server process: the VS Code client's serverOptions,
// the LSP test harness and the benchmarks (the README shows it for Neovim and other editors).

/**
 * glibc malloc: serve every allocation of 128 KiB or more with its own mmap, returned to the
 * system when freed. By default glibc raises this threshold up to 32 MiB after the first large
 * free, and from then on the index build's large Buffers and typed arrays come from the main
 * heap, where a free in the middle cannot be given back: after a cold build of Reuters-21578 the
 * server kept ~70 MB of freed memory resident for the rest of its life (README, "Memory").
 * Ignored by other C libraries (macOS, Windows, musl).
 *
 * glibc (2.35 and later) `glibc.malloc.hugetlb=1`: those mmap'd blocks are marked for transparent huge
 * pages (madvise), so a large buffer is faulted in 2 MiB at a time instead of 4 KiB. Where a page fault
 * is dear (a virtual machine: here ~13 µs each), reading the 37 MB index cache of Reuters-21578 into a
 * fresh buffer took 120-180 ms instead of 10-20 ms (issue 13, warm start; README, "Warm start").
 * Only when the system's THP mode is `madvise` or `always`; ignored elsewhere. Off by default: HUGE_PAGES_TUNABLE.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '131072' });
/**
 * Not set by default (opt in by setting GLIBC_TUNABLES to it where the server is launched): through the
 * server at 100 MB it cut the warm start (2.15 -> 1.42 s) but every large array of a query or check then
 * faulted 2 MiB pages, and latency rose: completion p95 / p99 15.8 / 19.6 -> 25.1 / 44.7 ms, a new
 * 1,000-paragraph draft 211 -> 449 ms (one pair of runs, 4 Dec 18:06-18:20, load 1.1-1.4; README, "Warm start").
 */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/** `base` (usually process.env) with the server's settings added; a value the user set wins. */
export function serverEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(SERVER_ENV)) if (out[k] === undefined) out[k] = v;
  return out;
}
