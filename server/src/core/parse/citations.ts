/**
 * Pandoc citation syntax: bracketed groups `[see @a, para. 2; -@b]`, author-in-text
 * `@key` and `@key [p. 3]`, keys (`@key`, `@{any key}`) and locators.
 *
 * Scanning works on raw text plus an optional "allowed" mask (1 = prose where a citation
 * may be written), so code, HTML, URLs and link destinations found by the Markdown parser
 * are never read as citations.
 */
import { ownCopy } from '../text/copy';
import { Citation, CitationItem, Locator } from '../types';

export interface CitationScan {
  citations: Citation[];
  /** Non-citation references that are still not prose (Quarto cross-references such as `@fig-x`). */
  masked: [number, number][];
}

/** Quarto cross-reference prefixes: `@fig-x`, `@tbl-x`, `@sec-x`, `@eq-x`, ... */
export const CROSSREF_PREFIX =
  /^(?:fig|tbl|lst|sec|eq|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|apx|tip|nte|wrn|imp|cau|prf)-/;

/** Punctuation allowed inside a citation key when followed by a key character (Pandoc's rule). */
export const INTERNAL_PUNCT = ':.#$%&-+?<>~/';

/** Locator terms (Pandoc/citeproc English forms) and the label each one normalises to. */
const TERMS: [string, string][] = [];
function terms(label: string, ...forms: string[]): void {
  for (const f of forms) TERMS.push([f, label]);
}
terms('book', 'book', 'books', 'bk.', 'bks.');
terms('chapter', 'chapter', 'chapters', 'chap.', 'chaps.', 'ch.', 'chs.');
terms('column', 'column', 'columns', 'col.', 'cols.');
terms('figure', 'figure', 'figures', 'fig.', 'figs.');
terms('folio', 'folio', 'folios', 'fol.', 'fols.');
terms('number', 'number', 'numbers', 'no.', 'nos.');
terms('line', 'line', 'lines', 'l.', 'll.');
terms('note', 'note', 'notes', 'n.', 'nn.');
terms('opus', 'opus', 'opera', 'op.', 'opp.');
terms('page', 'page', 'pages', 'p.', 'pp.');
terms('paragraph', 'paragraph', 'paragraphs', 'para.', 'paras.', 'para', 'paras', '¶¶', '¶');
terms('part', 'part', 'parts', 'pt.', 'pts.');
terms('section', 'section', 'sections', 'sec.', 'secs.', '§§', '§');
terms('sub-verbo', 'sub verbo', 'sub verbis', 's.v.', 's.vv.');
terms('verse', 'verse', 'verses', 'v.', 'vv.');
terms('volume', 'volume', 'volumes', 'vol.', 'vols.');
TERMS.sort((a, b) => b[0].length - a[0].length);
const TERM_LABEL = new Map(TERMS.map(([f, l]) => [f.toLowerCase(), l]));
const TERM_RE = new RegExp(
  '^(' + TERMS.map(([f]) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|') + ')',
  'i',
);

const NUM = String.raw`\d+(?:[.:]\d+)*[a-z]?(?![\p{L}\p{N}])`;
const ROMAN = String.raw`(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?![\p{L}\p{N}])`;
const DASH = String.raw`\s*(?:--?|–|—)\s*`;
const SEP = String.raw`(?:\s*[,&]\s*|\s+and\s+)`;
const NUM_RANGE = `${NUM}(?:${DASH}${NUM})?`;
/** Value after a term: numbers or roman numerals, ranges, comma lists ("33-35, 38-39"). */
const VALUE_WITH_TERM = new RegExp(`^(?:(?:${NUM}|${ROMAN})(?:${DASH}(?:${NUM}|${ROMAN}))?)(?:${SEP}${NUM_RANGE})*`, 'iu');
/** Value without a term (defaults to page): numbers only. */
const VALUE_BARE = new RegExp(`^${NUM_RANGE}(?:${SEP}${NUM_RANGE})*`, 'u');

/**
 * Parse a locator at the start of a suffix (`, para. 3`, `pp. 33-35`, `, 33`). Drafts repeat
 * their suffixes (", para. 2" hundreds of times): each text is parsed once (a bounded memo of
 * the result at offset 0), and every call gets its own locator at its offset.
 */
export function parseLocator(text: string, offset = 0): Locator | undefined {
  // A long suffix is parsed as it comes: the memo holds short, repeated ones only (bounded in bytes too).
  if (text.length > MEMO_SUFFIX_CHARS) return readLocator(text, offset);
  let t = LOCATORS.get(text);
  if (t === undefined) {
    t = readLocator(text) ?? null;
    if (t) {
      // Own copies: a slice of the draft kept in the memo would keep that version of it alive.
      t.term = ownCopy(t.term);
      t.value = ownCopy(t.value);
      if (t.paragraphs) Object.freeze(t.paragraphs); // shared by every locator of this text
    }
    if (LOCATORS.size >= 4096) LOCATORS.clear();
    LOCATORS.set(ownCopy(text), t);
  }
  if (!t) return undefined;
  const loc: Locator = { label: t.label, term: t.term, value: t.value, start: t.start + offset, end: t.end + offset };
  if (t.paragraphs) loc.paragraphs = t.paragraphs;
  return loc;
}

