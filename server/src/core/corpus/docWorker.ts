/**
 * Worker thread that reads PDFs with pdf.js (through `unpdf`'s serverless
 * build: one file, no canvas, no browser) and Word files with mammoth. Both
 * are asynchronous; the corpus loader is synchronous, so worker.ts blocks on
 * this worker with Atomics.wait. The worker is only started when a PDF or a
 * .docx is read, and each library is imported on its first use.
 *
 * Every request is answered, with a result or an error reason, and the shared
 * flag is always raised, so the caller never waits for nothing.
 */
import { parentPort, MessagePort } from 'worker_threads';
import type { PdfInfo, PdfPage } from './pdfLayout';

export type DocKind = 'pdf' | 'docx';
export interface PdfRead {
  pages: PdfPage[];
  info: PdfInfo;
}
export interface DocxRead {
  /** The document body as HTML (mammoth). */
  html: string;
  /** From docProps/core.xml. */
  title?: string;
  author?: string;
  date?: string;
}
type Failure = { ok: false; reason: string };
export type DocWorkerResult<K extends DocKind> = ({ ok: true } & (K extends 'pdf' ? PdfRead : DocxRead)) | Failure;
export type PdfWorkerResult = DocWorkerResult<'pdf'>;

interface Request {
  kind: DocKind;
  bytes: Uint8Array;
  signal: Int32Array;
  port: MessagePort;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

async function read(bytes: Uint8Array): Promise<DocWorkerResult<'pdf'>> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes, { isEvalSupported: false, verbosity: 0 } as never);
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err?.name === 'PasswordException' || /password/i.test(err?.message ?? '')) return { ok: false, reason: 'encrypted PDF that needs a password' };
    if (err?.name === 'InvalidPDFException') return { ok: false, reason: 'not a valid PDF file (damaged or truncated)' };
    return { ok: false, reason: `could not read the PDF (${err?.message ?? String(e)})` };
  }
  try {
    const info: PdfInfo = {};
    try {
      const meta = await pdf.getMetadata();
      const d = (meta?.info ?? {}) as Record<string, unknown>;
      const xmp = meta?.metadata as { get?(k: string): unknown } | null | undefined;
      const x = (k: string) => {
        try {
          const v = xmp?.get?.(k);
          return Array.isArray(v) ? str(v.join(', ')) : str(v);
        } catch {
          return undefined;
        }
      };
      info.title = str(d.Title) ?? x('dc:title');
      info.author = str(d.Author) ?? x('dc:creator');
      info.date = x('xmp:createdate') && !str(d.CreationDate) ? x('xmp:createdate') : str(d.CreationDate);
    } catch {
      // metadata is optional
    }
    const pages: PdfPage[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      const tc = await page.getTextContent();
      const items: PdfPage['items'] = [];
      for (const it of tc.items as { str?: string; transform?: number[]; width?: number; height?: number }[]) {
        if (!it.str || !it.transform) continue;
        const t = it.transform;
        items.push({ str: it.str, x: t[4] - x0, y: t[5] - y0, size: Math.hypot(t[2], t[3]) || it.height || 10, width: it.width ?? 0 });
      }
      pages.push({ width: x1 - x0, height: y1 - y0, items });
      page.cleanup();
    }
    return { ok: true, pages, info };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/** The text of the first `<tag>` in an XML string, entities decoded. */
function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  const v = m?.[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
  return v || undefined;
}

async function readDocx(bytes: Uint8Array): Promise<DocWorkerResult<'docx'>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return { ok: false, reason: 'encrypted (password-protected) or old-format Word file; save it as .docx without a password' };
  }
  const mammoth = (await import('mammoth')).default ?? (await import('mammoth'));
  const JSZip = (await import('jszip')).default;
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (e) {
    const m = (e as Error)?.message ?? String(e);
    return { ok: false, reason: `not a valid .docx file (${/central directory|zip/i.test(m) ? 'not a zip archive' : m})` };
  }
  const out: DocWorkerResult<'docx'> = { ok: true, html };
  try {
    const zip = await JSZip.loadAsync(buffer);
    const core = await zip.file('docProps/core.xml')?.async('string');
    if (core) {
      out.title = xmlText(core, 'dc:title');
      out.author = xmlText(core, 'dc:creator');
      out.date = xmlText(core, 'dcterms:created');
    }
  } catch {
    // metadata is optional
  }
  return out;
}

parentPort?.on('message', (req: Request) => {
  (req.kind === 'docx' ? readDocx(req.bytes) : read(req.bytes))
    .catch((e): Failure => ({ ok: false, reason: `could not read the file (${(e as Error)?.message ?? String(e)})` }))
    .then((result) => {
      try {
        req.port.postMessage(result);
      } catch (e) {
        req.port.postMessage({ ok: false, reason: `could not read the PDF (${(e as Error)?.message ?? String(e)})` });
      }
      req.port.close();
      Atomics.store(req.signal, 0, 1);
      Atomics.notify(req.signal, 0);
    });
});
