/**
 * Figure matching: does a source figure state the same quantity as a draft figure?
 *
 * - Kinds/units (`unitsCompatible`): percentage points match only points; scores only
 *   scores; percent and ratio match each other (a ratio is a share: "a third" ~ "33%");
 *   measures match measures of the same dimension (converted: "5 km" ~ "3.1 miles", never
 *   "5 miles"; "40F" is 4.4 C, not "40C"); money matches money of the same currency; a plain
 *   count matches a count, money or a measure, both ways (a source saying "4 billion" backs a
 *   draft's "$4 billion", "100,000 tonnes" backs "100,000").
 * - Values (`figureMatches`): within the *draft's* stated precision,
 *   |source - draft| <= draft.precision (+ a relative 1e-9 float epsilon), after converting
 *   the source into the draft's unit. So "$3 billion" (precision 0.5e9) is backed by "2.9
 *   billion dollars", "415" is not backed by "414", "2.3 million" is backed by "2,300,000".
 * - Hedges on the draft widen the interval: "about 300" accepts 270..330 (10%, or the
 *   precision if wider); "more than 500" accepts 500..750 (so a source's 512 backs it, a
 *   source's 2,000 does not); "up to 40" / "nearly 40" accepts 26.7..40.
 * - Ranges: a range matches a range when both ends match; a single value matches a range
 *   when it matches either endpoint (draft "60%" is backed by a source's "60 to 70 percent",
 *   and a draft's "60-70%" by a source's "70%"). A value strictly inside a range is not a
 *   match: the source did not state it.
 * - Scores: both numbers equal, in either order ("4-2 win" ~ "2-4 defeat").
 */
import { Figure } from '../types';
import { toBase, unitByCode } from './units';

const REL_EPS = 1e-9;

function shareKind(k: string): boolean {
  return k === 'percent' || k === 'ratio';
}

/** Kind and unit compatibility; the index uses it to pick candidate figures. */
export function unitsCompatible(a: Figure, b: Figure): boolean {
  if (a.kind === 'points' || b.kind === 'points' || a.kind === 'score' || b.kind === 'score') return a.kind === b.kind;
  if (shareKind(a.kind) || shareKind(b.kind)) return shareKind(a.kind) && shareKind(b.kind);
  if (a.kind === 'measure' && b.kind === 'measure') return (a.dimension ?? a.unit) === (b.dimension ?? b.unit);
  if (a.kind === 'money' && b.kind === 'money') return a.unit === b.unit;
  if ((a.kind === 'money' && b.kind === 'measure') || (a.kind === 'measure' && b.kind === 'money')) return false;
  return true; // count with count, money or measure
}

/**
 * Bucket for indexing: figures in different buckets never match.
 * "percent" (percent and ratio: shares), "points", "score", or "number" (counts, money of
 * every currency, measures of every dimension).
 */
export function figureBucket(f: Figure): 'percent' | 'ratio' | 'number' | 'points' | 'score' {
  return shareKind(f.kind) ? 'percent' : f.kind === 'points' ? 'points' : f.kind === 'score' ? 'score' : 'number';
}

/** `v`, a value of `source`, expressed in the unit of `draft` (percent <-> ratio, measure units). */
export function convertValue(v: number, source: Figure, draft: Figure): number {
  if (source.kind === 'ratio' && draft.kind === 'percent') return v * 100;
  if (source.kind === 'percent' && draft.kind === 'ratio') return v / 100;
  if (source.kind === 'measure' && draft.kind === 'measure' && source.unit !== draft.unit) {
    const d = unitByCode(draft.unit);
    if (!d || !unitByCode(source.unit)) return v;
    return (toBase(v, source.unit) - (d.offset ?? 0)) / d.factor;
  }
  return v;
}

/**
 * The interval of source values that back the draft value `d` (precision `tol`, hedge), as [lo, hi] in one
 * scratch pair that the next call overwrites: callers read it at once (a fresh array per call was about 1 MB
 * of a never-seen 1,000-paragraph draft's check, issue 13).
 */
const IV = new Float64Array(2);
function interval(d: number, tol: number, hedge: Figure['hedge']): Float64Array {
  const eps = REL_EPS * Math.max(1, Math.abs(d));
  const t = tol + eps;
  switch (hedge) {
    case 'approx': {
      const w = Math.max(t, 0.1 * Math.abs(d));
      IV[0] = d - w;
      IV[1] = d + w;
      break;
    }
    case 'min':
      IV[0] = d - t;
      IV[1] = d >= 0 ? d * 1.5 + t : d / 1.5 + t;
      break;
    case 'max':
      IV[0] = d >= 0 ? d / 1.5 - t : d * 1.5 - t;
      IV[1] = d + t;
      break;
    default:
      IV[0] = d - t;
      IV[1] = d + t;
  }
  return IV;
}

