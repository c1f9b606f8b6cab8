/**
 * "zero", "nought" and "nil" (English): a figure where they state a quantity, prose where
 * they do not. The rules (README, "Figure rules"):
 *
 * - a score with "nil" on one side is a score: "won 2-nil", "a nil-nil draw", "one-nil down";
 * - a count: the word before a plural noun, maybe after one adjective such as "new"
 *   ("zero deaths", "zero new cases", "nil returns");
 * - a stated value: after a linking or change verb, at the end of its clause ("inflation was
 *   nil", "cut to zero in 2020", "rates stood at zero.");
 * - never: set phrases ("zero tolerance", "zero-sum", "zero hours", "ground zero", "net zero",
 *   "year zero", "nil by mouth", "zero in on"), nor a hyphenated compound ("zero-emission").
 *
 * "zero per cent", "zero degrees" carry a unit and are read like any written number.
 */
import { Figure } from '../types';
import { makeFigure } from './atom';

const SIDE = 'nil|one|two|three|four|five|six|seven|eight|nine|ten';
const SIDE_VALUE: Readonly<Record<string, number>> = {
  nil: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
/** "nil-nil", "one-nil", "nil-2" at a word start. */
const WORD_SCORE = new RegExp(`(${SIDE})\\s*[-–]\\s*(${SIDE}|\\d{1,2})(?![\\w-])`, 'iy');
const ZERO_WORD = /(zero|nought|nil)(?![\w-])/iy;
/** A word that makes "zero"/"nil" part of a name or an idiom when it comes before. */
const SET_BEFORE = /\b(?:ground|year|patient|net|absolute|agent|hour|day|mission|point|square)[\s-]+$/i;
/** ... or right after. */
const SET_AFTER = /^(?:[\s-]+(?:tolerance|sum|hours?|in\s+on|by\s+mouth|desperandum|gravity|day|option|waste|carbon|emissions?|rated|coupon|point|g|visibility|interest\s+in)\b|-)/i;
/** A plural noun (after at most one adjective of this list): what "zero" counts. */
const PLURAL_AFTER =
  /^\s+(?:(?:new|confirmed|reported|recorded|known|additional|further|fresh|active|civilian|net|goals?)\s+)?([a-z]{3,})\b/;
const NOT_PLURAL = /(?:ss|us|is|ous)$/;
const VERB_BEFORE =
  /\b(?:was|were|is|are|be|been|being|remains?|remained|stay(?:s|ed)?|stood\s+at|at|to|fell\s+to|dropped\s+to|cut\s+to|reduced\s+to|slashed\s+to|down\s+to|falls?\s+to|fall\s+to|approached|near|nearly|almost|virtually|practically|reached|hit)\s+$/i;
const CLAUSE_END = /^(?:\s*(?:[.,;:)!?]|$)|\s+(?:in|last|this|since|for|by|after|before|from|and|or|but|as|on|during|until|over)\b)/i;

/**
 * At `i`, a word that may start a zero: pushes the figure and returns where scanning
 * resumes, or -1 when the word is not one of them (the caller parses it as usual).
 */
export function zeroAt(text: string, i: number, out: Figure[]): number {
  const c = text.charCodeAt(i) | 32;
  // Gate: n(il, ine, nought), z(ero), o(ne), t(wo..ten), f(our, five), s(ix, even), e(ight).
  if (c !== 110 && c !== 122 && c !== 111 && c !== 116 && c !== 102 && c !== 115 && c !== 101) return -1;
  if (i > 0 && isWordOrHyphen(text.charCodeAt(i - 1))) return -1;
  WORD_SCORE.lastIndex = i;
  const s = WORD_SCORE.exec(text);
  if (s) {
    const a = s[1].toLowerCase();
    const b = s[2].toLowerCase();
    if (a !== 'nil' && b !== 'nil') return -1;
    const f = makeFigure(text, i, WORD_SCORE.lastIndex, SIDE_VALUE[a], undefined, 'score', '', 0);
    f.second = SIDE_VALUE[b] ?? Number(b);
    out.push(f);
    return WORD_SCORE.lastIndex;
  }
  if (c !== 110 && c !== 122) return -1;
  ZERO_WORD.lastIndex = i;
  const z = ZERO_WORD.exec(text);
  if (!z) return -1;
  const end = ZERO_WORD.lastIndex;
  if (z[1].toLowerCase() !== 'nil' && UNIT_AFTER.test(text.slice(end, end + 24))) return -1; // "zero per cent": a written number with a unit
  const nil = z[1].toLowerCase() === 'nil';
  if (!statesQuantity(text, i, end)) return nil ? end : -1; // "zero" goes on as a small written number ("between zero and 100 pct")
  const f = makeFigure(text, i, end, 0, undefined, 'count', '', 0.5);
  if (NEAR_BEFORE.test(text.slice(Math.max(0, i - 24), i))) f.hedge = 'approx';
  out.push(f);
  return end;
}

/** "next to zero", "near zero": zero with a hedge. */
const NEAR_BEFORE = /\b(?:next\s+to|close\s+to|near|nearly|almost|virtually|practically)\s+$/i;

/** A unit or percent after "zero", left to the written-number parser. */
const UNIT_AFTER = /^[\s-]+(?:per\s*cent|percent|pc\b|pct\b|degrees?|percentage\s+points?)/i;

function isWordOrHyphen(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 45 || c === 95 || c > 127;
}

/** True when "zero"/"nil" at [start, end) states a quantity (see the rules above). */
export function statesQuantity(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 40);
  if (SET_BEFORE.test(before) || SET_AFTER.test(after)) return false;
  const p = PLURAL_AFTER.exec(after);
  if (p && p[1].endsWith('s') && !NOT_PLURAL.test(p[1])) return true;
  return VERB_BEFORE.test(before) && CLAUSE_END.test(after);
}
