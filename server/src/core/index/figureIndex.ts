/**
 * The figure index: every passage figure by normalised value, in buckets of
 * one kind and unit (see figureIndexBucket). A bucket is three parallel typed
 * arrays sorted by value, so the passages stating a quantity are a binary
 * search and a scan of contiguous entries away. A range figure is entered
 * twice, under each end.
 */
import { bucketProbe, candidateWindows, figureIndexBucket, figureMatches, insideHedged, sameValue, statesExactly, withinPrecision } from '../figures/match';
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
  /** 1 where the passage states exactly the asked figure (statesExactly), not only within its precision or hedge (the ranking weighs these above matches). */
  exact?: Uint8Array;
}

/**
 * A bucket from its entries, sorted by value; entries of equal value keep their order (a
 * stable sort: passage order). Sorted in typed arrays, with the entry's position as the
 * tie-break, so a compaction of the 100 MB corpus's 580,000 figures makes no JavaScript
 * arrays (issue 13: they were heap garbage at the cold build's memory peak).
 */
function sortedBucket(v: Float64Array, id: Uint32Array, f: Uint16Array): FigureBucket {
  const n = v.length;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(v[i])) return sortedPlain(Array.from(v), Array.from(id), Array.from(f));
    if (i > 0 && v[i] < v[i - 1]) sorted = false;
  }
  if (sorted) return { values: v, ids: id, fig: f };
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => v[x] - v[y] || x - y);
  const values = new Float64Array(n);
  const ids = new Uint32Array(n);
  const fig = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const k = order[i];
    values[i] = v[k];
    ids[i] = id[k];
    fig[i] = f[k];
  }
  return { values, ids, fig };
}

/** The stable sort on plain arrays, for the odd bucket holding a NaN (compares as equal to everything). */
function sortedPlain(v: number[], id: number[], f: number[]): FigureBucket {
  const order = v.map((_, i) => i).sort((x, y) => v[x] - v[y]);
  return {
    values: Float64Array.from(order, (i) => v[i]),
    ids: Uint32Array.from(order, (i) => id[i]),
    fig: Uint16Array.from(order, (i) => f[i]),
  };
}

/** Buckets for the figures of passages `ids`. */
export function buildFigureBuckets(ids: Uint32Array, passageOf: (id: number) => Passage): FigureBuckets {
  const b = new FigureBucketsBuilder();
  for (let k = 0; k < ids.length; k++) b.add(k, passageOf(ids[k]).figures);
  return b.finish(ids);
}

/**
 * Buckets built one passage at a time (a loader adds each passage's figures while it holds
 * them), numbered 0, 1, 2... as added; `finish` gives them their passage ids.
 */
export class FigureBucketsBuilder {
  private figs = new Map<string, { v: number[]; id: number[]; f: number[] }>();

  /** The figures of the `k`-th passage added. */
  add(k: number, pf: readonly Figure[]): void {
    for (let j = 0; j < pf.length && j <= FIG_INDEX; j++) {
      const f = pf[j];
      const name = figureIndexBucket(f);
      let b = this.figs.get(name);
      if (!b) this.figs.set(name, (b = { v: [], id: [], f: [] }));
      b.v.push(f.value);
      b.id.push(k);
      if (f.high === undefined) b.f.push(j);
      else {
        b.f.push(j | FIG_RANGE);
        b.v.push(f.high);
        b.id.push(k);
        b.f.push(j | FIG_RANGE);
      }
    }
  }

  /** The buckets, the k-th passage added being passage `ids[k]`. The builder is spent afterwards. */
  finish(ids: ArrayLike<number>): FigureBuckets {
    const out: FigureBuckets = new Map();
    for (const [name, b] of this.figs) {
      const id = new Uint32Array(b.id.length);
      for (let i = 0; i < id.length; i++) id[i] = ids[b.id[i]];
      out.set(name, sortedBucket(Float64Array.from(b.v), id, Uint16Array.from(b.f)));
    }
    this.figs = new Map();
    return out;
  }
}