/** inside(s, interval(d, tol, hedge)): the figure search's per-candidate test. */
export function insideInterval(s: number, d: number, tol: number, hedge: Figure['hedge']): boolean {
  return inside(s, interval(d, tol, hedge));
}

function inside(s: number, iv: Float64Array): boolean {
  const eps = REL_EPS * Math.max(1, Math.abs(s));
  return s >= iv[0] - eps && s <= iv[1] + eps;
}

function within(source: number, draft: number, tolerance: number): boolean {
  const eps = REL_EPS * Math.max(1, Math.abs(source), Math.abs(draft));
  return Math.abs(source - draft) <= tolerance + eps;
}

/** True when `source` states the quantity `draft` states, within the draft's precision. */
export function figureMatches(draft: Figure, source: Figure): boolean {
  if (!unitsCompatible(draft, source)) return false;
  if (draft.kind === 'score') {
    const a = draft.value;
    const b = draft.second ?? NaN;
    return (source.value === a && source.second === b) || (source.value === b && source.second === a);
  }
  const sv = convertValue(source.value, source, draft);
  const sh = source.high === undefined ? undefined : convertValue(source.high, source, draft);
  const tol = draft.precision;
  const dh = draft.high;
  if (dh === undefined && sh === undefined) return insideInterval(sv, draft.value, tol, draft.hedge);
  if (dh !== undefined && sh !== undefined) return within(sv, draft.value, tol) && within(sh, dh, tol);
  if (dh === undefined) {
    const iv = interval(draft.value, tol, draft.hedge);
    return inside(sv, iv) || inside(sh as number, iv);
  }
  return within(sv, draft.value, tol) || within(sv, dh, tol);
}

/** `v`, in `f`'s unit, mapped into `bucketFigure`'s unit (the inverse of convertValue). */
function backInto(v: number, f: Figure, bucketFigure: Figure): number {
  if (f.kind === 'percent' && bucketFigure.kind === 'ratio') return v / 100;
  if (f.kind === 'ratio' && bucketFigure.kind === 'percent') return v * 100;
  if (f.kind === 'measure' && bucketFigure.kind === 'measure' && f.unit !== bucketFigure.unit) {
    const b = unitByCode(bucketFigure.unit);
    if (!b || !unitByCode(f.unit)) return v;
    return (toBase(v, f.unit) - (b.offset ?? 0)) / b.factor;
  }
  return v;
}

/** [lo, hi] in `f`'s unit mapped into the bucket's unit, pushed onto `out` in ascending order. */
function pushBack(out: number[], lo: number, hi: number, f: Figure, bucketFigure: Figure): void {
  const a = backInto(lo, f, bucketFigure);
  const b = backInto(hi, f, bucketFigure);
  out.push(Math.min(a, b), Math.max(a, b));
}

/**
 * The interval of values, in `bucketFigure`'s unit, that a candidate in that bucket may have
 * to match `f` (the index's binary search range). Null when the bucket can never match.
 */
