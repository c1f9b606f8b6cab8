/** Small helpers on sorted typed arrays and score lists, shared by the index modules. */

/** First index i with a[i] >= x (a sorted ascending). */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index of x in the sorted (strictly ascending) range [from, to) of a, or -1. Interpolation steps
 * first (passage ids spread evenly over a posting list, so a guess from the ends lands close),
 * then halving, so a skewed range costs at most a few steps more than binary search alone.
 */
export function indexOfSorted(a: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to - 1;
  for (let step = 0; lo <= hi; step++) {
    const first = a[lo];
    const last = a[hi];
    if (x < first || x > last) return -1;
    const mid = step < INTERPOLATION_STEPS && last > first ? lo + Math.floor(((x - first) * (hi - lo)) / (last - first)) : (lo + hi) >>> 1;
    const v = a[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * First index i in the sorted (strictly ascending) range [from, to) of a with a[i] >= x (`to` when none):
 * indexOfSorted's steps, returning where x is or would go, so a caller looking up ascending ids can
 * start the next search there.
 */
export function seekSorted(a: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to - 1;
  for (let step = 0; lo <= hi; step++) {
    const first = a[lo];
    if (x <= first) return lo;
    const last = a[hi];
    if (x > last) return hi + 1;
    const mid = step < INTERPOLATION_STEPS && last > first ? lo + Math.floor(((x - first) * (hi - lo)) / (last - first)) : (lo + hi) >>> 1;
    const v = a[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}

/** Interpolation guesses before indexOfSorted falls back to halving. */
const INTERPOLATION_STEPS = 3;

/** The k best (id, score) pairs, best first; ties by lower id. Keeps a small sorted window instead of sorting everything. */
export function topK(ids: ArrayLike<number>, vals: ArrayLike<number>, k: number): [number, number][] {
  const top: [number, number][] = [];
  if (k <= 0) return top;
  const better = (a: [number, number], id: number, v: number) => v > a[1] || (v === a[1] && id < a[0]);
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j];
    const v = vals[j];
    if (top.length === k && !better(top[k - 1], id, v)) continue;
    let i = top.length;
    while (i > 0 && better(top[i - 1], id, v)) i--;
    top.splice(i, 0, [id, v]);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * Indexes (into ids/vals) of the k largest values, in no particular order;
 * among equal values at the cut, the earlier ones. Linear time (quickselect on
 * a copy), for picking a candidate pool out of many thousands.
 */
export function topIndexes(vals: ArrayLike<number>, k: number): number[] {
  const n = vals.length;
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  if (k <= 0) return [];
  const a = Float64Array.from(vals as ArrayLike<number>);
  // Quickselect: after it, a[k - 1] is the k-th largest value.
  let lo = 0;
  let hi = n - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  const cut = a[want];
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (vals[i] > cut) out.push(i);
  for (let i = 0; i < n && out.length < k; i++) if (vals[i] === cut) out.push(i);
  return out;
}
