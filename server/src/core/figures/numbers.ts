/**
 * Number words and number arithmetic shared by the figure extractor.
 *
 * Pure functions over strings and offsets; nothing here allocates per
 * character. Regexes are compiled once and used sticky (`y`) at a position.
 */

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

/** Exact power of ten for small integer exponents (10**n is exact up to 1e22). */
function pow10(n: number): number {
  return n <= 22 ? POW10[n] : 10 ** n;
}

/**
 * `digits * 10^exp`, computed so the result is the correctly rounded double:
 * multiply by an exact power of ten when exp >= 0, divide when it is negative.
 * ("65.333 billion" = 65333 * 10^6 and "65,333 million" give the same double.)
 */
export function scaleDigits(digits: number, exp: number): number {
  return exp >= 0 ? digits * pow10(exp) : digits / pow10(-exp);
}

/** Half of one unit in the last stated digit: decimals=1, exp=9 -> 0.05e9. */
export function halfUnit(decimals: number, exp: number): number {
  return scaleDigits(5, exp - decimals - 1);
}

/** Vulgar fraction characters: "1½". */
export const VULGAR: Readonly<Record<string, number>> = {
  '½': 1 / 2, '¼': 1 / 4, '¾': 3 / 4, '⅓': 1 / 3, '⅔': 2 / 3, '⅕': 1 / 5, '⅛': 1 / 8, '⅜': 3 / 8, '⅝': 5 / 8, '⅞': 7 / 8,
};

/** Digits of a numeric core: "2.9" -> digits 29, decimals 1. */
export interface DigitsOut {
  digits: number;
  decimals: number;
  comma: boolean;
}

/**
 * Parse the numeric core as written ("1,059", "2.3", "65.333") into `out`:
 * its digits as an integer, the number of decimals and whether a thousands
 * comma was written. No intermediate strings except beyond 15 digits.
 */
export function parseDigits(text: string, start: number, end: number, out: DigitsOut, decimal = 46): void {
  let comma = false;
  let digits = 0;
  let decimals = 0;
  let afterDot = false;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      n++;
      if (afterDot) decimals++;
    } else if (c === decimal) {
      afterDot = true;
    } else {
      comma = true; // a thousands separator: "," "." (es) or a (thin) space
    }
  }
  if (n > 15) {
    // Beyond exact integer range: let the engine round the whole literal once.
    const s = text.slice(start, end).replace(decimal === 46 ? /[^\d.]/g : /[^\d,]/g, '');
    const dot = s.indexOf(decimal === 46 ? '.' : ',');
    digits = Number(dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1));
  }
  out.digits = digits;
  out.decimals = decimals;
  out.comma = comma;
}

/** Scale words and suffixes -> power of ten. */
export const SCALE_EXP: Readonly<Record<string, number>> = {
  hundred: 2,
  thousand: 3,
  million: 6,
  billion: 9,
  trillion: 12,
  mln: 6,
  mn: 6,
  bln: 9,
  bn: 9,
  tn: 12,
  trn: 12,
  trln: 12,
  m: 6,
  k: 3,
  b: 9,
};

const SMALL: Readonly<Record<string, number>> = {
  zero: 0, nought: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

const BIG: Readonly<Record<string, number>> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
};

/** Fraction denominators: "one-third", "two thirds", "three-quarters". */
export const DENOMINATOR: Readonly<Record<string, number>> = {
  half: 2, halves: 2, third: 3, thirds: 3, quarter: 4, quarters: 4, fourth: 4, fourths: 4,
  fifth: 5, fifths: 5, sixth: 6, sixths: 6, seventh: 7, sevenths: 7, eighth: 8, eighths: 8,
  ninth: 9, ninths: 9, tenth: 10, tenths: 10,
};

/** Word source for the master regex in extract.ts (numbers that may start a figure). */
export const NUMBER_WORDS_START =
  'zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|' +
  'sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';

const WORD_RE = new RegExp(`(${NUMBER_WORDS_START}|hundred|thousand|million|billion|trillion)\\b`, 'iy');
const SEP_RE = /\s+(?:-\s+)?|-(?=[A-Za-z])/y;
const SEP_AND_RE = /\s+and\s+/iy;

type WordClass = 'units' | 'teen' | 'tens' | 'hundred' | 'scale';

