/**
 * The figure index: every passage figure by normalised value, in buckets of
 * one kind and unit (see figureIndexBucket). A bucket is three parallel typed
 * arrays sorted by value, so the passages stating a quantity are a binary
 * search and a scan of contiguous entries away. A range figure is entered
 * twice, under each end.
 */
import { bucketProbe, candidateRange, figureIndexBucket, figureMatches, withinPrecision } from '../figures/match';
import { Figure, Passage } from '../types';
import { lowerBound } from './sorted';

export interface FigureBucket {
  values: Float64Array;
  ids: Uint32Array;
  /** Index of the figure inside passage.figures (FIG_INDEX bits), and FIG_RANGE for ranges. */
  fig: Uint16Array;
}

export type FigureBuckets = Map<string, FigureBucket>;

/** In FigureBucket.fig: the figure's index in passage.figures, and a flag for range figures. */
export const FIG_INDEX = 0x7fff;
export const FIG_RANGE = 0x8000;

/** Matching passages as ids and the index of the matching figure in each. */
export interface FigureMatches {
  ids: Uint32Array;
  fig: Uint16Array;
}

function sortedBucket(v: number[], id: number[], f: number[]): FigureBucket {
  const order = v.map((_, i) => i).sort((x, y) => v[x] - v[y]);
  return {
    values: Float64Array.from(order, (i) => v[i]),
    ids: Uint32Array.from(order, (i) => id[i]),
    fig: Uint16Array.from(order, (i) => f[i]),
  };
}

/** Buckets for the figures of passages `ids`. */
export function buildFigureBuckets(ids: Uint32Array, passageOf: (id: number) => Passage): FigureBuckets {
  const figs = new Map<string, { v: number[]; id: number[]; f: number[] }>();
  for (const id of ids) {
    const pf = passageOf(id).figures;
    for (let j = 0; j < pf.length && j <= FIG_INDEX; j++) {
      const f = pf[j];
      const name = figureIndexBucket(f);
      let b = figs.get(name);
      if (!b) figs.set(name, (b = { v: [], id: [], f: [] }));
      b.v.push(f.value);
      b.id.push(id);
      if (f.high === undefined) b.f.push(j);
      else {
        b.f.push(j | FIG_RANGE);
        b.v.push(f.high);
        b.id.push(id);
        b.f.push(j | FIG_RANGE);
      }
    }
  }
  const out: FigureBuckets = new Map();
  for (const [name, b] of figs) out.set(name, sortedBucket(b.v, b.id, b.f));
  return out;
}

/** Merge segments' buckets, dropping passages not alive. */
export function mergeFigureBuckets(parts: FigureBuckets[], alive: Uint8Array): FigureBuckets {
  const names = new Set<string>();
  for (const seg of parts) for (const name of seg.keys()) names.add(name);
  const out: FigureBuckets = new Map();
  for (const name of names) {
    const v: number[] = [];
    const id: number[] = [];
    const f: number[] = [];
    for (const seg of parts) {
      const b = seg.get(name);
      if (!b) continue;
      for (let i = 0; i < b.values.length; i++) {
        if (!alive[b.ids[i]]) continue;
        v.push(b.values[i]);
        id.push(b.ids[i]);
        f.push(b.fig[i]);
      }
    }
    out.set(name, sortedBucket(v, id, f));
  }
  return out;
}

/** Figure `j` of passage `id`, for matching only (it may be a scratch object the next call overwrites). */
export type FigureAt = (id: number, j: number) => Figure;

/** The names of every bucket of `parts`, each once. */
export function bucketNames(parts: FigureBuckets[]): string[] {
  const names = new Set<string>();
  for (const seg of parts) for (const name of seg.keys()) names.add(name);
  return [...names];
}

/** bucketProbe per bucket name, made once (a lookup parsed the name of every bucket on every call). */
const probes = new Map<string, Figure>();
function probeOf(name: string): Figure {
  let p = probes.get(name);
  if (!p) {
    if (probes.size > 10000) probes.clear();
    probes.set(name, (p = bucketProbe(name)));
  }
  return p;
}

/**
 * Every alive passage with a figure matching `f` (same quantity within f's
 * stated precision), each once, in bucket order. `seen` is a zeroed scratch
 * array with a byte per passage; it is zeroed again before returning.
 * `figureAt` gives a candidate's figure for the comparisons that need the
 * whole figure (a passage table works: its passages' `figures`); the index
 * passes one that reads the passage store's columns without building the
 * passage's figure list (issue 13: that list was 175 MB of garbage per
 * 1,000-paragraph check on Reuters). `names`: bucketNames(parts), when known.
 */
export function findFigure(f: Figure, parts: FigureBuckets[], passages: Passage[] | FigureAt, alive: Uint8Array, seen: Uint8Array, names = bucketNames(parts)): FigureMatches {
  const figureAt: FigureAt = typeof passages === 'function' ? passages : (id, j) => passages[id].figures[j];
  const ids: number[] = [];
  const figs: number[] = [];
  const own = figureIndexBucket(f);
  for (const name of names) {
    // Buckets whose kind and unit can match (unitsCompatible), with the draft's interval in the bucket's unit.
    const probe = probeOf(name);
    const kind = probe.kind;
    const range = candidateRange(f, probe);
    if (!range) continue;
    const [lo, hi] = range;
    const plain = name === own || (kind !== 'measure' && f.kind !== 'measure' && kind !== 'ratio' && f.kind !== 'ratio');
    for (const seg of parts) {
      const b = seg.get(name);
      if (!b) continue;
      for (let i = lowerBound(b.values, lo); i < b.values.length && b.values[i] <= hi; i++) {
        const id = b.ids[i];
        if (!alive[id] || seen[id]) continue;
        const j = b.fig[i] & FIG_INDEX;
        // Plain values compare on the indexed value alone; ranges, hedges, scores and conversions need the whole figure.
        const whole = b.fig[i] & FIG_RANGE || f.high !== undefined || f.hedge !== undefined || f.kind === 'score' || !plain;
        const ok = whole ? figureMatches(f, figureAt(id, j)) : withinPrecision(b.values[i], f);
        if (!ok) continue;
        seen[id] = 1;
        ids.push(id);
        figs.push(j);
      }
    }
  }
  for (const id of ids) seen[id] = 0;
  return { ids: Uint32Array.from(ids), fig: Uint16Array.from(figs) };
}
