/**
 * Read a PDF synchronously (the corpus loader is synchronous): the bytes go to
 * a worker thread running pdf.js (pdfWorker.ts, bundled as dist/pdf-worker.mjs)
 * and this thread blocks on a shared flag until the answer is posted. The
 * worker is started on the first PDF only, so a corpus without PDFs never
 * loads pdf.js. A PDF that takes longer than the timeout is skipped and the
 * worker restarted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { PdfWorkerResult } from './pdfWorker';
import { pdfToArticle } from './pdfLayout';
import { ParsedArticle } from './split';

let worker: Worker | undefined;

/** Where the worker script is: beside the bundle (dist/pdf-worker.mjs) or the compiled module (out/.../pdfWorker.js). */
function workerPath(): string | undefined {
  for (const name of ['pdf-worker.mjs', 'pdfWorker.js']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function getWorker(): Worker | undefined {
  if (worker) return worker;
  const p = workerPath();
  if (!p) return undefined;
  worker = new Worker(p);
  worker.unref();
  worker.on('error', () => (worker = undefined));
  worker.on('exit', () => (worker = undefined));
  return worker;
}

/** Stop the worker (tests, shutdown). The next PDF starts a new one. */
export function stopPdfWorker(): void {
  const w = worker;
  worker = undefined;
  if (w) void w.terminate();
}

export function isPdfBytes(buf: Uint8Array): boolean {
  // "%PDF-" within the first 1 KB (some writers put junk before it).
  return Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 1024)).includes('%PDF-');
}

/** Extract the pages and metadata of a PDF, or a reason it cannot be used. */
export function readPdfSync(buf: Uint8Array, timeoutMs = 30000): PdfWorkerResult {
  if (!isPdfBytes(buf)) return { ok: false, reason: 'not a PDF file (no %PDF- header)' };
  const w = getWorker();
  if (!w) return { ok: false, reason: 'PDF support is not installed (pdf-worker.mjs missing)' };
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    const bytes = new Uint8Array(buf); // a copy: pdf.js may detach what it is given
    w.postMessage({ bytes, signal, port: port2 }, [port2, bytes.buffer]);
    const r = Atomics.wait(signal, 0, 0, timeoutMs);
    const msg = receiveMessageOnPort(port1);
    if (r === 'timed-out' || !msg) {
      stopPdfWorker();
      return { ok: false, reason: `reading the PDF took longer than ${Math.round(timeoutMs / 1000)} s` };
    }
    return msg.message as PdfWorkerResult;
  } finally {
    port1.close();
  }
}

/** A PDF file's bytes as an article, or the reason it is skipped. */
export function parsePdf(buf: Uint8Array): { articles: ParsedArticle[]; reason?: string } {
  const r = readPdfSync(buf);
  if (!r.ok) return { articles: [], reason: r.reason };
  const a = pdfToArticle(r.pages, r.info);
  if (!a) return { articles: [], reason: 'no text layer (a scanned PDF?); OCR is not supported' };
  return { articles: [a] };
}