/** Result of parsing a written-out number such as "twenty-five" or "two million". */
export interface WrittenNumber {
  start: number;
  end: number;
  value: number;
  /** Half-unit of the last word: "two million" -> 0.5e6, "twenty-five" -> 0.5. */
  precision: number;
  /** A thousand/million/billion/trillion word was present. */
  hasScale: boolean;
  /** Power of ten of the last scale word ("two million" -> 6), 0 without one. */
  scaleExp: number;
  /** How many number words. */
  words: number;
  /** Class of the last word, for ordinal/fraction checks ("twenty-first", "one-third"). */
  last: WordClass;
}

function classOf(w: string): { cls: WordClass; v: number } {
  const s = SMALL[w];
  if (s !== undefined) return { cls: s < 10 ? 'units' : s < 20 ? 'teen' : 'tens', v: s };
  const b = BIG[w];
  return { cls: b === 100 ? 'hundred' : 'scale', v: b };
}

/**
 * Parse a written-out cardinal number at `pos` ("thirteen", "twenty-five",
 * "one hundred and twenty", "two million three hundred thousand",
 * "fifteen hundred"). Stops at the first word that would not continue a valid
 * number. Returns null when no number word starts at `pos`.
 */
export function parseWrittenNumber(text: string, pos: number): WrittenNumber | null {
  let total = 0;
  let current = 0;
  let prev: WordClass | null = null;
  let lastScale = Infinity;
  let groupHasHundred = false;
  let hasScale = false;
  let scaleExp = 0;
  let snapEnd = pos;
  let snapWords = 0;
  let end = pos;
  let words = 0;
  let precision = 0.5;
  let p = pos;
  let viaAnd = false;
  let viaHyphen = false;
  for (;;) {
    WORD_RE.lastIndex = p;
    const m = WORD_RE.exec(text);
    if (!m) break;
    const { cls, v } = classOf(m[1].toLowerCase());
    // Transition rules.
    let ok: boolean;
    switch (prev) {
      case null:
        ok = cls === 'units' || cls === 'teen' || cls === 'tens';
        break;
      case 'units':
      case 'teen':
        ok = !viaAnd && (cls === 'hundred' || cls === 'scale');
        break;
      case 'tens':
        ok = !viaAnd && (cls === 'units' || cls === 'scale');
        break;
      case 'hundred':
        ok = cls === 'units' || cls === 'teen' || cls === 'tens' || (!viaAnd && cls === 'scale');
        break;
      case 'scale':
        ok = cls === 'units' || cls === 'teen' || cls === 'tens';
        break;
    }
    if (ok && viaHyphen && !(prev === 'tens' && cls === 'units')) ok = false;
    if (ok && cls === 'hundred') ok = !groupHasHundred && current > 0 && current < 100;
    if (ok && cls === 'scale') ok = current > 0 && v < lastScale;
    if (!ok) {
      if (cls === 'scale' && lastScale !== Infinity && current > 0 && prev !== 'scale') {
        // "five million four billion": drop the dangling "four".
        current = 0;
        end = snapEnd;
        words = snapWords;
        precision = lastScale / 2;
        prev = 'scale';
      }
      break;
    }
    if (cls === 'hundred') {
      current *= 100;
      groupHasHundred = true;
      precision = 0.5;
    } else if (cls === 'scale') {
      total += current * v;
      current = 0;
      lastScale = v;
      groupHasHundred = false;
      hasScale = true;
      scaleExp = Math.round(Math.log10(v));
      precision = v / 2;
      snapEnd = WORD_RE.lastIndex;
      snapWords = words + 1;
    } else {
      current += v;
      precision = 0.5;
    }
    prev = cls;
    words++;
    end = WORD_RE.lastIndex;
    // Separator to the next word.
    viaAnd = false;
    viaHyphen = false;
    if (prev === 'hundred' || prev === 'scale') {
      SEP_AND_RE.lastIndex = end;
      if (SEP_AND_RE.test(text)) {
        p = SEP_AND_RE.lastIndex;
        viaAnd = true;
        continue;
      }
    }
    SEP_RE.lastIndex = end;
    if (!SEP_RE.test(text)) break;
    viaHyphen = text.slice(end, SEP_RE.lastIndex).indexOf('-') >= 0;
    p = SEP_RE.lastIndex;
  }
  if (prev === null) return null;
  return { start: pos, end, value: total + current, precision, hasScale, scaleExp, words, last: prev };
}
