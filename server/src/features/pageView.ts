/**
 * Read-only views of a PDF's extracted pages, for Definition / Open Source
 * Passage (VS Code has no PDF viewer). The client serves `source-linked:` URIs
 * by asking the server (`sourceLinked/pageView`) for the text built here.
 *
 * URI: `source-linked:/<file name> (p. 3 of 10)?src=<abs path, base64url>&page=3`,
 * so the editor tab names the page (base64url survives any re-encoding of the query). The view's line 0 names the source and page;
 * each passage of the page sits on its own line, at `Passage.startLine`.
 */
import * as path from 'path';
import { Location } from 'vscode-languageserver';
import { isPaged } from '../core/citations/pages';
import { CorpusIndex } from '../core/index/index';
import { Passage, Source } from '../core/types';
import { pageViewUriFor } from '../lsp/convert';

export const PAGE_VIEW_SCHEME = 'source-linked';

export function pageViewUri(src: Source, page: number): string {
  return pageViewUriFor(src.file, page, src.pages);
}

export function parsePageViewUri(uri: string): { file: string; page: number } | undefined {
  if (!uri.startsWith(PAGE_VIEW_SCHEME + ':')) return undefined;
  const q = uri.indexOf('?');
  if (q < 0) return undefined;
  // Clients may send the query percent-encoded (VS Code encodes "=" and "&"); base64url and digits never hold "%".
  const query = uri.slice(q + 1);
  const params = new URLSearchParams(query.includes('%') ? decodeURIComponent(query) : query);
  const enc = params.get('src');
  const file = enc ? Buffer.from(enc, 'base64url').toString('utf8') : undefined;
  const page = Number(params.get('page'));
  return file && Number.isInteger(page) && page > 0 ? { file, page } : undefined;
}

/** The text of page `page` of a paged source: a heading line, then its passages at their lines. */
export function pageViewText(src: Source, page: number): string {
  const lines = [`${src.title} — p. ${page} of ${src.pages} (text extracted from ${path.basename(src.file)}; read-only)`];
  const on = src.passages.filter((p) => p.page === page);
  for (const p of on) {
    while (lines.length < p.startLine) lines.push('');
    lines[p.startLine] = p.text;
  }
  if (on.length === 0) lines.push('', '(No text on this page: a figure, a table drawn as an image, or a blank page.)');
  return lines.join('\n') + '\n';
}

/** The page view text for a `source-linked:` URI, from whichever index holds the file. */
export function pageViewFor(indexes: Iterable<CorpusIndex>, uri: string): string | undefined {
  const at = parsePageViewUri(uri);
  if (!at) return undefined;
  for (const ix of indexes) {
    const src = ix.sources().find((s) => s.file === at.file && isPaged(s));
    if (src) return pageViewText(src, Math.min(at.page, src.pages!));
  }
  return undefined;
}

/** Where Definition goes for passages of a PDF: the page view of the first one, at its line. */
export function pdfLocation(src: Source, passages: Passage[]): Location {
  const p = passages[0];
  const page = p?.page ?? 1;
  const line = p ? p.startLine : 0;
  const end = passages.filter((x) => x.page === page).reduce((m, x) => Math.max(m, x.endLine), line);
  return { uri: pageViewUri(src, page), range: { start: { line, character: 0 }, end: { line: end + 1, character: 0 } } };
}
