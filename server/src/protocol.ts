/**
 * Custom messages between the client and the server, beyond standard LSP.
 * Shared by client/src and server/src; imports only the protocol's
 * RequestType (already in both bundles), so requests are typed on both sides.
 */
import { RequestType } from 'vscode-languageserver-protocol';

import type { FolderStatus, SkippedFileInfo } from './core/folder/folder';

export type { SkippedFileInfo };

/**
 * The files the server watches (it registers the one watcher, through
 * `client/registerCapability`): sources, key files (`citation-keys.tsv`),
 * metadata sidecars (`*.meta.yaml`) and team bibliographies (`*.bib`, `*.json`).
 */
export const WATCHED_FILES_GLOB = '**/*.{txt,md,html,htm,pdf,docx,TXT,MD,HTML,HTM,PDF,DOCX,tsv,yaml,yml,bib,json}';

/** `sourceLinked/status` notification, server -> client. */
export const StatusNotification = 'sourceLinked/status';
export type StatusParams = FolderStatus;

/** `sourceLinked/searchPassages` request, client -> server: passages for the Insert Citation QuickPick. */
export const SearchPassagesRequest = 'sourceLinked/searchPassages';
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
export const CitationCandidatesRequest = new RequestType<CitationCandidatesParams, CitationCandidatesResult, void>('sourceLinked/citationCandidates');

/** `sourceLinked/report` request, client -> server: the citation report of one draft. */
export const ReportRequest = 'sourceLinked/report';
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

/** `sourceLinked/addSource` request, client -> server: fetch a URL and save it as a source in the first corpus folder. */
export const AddSourceRequest = 'sourceLinked/addSource';
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

/** `sourceLinked/pageView` request, client -> server: the text of a `source-linked:` page view of a PDF. */
export const PageViewRequest = 'sourceLinked/pageView';
export interface PageViewParams {
  uri: string;
}
export interface PageViewResult {
  text: string;
}
