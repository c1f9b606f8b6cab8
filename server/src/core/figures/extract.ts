/**
 * Figure extraction: find every number in a text that states a quantity, and normalise it
 * to a value, unit, kind and precision. The rules are in the README ("Figure rules"); the
 * context rules that make a number *not* a figure are in context.ts, two-number figures
 * (ranges, ratios, scores) in compound.ts, units in units.ts, locales in locale.ts.
 *
 * One pass: a precompiled global regex finds candidate starts, sticky regexes parse around
 * each candidate; nothing is allocated per character. Input may contain runs of spaces where
 * non-prose was masked out; they are plain whitespace here.
 */
import { Figure } from '../types';
import { Atom, atomAt, isBare, isInteger, isYear, pushAtom } from './atom';
import { tryRange, tryRatio, tryScore } from './compound';
import {
  bareRejected,
  clockDotAt,
  hedgeBefore,
  isAsciiLetter,
  isDigit,
  isSpace,
  isWordChar,
  preRejected,
  relativePeriod,
  skipRun,
} from './context';
import { EN, ES_WORDS_START, Locale, localeFor } from './locale';
import { NUMBER_WORDS_START, VULGAR, parseDigits } from './numbers';
import { AGE, UnitDef, unitAt, unitByCode } from './units';
import { AND_A_HALF, CODES, mMeaning, parseUnitAfter } from './suffix';
import { FRACTION_WORDS, parseWordAtom } from './words';
import { zeroAt } from './zero';

const METRE = unitByCode('m') as UnitDef;

export interface ExtractOptions {
  /** BCP 47 language of the text ("en", "es"); decides decimal/grouping and number words. Default English. */
  lang?: string;
}


function master(words: string): RegExp {
  return new RegExp(
    '[0-9$£€¥₹]' +
      `|\\b(?:(?:${words}|minus\\s+(?=\\d)|half\\s+(?:an?\\s+(?:million|billion|trillion)|of)|an?\\s+(?:${FRACTION_WORDS})\\s+of` +
      '|a\\s+(?:dozen|hundred|thousand|million|billion|score\\s+of)|la\\s+mitad|una?\\s+(?:tercio|cuarto|quinto))\\b' +
      '|(?:U\\.S\\.|[A-Za-z]{1,3})\\$(?= ?[0-9])' +
      `|(?:${CODES}) ?(?=[0-9]))`,
    'gi',
  );
}
const MASTER_EN = master(`${NUMBER_WORDS_START}|nil`);
const MASTER_ES = master(`${ES_WORDS_START}|mil`);

const CUR_PREFIX = new RegExp(
  `(?:(U\\.S\\.|US|USD|MXN|MX|Mex|CAN|CA|Cdn|C|AUD|AU|A|NZ|HK|R|S|NT)?\\$|(£)|(€)|(¥)|(₹)|(${CODES})(?![A-Za-z])) ?(?=[0-9.])`,
  'y',
);
const GLUED_SCALE = /(bln|bn|mln|mn|trln|trn|tn|m|k|b|M|K|B)(?![A-Za-z0-9_])/y;
const GLUED_PERCENT = /(?:pc|pct)(?![A-Za-z0-9_])/y;
const GLUED_PENCE = /p(?![A-Za-z0-9_])/y;
const CODE_AFTER = new RegExp(`\\s+(${CODES})\\b`, 'y');
const MULTI_HYPHEN = /[-–]\d+[-–/]\d/y;
const MIXED_FRACTION = /-(\d{1,2})\/(\d{1,2})(?!\d)/y;
const SLASH_FRACTION = /\/(\d{1,2})(?![\d/])/y;
const PHONE = /\d{3}[-. ]\d{3}[-. ]\d{4}(?!\d)/y;
const PHONE_RUN = /\d[\d(). -]*\d(?!\d)/y;
const PHONE_PAREN = /\(\d{3}\) ?\d{3}[-.]\d{4}(?!\d)/y;
const YEAR_OLD = /-years?-olds?\b|\s+years?\s+old\b|\s+años\s+de\s+edad\b/iy;
const AGE_BEFORE = /(?<=\b(?:aged|ages|age\s+of|edad\s+de|tenía|tenían|tiene|tienen|cumplió)\s+)/iy;
/** Last letters of the words AGE_BEFORE looks for (aged, ages, age of, edad de, tenía, tienen, cumplió). */
const AGE_END = new Set([100, 115, 102, 101, 97, 110, 243 | 32]);
const ES_MX_GROUPS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** Digit groups after a number with a leading 0 (the rest of a phone number). */
const CODE_GROUPS = /(?:[ -]\d{3,4}){1,2}(?![\d.,])/y;
const MINUS_BEFORE = /(?<=\b[Mm]inus )/y;

