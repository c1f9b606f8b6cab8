/**
 * HTML sources (`.html`, `.htm`, saved "Web Page, Complete" files) and web pages
 * fetched by "Add Source from URL".
 *
 * - Parsing is linkedom (a real, spec-following HTML parser built on htmlparser2;
 *   small and fast, and it bundles with esbuild, unlike jsdom); the article is
 *   chosen by Mozilla's Readability (Firefox Reader View's algorithm), so
 *   navigation, cookie banners, related links, comments and footers never
 *   become passages. No tag is ever stripped with a regex.
 * - Metadata, most trusted first: JSON-LD NewsArticle/Article (headline,
 *   author, datePublished, publisher); OpenGraph and `article:` meta tags;
 *   `<meta name="author">`, `<title>`, `<link rel="canonical">`. The canonical
 *   URL (else og:url, else JSON-LD url) becomes `Source.url`.
 * - The article's block elements become Markdown blocks (paragraphs, headings,
 *   `- ` list items, `| a | b |` table rows), then the Markdown splitter makes
 *   the passages, so lists and tables are passages exactly as in Markdown.
 * - Character set: a BOM wins, then `<meta charset>` / `http-equiv` content
 *   type (or the HTTP header when fetched), then UTF-8 with the Windows-1252
 *   fallback of `decodeBytes`.
 *
 * Pure (no file system), no `vscode`.
 */
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { decodeBytes, DecodeResult, normalizeNewlines } from '../text/decode';
import { normalizeDate } from './dates';
import { ParsedArticle, splitFile } from './split';

export interface WebArticle {
  title?: string;
  author?: string;
  /** ISO date. */
  date?: string;
  publisher?: string;
  /** Site name (CSL container-title). */
  siteName?: string;
  url?: string;
  lang?: string;
  /** The article as Markdown blocks (no front matter), blank-line separated. */
  markdown: string;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNews|AnalysisNewsArticle|BlogPosting|Report|ScholarlyArticle|OpinionNewsArticle|BackgroundNewsArticle|WebPage)$/;

/** Decode HTML bytes: BOM, then the charset the page (or `headerCharset`) declares, then UTF-8/CP1252. */
export function decodeHtml(buf: Uint8Array, headerCharset?: string): DecodeResult {
  const hasBom = (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) || (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)));
  if (hasBom) return decodeBytes(buf);
  const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 4096)).toString('latin1');
  const declared = headerCharset || /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      const text = new TextDecoder(declared.toLowerCase()).decode(buf);
      return { ok: true, text: normalizeNewlines(text), encoding: 'latin1' };
    } catch {
      // an unknown label: fall through to the sniffing decoder
    }
  }
  return decodeBytes(buf);
}

/** The slice of the DOM used here (the project compiles without the DOM lib). */
interface El {
  nodeType: number;
  tagName: string;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): ArrayLike<El>;
}
interface Doc extends El {
  documentElement: El | null;
  body: El;
}

function parseDoc(html: string): Doc {
  return (parseHTML(html) as unknown as { document: Doc }).document;
}

function clean(s: string | null | undefined): string | undefined {
  if (typeof s !== 'string') return undefined;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || undefined;
}

function metaContent(doc: Doc, selector: string): string | undefined {
  const el = doc.querySelector(selector);
  return el ? clean(el.getAttribute('content')) : undefined;
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v);
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object') return nameOf((v as Record<string, unknown>).name);
  return undefined;
}

function isUrl(s: string | undefined): boolean {
  return !!s && /^https?:\/\//i.test(s);
}

interface JsonLdMeta {
  title?: string;
  author?: string;
  date?: string;
  publisher?: string;
  url?: string;
}

/** The first JSON-LD object of an article type (searching arrays and `@graph`). */
function jsonLd(doc: Doc): JsonLdMeta {
  const found: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Record<string, unknown>;
    const t = o['@type'];
    const types = Array.isArray(t) ? t : [t];
    if (types.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x))) found.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(s.textContent ?? ''), 0);
    } catch {
      // malformed JSON-LD is common; ignore it
    }
  }
  // Prefer a real article type over a generic WebPage.
  found.sort((a, b) => Number(a['@type'] === 'WebPage') - Number(b['@type'] === 'WebPage'));
  const o = found[0];
  if (!o) return {};
  const url = typeof o.url === 'string' ? o.url : typeof o.mainEntityOfPage === 'string' ? o.mainEntityOfPage : nameOf((o.mainEntityOfPage as Record<string, unknown> | undefined)?.['@id']);
  return {
    title: nameOf(o.headline) ?? nameOf(o.name),
    author: nameOf(o.author),
    date: typeof o.datePublished === 'string' ? o.datePublished : undefined,
    publisher: nameOf(o.publisher),
    url: isUrl(url) ? url : undefined,
  };
}

