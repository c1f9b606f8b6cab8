/**
 * Which reader handles a source file, by extension. `.txt` and `.md` go
 * through the text splitter (load.ts); HTML, PDF and Word have readers of their own.
 */
import * as path from 'path';
import { parseDocx } from './docx';
import { parsePdf } from './pdf';
import { ParsedArticle } from './split';

export type FormatReader = (buf: Uint8Array, file: string) => { articles: ParsedArticle[]; reason?: string };

const TEXT_EXT = /\.(?:txt|md)$/i;
const HTML_EXT = /\.html?$/i;
const PDF_EXT = /\.pdf$/i;
const DOCX_EXT = /\.docx$/i;

/** Is this a file the corpus reads (.txt, .md, .html, .htm, .pdf, .docx, any case)? */
export function isSourceFileName(name: string): boolean {
  return TEXT_EXT.test(name) || HTML_EXT.test(name) || PDF_EXT.test(name) || DOCX_EXT.test(name);
}

let htmlModule: typeof import('./html') | undefined;
/**
 * The HTML reader, loaded on first use: linkedom and Readability cost ~20 MB and
 * ~30 ms at start-up, which a corpus without HTML (and the CLI's other commands) never pays.
 */
export function htmlReader(): typeof import('./html') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (htmlModule ??= require('./html') as typeof import('./html'));
}

function readHtml(buf: Uint8Array, file: string): { articles: ParsedArticle[]; reason?: string } {
  // "Web Page, Complete" saves page.html plus page_files/ (frames, ads, embeds): not articles of their own.
  if (/_files$/i.test(path.basename(path.dirname(file)))) return { articles: [], reason: 'part of a saved web page (a "_files" folder), not an article' };
  const { decodeHtml, parseHtmlFile } = htmlReader();
  const dec = decodeHtml(buf);
  if (!dec.ok) return { articles: [], reason: dec.reason };
  return parseHtmlFile(dec.text, file);
}

/** The reader for a non-text format, or undefined for .txt/.md. */
export function readerFor(file: string): FormatReader | undefined {
  if (HTML_EXT.test(file)) return readHtml;
  if (PDF_EXT.test(file)) return parsePdf;
  if (DOCX_EXT.test(file)) return parseDocx;
  return undefined;
}
