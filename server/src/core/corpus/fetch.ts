/**
 * "Add Source from URL": fetch an http(s) page, extract the article and its
 * metadata (html.ts), and save it as a Markdown source with front matter in a
 * corpus folder, named by its key. A PDF URL is saved as the PDF itself.
 *
 * Limits: http(s) only, 10 s timeout, 10 MB. Every failure is a clear message
 * (FetchError), never a crash: HTTP errors (404, 401/403/402 as a login or
 * paywall), a response that is neither HTML nor PDF, a page whose article text
 * is empty or marked paywalled, a PDF with no text layer.
 * No `vscode`; uses Node's fetch and fs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { htmlReader } from './formats';
import { makeKey } from './keys';
import { parsePdf } from './pdf';
import { isGlob } from './roots';

export const FETCH_TIMEOUT_MS = 10_000;
export const FETCH_MAX_BYTES = 10 * 1024 * 1024;

export class FetchError extends Error {}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** ISO date for `accessed:` (default today). */
  today?: string;
}

export interface AddedSource {
  /** Absolute path of the saved file. */
  file: string;
  /** The key the source will have (unless another source already has it). */
  key: string;
  title: string;
  format: 'md' | 'pdf';
}

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 410: 'Gone', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

function mb(n: number): string {
  return `${+(n / 1048576).toFixed(2)} MB`;
}

async function readCapped(res: Response, max: number): Promise<Buffer> {
  const len = Number(res.headers.get('content-length'));
  if (Number.isFinite(len) && len > max) throw new FetchError(`The page is larger than the ${mb(max)} limit (${mb(len)}).`);
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError(`The page is larger than the ${mb(max)} limit.`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Fetch a URL: HTML page or PDF bytes, with its final URL and content type. */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<{ bytes: Buffer; type: 'html' | 'pdf'; charset?: string; finalUrl: string }> {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new FetchError(`Not a URL: "${url}".`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError(`Only http and https URLs can be added (got ${u.protocol.replace(/:$/, '')}).`);
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(u, { signal: ctl.signal, redirect: 'follow', headers: { accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1', 'user-agent': 'source-linked-writing' } });
    } catch (e) {
      if (ctl.signal.aborted) throw new FetchError(`No answer from ${u.host} within ${timeoutMs / 1000} s.`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new FetchError(`Could not reach ${u.host}${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}.`);
    }
    if (res.status === 401 || res.status === 402 || res.status === 403) {
      throw new FetchError(`The server refused access (${res.status}): the article may be behind a paywall or a login. Save the page from your browser instead.`);
    }
    if (!res.ok) throw new FetchError(`The server answered ${res.status} ${res.statusText || STATUS_TEXT[res.status] || ''}`.trim() + ` for ${u.href}.`);
    const ctype = (res.headers.get('content-type') ?? '').toLowerCase();
    const mime = ctype.split(';')[0].trim();
    const charset = /charset\s*=\s*"?([\w.:-]+)/.exec(ctype)?.[1];
    const bytes = await (async () => {
      try {
        return await readCapped(res, opts.maxBytes ?? FETCH_MAX_BYTES);
      } catch (e) {
        if (ctl.signal.aborted) throw new FetchError(`No complete answer from ${u.host} within ${timeoutMs / 1000} s.`);
        throw e;
      }
    })();
    const looksPdf = bytes.subarray(0, 1024).includes('%PDF-');
    if (mime === 'application/pdf' || (looksPdf && (mime === 'application/octet-stream' || !mime))) return { bytes, type: 'pdf', finalUrl: res.url || u.href };
    if (mime === 'text/html' || mime === 'application/xhtml+xml' || (!mime && /<html[\s>]/i.test(bytes.subarray(0, 4096).toString('latin1')))) {
      return { bytes, type: 'html', charset, finalUrl: res.url || u.href };
    }
    throw new FetchError(`The URL returned ${mime || 'an unknown type'}, not a web page (HTML) or a PDF.`);
  } finally {
    clearTimeout(timer);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A file name in `dir` for `key` + ext that does not overwrite anything. */
function freeName(dir: string, key: string, ext: string): string {
  let name = `${key}${ext}`;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i++) name = `${key}-${i}${ext}`;
  return path.join(dir, name);
}

const PAYWALL = /\b(?:subscribe to (?:continue|read)|subscribers only|this (?:article|content) is (?:for|available to) subscribers|already a subscriber|sign in to (?:continue|read)|create a free account to (?:continue|read))\b/i;

/**
 * Fetch `url` and save it into `dir` (created when missing). Throws FetchError
 * with a message for the user when the page cannot become a source.
 */
export async function addSourceFromUrl(url: string, dir: string, opts: FetchOptions = {}): Promise<AddedSource> {
  const got = await fetchUrl(url, opts);
  const accessed = opts.today ?? today();
  if (got.type === 'pdf') {
    const r = parsePdf(got.bytes);
    if (r.reason || !r.articles[0]) throw new FetchError(`The PDF cannot be used as a source: ${r.reason ?? 'no text found'}.`);
    const a = r.articles[0];
    const key = makeKey(a.title, a.date);
    fs.mkdirSync(dir, { recursive: true });
    const file = freeName(dir, key, '.pdf');
    fs.writeFileSync(file, got.bytes, { flag: 'wx' });
    return { file, key, title: a.title, format: 'pdf' };
  }
  const { decodeHtml, extractWebArticle, webArticleToMarkdown } = htmlReader();
  const dec = decodeHtml(got.bytes, got.charset);
  if (!dec.ok) throw new FetchError(`The page could not be decoded: ${dec.reason}.`);
  const art = extractWebArticle(dec.text, got.finalUrl);
  const paywalled = /"isAccessibleForFree"\s*:\s*"?false"?/i.test(dec.text);
  if ('reason' in art) {
    throw new FetchError(paywalled || PAYWALL.test(dec.text) ? 'The article is behind a paywall: the page has no article text to save.' : `No article text found on the page (${art.reason}).`);
  }
  const words = art.markdown.split(/\s+/).filter(Boolean).length;
  if ((paywalled || PAYWALL.test(art.markdown)) && words < 150) throw new FetchError(`The article is behind a paywall: only ${words} words of it are on the page.`);
  if (!art.url) art.url = got.finalUrl;
  const title = art.title ?? art.markdown.split(/\s+/).slice(0, 10).join(' ');
  const key = makeKey(title, art.date);
  fs.mkdirSync(dir, { recursive: true });
  const file = freeName(dir, key, '.md');
  fs.writeFileSync(file, webArticleToMarkdown({ ...art, title }, accessed), { encoding: 'utf8', flag: 'wx' });
  return { file, key, title, format: 'md' };
}

/** The folder "Add Source from URL" saves into: the first corpus root that is a folder, not a glob or a file. */
export function firstCorpusFolder(roots: string[], baseDir: string): string {
  for (const r of roots) {
    if (isGlob(r)) continue;
    const abs = path.resolve(baseDir, r);
    try {
      if (fs.statSync(abs).isDirectory()) return abs;
    } catch {
      // does not exist yet
    }
  }
  const first = roots.find((r) => !isGlob(r) && !/\.(?:txt|md|html?|pdf)$/i.test(r));
  return path.resolve(baseDir, first ?? 'sources');
}
