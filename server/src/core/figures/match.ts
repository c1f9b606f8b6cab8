/**
 * Figure matching: does a source figure state the same quantity as a draft figure?
 *
 * - Kinds/units (`unitsCompatible`): percent matches only percent; ratio only
 *   ratio; money matches money of the same currency; a plain count (kind
 *   `count`, unit "") matches a count or money of any currency, both ways (a
 *   source saying "4 billion" backs a draft's "$4 billion" and vice versa).
 * - Values (`figureMatches`): within the *draft's* stated precision,
 *   |source - draft| <= draft.precision (+ a relative 1e-9 float epsilon). So
 *   "$3 billion" (precision 0.5e9) is backed by "2.9 billion dollars", "415" is
 *   not backed by "414", "2.3 million" is backed by "2,300,000".
 * - Ranges: a range matches a range when both ends match; a single value
 *   matches a range when it matches either endpoint (draft "60%" is backed by a
 *   source's "60 to 70 percent", and a draft's "60-70%" by a source's "70%").
 *   A value strictly inside a range is not a match: the source did not state it.
 */
import { Figure } from '../types';

const REL_EPS = 1e-9;

/** Kind and unit compatibility; the index uses it to pick candidate figures. */
export function unitsCompatible(a: Figure, b: Figure): boolean {
  if (a.kind === 'percent' || b.kind === 'percent' || a.kind === 'ratio' || b.kind === 'ratio') {
    return a.kind === b.kind;
  }
  if (a.kind === 'money' && b.kind === 'money') return a.unit === b.unit;
  return true; // count-count, count-money, money-count
}

/**
 * Bucket for indexing: figures in different buckets never match.
 * "percent", "ratio", or "number" (counts and money of every currency).
 */
export function figureBucket(f: Figure): 'percent' | 'ratio' | 'number' {
  return f.kind === 'percent' ? 'percent' : f.kind === 'ratio' ? 'ratio' : 'number';
}

function within(source: number, draft: number, tolerance: number): boolean {
  const eps = REL_EPS * Math.max(1, Math.abs(source), Math.abs(draft));
  return Math.abs(source - draft) <= tolerance + eps;
}

/** True when `source` states the quantity `draft` states, within the draft's precision. */
export function figureMatches(draft: Figure, source: Figure): boolean {
  if (!unitsCompatible(draft, source)) return false;
  const tol = draft.precision;
  const dh = draft.high;
  const sh = source.high;
  if (dh === undefined && sh === undefined) return within(source.value, draft.value, tol);
  if (dh !== undefined && sh !== undefined) {
    return within(source.value, draft.value, tol) && within(sh, dh, tol);
  }
  if (dh === undefined) return within(source.value, draft.value, tol) || within(sh as number, draft.value, tol);
  return within(source.value, draft.value, tol) || within(source.value, dh, tol);
}

/**
 * True when `candidate` is a figure of the same kind as `f` and closer to it
 * in value than `best` (or there is no best yet): how "the source says 414"
 * is found for a draft's 415.
 */
export function closerOfKind(f: Figure, candidate: Figure, best: Figure | undefined): boolean {
  return candidate.kind === f.kind && (!best || Math.abs(candidate.value - f.value) < Math.abs(best.value - f.value));
}

/** Short human form for messages: the figure as written, whitespace collapsed. */
export function describeFigure(f: Figure): string {
  return f.text.replace(/\s+/g, ' ').trim();
}

/** Bucket of the figure index: figures are grouped by kind and unit ("money:USD", "count:", "percent:%"). */
export function figureIndexBucket(f: Figure): string {
  return `${f.kind}:${f.unit}`;
}

/** Whether figures in index bucket `bucket` can match `f` (unitsCompatible by bucket): its own bucket, and plain counts <-> money of any currency. */
export function bucketCanMatch(f: Figure, bucket: string): boolean {
  if (bucket === figureIndexBucket(f)) return true;
  return (f.kind === 'money' && bucket === 'count:') || (f.kind === 'count' && bucket.startsWith('money:'));
}

/** figureMatches for two plain values (no ranges): the source value within the draft's stated precision. */
export function withinPrecision(source: number, draft: Figure): boolean {
  return within(source, draft.value, draft.precision);
}
