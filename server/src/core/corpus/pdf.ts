/** PDF sources: the text layer read by pdf.js in the document worker (worker.ts), laid out by pdfLayout.ts. */
import type { PdfRead } from './docWorker';
import { pdfToArticle } from './pdfLayout';
import { ParsedArticle } from './split';
import { callDocWorker, stopDocWorker } from './worker';

/** Stops the document worker (the PDF and Word reader thread). */
export const stopPdfWorker = stopDocWorker;

export function isPdfBytes(buf: Uint8Array): boolean {
  // "%PDF-" within the first 1 KB (some writers put junk before it).
  return Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 1024)).includes('%PDF-');
}

/** Extract the pages and metadata of a PDF, or a reason it cannot be used. */
export function readPdfSync(buf: Uint8Array, timeoutMs = 30000): { ok: true } & PdfRead | { ok: false; reason: string } {
  if (!isPdfBytes(buf)) return { ok: false, reason: 'not a PDF file (no %PDF- header)' };
  return callDocWorker('pdf', buf, timeoutMs);
}

/** A PDF file's bytes as an article, or the reason it is skipped. */
export function parsePdf(buf: Uint8Array): { articles: ParsedArticle[]; reason?: string } {
  const r = readPdfSync(buf);
  if (!r.ok) return { articles: [], reason: r.reason };
  const a = pdfToArticle(r.pages, r.info);
  if (!a) return { articles: [], reason: 'no text layer (a scanned PDF?); OCR is not supported' };
  return { articles: [a] };
}
