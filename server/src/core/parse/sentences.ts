/**
 * Sentences and quotations of a parsed chunk's prose: sentence boundaries (Intl.Segmenter
 * plus rules for abbreviations, figures opening a sentence and citations between
 * sentences) and quotation spans (straight, curly and guillemet marks).
 */
import { Citation, DraftBlock, Quote, Sentence } from '../types';

const SEGMENTER = new Intl.Segmenter('en', { granularity: 'sentence' });
const NUMERAL_START = /[.!?]["'”’)\]]*\s+(?=\d)/g;

const ABBREVIATIONS = new Set([
  'U.S.', 'U.K.', 'U.N.', 'E.U.', 'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Gov.', 'Sen.', 'Rep.', 'St.', 'Gen.', 'Col.', 'Lt.', 'Sgt.', 'Capt.',
  'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  'No.', 'Nos.', 'vs.', 'v.', 'e.g.', 'i.e.', 'etc.', 'cf.', 'al.', 'approx.', 'Inc.', 'Ltd.', 'Co.', 'Corp.', 'Jr.', 'Sr.',
  'p.', 'pp.', 'para.', 'paras.', 'fig.', 'Fig.', 'vol.', 'Vol.', 'ch.', 'sec.',
]);

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0 || c === 12 || c === 11 || c === 0x2028 || c === 0x2029;
}