const PREFIX_CODE: Readonly<Record<string, string>> = {
  'U.S.': 'USD', US: 'USD', USD: 'USD', MXN: 'MXN', MX: 'MXN', Mex: 'MXN', CAN: 'CAD', CA: 'CAD',
  Cdn: 'CAD', C: 'CAD', AUD: 'AUD', AU: 'AUD', A: 'AUD', NZ: 'NZD', HK: 'HKD', R: 'BRL', S: 'SGD', NT: 'TWD',
};



/**
 * Parse one number with its currency prefix, scale and unit at `i`.
 * Returns the atom, or the position to resume scanning from when `i` starts
 * no figure (identifier, date part, ...).
 */
function parseAtom(text: string, i: number, loc: Locale, slot = 0): Atom | number {
  if (preRejected(text, i)) return skipRun(text, i);
  const prev = text.charCodeAt(i - 1);
  if (prev === 43 /* + */) {
    // "+1 555 123 4567" is a phone number; "+15%" is a signed figure.
    PHONE_RUN.lastIndex = i;
    if (PHONE_RUN.test(text)) {
      let digits = 0;
      for (let k = i; k < PHONE_RUN.lastIndex; k++) if (isDigit(text.charCodeAt(k))) digits++;
      if (digits >= 7) return PHONE_RUN.lastIndex;
    }
  }
  const ch = text.charCodeAt(i);
  if ((ch | 32) === 109 /* m */ && /^minus\s/i.test(text.slice(i, i + 6))) {
    const j = text.slice(i, i + 12).search(/\d/);
    return j > 0 ? parseAtom(text, i + j, loc, slot) : i + 1;
  }
  const a = atomAt(i, slot);
  let p = i;
  // A leading minus: "-3C", "−4.5%" (U+2212), "minus 5".
  if ((prev === 45 || prev === 8722) && isDigit(ch) && (i < 2 || !isWordChar(text.charCodeAt(i - 2))) && text.charCodeAt(i - 2) !== 37) {
    a.negative = true;
    a.start = i - 1;
  } else if (prev === 32 && i >= 6 && (text.charCodeAt(i - 2) | 32) === 115 /* "minus 5" */) {
    MINUS_BEFORE.lastIndex = i;
    if (MINUS_BEFORE.test(text)) {
      a.negative = true;
      a.start = text.lastIndexOf(' ', i - 2) + 1;
      if ((text.charCodeAt(a.start) | 32) !== 109) a.start = i - 6;
    }
  }
  if (prev === 46 && loc === EN && isDigit(ch) && (i < 2 || !isWordChar(text.charCodeAt(i - 2)))) {
    a.start = i - 1; // ".08"
    p = i - 1;
  }
  if (!isDigit(ch) && p === i) {
    CUR_PREFIX.lastIndex = i;
    const m = CUR_PREFIX.exec(text);
    if (!m) return parseWordAtom(text, i, loc, slot);
    a.currency = m[2] ? 'GBP' : m[3] ? 'EUR' : m[4] ? 'JPY' : m[5] ? 'INR' : m[6] ? m[6] : m[1] ? PREFIX_CODE[m[1]] : 'USD';
    p = CUR_PREFIX.lastIndex;
  } else if (prev === 40 /* ( */) {
    PHONE_PAREN.lastIndex = i - 1;
    if (PHONE_PAREN.test(text)) return PHONE_PAREN.lastIndex;
  }
  loc.digits.lastIndex = p;
  if (!loc.digits.test(text)) return i + 1;
  let e = loc.digits.lastIndex;
  // Spanish: "1.234,5" (Spain) but "1,500" / "1,500.5" (Mexico): commas before groups of three are grouping.
  const decimal = loc.decimal === 44 && ES_MX_GROUPS.test(text.slice(p, e)) ? 46 : loc.decimal;
  parseDigits(text, p, e, a, decimal);
  let n = text.charCodeAt(e);
  const n2 = text.charCodeAt(e + 1);
  if (n === 47 /* / */ && isDigit(n2) && a.decimals === 0 && !a.comma && !a.currency) {
    // "3/4" is a fraction; "26/6", "9/11", "24/7" are not.
    SLASH_FRACTION.lastIndex = e;
    const f = SLASH_FRACTION.exec(text);
    const den = f ? Number(f[1]) : 0;
    if (f && [2, 3, 4, 5, 8, 10].includes(den) && a.digits < den && a.digits > 0 && !isWordChar(text.charCodeAt(SLASH_FRACTION.lastIndex))) {
      a.fraction = a.digits / den;
      a.end = SLASH_FRACTION.lastIndex;
      return a;
    }
  }
  if ((n === 45 || n === 8211) && a.decimals === 0 && !a.comma) {
    MIXED_FRACTION.lastIndex = e; // Reuters "27-1/2 cts", "13-3/4 pct"
    const f = MIXED_FRACTION.exec(text);
    if (f && Number(f[1]) < Number(f[2]) && [2, 4, 8, 16, 32, 3].includes(Number(f[2]))) {
      a.extra = Number(f[1]) / Number(f[2]);
      a.precOverride = 0.5 / Number(f[2]);
      e = MIXED_FRACTION.lastIndex;
      n = text.charCodeAt(e);
    }
  }
  const vf = n === 188 || n === 189 || n === 190 || (n >= 8531 && n <= 8542) ? VULGAR[text[e]] : undefined;
  if (vf !== undefined) {
    a.extra = vf; // "1½"
    a.precOverride = 0.05;
    e++;
    n = text.charCodeAt(e);
  }
  if (isDigit(text.charCodeAt(e + 1))) {
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
  if (isAsciiLetter(n) || n === 176 /* ° */ || n === 186) {
    const u = a.currency ? null : unitAt(text, e, true);
    GLUED_SCALE.lastIndex = e;
    const g = GLUED_SCALE.exec(text);
    GLUED_PERCENT.lastIndex = e;
    if (u && !(g && g[1] === 'M' && u.def.code === 'MB')) {
      if (u.def.dim === 'temperature' && u.def.code.length === 1 && (a.decimals > 1 || e - p > 3)) return skipRun(text, i);
      a.unit = u.def;
      a.unitSuffix = true;
      e = u.end;
    } else if (!a.currency && GLUED_PERCENT.test(text)) {
      a.percent = true;
      a.unitSuffix = true;
      e = GLUED_PERCENT.lastIndex;
    } else if (g) {
      const sfx = g[1];
      if (sfx === 'm' || sfx === 'M') {
        // "£600m", "50m people", "1.5m": million; "600m race", "a 600m-long bridge": metres; "600m" alone: neither.
        const mean = a.currency ? 'M' : mMeaning(text, GLUED_SCALE.lastIndex, a.decimals, a.start);
        if (mean === null) return skipRun(text, i);
        if (mean === 'metre') {
          a.unit = METRE;
          a.unitSuffix = true;
        } else {
          a.exp = 6;
          a.scaled = true;
        }
      } else if (sfx === 'k' || sfx === 'K') {
        if (!a.currency && /^\s+(?:run|race|walk)\b/i.test(text.slice(GLUED_SCALE.lastIndex, GLUED_SCALE.lastIndex + 8))) return skipRun(text, i);
        a.exp = 3;
        a.scaled = true;
      } else if (sfx === 'b' && !a.currency) {
        return skipRun(text, i);
      } else {
        a.exp = EN.scaleExp[sfx.toLowerCase()];
        a.scaled = true;
      }
      e = GLUED_SCALE.lastIndex;
    } else if (!a.currency && n === 112) {
      GLUED_PENCE.lastIndex = e; // "300p"
      if (!GLUED_PENCE.test(text) || a.decimals > 0) return skipRun(text, i);
      a.currency = 'GBP';
      a.exp = -2;
      a.unitSuffix = true;
      e = GLUED_PENCE.lastIndex;
    } else {
      return skipRun(text, i);
    }
  } else if (n > 127 && isWordChar(n)) {
    return skipRun(text, i);
  } else if (isSpace(n) || n === 45) {
    loc.scaleAfter.lastIndex = e;
    const s = loc.scaleAfter.exec(text);
    if (s) {
      a.exp = loc.scaleExp[s[1].toLowerCase().replace(/\s+/g, ' ')];
      a.scaled = true;
      e = loc.scaleAfter.lastIndex;
    }
  }
  const after = text.charCodeAt(e);
  const after1 = text.charCodeAt(e + 1) | 32;
  if (a.negative === false && a.extra === 0 && !a.scaled && after1 === 97 /* a */) {
    AND_A_HALF.lastIndex = e; // "15-and-a-half miles"
    if (a.decimals === 0 && AND_A_HALF.test(text)) {
      a.extra = 0.5;
      a.precOverride = 0.25;
      e = AND_A_HALF.lastIndex;
    }
  }
  if (!a.unit && !a.percent && (after === 45 || after === 32) && (after1 === 121 /* y */ || after1 === 97)) {
    YEAR_OLD.lastIndex = e; // "45-year-old", "aged 12"
    if (YEAR_OLD.test(text)) {
      a.unit = AGE;
      a.unitSuffix = true;
      e = YEAR_OLD.lastIndex;
    }
  }
  if (a.currency) {
    // "$3 million USD", "$5 CAD": a trailing code names the currency; "$5,000 pesos" (Mexican $).
    CODE_AFTER.lastIndex = e;
    const c = CODE_AFTER.exec(text);
    if (c && (c[1] === a.currency || text.charCodeAt(i) === 36)) {
      a.currency = c[1];
      e = CODE_AFTER.lastIndex;
    } else if (text.charCodeAt(i) === 36 && /^\s+(?:de\s+)?pesos\b/i.test(text.slice(e, e + 12))) {
      a.currency = 'MXN';
      e += text.slice(e, e + 12).match(/^\s+(?:de\s+)?pesos/i)![0].length;
    }
    a.end = e;
  } else if (!a.unit || a.unit === AGE) {
    a.end = a.unit ? e : parseUnitAfter(text, a, e, loc);
  } else {
    a.end = e;
  }
  if (!a.unit && !a.currency && !a.percent && !a.points && text.charCodeAt(a.start - 1) === 32 && AGE_END.has(text.charCodeAt(a.start - 2) | 32)) {
    AGE_BEFORE.lastIndex = a.start;
    if (AGE_BEFORE.test(text)) a.unit = AGE;
  }
  return a;
}

/** Handle one candidate at `i`; returns where scanning resumes. */
function scanAt(text: string, i: number, out: Figure[], loc: Locale): number {
  if (loc === EN && isAsciiLetter(text.charCodeAt(i))) {
    const z = zeroAt(text, i, out); // "zero deaths", "won one-nil", "inflation was nil"
    if (z >= 0) return z;
  }
  const a = parseAtom(text, i, loc);
  if (typeof a === 'number') return a;
  if (!isNaN(a.fraction)) {
    a.hedge = hedgeBefore(text, a.start, loc);
    pushAtom(text, a, out);
    return a.end;
  }
  if (a.unit && a.unit.dim === 'duration') {
    // Relative periods ("the next 3 days", "two years ago") and small written durations ("three weeks").
    if (a.small || relativePeriod(text, a.start, a.end)) return a.end;
  }
  if (a.written && !a.unit) {
    AGE_BEFORE.lastIndex = a.start;
    if (AGE_BEFORE.test(text)) a.unit = AGE; // "from the age of seven"
  }
  const bare = isBare(a);
  if (bare && !a.written) {
    if (a.decimals === 2 || a.decimals === 1) {
      const t = clockDotAt(text, a.start + (a.end - a.start) - a.decimals - 1);
      if (t >= 0) return t;
    }
    const r = bareRejected(text, a, loc);
    if (r >= 0) return r;
    const d0 = a.start + (a.negative ? 1 : 0);
    if (text.charCodeAt(d0) === 48 && isDigit(text.charCodeAt(d0 + 1)) && a.decimals === 0) {
      // "0870": a code; "0800 123 456", "020 7946 0018": a phone number, all its groups.
      CODE_GROUPS.lastIndex = a.end;
      return CODE_GROUPS.test(text) ? CODE_GROUPS.lastIndex : a.end;
    }
  }
  a.hedge = hedgeBefore(text, a.start, loc);
  if (bare && !a.written && !a.negative) {
    const r = tryScore(text, a, out);
    if (r >= 0) return r;
  }
  if (isInteger(a) && !a.negative) {
    const r = tryRatio(text, a, out, loc, parseAtom);
    if (r >= 0) return r;
  }
  if (!a.negative) {
    const r = tryRange(text, a, out, loc, parseAtom);
    if (r >= 0) return r;
  }
  if (a.small && (bare || (a.unit && a.unit.dim === 'duration'))) return a.end; // "Three suspects"
  if (a.negative && bare && !a.written && isYear({ ...a, negative: false })) return a.end;
  pushAtom(text, a, out);
  return a.end;
}

/** Every figure in `text`, in order, with exact offsets (see the rules in the README). */
export function extractFigures(text: string, options?: ExtractOptions): Figure[] {
  const loc = localeFor(options?.lang);
  const out: Figure[] = [];
  const re = loc === EN ? MASTER_EN : MASTER_ES;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const next = scanAt(text, m.index, out, loc);
    re.lastIndex = next > m.index ? next : m.index + 1;
  }
  return out;
}
