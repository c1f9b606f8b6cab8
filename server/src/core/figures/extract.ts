/**
 * Figure extraction: find every number in a text that states a quantity.
 *
 * ## Figure rules
 *
 * A figure is a number that states a quantity. `extractFigures` reports each
 * with exact offsets (end exclusive), a normalised `value` (and `high` for a
 * range), `unit`, `kind` and `precision` (half a unit of the last stated digit).
 *
 * **Figures**
 * - Counts: any digits, with thousands separators and decimals: `1,059`, `1.5`,
 *   `524 police officers` (just `524`), `11 U.S. military personnel`. Digits are
 *   figures at any size ("3" counts). "more than 400" is just `400`.
 * - Scale words after digits: `thousand`, `million`, `billion`, `trillion`,
 *   `mln`, `mn`, `bln`, `bn`, `tn`, `trln` (spaced, glued or hyphenated:
 *   `2.3 million`, `1.2bn`, `5-million`). The one-letter suffixes `m`, `k`, `b`
 *   count only glued to a currency amount (`£600m`, `$5k`); `600m` alone is an
 *   identifier/measurement, not a figure.
 * - Money (kind `money`, unit = ISO code): prefixes `$` (USD), `US$`, `U.S.$`,
 *   `MXN$`/`MX$`/`Mex$` (MXN), `C$`/`CA$`/`CAN$`/`Cdn$` (CAD), `A$`/`AU$` (AUD),
 *   `HK$`, `NZ$`, `£` (GBP), `€` (EUR), `¥` (JPY), or a code `USD 5`/`EUR5m`;
 *   suffixes `dollars`/`dlrs` (USD; `Canadian`/`Cdn`, `Australian`, `Hong Kong`,
 *   ... select the currency), `cents`/`cts` (1/100), `pesos` (MXN),
 *   `stg`/`sterling`/`pounds sterling` (GBP; bare "pounds" may be weight and is a
 *   plain count), `euros`, `yen`, `yuan`, `marks` (DEM), `francs` (FRF, Swiss:
 *   CHF), `rupees`, or a trailing code (`5 million USD`). Reuters style works:
 *   `15.5 mln dlrs`, `50 mln stg`, `300 mln yen`.
 * - Percentages (unit `%`): `15.1%`, `40 per cent`, `5.5 pct`, `12 percent`,
 *   `3 percentage points` (also kind percent).
 * - Ranges: `60 to 70 percent`, `60-70%`, `$3-4 billion`, `$3 to $4 billion`,
 *   `between 2 and 3 million`, `two to three million`. `value` is the low end,
 *   `high` the high end; the first end inherits the scale/unit written after the
 *   second. Only when high > low (so "3-2" is two counts) and units agree.
 * - Written-out numbers: `thirteen`, `twenty-five`, `one hundred and twenty`,
 *   `fifteen hundred`, `two million`, `half a million`. Small ones (zero..nine)
 *   are figures only with a scale word, a percent or a currency word after them
 *   ("Three suspects" is not a figure; "three million", "five percent" are).
 * - Ratios (kind `ratio`, unit ""): fractions `one-third`, `two thirds`,
 *   `three-quarters`, `a third of` / `a quarter of` (the figure is "a third");
 *   `2 in 5`, `1 out of 4`, `one in five` (integers, numerator < denominator).
 *
 * **Not figures**
 * - Dates: `March 18, 2021`, `18 March 2021`, `Nov. 17, 2023`, `04/01/21`,
 *   `2021-03-18`; day numbers (1-31) right after a capitalised month name
 *   (`on March 18`, `Jan. 23`) or right before one (`18 March`, `5-7 March`,
 *   Spanish `18 de febrero`).
 * - Years: a bare 4-digit integer 1900-2099 (no comma, currency, scale or unit)
 *   is a year (`in 2019`, `since 2008`, `2018-2024`, `2019-20`). Consequence:
 *   "2000 people" is not reported; "2,000 people" is.
 * - Decades and ordinals: `the 1840s`, `7th`, `21st`, `20th century` (digits
 *   glued to letters), `first`, `twentieth`, `twenty-first`.
 * - Times: `10:30`, `5 p.m.`, `5pm`, `5 o'clock`, `1500 GMT`.
 * - List markers at the start of a line (after indentation/`>`): one or two
 *   digits and `.` (`1. `, `12. `; "415. The" on a wrapped line stays a
 *   figure), up to three digits and `)` (`2) `); heading numbers after `#`: `## 2.1 Results`, `# 3. Method`; and a
 *   dotted section number starting a line before a capitalised word (`2.1 Results`).
 * - Phone numbers: `555-123-4567`, `555 123 4567`, `(555) 123-4567`, `+1 555 123 4567`
 *   (after `+`, a run of seven or more digits; `+15%` stays a figure).
 * - Identifiers: numbers glued to letters (`FY2021`, `G20`, `H1N1`, `A380`,
 *   `4G`, `600m` without a currency), after a letter and hyphen (`COVID-19`,
 *   `F-16`, `mid-2020`), dotted versions and addresses (`v1.2.3`, `10.0.0.1`),
 *   runs joined by `/` or `:` (`24/7`, `example.com/2021/415`), hyphen-joined
 *   runs of three or more groups, numbers after `#`, `@`, `=`, `\`, `~`, and
 *   numbers after a capitalised label (`No. 5`, `Article 5`, `Section 3`,
 *   `Flight 370`, `Category 5`, `Resolution 1441`, ...).
 * - Inline enumerators: `for 1) violence, 2) abuse` (one or two digits and `)`
 *   with no `(` open earlier on the line).
 *
 * **Ranges versus changes**: `A-B`, `A to B` and `between A and B` make one
 * range figure; but `from A to B` gives two figures (the first takes the
 * second's scale and unit: "from 10 to 15 percent" -> 10%, 15%), and when A
 * already has its own unit or scale written ("rose 15 pct to 20 pct", "by 15
 * cts to 18.50 dlrs") `to` means a change, so two figures.
 *
 * Input may contain runs of spaces where non-prose was masked out; they are
 * plain whitespace here. One pass: a precompiled global regex finds candidate
 * starts, sticky regexes parse around each candidate; nothing is allocated per
 * character.
 */