/** Merge segments' buckets, dropping passages not alive. */
export function mergeFigureBuckets(parts: FigureBuckets[], alive: Uint8Array): FigureBuckets {
  const names = new Set<string>();
  for (const seg of parts) for (const name of seg.keys()) names.add(name);
  const out: FigureBuckets = new Map();
  for (const name of names) {
    let n = 0;
    for (const seg of parts) {
      const b = seg.get(name);
      if (b) for (let i = 0; i < b.ids.length; i++) n += alive[b.ids[i]] ? 1 : 0;
    }
    const v = new Float64Array(n);
    const id = new Uint32Array(n);
    const f = new Uint16Array(n);
    let k = 0;
    for (const seg of parts) {
      const b = seg.get(name);
      if (!b) continue;
      for (let i = 0; i < b.values.length; i++) {
        if (!alive[b.ids[i]]) continue;
        v[k] = b.values[i];
        id[k] = b.ids[i];
        f[k++] = b.fig[i];
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

/** Bytes of the buckets' typed arrays (the memory benchmark's breakdown). */
export function bucketBytes(buckets: FigureBuckets): number {
  let n = 0;
  for (const b of buckets.values()) n += b.values.byteLength + b.ids.byteLength + b.fig.byteLength;
  return n;
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
 * stated precision), each once, in bucket order, with the figure that matches
 * (the one stating `f` exactly when there is one, see statesExactly). `seen` is a zeroed scratch
 * array with a byte per passage; it is zeroed again before returning.
 * `figureAt` gives a candidate's figure for the comparisons that need the
 * whole figure (a passage table works: its passages' `figures`); the index
 * passes one that reads the passage store's columns without building the
 * passage's figure list (issue 13: that list was 175 MB of garbage per
 * 1,000-paragraph check on Reuters). `names`: bucketNames(parts), when known.
 */
export function findFigure(f: Figure, parts: FigureBuckets[], passages: Passage[] | FigureAt, alive: Uint8Array, seen: Uint8Array, names = bucketNames(parts)): FigureMatches {
  const figureAt: FigureAt = typeof passages === 'function' ? passages : (id, j) => passages[id].figures[j];
  const out = MATCHES;
  out.n = 0;
  const loose = out.placeFor(seen.length); // passage id -> its place in ids, read while seen[id] is 1 (matched, not yet exactly)
  const own = figureIndexBucket(f);
  // A draft figure with no range, no score: a plain entry (a single value, no conversion) is judged on its
  // indexed value alone, hedged or not; ranges, scores and conversions need the whole figure.
  const single = f.high === undefined && f.kind !== 'score';
  for (const name of names) {
    // Buckets whose kind and unit can match (unitsCompatible), with the windows of values that can match, in the bucket's unit.
    const probe = probeOf(name);
    const kind = probe.kind;
    const windows = candidateWindows(f, probe);
    if (!windows.length) continue;
    const plain = name === own || (kind !== 'measure' && f.kind !== 'measure' && kind !== 'ratio' && f.kind !== 'ratio');
    for (const seg of parts) {
      const b = seg.get(name);
      if (!b) continue;
      for (let w = 0; w < windows.length; w += 2) {
        const hi = windows[w + 1];
        for (let i = lowerBound(b.values, windows[w]); i < b.values.length && b.values[i] <= hi; i++) {
          const id = b.ids[i];
          if (!alive[id] || seen[id] === 2) continue; // 2: already matched exactly; 1: matched, an exact statement may follow
          const j = b.fig[i] & FIG_INDEX;
          const whole = !(single && plain) || b.fig[i] & FIG_RANGE;
          let ok: boolean;
          let isExact: boolean;
          if (whole) {
            const sf = figureAt(id, j); // read once: the store's figure is decoded into a scratch object
            ok = figureMatches(f, sf);
            isExact = ok && statesExactly(f, sf);
          } else {
            const v = b.values[i];
            ok = f.hedge === undefined ? withinPrecision(v, f) : insideHedged(v, f);
            isExact = ok && sameValue(v, f);
          }
          if (!ok) continue;
          if (seen[id] === 1) {
            if (!isExact) continue;
            // The passage states the figure exactly further on ("18.9 ... 19.00" for "19"): that figure is the one to show.
            const k = loose[id];
            out.fig[k] = j;
            out.exact[k] = 1;
            seen[id] = 2;
            continue;
          }
          seen[id] = isExact ? 2 : 1;
          if (!isExact) loose[id] = out.n;
          out.push(id, j, isExact ? 1 : 0);
        }
      }
    }
  }
  const n = out.n;
  for (let i = 0; i < n; i++) seen[out.ids[i]] = 0;
  return { ids: out.ids.slice(0, n), fig: out.fig.slice(0, n), exact: out.exact.slice(0, n) };
}

/**
 * findFigure's matches while it collects them, in typed arrays kept between calls and doubled when
 * full, and each loose match's place by passage id (issue 13: three growing number arrays and a Map
 * per figure were 8 MB of the 48 MB a never-seen 1,000-paragraph Reuters draft's check allocated);
 * the result is copied out at its exact size.
 */
class MatchScratch {
  n = 0;
  ids = new Uint32Array(1024);
  fig = new Uint16Array(1024);
  exact = new Uint8Array(1024);
  /** Passage id -> its place in `ids`; only read for a passage matched in this call (a Map of them was 2.7 MB per draft). */
  private place = new Uint32Array(0);

  placeFor(passages: number): Uint32Array {
    if (this.place.length < passages) this.place = new Uint32Array(passages);
    return this.place;
  }

  push(id: number, j: number, exact: number): void {
    if (this.n === this.ids.length) this.grow();
    this.ids[this.n] = id;
    this.fig[this.n] = j;
    this.exact[this.n++] = exact;
  }

  private grow(): void {
    const ids = new Uint32Array(this.ids.length * 2);
    const fig = new Uint16Array(ids.length);
    const exact = new Uint8Array(ids.length);
    ids.set(this.ids);
    fig.set(this.fig);
    exact.set(this.exact);
    this.ids = ids;
    this.fig = fig;
    this.exact = exact;
  }
}

const MATCHES = new MatchScratch();