/** Metadata from JSON-LD, then OpenGraph / article: tags, then plain meta, title and canonical link. */
export function pageMetadata(doc: Doc): Omit<WebArticle, 'markdown'> {
  const ld = jsonLd(doc);
  const ogAuthor = metaContent(doc, 'meta[property="article:author"]');
  const rawDate =
    ld.date ??
    metaContent(doc, 'meta[property="article:published_time"]') ??
    metaContent(doc, 'meta[name="article:published_time"]') ??
    metaContent(doc, 'meta[name="date"]') ??
    metaContent(doc, 'meta[name="pubdate"]') ??
    metaContent(doc, 'meta[itemprop="datePublished"]');
  const canonical = clean(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  const siteName = metaContent(doc, 'meta[property="og:site_name"]');
  const url = [canonical, metaContent(doc, 'meta[property="og:url"]'), ld.url].find(isUrl);
  return {
    title: ld.title ?? metaContent(doc, 'meta[property="og:title"]') ?? metaContent(doc, 'meta[name="twitter:title"]') ?? clean(doc.querySelector('title')?.textContent),
    author: ld.author ?? (ogAuthor && !isUrl(ogAuthor) ? ogAuthor : undefined) ?? metaContent(doc, 'meta[name="author"]') ?? metaContent(doc, 'meta[name="byl"]'),
    date: rawDate ? normalizeDate(rawDate) : undefined,
    publisher: ld.publisher ?? siteName,
    siteName: siteName ?? ld.publisher,
    url,
    lang: clean(doc.documentElement?.getAttribute('lang'))?.replace(/_/g, '-'),
  };
}

const BLOCK = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'HEADER', 'FOOTER', 'ASIDE', 'DL', 'DD', 'DT', 'ADDRESS']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'FIGCAPTION', 'BUTTON', 'FORM', 'NAV', 'SVG', 'IFRAME', 'IMG', 'PICTURE', 'VIDEO', 'AUDIO']);

function inlineText(el: El): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The article content (HTML from Readability) as Markdown blocks. */
function blocksToMarkdown(root: El): string[] {
  const out: string[] = [];
  let inline = '';
  const flush = () => {
    const t = inline.replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
    inline = '';
  };
  const walk = (node: El) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        inline += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.tagName.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (/^H[1-6]$/.test(tag)) {
        flush();
        const t = inlineText(child);
        if (t) out.push('#'.repeat(Math.max(2, Number(tag[1]))) + ' ' + t);
      } else if (tag === 'UL' || tag === 'OL') {
        flush();
        const items = Array.from(child.querySelectorAll('li')).map(inlineText).filter(Boolean);
        if (items.length) out.push(items.map((t, i) => (tag === 'OL' ? `${i + 1}. ` : '- ') + t).join('\n'));
      } else if (tag === 'TABLE') {
        flush();
        const rows = Array.from(child.querySelectorAll('tr'))
          .map((tr) => Array.from(tr.querySelectorAll('th,td')).map((c) => inlineText(c).replace(/\|/g, '/')))
          .filter((cells) => cells.some(Boolean));
        if (rows.length) {
          // Rows as `| a | b |` lines (no `---` separator line: it would be passage text).
          out.push(rows.map((cells) => '| ' + cells.join(' | ') + ' |').join('\n'));
        }
      } else if (tag === 'BR') inline += ' ';
      else if (BLOCK.has(tag)) {
        flush();
        walk(child);
        flush();
      } else walk(child);
    }
  };
  walk(root);
  flush();
  return out;
}

