/**
 * The context rules that decide a number is not a figure: identifiers and URLs before it,
 * dates, times, labels, list markers, years, relative periods ("the next 3 days"), and the
 * hedges before a figure ("more than 500"). Pure functions of the text and offsets.
 */
import { Atom, isYear } from './atom';
import { Locale } from './locale';

export const MONTHS =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|' +
  'Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
/** Month names with a capital first letter and any case after it ("APril 1", "MArch 3": wire copy typos). */
const MONTHS_ANY_CASE = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Sept']
  .flatMap((m) => (m.length > 3 && m !== 'Sept' ? [m, m.slice(0, 3)] : [m]))
  .map((m) => m[0] + [...m.slice(1)].map((ch) => `[${ch.toLowerCase()}${ch.toUpperCase()}]`).join(''))
  .join('|');
const ES_MONTHS = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';

const RUN = /(?:[\w/:]|[.,\-–](?=\w))*/y;
const YEAR_TAIL = /[-–/](?:\d{4}|\d{2}|\d)(?!\d)/y;
const DAY_TAIL = /(?:[-–]|\s+and\s+)\d{1,2}(?!\d)/y;
const MONTH_BEFORE = new RegExp(`(?<=\\b(?:${MONTHS}|${MONTHS_ANY_CASE})\\.?,?\\s+)`, 'y');
const MONTH_AFTER = new RegExp(
  `\\s+(?:of\\s+)?(?:${MONTHS})\\b|\\s+de\\s+(?:${ES_MONTHS})\\b(?:\\s+de\\s+\\d{4})?|\\s*[-–]\\s*\\d{1,2}\\s+(?:${MONTHS})\\b`,
  'y',
);
const WEEKDAY_BEFORE = /(?<=\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+)/y;
const TIME_AFTER =
  /\s*(?:[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b|(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST)\b|\s+(?:de\s+la\s+(?:mañana|tarde|noche)|horas?\b|hrs\b))/iy;
const TIME_BEFORE = /(?<=\b(?:at|by|until|till|from|before|after)\s+)(?=\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\b|to\s+\d{1,2}(?:[.:]\d\d)?\s*[ap]\.?m\b))/iy;
const ES_TIME_BEFORE = /(?<=\b(?:a\s+las|las|la|desde\s+las|hasta\s+las)\s+)/iy;
const TIME_RANGE = /\s*(?:to|-|–|and)\s*\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.\s?m\b\.?|[ap]m\b)/iy;
const AT_BEFORE = /(?<=\b[Aa]t\s+)/y;
const AT_END = /\s*(?:[.,;!?)]|$|\s+(?:tonight|this\s+(?:morning|evening|afternoon)|in\s+the\s+(?:morning|evening|afternoon)|sharp)\b)/y;
const TZ_AFTER = /\s*(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|hrs)\b/y;
const CLOCK_DOT = /[.:][0-5]\d\s*(?:[ap]\.?m\b|h\b|hrs\b|GMT\b)/iy;
const LABEL_BEFORE = new RegExp(
  '(?<=(?:\\b(?:No|Nos|Art|Sec|Ch|Fig|Vol|Para|Prop|núm|Núm)\\.|' +
    '\\b(?:Number|number|Article|Section|Chapter|Paragraph|Page|Volume|Flight|Route|Highway|Interstate|Room|' +
    'Resolution|Rule|Phase|Level|Stage|Item|Figure|Table|Annex|Appendix|Title|Proposition|Category|' +
    'Grade|Channel|Gate|Platform|Track|Episode|Season|Precinct|Ward|Model|Version|Windows|Apollo|' +
    'Boeing|Formula|Amendment|Radio|Year|Xbox|PlayStation|Week|week|Quarter|Local|local|número|artículo|capítulo|' +
    'flight|route|room|gate|platform|chapter|section|article|page|pages|episode|precinct))\\s*)',
  'y',
);
const SECTION_NEXT = /\s+[A-Z]/y;
const LABEL_RANGE = /[-–]\d+(?![\d.,])/y;
/** A knockout stage named by how many are left: "the last 16", "the round of 32" (not "the last 16 teams"). */
const STAGE_SIZES = new Set([4, 8, 16, 32, 64]);
const STAGE_BEFORE = /(?<=\b(?:[Ll]ast|[Rr]ound\s+of)\s+)/y;
const OWN_BEFORE = /(?<=\b(?:own|opposition|opponents['’]?)\s+)/y;
const PLURAL_NEXT = /[\s-]+(?:[a-z]+\s+)?[a-z]{2,}s\b/y;
/** Duration phrases whose number is part of a relative time reference. */
const RELATIVE_BEFORE =
  /(?<=\b(?:next|past|last|coming|previous|preceding|following|recent|first|final|opening|closing|remaining|dying|these|those|the\s+first|the\s+last|próximos?|próximas?|últimos?|últimas?|pasados?)\s+(?:few\s+|\d+\s+or\s+)?)/iy;
const RELATIVE_AFTER = /\s+(?:ago|earlier|later|hence|from\s+now|before\s+that|since|atrás)\b/iy;
const PERIOD_TO = new RegExp(`\\s+(?:to|ending|ended|through)\\s+(?:\\d|end|(?:${MONTHS})\\b)`, 'y');
const THE_BEFORE = /(?<=\b[Tt]he\s+)/y;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;
export function isWordChar(c: number): boolean {
  if (c < 128) return isDigit(c) || isAsciiLetter(c);
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}

export function skipRun(text: string, i: number): number {
  RUN.lastIndex = i;
  RUN.test(text);
  return Math.max(RUN.lastIndex, i + 1);
}

/** Characters before `i` that make the number part of an identifier, URL, date, etc. */
export function preRejected(text: string, i: number): boolean {
  if (i === 0) return false;
  const b = text.charCodeAt(i - 1);
  if (isWordChar(b)) return true;
  switch (b) {
    case 47: // /
    case 92: // \
    case 58: // :
    case 35: // #
    case 64: // @
    case 38: // &
    case 61: // =
    case 36: // $
    case 163: // £
    case 8364: // €
    case 165: // ¥
    case 126: // ~
    case 94: // ^
      return true;
    case 46: // . (v1.2.3, example.com.5)
      return i >= 2 && isWordChar(text.charCodeAt(i - 2));
    case 44: // , (a broken thousands group)
      return i >= 2 && isDigit(text.charCodeAt(i - 2));
    case 45: // - (COVID-19, F-16, mid-2020)
    case 8211:
    case 8212:
      return i >= 2 && isWordChar(text.charCodeAt(i - 2)) && !isDigit(text.charCodeAt(i - 2));
  }
  return false;
}

/** 0: not at the start of a line; 1: at line start; 2: at the start of a heading line. */
function lineStart(text: string, i: number): number {
  let j = i - 1;
  let hash = false;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 62 /* > */) j--;
    else if (c === 35 /* # */) {
      hash = true;
      j--;
    } else break;
  }
  if (j < 0 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13) return hash ? 2 : 1;
  return 0;
}

/** An unclosed "(" earlier on the same line (within 200 characters). */
function openParenBefore(text: string, i: number): boolean {
  for (let j = i - 1, stop = Math.max(0, i - 200); j >= stop; j--) {
    const c = text.charCodeAt(j);
    if (c === 40) return true;
    if (c === 41 || c === 10) return false;
  }
  return false;
}

/** A date continues after a day number: "5-6 March", "26 June", "14 de octubre de 2020". */
export function monthAfter(text: string, e: number): number {
  MONTH_AFTER.lastIndex = e;
  return MONTH_AFTER.test(text) ? MONTH_AFTER.lastIndex : -1;
}

/** A clock time at a bare number: "7pm", "6.45am", "19:30" (handled earlier), "0950 GMT", "a las 10". */
export function timeAt(text: string, a: Atom, loc: Locale): number {
  const len = a.end - a.start;
  if (a.decimals === 2 && a.digits % 100 < 60 && a.digits < 2400) {
    // "6.45am", "7.30pm", "7.30 GMT"
    TIME_AFTER.lastIndex = a.end;
    if (TIME_AFTER.test(text)) return TIME_AFTER.lastIndex;
  }
  if (a.decimals !== 0) return -1;
  if (a.digits <= 24 && !a.comma) {
    TIME_AFTER.lastIndex = a.end;
    if (TIME_AFTER.test(text)) return TIME_AFTER.lastIndex;
    TIME_BEFORE.lastIndex = a.start;
    if (TIME_BEFORE.test(text)) return a.end; // "from 5 to 6pm": the 5
    TIME_RANGE.lastIndex = a.end;
    if (TIME_RANGE.test(text)) return TIME_RANGE.lastIndex; // "5 to 6pm"
    if (a.digits <= 12) {
      AT_BEFORE.lastIndex = a.start;
      if (AT_BEFORE.test(text)) {
        AT_END.lastIndex = a.end;
        if (AT_END.test(text)) return a.end; // "at 7", "at 7 tonight"
      }
    }
    if (loc.lang === 'es') {
      ES_TIME_BEFORE.lastIndex = a.start;
      if (ES_TIME_BEFORE.test(text)) {
        TIME_AFTER.lastIndex = a.end;
        return TIME_AFTER.test(text) ? TIME_AFTER.lastIndex : a.end;
      }
    }
  }
  if (!a.comma && len === 4 && a.digits < 2400 && a.digits % 100 < 60) {
    TZ_AFTER.lastIndex = a.end; // 1500 GMT
    if (TZ_AFTER.test(text)) return TZ_AFTER.lastIndex;
  }
  return -1;
}

/** Rules for bare digits (no currency/scale/unit): years, days, times, labels, list markers. */
export function bareRejected(text: string, a: Atom, loc: Locale): number {
  if (isYear(a)) {
    YEAR_TAIL.lastIndex = a.end;
    return YEAR_TAIL.test(text) ? YEAR_TAIL.lastIndex : a.end;
  }
  const integer = a.decimals === 0;
  // Last non-space character before the number: gates the lookbehind rules.
  let j = a.start - 1;
  while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
  const before = j >= 0 ? text.charCodeAt(j) : 10;
  const afterWord = isAsciiLetter(before) || before === 46 || before === 44 || before > 127;
  if (integer && !a.comma && a.digits >= 1 && a.digits <= 31) {
    MONTH_BEFORE.lastIndex = a.start;
    if (afterWord && MONTH_BEFORE.test(text)) {
      DAY_TAIL.lastIndex = a.end;
      return DAY_TAIL.test(text) ? DAY_TAIL.lastIndex : a.end;
    }
    const m = monthAfter(text, a.end);
    if (m >= 0) return m;
  }
  if (afterWord && !a.comma && a.digits <= 3112 && (integer ? a.digits <= 31 : a.decimals <= 2)) {
    WEEKDAY_BEFORE.lastIndex = a.start;
    if (WEEKDAY_BEFORE.test(text)) return a.end; // "next Thursday, 4", "Friday 7.6"
  }
  const t = timeAt(text, a, loc);
  if (t >= 0) return t;
  if (integer && afterWord && STAGE_SIZES.has(a.digits) && !a.comma) {
    STAGE_BEFORE.lastIndex = a.start;
    PLURAL_NEXT.lastIndex = a.end;
    if (STAGE_BEFORE.test(text) && !PLURAL_NEXT.test(text)) return a.end; // "in the last 16", "the round of 32"
  }
  if (integer && afterWord && a.digits <= 50 && !a.comma) {
    OWN_BEFORE.lastIndex = a.start;
    PLURAL_NEXT.lastIndex = a.end;
    if (OWN_BEFORE.test(text) && !PLURAL_NEXT.test(text)) return a.end; // a place on the pitch: "in his own 22"
  }
  if (!a.comma) {
    LABEL_BEFORE.lastIndex = a.start;
    if (afterWord && LABEL_BEFORE.test(text)) {
      LABEL_RANGE.lastIndex = a.end; // "pages 10-12": the whole range is the label
      return LABEL_RANGE.test(text) ? LABEL_RANGE.lastIndex : a.end;
    }
  }
  let k = a.start - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  const lineBefore = k >= 0 ? text.charCodeAt(k) : 10;
  if (integer && text.charCodeAt(a.end) === 41 /* ) */ && a.end - a.start <= 2 && !openParenBefore(text, a.start)) {
    return a.end + 1; // inline enumerator: "for 1) violence, 2) ..."
  }
  const ls = lineBefore === 10 || lineBefore === 13 || lineBefore === 35 || lineBefore === 62 ? lineStart(text, a.start) : 0;
  if (ls) {
    const n = text.charCodeAt(a.end);
    const after = text.charCodeAt(a.end + 1);
    const markerEnd = isSpace(after) || isNaN(after);
    if (n === 41 /* ) */ && integer && markerEnd && a.end - a.start <= 3) return a.end + 1;
    if (n === 46 /* . */ && markerEnd && (ls === 2 || (integer && a.end - a.start <= 2))) return a.end + 1;
    if (!integer) {
      if (ls === 2) return a.end;
      SECTION_NEXT.lastIndex = a.end;
      if (SECTION_NEXT.test(text)) return a.end;
    } else if (ls === 2 && (n === 32 || n === 9)) {
      SECTION_NEXT.lastIndex = a.end;
      if (SECTION_NEXT.test(text)) return a.end; // "## 3 Results"
    }
  }
  return -1;
}

/**
 * A duration whose number is part of a relative time reference, not a stated quantity:
 * "the next 3 days", "over the past 12 months", "three years ago", "10 years earlier",
 * "the 12 months to September". "Held for 18 months", "took 15 years", "an 18-month loan"
 * are figures.
 */
export function relativePeriod(text: string, start: number, end: number): boolean {
  RELATIVE_BEFORE.lastIndex = start;
  if (RELATIVE_BEFORE.test(text)) return true;
  RELATIVE_AFTER.lastIndex = end;
  if (RELATIVE_AFTER.test(text)) return true;
  THE_BEFORE.lastIndex = start;
  if (THE_BEFORE.test(text)) {
    PERIOD_TO.lastIndex = end;
    if (PERIOD_TO.test(text)) return true;
  }
  return false;
}

/** "6.45am", "7.30 GMT": a clock time written with a dot. */
export function clockDotAt(text: string, intEnd: number): number {
  CLOCK_DOT.lastIndex = intEnd;
  return CLOCK_DOT.test(text) ? CLOCK_DOT.lastIndex : -1;
}

/** The hedge written before `start` ("more than 500" -> 'min'), or ''. */
export function hedgeBefore(text: string, start: number, loc: Locale): Atom['hedge'] {
  // Every hedge ends in a letter followed by whitespace.
  if (start < 3 || !isSpace(text.charCodeAt(start - 1)) || !isWordChar(text.charCodeAt(start - 2))) return '';
  loc.hedgeBefore.lastIndex = start;
  const m = loc.hedgeBefore.exec(text);
  return m ? loc.hedgeKind(m[1]) : '';
}
