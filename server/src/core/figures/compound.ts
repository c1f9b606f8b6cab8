/**
 * Figures made of two numbers: ranges ("60 to 70 percent", "$2-3bn", "between 10 and 12"),
 * ratios ("1 in 4", "99 out of 126") and scores ("a 4-2 win", "voted 310 to 290").
 * Each takes the first atom and a parser for the second, and returns where scanning
 * resumes, or -1 when the pattern does not apply.
 */
import { Figure } from '../types';
import {
  Atom,
  atomPrecision,
  atomValue,
  decorate,
  isBare,
  isInteger,
  isYear,
  kindOf,
  makeFigure,
  pushAtom,
  unitOf,
} from './atom';
import { isAsciiLetter, isDigit, monthAfter } from './context';
import { Locale } from './locale';

export type ParseFn = (text: string, i: number, loc: Locale, slot?: number) => Atom | number;

const FROM_BEFORE = /(?<=\b(?:[Ff]rom|[Dd]e|[Dd]esde)\s+)/y;
const RANGE_CONN = /\s*[-–—]\s*|\s+(to|and|a|y|al)\s+/iy;
const CHANGE_BEFORE =
  /\b(?:rose|rise|rises|rising|fell|fall|falls|falling|increased?|decreased?|grew|grow|declined?|dropped|drop|climbed|cut|raised?|lowered|revised|up|down|from|by|jumped|slipped|gained|lost|de|desde)\b[^.;]*$/i;
