/**
 * PDF text layer -> paragraphs within pages. Pure: positioned text items in, a
 * ParsedArticle out (no pdf.js here; see docWorker.ts for the reading).
 *
 * 1. Items are grouped into lines by baseline (y within half the font size),
 *    ordered left to right; a space is put where the gap between items says so.
 *    Two-column pages are read column by column (see toLines).
 * 2. Running headers and footers are dropped: lines in the top or bottom 10% of
 *    the page that are a page number ("12", "Page 3 of 40", "- 4 -"), or whose
 *    text with digits masked repeats in that band on at least half the pages
 *    (and on 2+ pages).
 * 3. Paragraph breaks: a vertical gap over 1.4x the page's usual (most frequent) line spacing,
 *    a change of font size over 15%, or an indented first line after a line
 *    that ended a sentence.
 * 4. Lines are joined with a space; "hyph-" + "enated" (a letter, a hyphen at
 *    the end of the line, a lower-case letter next) is joined without it.
 * 5. A paragraph in a larger font than the body, or a single short line with no
 *    digit and no sentence punctuation, is a heading, not a passage. The first
 *    heading of page 1 is the title when the document info has none.
 *
 * Passage `n` counts across the whole document; `page` is the 1-based page.
 * `startLine`/`endLine` are lines in the page view (see pageView.ts): line 0 is
 * the view's heading, then each passage of the page on its own line, a blank
 * line between.
 */
import { Passage } from '../types';
import { normalizeDate } from './dates';
import { ParsedArticle } from './split';

export interface PdfItem {
  str: string;
  x: number;
  y: number;
  /** Font size (from the text matrix). */
  size: number;
  width: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

export interface PdfInfo {
  title?: string;
  author?: string;
  /** Raw date string from the info dictionary ("D:20210401...") or XMP (ISO). */
  date?: string;
  subject?: string;
}

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
  right: number;
}

/** First line of the page view a passage sits on (0: heading, 1: blank). */
export const PAGE_VIEW_FIRST_LINE = 2;

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Items of one baseline, left to right, as one line of text. */
function joinItems(items: PdfItem[], y: number, size: number): Line {
  let text = '';
  let end = -Infinity;
  for (const it of items) {
    if (text && it.x - end > 0.15 * size && !/\s$/.test(text) && !/^\s/.test(it.str)) text += ' ';
    text += it.str;
    end = it.x + it.width;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), x: items[0].x, y, size, right: end };
}

/**
 * Lines of a page in reading order. Two-column pages (several wide fragments on each side of
 * the middle, few lines across it) are read left column first, then right; a baseline is cut
 * into fragments at gutters (gaps over twice the font size) for that test only, so table rows
 * of one-column pages stay whole.
 */
function toLines(page: PdfPage): Line[] {
  const items = page.items.filter((i) => i.str.trim().length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { items: PdfItem[]; y: number; size: number }[] = [];
  for (const it of items) {
    const last = rows[rows.length - 1];
    if (last && Math.abs(last.y - it.y) <= Math.max(1, 0.5 * Math.max(last.size, it.size))) {
      last.items.push(it);
      last.size = Math.max(last.size, it.size);
    } else rows.push({ items: [it], y: it.y, size: it.size });
  }
  const lines: Line[] = [];
  const frags: Line[] = [];
  for (const r of rows) {
    r.items.sort((a, b) => a.x - b.x);
    lines.push(joinItems(r.items, r.y, r.size));
    let start = 0;
    for (let k = 1; k <= r.items.length; k++) {
      const prev = r.items[k - 1];
      if (k === r.items.length || r.items[k].x - (prev.x + prev.width) > 2 * r.size) {
        frags.push(joinItems(r.items.slice(start, k), r.y, r.size));
        start = k;
      }
    }
  }
  const mid = page.width / 2;
  const slack = 0.05 * page.width;
  const wide = (f: Line) => f.right - f.x >= 0.25 * page.width;
  const left = frags.filter((f) => wide(f) && f.right <= mid + slack).length;
  const right = frags.filter((f) => wide(f) && f.x >= mid - slack).length;
  const across = frags.filter((f) => f.x < mid - slack && f.right > mid + slack).length;
  if (left < 4 || right < 4 || across > 0.25 * (left + right)) return lines;
  return [...frags.filter((f) => f.x < mid), ...frags.filter((f) => f.x >= mid)];
}

const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:(?:page|p\.|pág\.?|página)\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|de|\/)\s*\d{1,4})?(?:\s*[-–—])?$/i;