const LOCATORS = new Map<string, Locator | null>();
const MEMO_SUFFIX_CHARS = 64;

/** parseLocator at offset 0, without the memo. */
function readLocator(text: string, offset = 0): Locator | undefined {
  const lead = /^\s*,?\s*/.exec(text)![0].length;
  const rest = text.slice(lead);
  const tm = TERM_RE.exec(rest);
  if (tm) {
    const term = tm[1];
    const after = rest.slice(term.length);
    const sp = /^\s*/.exec(after)![0].length;
    const last = term[term.length - 1];
    const needsSpace = !(last === '.' || last === '¶' || last === '§');
    if (!(needsSpace && sp === 0)) {
      const vm = VALUE_WITH_TERM.exec(after.slice(sp));
      if (vm) {
        const label = TERM_LABEL.get(term.toLowerCase().replace(/\s+/g, ' ')) ?? 'page';
        const value = vm[0];
        const start = offset + lead;
        const loc: Locator = { label, term, value, start, end: start + term.length + sp + value.length };
        if (label === 'paragraph') {
          const ps = expandNumbers(value);
          // An exact-size copy: an array grown by push keeps room for 17 numbers.
          if (ps.length) loc.paragraphs = ps.slice();
        }
        return loc;
      }
    }
  }
  const vm = VALUE_BARE.exec(rest);
  if (vm) {
    const start = offset + lead;
    return { label: 'page', term: '', value: vm[0], start, end: start + vm[0].length };
  }
  return undefined;
}

/** "3-5" -> [3,4,5]; "3, 7" -> [3,7]; "3–5 and 9" -> [3,4,5,9]. */
export function expandNumbers(value: string): number[] {
  const out: number[] = [];
  for (const part of value.split(/\s*(?:,|&|\band\b)\s*/)) {
    const r = /^(\d+)\s*(?:--?|–|—)\s*(\d+)$/.exec(part.trim());
    if (r) {
      const a = Number(r[1]);
      const b = Number(r[2]);
      if (b >= a && b - a <= 1000) for (let n = a; n <= b; n++) out.push(n);
      else out.push(a);
      continue;
    }
    if (/^\d+$/.test(part.trim())) out.push(Number(part.trim()));
  }
  return out;
}

function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) return true; // astral letters (surrogates): treat as word characters
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

export function isKeyCode(c: number): boolean {
  return c === 95 /* _ */ || isWordCode(c);
}

export interface KeyMatch {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Offset just after the key (after `}` for braced keys). */
  end: number;
  braced: boolean;
}

/**
 * Scan `src` between start and end (a prose block) for Pandoc citations.
 * `allowed[i] === 1` marks characters where citations may be written; null allows all.
 */