const BETWEEN_BEFORE = /(?<=\b(?:[Bb]etween|[Ee]ntre|[Aa]ged)\s+)/y;
const RATIO_CONN = /\s+(?:in|out\s+of|de\s+cada)\s+/iy;
const SCORE_PAIR = /(\d{1,3})\s*[-–]\s*(\d{1,3}|[Nn]il)(?![\d\p{L}%$£€])/uy;
const VOTE_PAIR = /(\d{1,3}(?:,\d{3})*)\s+(?:to|votes?\s+to)\s+(\d{1,3}(?:,\d{3})*)(?![\d\p{L}])/uy;
const SCORE_BEFORE =
  /(?:\b(?:vot(?:e|ed|es|ing)|vote\s+of|beat|beats|beaten|defeat(?:ed|s)?|won|wins|win|lost|lose|loses|drew|draw|trail(?:ed|ing)?|lead(?:ing)?|led|ahead|scored?|scoreline|came\s+through|sets?|victory|margin|tie-break|thrash(?:ed)?|crush(?:ed)?|stormed|edged|lead\s+to|by|a|an|the)|'s|’s|[(,]|\d{1,2}\s*[-–]\s*\d{1,2}\)?)\s*$/i;
const SCORE_AFTER =
  /^\s*(?:win|wins|victory|defeat|loss|lead|draw|ahead|scoreline|margin|home\s+win|away\s+win|vote|decision|ruling|verdict|majority|split\s+decision|in\s+favou?r|against|at\s+half-time|aggregate|on\s+aggregate|thrashing|success|triumph|\(|,?\s*\d{1,2}\s*[-–]\s*\d{1,2}\b)/i;
const VOTE_BEFORE = /\b(?:vot(?:e|ed|es|ing)|vote\s+of|ballot|margin\s+of)\s*$/i;
/** A result noun after a competition's name ("19-13 Six Nations loss", "a 3-0 FA Cup win"), or the set or period a score is in ("6-1 in the first set"). */
const SCORE_AFTER_NAMED =
  /^\s+(?:(?:[A-Z][A-Za-z'’.-]*\s+){1,3}(?:win|wins|victory|defeat|loss|draw|triumph|success|thrashing|drubbing|home\s+win|away\s+win)\b|in\s+the\s+(?:first|second|third|fourth|fifth|final|deciding|opening)\s+(?:set|frame|leg|game|half|period|quarter|round|innings)\b)/;

/** Try a score at `a`: "4-2 win", "voted 272-219", "6-3 3-6 6-3", "by a vote of 315 to 217". */
export function tryScore(text: string, a: Atom, out: Figure[]): number {
  if (a.written || !isInteger(a) || a.comma) return -1;
  const n = text.charCodeAt(a.end);
  const n1 = text.charCodeAt(a.end + 1);
  // Cheap gate: "4-2", "4 - 2", "310 to 290" only.
  if (!(n === 45 || n === 8211 || (n === 32 && (n1 === 45 || n1 === 8211 || n1 === 116)))) return -1;
  SCORE_PAIR.lastIndex = a.start;
  let m = SCORE_PAIR.exec(text);
  const before = text.slice(Math.max(0, a.start - 40), a.start);
  let vote = false;
  if (!m) {
    if (n1 !== 116) return -1;
    VOTE_PAIR.lastIndex = a.start;
    m = VOTE_PAIR.exec(text);
    if (!m || !VOTE_BEFORE.test(before)) return -1;
    vote = true;
  }
  const end = m.index + m[0].length;
  const after = text.slice(end, end + 40);
  const x = Number(m[1].replace(/,/g, ''));
  const nil = /^nil$/i.test(m[2]); // "won 2-nil": a score whatever the context
  const y = nil ? 0 : Number(m[2].replace(/,/g, ''));
  if (!vote && !nil) {
    if (monthAfter(text, end) >= 0) return -1; // "5-6 March"
    const named = x <= 99 && y <= 99 && SCORE_AFTER_NAMED.test(after);
    const ctx = named || SCORE_AFTER.test(after) || SCORE_BEFORE.test(before) && (VOTE_BEFORE.test(before) || x <= 99 && y <= 99);
    // A bare "3-2" with no context stays two counts (or a range when it rises).
    if (!ctx) return -1;
    if (!named && /\b(?:a|an|the|by|'s|’s)\s*$/i.test(before) && !SCORE_AFTER.test(after) && !VOTE_BEFORE.test(before)) return -1;
  }
  const f = makeFigure(text, a.start, end, x, undefined, 'score', '', 0);
  f.second = y;
  out.push(f);
  return end;
}

/** Try "A to B" / "A-B" / "between A and B"; returns the end of B, or -1. */
export function tryRange(text: string, a: Atom, out: Figure[], loc: Locale, parse: ParseFn): number {
  RANGE_CONN.lastIndex = a.end;
  const m = RANGE_CONN.exec(text);
  if (!m) return -1;
  const conn = m[1] ? m[1].toLowerCase() : '-';
  if (conn === 'and' || conn === 'y') {
    BETWEEN_BEFORE.lastIndex = a.start;
    if (!BETWEEN_BEFORE.test(text)) return -1;
  }
  if ((conn === 'a' || conn === 'al') && loc.lang !== 'es') return -1;
  if (conn === 'y' && loc.lang !== 'es') return -1;
  const toWord = conn === 'to' || conn === 'a' || conn === 'al';
  // "rose 15 pct to 20 pct", "by 15 cts to 18.50 dlrs", "rose 25 mln to 30 mln": a change, not a range.
  if (toWord && (a.unitSuffix || (a.scaled && CHANGE_BEFORE.test(text.slice(Math.max(0, a.start - 40), a.start))))) return -1;
  FROM_BEFORE.lastIndex = a.start;
  const from = toWord && FROM_BEFORE.test(text);
  const bStart = RANGE_CONN.lastIndex;
  if (bStart >= text.length) return -1;
  const c = text.charCodeAt(bStart);
  if (!isDigit(c) && !isAsciiLetter(c) && c !== 36 && c !== 163 && c !== 8364 && c !== 165) return -1;
  const b = parse(text, bStart, loc, 1);
  if (typeof b === 'number' || !isNaN(b.fraction) || b.negative) return -1;
  if (a.currency && b.currency && a.currency !== b.currency) return -1;
  if (a.unit && b.unit && a.unit.code !== b.unit.code) return -1;
  const currency = a.currency || b.currency;
  const percent = a.percent || b.percent;
  const points = a.points || b.points;
  const unit = a.unit ?? b.unit;
  if ((percent || points) && currency) return -1;
  if (isBare(b) && !b.written) {
    if (isYear(b)) return -1;
    if (b.decimals === 0 && b.digits <= 31) {
      const d = monthAfter(text, b.end);
      if (d >= 0) return d; // 5-7 March: a date, not a figure
    }
  }
  if (a.scaled && !b.scaled) return -1;
  if (from) {
    // "from 10 to 15 percent": two figures, the first takes the second's scale and unit.
    if (!a.scaled && a.exp === 0) a.exp = b.exp + (b.written ? b.wScaleExp : 0);
    a.scaled = a.scaled || b.scaled;
    a.currency = currency;
    a.percent = percent;
    a.points = points;
    a.unit = unit;
    if (a.small && !a.scaled && !currency && !percent && !points && !unit) return a.end;
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
  if (a.small && b.small && !currency && !percent && !points && !unit) return b.end; // "between five and six": prose
  const u = { currency, percent, points, unit };
  const precision = Math.max(lowPrecision, atomPrecision(b));
  const f = makeFigure(text, a.start, b.end, value, high, kindOf(u), unitOf(u), precision);
  out.push(decorate(f, { ...a, unit }));
  return b.end;
}

/** Try "2 in 5" / "1 out of 4" / "one in five"; returns the end, or -1. */
export function tryRatio(text: string, a: Atom, out: Figure[], loc: Locale, parse: ParseFn): number {
  RATIO_CONN.lastIndex = a.end;
  if (!RATIO_CONN.test(text)) return -1;
  const b = parse(text, RATIO_CONN.lastIndex, loc, 1);
  if (typeof b === 'number' || !isInteger(b) || isYear(b)) return -1;
  const num = atomValue(a);
  const den = atomValue(b);
  if (!(den > num) || num <= 0 || den > 1e6) return -1;
  const v = num / den;
  out.push(makeFigure(text, a.start, b.end, v, undefined, 'ratio', '', 0.005));
  return b.end;
}