export function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Does the sentence [s, e) of `prose` end with an abbreviation that cannot end a sentence? */
function endsWithAbbreviation(prose: string, s: number, e: number): boolean {
  if (prose.charCodeAt(e - 1) !== 0x2e /* . */) return false;
  let k = e - 1;
  while (k > s && !isSpace(prose.charCodeAt(k - 1))) k--;
  let word = prose.slice(k, e);
  word = word.replace(/^[(\["'“‘*]+/, '');
  if (ABBREVIATIONS.has(word)) return true;
  if (/^\p{Lu}\.$/u.test(word)) return true; // an initial: "J. Smith"
  return /^(?:\p{Lu}\.){2,3}$/u.test(word); // other initialisms: "D.C.", "U.S.A."
}

export function splitSentences(prose: string, b: DraftBlock, bi: number, cites: Citation[], out: Sentence[]): void {
  const ranges: [number, number][] = [];
  // Segment a view of the block where author-in-text citations read as a capitalised
  // word ("@smith argues" starts a sentence), while bracketed ones stay blank.
  let view = prose.slice(b.start, b.end);
  if (cites.some((c) => !c.bracketed)) {
    const parts: string[] = [];
    let k = 0;
    for (const c of cites) {
      if (c.bracketed) continue;
      const s = c.start - b.start;
      parts.push(view.slice(k, s), 'X', 'x'.repeat(c.end - c.start - 1));
      k = c.end - b.start;
    }
    parts.push(view.slice(k));
    view = parts.join('');
  }
  if (b.kind === 'heading') {
    const t = trimRange(view, 0, view.length);
    if (t) ranges.push(t);
  } else {
    for (const [a, z] of sentencePieces(view)) {
      const t = trimRange(view, a, z);
      if (!t) continue;
      const last = ranges[ranges.length - 1];
      if (last && endsWithAbbreviation(view, last[0], last[1])) last[1] = t[1];
      else ranges.push(t);
    }
  }
  for (const r of ranges) {
    r[0] += b.start;
    r[1] += b.start;
  }
  // Citations outside every sentence (citations are masked in prose): attach them.
  for (const c of cites) {
    let prev = -1;
    let next = -1;
    let inside = false;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i];
      if (r[0] <= c.start && c.end <= r[1]) {
        inside = true;
        break;
      }
      if (r[1] <= c.start) prev = i;
      else if (r[0] >= c.end && next === -1) next = i;
      else if (r[0] < c.end && r[1] > c.start) {
        // overlaps: widen to cover it
        r[0] = Math.min(r[0], c.start);
        r[1] = Math.max(r[1], c.end);
        inside = true;
        break;
      }
    }
    if (inside) continue;
    if (prev === -1 && next === -1) ranges.push([c.start, c.end]);
    else if (c.bracketed ? prev !== -1 : next === -1) ranges[prev][1] = c.end;
    else ranges[next][0] = c.start;
  }
  // merge any overlaps created by widening (keeps the list sorted and disjoint)
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  for (const [s, e] of merged) out.push({ start: s, end: e, block: bi });
}

/**
 * The sentence pieces of a block's text: UAX 29 sentences (Intl.Segmenter), cut again before
 * a numeral that opens a sentence. A one-line ASCII text whose only sentence terminators end
 * it is one piece (UAX 29 has no break opportunity inside it), found without the segmenter.
 */
export function sentencePieces(view: string): [number, number][] {
  if (view.length > 0 && oneSentence(view)) return [[0, view.length]];
  // A one-line printable ASCII text: its UAX 29 sentences found by the rules themselves (asciiSentences).
  return isOneLineAscii(view) ? cutBeforeNumerals(view, asciiSentences(view)) : segmentedPieces(view);
}

/** The same pieces, always from the segmenter. */
export function segmentedPieces(view: string): [number, number][] {
  const segments: [number, number][] = [];
  for (const seg of SEGMENTER.segment(view)) segments.push([seg.index, seg.index + seg.segment.length]);
  return cutBeforeNumerals(view, segments);
}

/** Printable ASCII, spaces and tabs, no line ends. */
function isOneLineAscii(view: string): boolean {
  for (let k = 0; k < view.length; k++) {
    const c = view.charCodeAt(k);
    if (c > 0x7e || (c < 0x20 && c !== 9)) return false;
  }
  return true;
}

/**
 * UAX 29 sentence boundaries (the rules Intl.Segmenter follows) for a one-line printable ASCII
 * text, where the classes are few: Sp (space, tab), Lower, Upper, Numeric, ATerm (.), STerm (! ?),
 * Close (" ' ( ) [ ] { }), SContinue (, - : ;) and Other; no OLetter, Format, Extend or separators.
 * A break can only follow a terminator, its closing marks and spaces (SB11), unless SB6 (". 4"
 * without the space), SB7 ("U.S"), SB8 (". a": a lower-case letter comes first) or SB8a (a
 * continuation or another terminator) holds. Tests compare it with the segmenter.
 */
function asciiSentences(v: string): [number, number][] {
  const out: [number, number][] = [];
  const n = v.length;
  if (n === 0) return out; // the segmenter gives no segment
  let from = 0;
  let t = 0;
  while (t < n) {
    const c = v.charCodeAt(t);
    if (!isTerminator(c)) {
      t++;
      continue;
    }
    const aterm = c === 0x2e;
    const next = t + 1 < n ? v.charCodeAt(t + 1) : -1;
    // SB6: ATerm × Numeric. SB7: (Upper | Lower) ATerm × Upper.
    if (aterm && isDigit(next)) {
      t++;
      continue;
    }
    if (aterm && t > 0 && isLetter(v.charCodeAt(t - 1)) && isUpper(next)) {
      t++;
      continue;
    }
    let m = t + 1;
    while (m < n && isClose(v.charCodeAt(m))) m++; // SB9
    while (m < n && isBlank(v.charCodeAt(m))) m++; // SB10
    if (m >= n) break;
    const after = v.charCodeAt(m);
    // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
    if (isContinue(after) || isTerminator(after)) {
      t = m;
      continue;
    }
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | SATerm))* Lower.
    if (aterm) {
      let k = m;
      while (k < n && !isLetter(v.charCodeAt(k)) && !isTerminator(v.charCodeAt(k))) k++;
      if (k < n && isLower(v.charCodeAt(k))) {
        t = m;
        continue;
      }
    }
    out.push([from, m]); // SB11
    from = m;
    t = m;
  }
  out.push([from, n]);
  return out;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isLetter = (c: number): boolean => isUpper(c) || isLower(c);
/** Sentence_Break=Close in ASCII: quotation marks and brackets, opening ones too. */
const isClose = (c: number): boolean => isCloser(c) || c === 0x28 || c === 0x5b || c === 0x7b;
/** , - : ; */
const isContinue = (c: number): boolean => c === 0x2c || c === 0x2d || c === 0x3a || c === 0x3b;

/** Sentence segments cut again before a numeral that opens a sentence (see segmentedPieces). */
function cutBeforeNumerals(view: string, segments: [number, number][]): [number, number][] {
  const pieces: [number, number][] = [];
  for (const [start, z] of segments) {
    let a = start;
    // UAX 29 does not break before a numeral followed by lower case ("detained. 415 were
    // killed"); a sentence opening with a figure is common in reporting, so break there.
    NUMERAL_START.lastIndex = a;
    for (let m = NUMERAL_START.exec(view); m && m.index < z; m = NUMERAL_START.exec(view)) {
      const cut = m.index + m[0].length;
      if (cut >= z) break;
      pieces.push([a, cut]);
      a = cut;
    }
    pieces.push([a, z]);
  }
  return pieces;
}

/**
 * True when `view` is printable ASCII (spaces and tabs allowed, no line ends) whose '.', '!'
 * and '?' all sit in its closing run: terminators, then closing quotes and brackets, then spaces.
 */
function oneSentence(view: string): boolean {
  // The closing run, read backwards: spaces, then closing quotes and brackets, then terminators.
  let i = view.length;
  while (i > 0 && isBlank(view.charCodeAt(i - 1))) i--;
  while (i > 0 && isCloser(view.charCodeAt(i - 1))) i--;
  while (i > 0 && isTerminator(view.charCodeAt(i - 1))) i--;
  for (let k = 0; k < i; k++) {
    const c = view.charCodeAt(k);
    if (c > 0x7e || (c < 0x20 && c !== 9) || isTerminator(c)) return false;
  }
  return true;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;
const isCloser = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d || c === 0x7d;
const isTerminator = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f;

export function trimRange(prose: string, s: number, e: number): [number, number] | undefined {
  while (s < e && isSpace(prose.charCodeAt(s))) s++;
  while (e > s && isSpace(prose.charCodeAt(e - 1))) e--;
  return e > s ? [s, e] : undefined;
}

// ---------------------------------------------------------------------------
// Quotations

const OPEN_CONTEXT = /[\s([{\u2014\u2013\-/:;,“"‘]/;

/** Spans between distinct opening and closing marks; with nesting, the innermost opening mark wins. */
function pairedMarks(prose: string, open: string, close: string, e: number, found: [number, number][]): void {
  for (let i = prose.indexOf(open); i !== -1 && i < e; ) {
    const j = prose.indexOf(close, i + 1);
    if (j === -1 || j >= e) break;
    const inner = prose.lastIndexOf(open, j);
    found.push([inner + 1, j]);
    i = prose.indexOf(open, j + 1);
  }
}

export function findQuotes(whole: string, b: DraftBlock, out: Quote[]): void {
  const base = b.start;
  const prose = whole.slice(b.start, b.end);
  const s = 0;
  const e = prose.length;
  const found: [number, number][] = [];
  // curly double quotes and guillemets (« … »; the German » … « is rare in English drafts: not handled)
  pairedMarks(prose, '“', '”', e, found);
  pairedMarks(prose, '«', '»', e, found);
  // straight double quotes
  let open = -1;
  for (let i = prose.indexOf('"', s); i !== -1 && i < e; i = prose.indexOf('"', i + 1)) {
    const before = i > s ? prose[i - 1] : ' ';
    const after = i + 1 < e ? prose[i + 1] : ' ';
    if (open === -1) {
      if (OPEN_CONTEXT.test(before) && !/\s/.test(after)) open = i;
    } else if (!/\s/.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
      found.push([open + 1, i]);
      open = -1;
    } else if (OPEN_CONTEXT.test(before) && !/\s/.test(after)) {
      open = i; // unbalanced: restart from the later opening mark
    }
  }
  // curly single quotes, only when clearly a quotation (not apostrophes)
  for (let i = prose.indexOf('‘', s); i !== -1 && i < e; i = prose.indexOf('‘', i + 1)) {
    const before = i > s ? prose[i - 1] : ' ';
    const after = i + 1 < e ? prose[i + 1] : ' ';
    if (!OPEN_CONTEXT.test(before) || /[\s\d]/.test(after)) continue;
    let j = -1;
    for (let k = prose.indexOf('’', i + 1); k !== -1 && k < e; k = prose.indexOf('’', k + 1)) {
      const nx = k + 1 < e ? prose[k + 1] : ' ';
      if (/[\p{L}\p{N}]/u.test(nx) || /\s/.test(prose[k - 1])) continue; // apostrophe: don’t
      j = k;
      break;
    }
    if (j === -1) break;
    const nested = prose.lastIndexOf('‘', j - 1);
    if (nested > i) continue; // a later opening mark owns this closing one
    found.push([i + 1, j]);
    i = j;
  }
  found.sort((x, y) => x[0] - y[0]);
  for (const [qs, qe] of found) {
    const t = trimRange(prose, qs, qe);
    if (!t) continue;
    const text = prose.slice(t[0], t[1]).replace(/\s+/g, ' ');
    out.push({ text, start: t[0] + base, end: t[1] + base });
  }
}