import { Figure, FigureKind } from '../types';
import {
  DENOMINATOR,
  NUMBER_WORDS_START,
  SCALE_EXP,
  halfUnit,
  parseDigits,
  parseWrittenNumber,
  scaleDigits,
} from './numbers';

const MONTHS =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|' +
  'Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';

const CODES = 'USD|MXN|GBP|EUR|JPY|CAD|AUD|CHF|CNY|HKD|NZD';

/** Candidate starts: digits, currency symbols/prefixes, number words. */
const MASTER = new RegExp(
  '[0-9$£€¥]' +
    `|\\b(?:(?:${NUMBER_WORDS_START}|half\\s+an?\\s+(?:million|billion|trillion)|an?\\s+(?:third|quarter)\\s+of)\\b` +
    '|(?:U\\.S\\.|[A-Za-z]{1,3})\\$(?= ?[0-9])' +
    `|(?:${CODES}) ?(?=[0-9]))`,
  'gi',
);

const CUR_PREFIX = new RegExp(
  `(?:(U\\.S\\.|US|USD|MXN|MX|Mex|CAN|CA|Cdn|C|AUD|AU|A|NZ|HK)?\\$|(£)|(€)|(¥)|(${CODES})(?![A-Za-z])) ?(?=[0-9])`,
  'y',
);
const DIGITS = /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/y;
const GLUED_SCALE = /(bln|bn|mln|mn|trln|trn|tn|m|k|b)(?![A-Za-z0-9_])/iy;
const SCALE_AFTER = /(?:\s+|-)(thousand|million|billion|trillion|mln|bln|bn|mn|trln|tn)\b/iy;
const PERCENT_AFTER = /\s?%|(?:\s+|-)(?:percent(?:age\s+points?)?|per\s+cent|pct(?:\s+points?)?)\b/iy;
const CUR_SUFFIX = new RegExp(
  '\\s+(?:(U\\.S\\.|US|American|Canadian|Cdn|Can|Australian|Aust|Mexican|Hong\\s+Kong|HK|' +
    'New\\s+Zealand|NZ|Swiss|French|Singapore|Taiwan)\\s+)?' +
    `(dollars?|dlrs?|cents|cts|pesos?|stg|sterling|pounds\\s+sterling|euros?|yen|yuan|marks|francs|rupees|${CODES})(?![A-Za-z])`,
  'iy',
);
const CODE_AFTER = new RegExp(`\\s+(${CODES})\\b`, 'y');
const FROM_BEFORE = /(?<=\b[Ff]rom\s+)/y;
const RANGE_CONN = /\s*[-–—]\s*|\s+(to|and)\s+/iy;
const BETWEEN_BEFORE = /(?<=\b[Bb]etween\s+)/y;
const RATIO_CONN = /\s+(?:in|out\s+of)\s+/iy;
const MULTI_HYPHEN = /[-–]\d+[-–/]\d/y;
const PHONE = /\d{3}[-. ]\d{3}[-. ]\d{4}(?!\d)/y;
const PHONE_RUN = /\d[\d(). -]*\d(?!\d)/y;
const PHONE_PAREN = /\(\d{3}\) ?\d{3}[-.]\d{4}(?!\d)/y;
const RUN = /(?:[\w/:]|[.,\-–](?=\w))*/y;
const YEAR_TAIL = /[-–/](?:\d{4}|\d{2})(?!\d)/y;
const DAY_TAIL = /[-–]\d{1,2}(?!\d)/y;
/** Whitespace within one paragraph: at most one line break (a date never spans a blank line). */
const WS_IN_PARA = '(?=\\s)[^\\S\\r\\n]*(?:\\r\\n?|\\n)?[^\\S\\r\\n]*';
const MONTH_BEFORE = new RegExp(`(?<=\\b(?:${MONTHS})\\.?,?${WS_IN_PARA})`, 'y');
const MONTH_AFTER = new RegExp(
  `${WS_IN_PARA}(?:of\\s+)?(?:${MONTHS})\\b|\\s+de\\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\\b`,
  'y',
);
const TIME_AFTER = /\s*(?:[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b|(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST)\b)/iy;
const TZ_AFTER = /\s*(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|hrs)\b/y;
const LABEL_BEFORE = new RegExp(
  '(?<=(?:\\b(?:No|Nos|Art|Sec|Ch|Fig|Vol|Para|Prop)\\.|' +
    '\\b(?:Number|Article|Section|Chapter|Paragraph|Page|Volume|Flight|Route|Highway|Interstate|Room|' +
    'Resolution|Rule|Phase|Level|Stage|Item|Figure|Table|Annex|Appendix|Title|Proposition|Category|' +
    'Grade|Channel|Gate|Platform|Track|Episode|Season|Precinct|Ward|Model|Version|Windows|Apollo|' +
    'Boeing|Formula|Amendment))\\s*)',
  'y',
);
const SECTION_NEXT = /\s+[A-Z]/y;
const ORDINAL_AFTER = /(?:-|\s+)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/iy;
const FRACTION_AFTER = /(?:-|\s+)(halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b/iy;
const A_FRACTION = /an?\s+(third|quarter)(?=\s+of\b)/iy;
const HALF_A = /half\s+an?\s+(million|billion|trillion)\b/iy;

const PREFIX_CODE: Readonly<Record<string, string>> = {
  'U.S.': 'USD', US: 'USD', USD: 'USD', MXN: 'MXN', MX: 'MXN', Mex: 'MXN', CAN: 'CAD', CA: 'CAD',
  Cdn: 'CAD', C: 'CAD', AUD: 'AUD', AU: 'AUD', A: 'AUD', NZ: 'NZD', HK: 'HKD',
};
const WORD_CODE: Readonly<Record<string, string>> = {
  dollar: 'USD', dollars: 'USD', dlr: 'USD', dlrs: 'USD', cents: 'USD', cts: 'USD', peso: 'MXN', pesos: 'MXN',
  stg: 'GBP', sterling: 'GBP', euro: 'EUR', euros: 'EUR', yen: 'JPY', yuan: 'CNY', marks: 'DEM',
  francs: 'FRF', rupees: 'INR',
};
const ADJ_CODE: Readonly<Record<string, string>> = {
  'u.s.': 'USD', us: 'USD', american: 'USD', canadian: 'CAD', cdn: 'CAD', can: 'CAD', australian: 'AUD',
  aust: 'AUD', mexican: 'MXN', hongkong: 'HKD', hk: 'HKD', newzealand: 'NZD', nz: 'NZD', swiss: 'CHF',
  french: 'FRF', singapore: 'SGD', taiwan: 'TWD',
};

/** A parsed number with its currency/scale/unit, before range/ratio assembly. */
interface Atom {
  start: number;
  end: number;
  written: boolean;
  /** Numeric: digits as an integer and decimals ("2.9" -> 29, 1). */
  digits: number;
  decimals: number;
  comma: boolean;
  /** Written: value and precision before `exp`. */
  wValue: number;
  wPrec: number;
  /** Power of ten applied (scale words; cents subtract 2). */
  exp: number;
  /** Written: power of ten of the last scale word inside the words ("three million" -> 6). */
  wScaleExp: number;
  /** A scale word/suffix was written. */
  scaled: boolean;
  currency: string;
  percent: boolean;
  /** Written zero..nine with no scale. */
  small: boolean;
  /** A percent or currency word was written after the number. */
  unitSuffix: boolean;
  /** Fraction ("one-third", "a third"): final ratio value. */
  fraction: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;
function isWordChar(c: number): boolean {
  if (c < 128) return isDigit(c) || isAsciiLetter(c);
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}

function skipRun(text: string, i: number): number {
  RUN.lastIndex = i;
  RUN.test(text);
  return Math.max(RUN.lastIndex, i + 1);
}

/** Characters before `i` that make the number part of an identifier, URL, date, etc. */
function preRejected(text: string, i: number): boolean {
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

function newAtom(start: number): Atom {
  return {
    start,
    end: start,
    written: false,
    digits: 0,
    decimals: 0,
    comma: false,
    wValue: 0,
    wPrec: 0.5,
    exp: 0,
    wScaleExp: 0,
    scaled: false,
    currency: '',
    percent: false,
    small: false,
    unitSuffix: false,
    fraction: NaN,
  };
}

/** Percent or currency word after position `e`; updates the atom. */
function parseUnitAfter(text: string, a: Atom, e: number): number {
  const c = text.charCodeAt(e);
  if (c === 37 || isSpace(c) || c === 45) {
    PERCENT_AFTER.lastIndex = e;
    if (PERCENT_AFTER.test(text)) {
      a.percent = true;
      a.unitSuffix = true;
      return PERCENT_AFTER.lastIndex;
    }
  }
  if (isSpace(c)) {
    CUR_SUFFIX.lastIndex = e;
    const m = CUR_SUFFIX.exec(text);
    if (m) {
      const word = m[2].toLowerCase().replace(/\s+/g, '');
      let code = word === 'poundssterling' ? 'GBP' : WORD_CODE[word] ?? word.toUpperCase();
      if (m[1]) {
        const adj = ADJ_CODE[m[1].toLowerCase().replace(/\s+/g, '')];
        if (adj && (code === 'USD' || word === 'francs')) code = word === 'francs' && adj !== 'CHF' ? 'FRF' : adj;
      }
      a.currency = code;
      a.unitSuffix = true;
      if (word === 'cents' || word === 'cts') a.exp -= 2;
      return CUR_SUFFIX.lastIndex;
    }
  }
  return e;
}

/** Written numbers, "a third of", "half a million". */
function parseWordAtom(text: string, i: number): Atom | number {
  const c = text.charCodeAt(i) | 32;
  const a = newAtom(i);
  a.written = true;
  if (c === 97 /* a */) {
    A_FRACTION.lastIndex = i;
    const m = A_FRACTION.exec(text);
    if (!m) return i + 1;
    a.fraction = 1 / DENOMINATOR[m[1].toLowerCase()];
    a.end = A_FRACTION.lastIndex;
    return a;
  }
  if (c === 104 /* h */) {
    HALF_A.lastIndex = i;
    const m = HALF_A.exec(text);
    if (!m) return i + 1;
    const exp = SCALE_EXP[m[1].toLowerCase()];
    a.wValue = 0.5;
    a.wPrec = 0.05;
    a.exp = exp;
    a.scaled = true;
    a.end = parseUnitAfter(text, a, HALF_A.lastIndex);
    return a;
  }
  const w = parseWrittenNumber(text, i);
  if (!w) return i + 1;
  if (w.last === 'tens' || w.last === 'hundred' || w.last === 'scale') {
    ORDINAL_AFTER.lastIndex = w.end;
    if (ORDINAL_AFTER.test(text)) return ORDINAL_AFTER.lastIndex; // twenty-first
  }
  if (w.words === 1 && w.last === 'units' && w.value >= 1) {
    FRACTION_AFTER.lastIndex = w.end;
    const m = FRACTION_AFTER.exec(text);
    if (m) {
      a.fraction = w.value / DENOMINATOR[m[1].toLowerCase()];
      a.end = FRACTION_AFTER.lastIndex;
      return a;
    }
  }
  a.wValue = w.value;
  a.wPrec = w.precision;
  a.scaled = w.hasScale;
  a.wScaleExp = w.scaleExp;
  a.small = !w.hasScale && w.value < 10;
  a.end = parseUnitAfter(text, a, w.end);
  return a;
}

/**
 * Parse one number with its currency prefix, scale and unit at `i`.
 * Returns the atom, or the position to resume scanning from when `i` starts
 * no figure (identifier, date part, ...).
 */
function parseAtom(text: string, i: number): Atom | number {
  if (preRejected(text, i)) return skipRun(text, i);
  if (text.charCodeAt(i - 1) === 43 /* + */) {
    // "+1 555 123 4567" is a phone number; "+15%" is a signed figure.
    PHONE_RUN.lastIndex = i;
    if (PHONE_RUN.test(text)) {
      let digits = 0;
      for (let k = i; k < PHONE_RUN.lastIndex; k++) if (isDigit(text.charCodeAt(k))) digits++;
      if (digits >= 7) return PHONE_RUN.lastIndex;
    }
  }
  const a = newAtom(i);
  let p = i;
  if (!isDigit(text.charCodeAt(i))) {
    CUR_PREFIX.lastIndex = i;
    const m = CUR_PREFIX.exec(text);
    if (!m) return parseWordAtom(text, i);
    a.currency = m[2] ? 'GBP' : m[3] ? 'EUR' : m[4] ? 'JPY' : m[5] ? m[5] : m[1] ? PREFIX_CODE[m[1]] : 'USD';
    p = CUR_PREFIX.lastIndex;
  } else if (text.charCodeAt(i - 1) === 40 /* ( */) {
    PHONE_PAREN.lastIndex = i - 1;
    if (PHONE_PAREN.test(text)) return PHONE_PAREN.lastIndex;
  }
  DIGITS.lastIndex = p;
  if (!DIGITS.test(text)) return i + 1;
  let e = DIGITS.lastIndex;
  parseDigits(text, p, e, a);
  const n = text.charCodeAt(e);
  const n2 = text.charCodeAt(e + 1);
  if (isDigit(n2)) {
    // 04/01/21, 10:30, 1.2.3, 2021-03-18, 555-123-4567
    if (n === 47 || n === 58 || n === 46) return skipRun(text, i);
    if (n === 45 || n === 8211) {
      MULTI_HYPHEN.lastIndex = e;
      if (MULTI_HYPHEN.test(text)) return skipRun(text, i);
    }
  }
  if (!a.currency && (n === 45 || n === 46 || n === 32) && e - p === 3) {
    PHONE.lastIndex = p;
    if (PHONE.test(text)) return PHONE.lastIndex;
  }
  if (isAsciiLetter(n)) {
    GLUED_SCALE.lastIndex = e;
    const g = GLUED_SCALE.exec(text);
    // 7th, 5pm, 1840s, 600m (metres?) are not figures; "$5m", "1.5m", "2bn" are.
    if (!g || (g[1].length === 1 && !a.currency && !(a.decimals > 0 && (g[1] === 'm' || g[1] === 'M')))) {
      return skipRun(text, i);
    }
    a.exp = SCALE_EXP[g[1].toLowerCase()];
    a.scaled = true;
    e = GLUED_SCALE.lastIndex;
  } else if (n > 127 && isWordChar(n)) {
    return skipRun(text, i);
  } else if (isSpace(n) || n === 45) {
    SCALE_AFTER.lastIndex = e;
    const s = SCALE_AFTER.exec(text);
    if (s) {
      a.exp = SCALE_EXP[s[1].toLowerCase()];
      a.scaled = true;
      e = SCALE_AFTER.lastIndex;
    }
  }
  if (a.currency) {
    // "$3 million USD", "$5 CAD": a trailing code names the currency.
    CODE_AFTER.lastIndex = e;
    const c = CODE_AFTER.exec(text);
    if (c && (c[1] === a.currency || text.charCodeAt(i) === 36)) {
      a.currency = c[1];
      e = CODE_AFTER.lastIndex;
    }
    a.end = e;
  } else {
    a.end = parseUnitAfter(text, a, e);
  }
  return a;
}

function atomValue(a: Atom): number {
  return a.written ? scaleDigits(a.wValue, a.exp) : scaleDigits(a.digits, a.exp - a.decimals);
}
function atomPrecision(a: Atom): number {
  return a.written ? scaleDigits(a.wPrec, a.exp) : halfUnit(a.decimals, a.exp);
}
function isBare(a: Atom): boolean {
  return !a.currency && !a.percent && !a.scaled && a.exp === 0 && isNaN(a.fraction);
}
function isInteger(a: Atom): boolean {
  return isBare(a) && (a.written || a.decimals === 0);
}
function isYear(a: Atom): boolean {
  return !a.written && isInteger(a) && !a.comma && a.digits >= 1900 && a.digits <= 2099;
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

/** Rules for bare digits (no currency/scale/unit): years, days, times, labels, list markers. */
function bareRejected(text: string, a: Atom): number {
  if (isYear(a)) {
    YEAR_TAIL.lastIndex = a.end;
    return YEAR_TAIL.test(text) ? YEAR_TAIL.lastIndex : a.end;
  }
  const integer = a.decimals === 0;
  // Last non-space character before the number: gates the lookbehind rules.
  let j = a.start - 1;
  while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
  const before = j >= 0 ? text.charCodeAt(j) : 10;
  const afterWord = isAsciiLetter(before) || before === 46 || before === 44;
  if (integer && !a.comma && a.digits >= 1 && a.digits <= 31) {
    MONTH_BEFORE.lastIndex = a.start;
    if (afterWord && MONTH_BEFORE.test(text)) {
      DAY_TAIL.lastIndex = a.end;
      return DAY_TAIL.test(text) ? DAY_TAIL.lastIndex : a.end;
    }
    MONTH_AFTER.lastIndex = a.end;
    if (MONTH_AFTER.test(text)) return MONTH_AFTER.lastIndex;
  }
  if (integer && a.digits <= 24) {
    TIME_AFTER.lastIndex = a.end;
    if (TIME_AFTER.test(text)) return TIME_AFTER.lastIndex;
  }
  if (integer && !a.comma && a.end - a.start === 4 && a.digits < 2400 && a.digits % 100 < 60) {
    TZ_AFTER.lastIndex = a.end; // 1500 GMT
    if (TZ_AFTER.test(text)) return TZ_AFTER.lastIndex;
  }
  if (integer && !a.comma) {
    LABEL_BEFORE.lastIndex = a.start;
    if (afterWord && LABEL_BEFORE.test(text)) return a.end;
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

function kindOf(currency: string, percent: boolean): FigureKind {
  return currency ? 'money' : percent ? 'percent' : 'count';
}

function makeFigure(
  text: string,
  start: number,
  end: number,
  value: number,
  high: number | undefined,
  kind: FigureKind,
  unit: string,
  precision: number,
): Figure {
  const f: Figure = { text: text.slice(start, end), start, end, value, unit, kind, precision };
  if (high !== undefined) f.high = high;
  return f;
}

function pushAtom(text: string, a: Atom, out: Figure[]): void {
  if (!isNaN(a.fraction)) {
    out.push(makeFigure(text, a.start, a.end, a.fraction, undefined, 'ratio', '', a.fraction / 100));
    return;
  }
  const kind = kindOf(a.currency, a.percent);
  out.push(
    makeFigure(text, a.start, a.end, atomValue(a), undefined, kind, kind === 'percent' ? '%' : a.currency, atomPrecision(a)),
  );
}

/** Try "A to B" / "A-B" / "between A and B"; returns the end of B, or -1. */
function tryRange(text: string, a: Atom, out: Figure[]): number {
  RANGE_CONN.lastIndex = a.end;
  const m = RANGE_CONN.exec(text);
  if (!m) return -1;
  const conn = m[1] ? m[1].toLowerCase() : '-';
  if (conn === 'and') {
    BETWEEN_BEFORE.lastIndex = a.start;
    if (!BETWEEN_BEFORE.test(text)) return -1;
  }
  // "rose 15 pct to 20 pct", "by 15 cts to 18.50 dlrs": a change, not a range.
  if (conn === 'to' && (a.unitSuffix || a.scaled)) return -1;
  FROM_BEFORE.lastIndex = a.start;
  const from = conn === 'to' && FROM_BEFORE.test(text);
  const bStart = RANGE_CONN.lastIndex;
  if (bStart >= text.length) return -1;
  const c = text.charCodeAt(bStart);
  if (!isDigit(c) && !isAsciiLetter(c) && c !== 36 && c !== 163 && c !== 8364 && c !== 165) return -1;
  const b = parseAtom(text, bStart);
  if (typeof b === 'number' || !isNaN(b.fraction)) return -1;
  if (a.currency && b.currency && a.currency !== b.currency) return -1;
  const currency = a.currency || b.currency;
  const percent = a.percent || b.percent;
  if (percent && currency) return -1;
  if (isBare(b) && !b.written) {
    if (isYear(b)) return -1;
    if (b.decimals === 0 && b.digits <= 31) {
      MONTH_AFTER.lastIndex = b.end;
      if (MONTH_AFTER.test(text)) return MONTH_AFTER.lastIndex; // 5-7 March: a date, not a figure
    }
  }
  if (a.scaled && !b.scaled) return -1;
  if (from) {
    // "from 10 to 15 percent": two figures, the first takes the second's scale and unit.
    if (!a.scaled && a.exp === 0) a.exp = b.exp + (b.written ? b.wScaleExp : 0);
    a.scaled = a.scaled || b.scaled;
    a.currency = currency;
    a.percent = percent;
    if (a.small && !a.scaled && !currency && !percent) return a.end;
    pushAtom(text, a, out);
    return a.end;
  }
  const bExp = b.exp + (b.written ? b.wScaleExp : 0);
  const aExp = a.exp;
  if (!a.scaled && a.exp === 0 && bExp !== 0) a.exp = bExp; // "$3-4 billion": the 3 is billions too
  const value = atomValue(a);
  const lowPrecision = atomPrecision(a);
  a.exp = aExp;
  const high = atomValue(b);
  if (!(high > value)) return -1;
  if (a.small && b.small && !currency && !percent) return b.end; // "between five and six": prose
  const kind = kindOf(currency, percent);
  const precision = Math.max(lowPrecision, atomPrecision(b));
  out.push(makeFigure(text, a.start, b.end, value, high, kind, kind === 'percent' ? '%' : currency, precision));
  return b.end;
}

/** Try "2 in 5" / "1 out of 4" / "one in five"; returns the end, or -1. */
function tryRatio(text: string, a: Atom, out: Figure[]): number {
  RATIO_CONN.lastIndex = a.end;
  if (!RATIO_CONN.test(text)) return -1;
  const b = parseAtom(text, RATIO_CONN.lastIndex);
  if (typeof b === 'number' || !isInteger(b) || isYear(b)) return -1;
  const num = atomValue(a);
  const den = atomValue(b);
  if (!(den > num) || num <= 0 || den > 1e6) return -1;
  const v = num / den;
  out.push(makeFigure(text, a.start, b.end, v, undefined, 'ratio', '', v / 100));
  return b.end;
}

/** Handle one candidate at `i`; returns where scanning resumes. */
function scanAt(text: string, i: number, out: Figure[]): number {
  const a = parseAtom(text, i);
  if (typeof a === 'number') return a;
  if (!isNaN(a.fraction)) {
    pushAtom(text, a, out);
    return a.end;
  }
  const bare = isBare(a);
  if (bare && !a.written) {
    const r = bareRejected(text, a);
    if (r >= 0) return r;
  }
  if (isInteger(a)) {
    const r = tryRatio(text, a, out);
    if (r >= 0) return r;
  }
  const r = tryRange(text, a, out);
  if (r >= 0) return r;
  if (a.small && bare) return a.end; // "Three suspects"
  pushAtom(text, a, out);
  return a.end;
}

/** Every figure in `text`, in order, with exact offsets (see the rules above). */
export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  const re = MASTER;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const next = scanAt(text, m.index, out);
    re.lastIndex = next > m.index ? next : m.index + 1;
  }
  return out;
}