function maskDigits(t: string): string {
  return t.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

function inBand(l: Line, page: PdfPage): boolean {
  return l.y > page.height * 0.9 || l.y < page.height * 0.1;
}

/** Lines of every page with running headers, footers and page numbers removed. */
export function bodyLines(pages: PdfPage[]): Line[][] {
  const all = pages.map(toLines);
  const counts = new Map<string, number>();
  all.forEach((lines, i) => {
    const seen = new Set<string>();
    for (const l of lines) if (inBand(l, pages[i])) seen.add(maskDigits(l.text));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const minRepeat = Math.max(2, Math.ceil(pages.length / 2));
  return all.map((lines, i) =>
    lines.filter((l) => !(inBand(l, pages[i]) && (PAGE_NUMBER.test(l.text) || (pages.length >= 2 && (counts.get(maskDigits(l.text)) ?? 0) >= minRepeat)))),
  );
}

function joinLines(a: string, b: string): string {
  if (/\p{L}-$/u.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  return a + ' ' + b;
}

interface Para {
  text: string;
  size: number;
  lines: number;
}

function paragraphs(lines: Line[]): Para[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1].y - lines[i].y;
    if (g > 0 && Math.abs(lines[i].size - lines[i - 1].size) <= 0.15 * lines[i].size) gaps.push(g);
  }
  // The usual line spacing: the most frequent gap (rounded), the smaller one on ties.
  const freq = new Map<number, number>();
  for (const g of gaps) freq.set(Math.round(g), (freq.get(Math.round(g)) ?? 0) + 1);
  let usual = 0;
  let best = 0;
  for (const [g, c] of freq) if (c > best || (c === best && g < usual)) [usual, best] = [g, c];
  if (!usual) usual = 1.2 * median(lines.map((l) => l.size));
  const left = median(lines.map((l) => l.x));
  const out: Para[] = [];
  let cur: Para | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const prev = lines[i - 1];
    let brk = !cur || !prev;
    if (!brk) {
      const gap = prev.y - l.y;
      if (gap > usual * 1.4 || gap < 0) brk = true;
      else if (Math.abs(l.size - prev.size) > 0.15 * Math.max(l.size, prev.size)) brk = true;
      else if (l.x > left + 1.5 * l.size && /[.!?:"”]$/.test(prev.text)) brk = true;
    }
    if (brk) {
      if (cur) out.push(cur);
      cur = { text: l.text, size: l.size, lines: 1 };
    } else {
      cur!.text = joinLines(cur!.text, l.text);
      cur!.lines++;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function isHeading(p: Para, bodySize: number): boolean {
  if (p.size > bodySize * 1.15 && p.text.split(/\s+/).length <= 25) return true;
  return p.lines === 1 && p.text.split(/\s+/).length <= 12 && !/\d/.test(p.text) && !/[.!?:;]["”']?$/.test(p.text);
}

/** "D:20210401120000+01'00'" or an ISO date -> ISO date. */
export function pdfDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?/.exec(raw.trim());
  if (m) return normalizeDate([m[1], m[2], m[3]].filter(Boolean).join('-'));
  return normalizeDate(raw);
}

const JUNK_TITLE = /^(?:microsoft\s+(?:word|powerpoint)|untitled|document\d*$)|\.(?:docx?|pdf|indd|pptx?|rtf)$/i;

/** Build the article of a PDF. Undefined when no page has any text (a scan). */
export function pdfToArticle(pages: PdfPage[], info: PdfInfo): ParsedArticle | undefined {
  const lines = bodyLines(pages);
  const bodySize = median(lines.flat().map((l) => l.size));
  const passages: Passage[] = [];
  let firstHeading: string | undefined;
  lines.forEach((pageLines, i) => {
    let k = 0;
    for (const p of paragraphs(pageLines)) {
      if (!/\p{L}/u.test(p.text)) continue;
      if (isHeading(p, bodySize)) {
        if (i === 0 && !firstHeading && p.size >= bodySize) firstHeading = p.text;
        continue;
      }
      const line = PAGE_VIEW_FIRST_LINE + 2 * k++;
      passages.push({ id: -1, n: passages.length + 1, text: p.text, startLine: line, endLine: line, startOffset: 0, figures: [], page: i + 1 });
    }
  });
  if (passages.length === 0) return undefined;
  const infoTitle = info.title?.trim();
  const title = (infoTitle && !JUNK_TITLE.test(infoTitle) ? infoTitle : undefined) ?? firstHeading ?? passages[0].text.split(/\s+/).slice(0, 10).join(' ');
  const a: ParsedArticle = { title, startLine: 0, endLine: 0, passages, format: 'pdf', pages: pages.length };
  const author = info.author?.trim();
  if (author) a.author = author;
  const date = pdfDate(info.date);
  if (date) a.date = date;
  return a;
}