export function scanCitations(src: string, allowed: Uint8Array | null, start: number, end: number): CitationScan {
  const ok = (i: number): boolean => i >= start && i < end && (!allowed || allowed[i] === 1);
  const escaped = (i: number): boolean => {
    let k = i - 1;
    let n = 0;
    while (k >= start && src.charCodeAt(k) === 92) {
      n++;
      k--;
    }
    return n % 2 === 1;
  };
  /** '@' at `at` may start a key: not after a letter/digit (e-mail), not escaped. */
  const canStart = (at: number): boolean => {
    if (at - 1 < start) return true;
    const p = src.charCodeAt(at - 1);
    if (isWordCode(p)) return false;
    return !escaped(at);
  };
  const readKey = (at: number): KeyMatch | undefined => {
    const i = at + 1;
    if (!ok(i)) return undefined;
    if (src.charCodeAt(i) === 123 /* { */) {
      let depth = 1;
      for (let j = i + 1; j < end && ok(j); j++) {
        const c = src.charCodeAt(j);
        if (c === 92) {
          j++;
          continue;
        }
        if (c === 123) depth++;
        else if (c === 125 && --depth === 0) {
          if (j === i + 1) return undefined;
          return { key: src.slice(i + 1, j), keyStart: i + 1, keyEnd: j, end: j + 1, braced: true };
        }
      }
      return undefined;
    }
    if (!isKeyCode(src.charCodeAt(i))) return undefined;
    let j = i + 1;
    while (j < end && ok(j)) {
      const c = src.charCodeAt(j);
      if (isKeyCode(c)) {
        j++;
        continue;
      }
      if (INTERNAL_PUNCT.includes(src[j]) && j + 1 < end && ok(j + 1)) {
        const n = src.charCodeAt(j + 1);
        if (isKeyCode(n) || ((c === 58 || c === 47) && n === 47)) {
          j++;
          continue;
        }
      }
      break;
    }
    // a key never ends with punctuation (the ':/' rule can leave a trailing '/')
    while (j > i + 1 && !isKeyCode(src.charCodeAt(j - 1))) j--;
    return { key: src.slice(i, j), keyStart: i, keyEnd: j, end: j, braced: false };
  };
  const findClose = (open: number): number => {
    let depth = 0;
    for (let j = open + 1; j < end && j - open < 4000; j++) {
      if (!ok(j)) return -1;
      const c = src.charCodeAt(j);
      if (c === 92) {
        j++;
        continue;
      }
      if (c === 91) depth++;
      else if (c === 93) {
        if (depth === 0) return j;
        depth--;
      }
    }
    return -1;
  };
  /** First '@key' at bracket depth 0 inside [s, e). */
  const findKey = (s: number, e: number): { at: number; key: KeyMatch } | undefined => {
    let depth = 0;
    for (let k = s; k < e; k++) {
      const c = src.charCodeAt(k);
      if (c === 92) {
        k++;
        continue;
      }
      if (c === 91) depth++;
      else if (c === 93) depth--;
      else if (c === 64 && depth === 0 && canStart(k)) {
        const key = readKey(k);
        if (key && key.end <= e) return { at: k, key };
      }
    }
    return undefined;
  };
  const trimStart = (s: number, e: number): number => {
    while (s < e && /\s/.test(src[s])) s++;
    return s;
  };
  const trimEnd = (s: number, e: number): number => {
    while (e > s && /\s/.test(src[e - 1])) e--;
    return e;
  };
  const makeItem = (key: KeyMatch, itemStart: number, prefixEnd: number, suffixStart: number, suffixEnd: number, itemEnd: number, suppress: boolean): CitationItem => {
    const item: CitationItem = { key: key.key, keyStart: key.keyStart, keyEnd: key.keyEnd, start: itemStart, end: itemEnd, suppressAuthor: suppress };
    const prefix = src.slice(itemStart, prefixEnd).trim();
    if (prefix) item.prefix = prefix;
    const suffixText = src.slice(suffixStart, suffixEnd);
    const suffix = suffixText.trim();
    if (suffix) {
      item.suffix = suffix;
      const loc = parseLocator(suffixText, suffixStart);
      if (loc) item.locator = loc;
    }
    return item;
  };

  const citations: Citation[] = [];
  const masked: [number, number][] = [];

  const tryBracket = (open: number): number => {
    if (src.charCodeAt(open + 1) === 94 /* ^ */) return -1;
    const close = findClose(open);
    if (close < 0) return -1;
    // split into items at ';' outside nested brackets/braces
    const parts: [number, number][] = [];
    let depth = 0;
    let ps = open + 1;
    for (let k = open + 1; k < close; k++) {
      const c = src.charCodeAt(k);
      if (c === 92) {
        k++;
        continue;
      }
      if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) depth--;
      else if (c === 59 && depth === 0) {
        parts.push([ps, k]);
        ps = k + 1;
      }
    }
    parts.push([ps, close]);
    const items: CitationItem[] = [];
    let crossrefs = 0;
    for (const [s, e] of parts) {
      const found = findKey(s, e);
      if (!found) return -1;
      const { at, key } = found;
      const suppress = at - 1 >= s && src.charCodeAt(at - 1) === 45 /* - */;
      if (!key.braced && CROSSREF_PREFIX.test(key.key)) {
        crossrefs++;
        continue;
      }
      const is = trimStart(s, e);
      const ie = trimEnd(s, e);
      items.push(makeItem(key, is, suppress ? at - 1 : at, key.end, ie, ie, suppress));
    }
    if (!items.length) {
      if (crossrefs) masked.push([open, close + 1]);
      return crossrefs ? close + 1 : -1;
    }
    citations.push({ start: open, end: close + 1, bracketed: true, items: items.slice() }); // exact size (see parseLocator)
    return close + 1;
  };

  const tryInText = (at: number): number => {
    if (!canStart(at)) return -1;
    const key = readKey(at);
    if (!key) return -1;
    if (!key.braced && CROSSREF_PREFIX.test(key.key)) {
      masked.push([at, key.end]);
      return key.end;
    }
    let s = at;
    let suppress = false;
    if (at - 1 >= start && ok(at - 1) && src.charCodeAt(at - 1) === 45 && (at - 2 < start || !isWordCode(src.charCodeAt(at - 2)))) {
      s = at - 1;
      suppress = true;
    }
    let end_ = key.end;
    let suffixStart = key.end;
    let suffixEnd = key.end;
    let k = key.end;
    if (k < end && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9) && ok(k)) k++;
    if (k < end && src.charCodeAt(k) === 91 && ok(k) && src.charCodeAt(k + 1) !== 94) {
      const close = findClose(k);
      if (close > 0 && !findKey(k + 1, close)) {
        suffixStart = k + 1;
        suffixEnd = close;
        end_ = close + 1;
      }
    }
    const item = makeItem(key, s, s, suffixStart, suffixEnd, end_, suppress);
    citations.push({ start: s, end: end_, bracketed: false, items: [item] });
    return end_;
  };

  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 91 /* [ */ && ok(i) && !escaped(i)) {
      const r = tryBracket(i);
      if (r > 0) {
        i = r;
        continue;
      }
    } else if (c === 64 /* @ */ && ok(i)) {
      const r = tryInText(i);
      if (r > 0) {
        i = r;
        continue;
      }
    }
    i++;
  }
  return { citations, masked };
}