/** Extract the article and metadata from an HTML page. `reason` when no article text is found. */
export function extractWebArticle(html: string, pageUrl?: string): WebArticle | { reason: string } {
  const document = parseDoc(html);
  const meta = pageMetadata(document);
  if (!meta.url && pageUrl && isUrl(pageUrl)) meta.url = pageUrl;
  let content: string | null | undefined;
  let byline: string | null | undefined;
  let rTitle: string | null | undefined;
  try {
    const r = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
    content = r?.content;
    byline = r?.byline;
    rTitle = r?.title;
  } catch (e) {
    return { reason: `could not extract the article (${(e as Error)?.message ?? String(e)})` };
  }
  if (!content) return { reason: 'no article text found in the page' };
  const body = parseDoc(`<!doctype html><html><body>${content}</body></html>`).body;
  const blocks = blocksToMarkdown(body);
  if (!blocks.some((b) => /\p{L}{2,}/u.test(b) && !b.startsWith('#'))) return { reason: 'no article text found in the page' };
  const author = meta.author ?? clean(byline)?.replace(/^by\s+/i, '');
  return { ...meta, title: meta.title ?? clean(rTitle), author, markdown: blocks.join('\n\n') + '\n' };
}

/** A whole HTML document (no article extraction: e.g. a Word file converted by mammoth) as Markdown blocks. */
export function documentHtmlToMarkdown(html: string): string {
  return blocksToMarkdown(parseDoc(`<!doctype html><html><body>${html}</body></html>`).body).join('\n\n') + '\n';
}

/** YAML-safe scalar (a JSON string is valid YAML). */
function yaml(v: string): string {
  return /^[\w .,'()/&-]+$/.test(v) && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/:\s/.test(v) ? v : JSON.stringify(v);
}

/** A Markdown source with front matter, as "Add Source from URL" saves it. */
export function webArticleToMarkdown(a: WebArticle, accessed?: string): string {
  const fm: string[] = ['---'];
  const put = (k: string, v: string | undefined) => {
    if (v) fm.push(`${k}: ${yaml(v.replace(/[\r\n]+/g, ' '))}`);
  };
  put('title', a.title);
  put('author', a.author);
  put('publisher', a.publisher);
  put('date', a.date);
  put('url', a.url);
  put('accessed', accessed);
  put('lang', a.lang);
  fm.push('---', '');
  return fm.join('\n') + a.markdown;
}

/** First line (0-based) of `raw` at or after `from` where the passage's first words appear, or -1. */
function lineOfPassage(raw: string, text: string, from: number, lineAt: (off: number) => number): [number, number] {
  // ASCII runs first: they survive entities in the raw HTML ("Caf&eacute;" still holds "Caf").
  const ascii = (text.match(/[A-Za-z0-9]{3,}/g) ?? []).slice(0, 3);
  const words = ascii.length >= 2 ? ascii : (text.match(/[\p{L}\p{N}]{3,}/gu) ?? []).slice(0, 3);
  if (words.length === 0) return [-1, from];
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]{1,120}?'), 'gu');
  re.lastIndex = from;
  const m = re.exec(raw);
  return m ? [lineAt(m.index), m.index] : [-1, from];
}

/**
 * Parse a decoded HTML file into (at most) one article. Passage lines point at
 * the HTML file where the passage's first words are found in it.
 */
export function parseHtmlFile(html: string, file: string): { articles: ParsedArticle[]; reason?: string } {
  const a = extractWebArticle(html);
  if ('reason' in a) return { articles: [], reason: a.reason };
  const md = webArticleToMarkdown(a);
  const articles = splitFile(md, file.replace(/\.html?$/i, '.md'));
  const lineStarts: number[] = [0];
  for (let i = 0; i < html.length; i++) if (html.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineAt = (off: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let from = 0;
  let last = 0;
  for (const art of articles) {
    art.format = 'html';
    if (a.url) art.url = a.url;
    if (a.lang) art.lang = a.lang;
    if (a.siteName) art.containerTitle = a.siteName;
    for (const p of art.passages) {
      const [line, at] = lineOfPassage(html, p.text, from, lineAt);
      if (line >= 0) {
        last = line;
        from = at + 1;
      }
      p.startLine = p.endLine = last;
      p.startOffset = lineStarts[last];
    }
    art.startLine = art.passages[0]?.startLine ?? 0;
    art.endLine = Math.max(art.startLine, last);
  }
  return { articles };
}
