/**
 * One parsed number with its currency, scale and unit, before ranges, ratios and scores
 * are assembled from atoms; and the Figure built from an atom.
 */
import { Figure, FigureKind } from '../types';
import { halfUnit, scaleDigits } from './numbers';
import { UnitDef } from './units';

export interface Atom {
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
  /** "percentage points" (kind points). */
  points: boolean;
  /** Written zero..nine with no scale. */
  small: boolean;
  /** A percent, currency or unit word was written after the number. */
  unitSuffix: boolean;
  /** Fraction ("one-third", "a third"): final ratio value. */
  fraction: number;
  /** Added to the value after scaling: "27-1/2" (0.5), "1½", "3 dollars 50 cents". */
  extra: number;
  /** Precision override (fractions in digits: "27-1/2" -> 0.25). */
  precOverride: number;
  /** A leading minus sign or "minus". */
  negative: boolean;
  unit: UnitDef | null;
  hedge: 'approx' | 'min' | 'max' | '';
}

export function newAtom(start: number): Atom {
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
    points: false,
    small: false,
    unitSuffix: false,
    fraction: NaN,
    extra: 0,
    precOverride: NaN,
    negative: false,
    unit: null,
    hedge: '',
  };
}

/** Two reusable atoms: slot 0 for a candidate, slot 1 for the second number of a range or ratio. */
const POOL: Atom[] = [newAtom(0), newAtom(0)];

/**
 * A cleared atom from the pool (no allocation per candidate; most candidates are rejected).
 * Valid until the next `atomAt` with the same slot: figures copy what they need.
 */
export function atomAt(start: number, slot: number): Atom {
  const a = POOL[slot];
  a.start = start;
  a.end = start;
  a.written = false;
  a.digits = 0;
  a.decimals = 0;
  a.comma = false;
  a.wValue = 0;
  a.wPrec = 0.5;
  a.exp = 0;
  a.wScaleExp = 0;
  a.scaled = false;
  a.currency = '';
  a.percent = false;
  a.points = false;
  a.small = false;
  a.unitSuffix = false;
  a.fraction = NaN;
  a.extra = 0;
  a.precOverride = NaN;
  a.negative = false;
  a.unit = null;
  a.hedge = '';
  return a;
}

export function atomValue(a: Atom): number {
  const v = (a.written ? scaleDigits(a.wValue, a.exp) : scaleDigits(a.digits, a.exp - a.decimals)) + (a.extra ? scaleDigits(a.extra, a.exp) : 0);
  return a.negative ? -v : v;
}
export function atomPrecision(a: Atom): number {
  if (!isNaN(a.precOverride)) return scaleDigits(a.precOverride, a.exp);
  return a.written ? scaleDigits(a.wPrec, a.exp) : halfUnit(a.decimals, a.exp);
}
export function isBare(a: Atom): boolean {
  return !a.currency && !a.percent && !a.points && !a.scaled && a.exp === 0 && isNaN(a.fraction) && !a.unit;
}
export function isInteger(a: Atom): boolean {
  return isBare(a) && (a.written || a.decimals === 0) && a.extra === 0;
}
export function isYear(a: Atom): boolean {
  return !a.written && isInteger(a) && !a.comma && !a.negative && a.digits >= 1900 && a.digits <= 2099;
}

export function kindOf(a: { currency: string; percent: boolean; points: boolean; unit: UnitDef | null }): FigureKind {
  return a.currency ? 'money' : a.points ? 'points' : a.percent ? 'percent' : a.unit ? 'measure' : 'count';
}
export function unitOf(a: { currency: string; percent: boolean; points: boolean; unit: UnitDef | null }): string {
  return a.currency ? a.currency : a.points ? 'pp' : a.percent ? '%' : a.unit ? a.unit.code : '';
}

export function makeFigure(
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

/** Dimension and hedge onto a figure built from atoms. */
export function decorate(f: Figure, a: Atom, hedge?: Atom['hedge']): Figure {
  if (a.unit) f.dimension = a.unit.dim;
  const h = hedge ?? a.hedge;
  if (h) f.hedge = h;
  return f;
}

export function pushAtom(text: string, a: Atom, out: Figure[]): void {
  if (!isNaN(a.fraction)) {
    const f = makeFigure(text, a.start, a.end, a.fraction, undefined, 'ratio', '', a.written ? 0.01 : 0.005);
    out.push(decorate(f, a));
    return;
  }
  const kind = kindOf(a);
  out.push(decorate(makeFigure(text, a.start, a.end, atomValue(a), undefined, kind, unitOf(a), atomPrecision(a)), a));
}
