/**
 * Line-level tests of the splitter (split.ts): blank lines, indentation, datelines,
 * bylines, list items and tables. Pure.
 */
import { matchLeadingDate } from './dates';

const DATELINE_BYLINE = /^\s*\(\s*(?:written\s+|posted\s+|reported\s+)?by\s*:?\s*([^)]{1,80})\)/i;
const DASH = /^\s*[–—-]+\s*/;
export const WEEKDAY_DATE = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s/i;
export const BYLINE = /^[Bb][Yy]\s*:?\s+([A-Z][^,;:()]{1,60}?)(?:\s*[,|].*)?$/;
export const SOURCES_HEADING = /^(?:#+\s*)?(?:sources|references|bibliography|works cited|further reading|fuentes|referencias)\s*:?$/i;
const DATE_GATE_WORDS = [
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
  'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'pub', 'upd', 'pos', 'las', 'fir', 'dat',
];
function gateCode(a: number, b: number, c: number): number {
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}
/** First three letters (case-folded) of month/weekday names and date prefixes, as ints. */
const DATE_GATE = new Set(DATE_GATE_WORDS.map((w) => gateCode(w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(2))));

/** Could `t` start with a date or a date prefix? A cheap test before any regex. */
export function mayStartWithDate(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c >= 48 && c <= 57) return true;
  return t.length >= 3 && DATE_GATE.has(gateCode(c, t.charCodeAt(1), t.charCodeAt(2)));
}

export interface Dateline {
  iso: string;
  author?: string;
  /** A dash followed the date / byline. */
  dash: boolean;
  /** Text after the dateline (empty when the line is only a dateline). */
  rest: string;
}

/** `DATE [(written by NAME)] [– rest]` at the start of a trimmed line. */
export function matchDateline(t: string): Dateline | undefined {
  if (!mayStartWithDate(t)) return undefined;
  const d = matchLeadingDate(t);
  if (!d) return undefined;
  let r = t.slice(d.length);
  let author: string | undefined;
  const b = DATELINE_BYLINE.exec(r);
  if (b) {
    author = b[1].trim();
    r = r.slice(b[0].length);
  }
  const dm = DASH.exec(r);
  if (dm) r = r.slice(dm[0].length);
  else if (!b && r.trim().length > 0) return undefined;
  return { iso: d.iso, author, dash: !!dm, rest: r.trim() };
}

export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 160 && c !== 13 && c !== 0xfeff) return false;
  }
  return true;
}

export function indentOf(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 160) i++;
    else if (c === 9) i += 1; // a tab counts as one step; only "more than the previous line" matters
    else break;
  }
  return i;
}

export function hasLetter(s: string): boolean {
  return /\p{L}/u.test(s);
}

/** Runs of digits ("705,496" counts once); two or more make a line data, not a heading. */
export function numberCount(t: string): number {
  let n = 0;
  let inNum = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const d = c >= 48 && c <= 57;
    if (d && !inNum) n++;
    inNum = d || (inNum && (c === 44 || c === 46) && i + 1 < t.length && t.charCodeAt(i + 1) >= 48 && t.charCodeAt(i + 1) <= 57);
  }
  return n;
}

export const LIST_ITEM = /^(?:[-*+•·–]|\d{1,3}[.)])\s/;

export function isTabular(t: string): boolean {
  return /\S {3,}\S/.test(t);
}

/** Compare titles ignoring case, punctuation and spacing. */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The lines of a text (CR of CRLF and a BOM dropped) and the offset each starts at in the text. */
export function splitLines(text: string): { lines: string[]; lineStart: number[] } {
  const lines = text.split('\n');
  const lineStart = new Array<number>(lines.length);
  let off = 0;
  for (let i = 0; i < lines.length; i++) {
    lineStart[i] = off;
    off += lines[i].length + 1;
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1); // tolerate CRLF input
  }
  if (lines.length > 0 && lines[0].charCodeAt(0) === 0xfeff) {
    lines[0] = lines[0].slice(1);
    lineStart[0] = 1; // offsets still index the given text
  }
  return { lines, lineStart };
}