export function candidateRange(f: Figure, bucketFigure: Figure): [number, number] | null {
  if (!unitsCompatible(f, bucketFigure)) return null;
  const slack = 1e-6 * Math.max(1, Math.abs(f.value), Math.abs(f.high ?? 0)) + Math.abs(f.precision);
  let lo = Math.min(f.value, f.high ?? f.value) - slack;
  let hi = Math.max(f.value, f.high ?? f.value) + slack;
  if (f.hedge && f.high === undefined) [lo, hi] = interval(f.value, Math.abs(f.precision) + slack, f.hedge);
  const a = backInto(lo, f, bucketFigure);
  const b = backInto(hi, f, bucketFigure);
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * The value windows, in `bucketFigure`'s unit, where a bucket entry may match `f`, as flat
 * [lo, hi, lo, hi] pairs in ascending order (empty when the bucket can never match). A single
 * value has one window (candidateRange). A range has one around each end, not the span between:
 * a source matches a draft's range only with a value at one of its ends (figureMatches), and a
 * range source is indexed under both of its ends, so an entry between the windows never
 * matches. "1.25 to 35.75" scanned every count between the two on Reuters; it now scans two
 * narrow windows.
 */
export function candidateWindows(f: Figure, bucketFigure: Figure): number[] {
  if (f.high === undefined || f.kind === 'score') return candidateRange(f, bucketFigure) ?? [];
  if (!unitsCompatible(f, bucketFigure)) return [];
  const slack = 1e-6 * Math.max(1, Math.abs(f.value), Math.abs(f.high)) + Math.abs(f.precision);
  const a = Math.min(f.value, f.high);
  const b = Math.max(f.value, f.high);
  const out: number[] = [];
  if (a + slack >= b - slack) pushBack(out, a - slack, b + slack, f, bucketFigure);
  else {
    pushBack(out, a - slack, a + slack, f, bucketFigure);
    pushBack(out, b - slack, b + slack, f, bucketFigure); // backInto only grows with v (factors > 0): still ascending
  }
  return out;
}

/**
 * figureMatches for a single source value `v` with no conversion (a plain bucket entry), for a
 * draft figure with no range: within `f`'s precision widened by its hedge. Only for hedged drafts;
 * unhedged ones use withinPrecision, as figureMatches' callers always have.
 */
export function insideHedged(v: number, f: Figure): boolean {
  return insideInterval(v, f.value, f.precision, f.hedge);
}

/** The same number, up to float noise (statesExactly's test). */
function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= REL_EPS * Math.max(1, Math.abs(a), Math.abs(b));
}

/** statesExactly for a single source value `v` in the draft's own kind and unit (or a plain count). */
export function sameValue(v: number, f: Figure): boolean {
  return sameNumber(f.value, v);
}

/**
 * True when `candidate` is a figure of the same kind as `f` and closer to it
 * in value than `best` (or there is no best yet): how "the source says 414"
 * is found for a draft's 415.
 */
export function closerOfKind(f: Figure, candidate: Figure, best: Figure | undefined): boolean {
  if (candidate.kind !== f.kind || (f.kind === 'measure' && !unitsCompatible(f, candidate))) return false;
  const d = (g: Figure): number => Math.abs(convertValue(g.value, g, f) - f.value);
  return !best || d(candidate) < d(best);
}

/** Short human form for messages: the figure as written, whitespace collapsed. */
export function describeFigure(f: Figure): string {
  return f.text.replace(/\s+/g, ' ').trim();
}

/** Bucket of the figure index: figures are grouped by kind and unit ("money:USD", "count:", "percent:%"). */
export function figureIndexBucket(f: Figure): string {
  return `${f.kind}:${f.unit}`;
}

/** A stand-in figure for index bucket `bucket` ("measure:km"): its kind, unit and dimension, value 0. */
export function bucketProbe(bucket: string): Figure {
  const colon = bucket.indexOf(':');
  const kind = bucket.slice(0, colon) as Figure['kind'];
  const unit = bucket.slice(colon + 1);
  const probe: Figure = { text: '', start: 0, end: 0, value: 0, unit, kind, precision: 0 };
  if (kind === 'measure') probe.dimension = unitByCode(unit)?.dim ?? unit;
  return probe;
}

/** figureMatches for two plain values (no ranges): the source value within the draft's stated precision. */
export function withinPrecision(source: number, draft: Figure): boolean {
  return within(source, draft.value, draft.precision);
}

/**
 * True when `source` states exactly the quantity `draft` states: same kind and unit, same value (and the same
 * high end for a range), not merely within the draft's precision or hedge. "19 dlrs" is stated exactly by
 * "19.00 dlrs" but only matched by "19.35 dlrs"; "over 4.6 mln" is stated exactly by "4.6 mln" and only matched
 * by "6.6 mln". The ranking weighs an exact statement above a match (rank.ts).
 */
export function statesExactly(draft: Figure, source: Figure): boolean {
  // The same number with no conversion: same kind and unit, or a plain count on one side ("4 billion" and "$4 billion").
  const plainCount = (draft.kind === 'count' || source.kind === 'count') && unitsCompatible(draft, source);
  if (!plainCount && (draft.kind !== source.kind || draft.unit !== source.unit)) return false;
  if (draft.kind === 'score') return sameNumber(draft.value, source.value) && draft.second === source.second;
  if (!sameNumber(draft.value, source.value)) return false;
  return draft.high === undefined ? source.high === undefined : source.high !== undefined && sameNumber(draft.high, source.high);
}
