/**
 * Custom messages between the client and the server, beyond standard LSP.
 * Shared by client/src and server/src; imports nothing.
 */

export interface SkippedFileInfo {
  file: string;
  reason: string;
}

/** `sourceLinked/status` notification, server -> client. */
export const StatusNotification = 'sourceLinked/status';
export interface StatusParams {
  state: 'indexing' | 'ready' | 'noCorpus' | 'error';
  sources: number;
  passages: number;
  skipped: SkippedFileInfo[];
  missingRoots: string[];
  /** Milliseconds the last index build took. */
  indexMs: number;
  /** True when the index was loaded from the persisted cache (`.source-linked/`). */
  fromCache?: boolean;
  /** 0..100 while indexing. */
  percent?: number;
  /** Human-readable explanation, e.g. which setting to change. */
  message?: string;
}

/** `sourceLinked/searchPassages` request, client -> server: passages for the Insert Citation QuickPick. */
export const SearchPassagesRequest = 'sourceLinked/searchPassages';
export interface SearchPassagesParams {
  query: string;
  limit?: number;
}
export interface PassageHit {
  key: string;
  n: number;
  title: string;
  date?: string;
  /** Plain text, trimmed to a snippet. */
  snippet: string;
  file: string;
  startLine: number;
}

/** `sourceLinked/report` request, client -> server: the citation report of one draft. */
export const ReportRequest = 'sourceLinked/report';
export interface ReportParams {
  uri: string;
}
export type FigureStatus = 'cited' | 'uncited' | 'mismatched';
export interface ReportItem {
  figure: string;
  status: FigureStatus;
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
  figures: number;
  cited: number;
  uncited: number;
  mismatched: number;
  citations: number;
  unknownKeys: number;
  items: ReportItem[];
}

/** `sourceLinked/rebuildIndex` request, client -> server. Resolves when the rebuild finished. */
export const RebuildIndexRequest = 'sourceLinked/rebuildIndex';

/**
 * `sourceLinked/exportCsl` request, client -> server: the corpus as CSL JSON, as the exact
 * text of the file to write (a string; byte-identical to `source-linked export`).
 */
export const ExportCslRequest = 'sourceLinked/exportCsl';
export interface ExportCslParams {
  uri?: string;
}
