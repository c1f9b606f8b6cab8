/**
 * Numbers written in words: cardinals ("fifty-two", "two million", "trece", "cien
 * millones"), fractions and shares ("two-thirds", "a third of", "half of", "un tercio",
 * "dos terceras partes"), "a dozen", "half a million", and years in words (not figures).
 */
import { Atom, atomAt } from './atom';
import { EN, Locale, parseSpanishNumber } from './locale';
import { DENOMINATOR, parseWrittenNumber } from './numbers';
import { AND_A_HALF, parseUnitAfter } from './suffix';

export const FRACTION_WORDS = 'half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth';

const A_FRACTION = new RegExp(`an?\\s+(${FRACTION_WORDS})(?=\\s+of\\b)|(half)(?=\\s+of\\b)`, 'iy');
const A_COUNT = /a\s+(dozen|hundred|thousand|million|billion|score(?=\s+of\s+[a-z]))\b/iy;
const IDIOM_AFTER = /^\s+(?:reasons|times|thanks|ways|things|questions|miles\s+away)\b/i;
/** "the first half of 2020", "the second half of the year": a period, not a share. */
const HALF_PERIOD = /\b(?:first|second|latter|last|next|previous|other)[\s-]+half\s+of\s+(?:the\s+)?(?:\d{4}|year|month|season|century|decade|game|match|quarter|fiscal)/i;
const HALF_A = /half\s+an?\s+(million|billion|trillion)\b/iy;
const ORDINAL_AFTER = /(?:-|\s+)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/iy;
const FRACTION_AFTER = /(?:-|\s+)(halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b/iy;
const QUARTER_TIME_BEFORE = /(?<=\b(?:past|last|next|previous|preceding|first|coming|recent|following|these|those|consecutive|straight|successive)\s+)/iy;
const OF_AFTER = /\s+of\b/y;
const ES_FRACTION = /(un|una|dos|tres|cuatro)\s+(tercios?|cuartos?|quintos?)\b|(la\s+mitad)\b|(una|dos|tres|cuatro)\s+(terceras?|cuartas?|quintas?)\s+partes\b/iy;
const ES_DENOM: Readonly<Record<string, number>> = { tercio: 3, tercios: 3, cuarto: 4, cuartos: 4, quinto: 5, quintos: 5, tercera: 3, terceras: 3, cuarta: 4, cuartas: 4, quinta: 5, quintas: 5 };
const ES_NUM: Readonly<Record<string, number>> = { un: 1, una: 1, dos: 2, tres: 3, cuatro: 4 };

/** Written numbers, fractions in words, "a dozen", "half a million", Spanish number words. */
export function parseWordAtom(text: string, i: number, loc: Locale, slot = 0): Atom | number {
  const c = text.charCodeAt(i) | 32;
  const a = atomAt(i, slot);
  a.written = true;
  if (loc !== EN) {
    ES_FRACTION.lastIndex = i;
    const f = ES_FRACTION.exec(text);
    if (f) {
      a.fraction = f[3] ? 0.5 : f[1] ? ES_NUM[f[1].toLowerCase()] / ES_DENOM[f[2].toLowerCase()] : ES_NUM[f[4].toLowerCase()] / ES_DENOM[f[5].toLowerCase()];
      a.end = ES_FRACTION.lastIndex;
      return a;
    }
    const w = parseSpanishNumber(text, i);
    if (w && (w.words > 1 || !/^(?:un|una|uno)$/i.test(text.slice(i, w.end)))) {
      a.wValue = w.value;
      a.wPrec = w.precision;
      a.scaled = w.hasScale;
      a.wScaleExp = w.scaleExp;
      a.small = !w.hasScale && w.value < 10;
      a.end = parseUnitAfter(text, a, w.end, loc);
      return a;
    }
  }
  if (c === 97 /* a */ || c === 104 /* h */) {
    A_FRACTION.lastIndex = i;
    const m = A_FRACTION.exec(text);
    if (m && !(m[2] && HALF_PERIOD.test(text.slice(Math.max(0, i - 12), A_FRACTION.lastIndex + 24)))) {
      a.fraction = m[2] ? 0.5 : 1 / DENOMINATOR[m[1].toLowerCase()];
      a.end = A_FRACTION.lastIndex;
      return a;
    }
    A_COUNT.lastIndex = i;
    const n = A_COUNT.exec(text);
    if (n && !IDIOM_AFTER.test(text.slice(A_COUNT.lastIndex, A_COUNT.lastIndex + 12))) {
      const w = n[1].toLowerCase();
      a.wValue = w === 'dozen' ? 12 : w.startsWith('score') ? 20 : ({ hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 } as Record<string, number>)[w];
      a.wPrec = a.wValue >= 1e3 ? a.wValue / 2 : 0.5;
      a.scaled = a.wValue >= 1e3;
      a.end = parseUnitAfter(text, a, A_COUNT.lastIndex, loc);
      return a;
    }
    HALF_A.lastIndex = i;
    const h = HALF_A.exec(text);
    if (!h) return i + 1;
    a.wValue = 0.5;
    a.wPrec = 0.05;
    a.exp = loc.scaleExp[h[1].toLowerCase()] ?? EN.scaleExp[h[1].toLowerCase()];
    a.scaled = true;
    a.end = parseUnitAfter(text, a, HALF_A.lastIndex, loc);
    return a;
  }
  const w = parseWrittenNumber(text, i);
  if (!w) return i + 1;
  if (w.last === 'tens' || w.last === 'hundred' || w.last === 'scale' || w.last === 'teen') {
    ORDINAL_AFTER.lastIndex = w.end;
    if (ORDINAL_AFTER.test(text)) return ORDINAL_AFTER.lastIndex; // twenty-first
  }
  if (w.words === 1 && w.last === 'units' && w.value >= 1) {
    FRACTION_AFTER.lastIndex = w.end;
    const m = FRACTION_AFTER.exec(text);
    if (m) {
      const den = m[1].toLowerCase();
      if (den === 'quarters' && text.charCodeAt(w.end) !== 45) {
        // "the past three quarters" is a time period; "three quarters of" is a share.
        QUARTER_TIME_BEFORE.lastIndex = i;
        OF_AFTER.lastIndex = FRACTION_AFTER.lastIndex;
        if (QUARTER_TIME_BEFORE.test(text) || !OF_AFTER.test(text)) return FRACTION_AFTER.lastIndex;
      }
      a.fraction = w.value / DENOMINATOR[den];
      a.end = FRACTION_AFTER.lastIndex;
      return a;
    }
  }
  // Years in words: "nineteen ninety-six", "two thousand and twenty".
  const yr = writtenYear(text, i, w.end, w.value, w.last);
  if (yr > 0) return yr;
  a.wValue = w.value;
  a.wPrec = w.precision;
  a.scaled = w.hasScale;
  a.wScaleExp = w.scaleExp;
  a.small = !w.hasScale && w.value < 10;
  let end = w.end;
  if (!w.hasScale) {
    loc.scaleAfter.lastIndex = end; // "two mln", "eight mln dlrs"
    const s = loc.scaleAfter.exec(text);
    if (s) {
      a.exp = loc.scaleExp[s[1].toLowerCase().replace(/\s+/g, ' ')];
      a.scaled = true;
      a.small = false;
      end = loc.scaleAfter.lastIndex;
    }
  }
  AND_A_HALF.lastIndex = end;
  if (AND_A_HALF.test(text)) {
    a.wValue += 0.5;
    a.wPrec = 0.25;
    a.small = false;
    end = AND_A_HALF.lastIndex;
  }
  a.end = parseUnitAfter(text, a, end, loc);
  return a;
}

const TEEN_TENS = /\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?\b/iy;

/** End of a year written in words at `i`, or -1. */
function writtenYear(text: string, i: number, end: number, value: number, last: string): number {
  if (last === 'teen' && value >= 10 && value <= 20) {
    TEEN_TENS.lastIndex = end; // "nineteen ninety-six", "nineteen hundred"
    if (TEEN_TENS.test(text)) return TEEN_TENS.lastIndex;
  }
  if (value >= 2000 && value <= 2099 && /thousand/i.test(text.slice(i, end)) && !/\s+(?:people|[a-z]+s)\b/y.test(text.slice(end, end + 20))) {
    return end;
  }
  return -1;
}
