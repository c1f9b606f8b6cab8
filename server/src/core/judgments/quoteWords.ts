/**
 * The words of quotations and passages as quotation checks compare them (quotes.ts): letters and
 * digits, joined by apostrophes, dots, commas and hyphens inside a word; case, apostrophe forms and
 * separators inside numbers folded.
 */

export interface Word {
  w: string;
  start: number;
  end: number;
}

/** Normalised words of a text with their offsets. */
export function quoteWords(text: string): Word[] {
  if (NON_ASCII.test(text)) return quoteWordsByRegExp(text);
  // ASCII text (most quotations): the regular expression's words found by a scan, without a
  // match object per word. \p{L} and \p{N} are [A-Za-z] and [0-9] there, and of the separators
  // only ' ` . , - are ASCII.
  const out: Word[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAsciiAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAsciiAlnum(text.charCodeAt(i))) i++;
    while (i + 1 < n && isAsciiSeparator(text.charCodeAt(i)) && isAsciiAlnum(text.charCodeAt(i + 1))) {
      i++;
      while (i < n && isAsciiAlnum(text.charCodeAt(i))) i++;
    }
    out.push({ w: normalWord(text.slice(start, i)), start, end: i });
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;
const isAsciiAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
/** ' ` . , - */
const isAsciiSeparator = (c: number): boolean => c === 39 || c === 96 || c === 46 || c === 44 || c === 45;

/** quoteWords for any text (the definition the ASCII scan follows). */
export function quoteWordsByRegExp(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['\u2019\u2018`´.,-][\p{L}\p{N}]+)*/gu)) {
    out.push({ w: normalWord(m[0]), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** A word as compared: NFKC, lower case, one apostrophe, no separators inside numbers. */
function normalWord(raw: string): string {
  if (/[^\x00-\x7f]/.test(raw)) {
    return raw
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2019\u2018`´]/g, "'")
      .replace(/[.,](?=\d)/g, '');
  }
  // ASCII (most words): NFKC changes nothing, and only the backtick is an apostrophe to fold.
  let w = raw.toLowerCase();
  if (w.includes('`')) w = w.replace(/`/g, "'");
  if (w.includes('.') || w.includes(',')) w = w.replace(/[.,](?=\d)/g, '');
  return w;
}

/** A quotation split at ellipses and [editorial insertions] into word runs; each must appear in the source. */
export function quoteRuns(text: string, words?: Word[]): string[][] {
  // Without an ellipsis or a [bracket] the quotation is one run: its words.
  if (words && !/\.\.\.|…|\[/.test(text)) return words.length >= 2 ? [words.map((x) => x.w)] : [];
  return text
    .split(/\s*(?:\.\.\.|…|\[[^\]]*\])\s*/)
    .map((s) => quoteWords(s).map((x) => x.w))
    .filter((ws) => ws.length >= 2);
}
