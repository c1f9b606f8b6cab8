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
 * Indexes (into ids/vals) of the k largest values: those above the k-th largest value in index order, then the
 * earliest of those equal to it, in index order. For picking a candidate pool out of many thousands: a heap of
 * the k best so far (worst on top, so most values cost one comparison with it), no copy of `vals`.
 */
export function topIndexes(vals: ArrayLike<number>, k: number): number[] {
  const n = vals.length;
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  if (k <= 0) return [];
  if (heap.length < k) heap = new Uint32Array(Math.max(k, heap.length * 2));
  const h = heap;
  // Fill with the first k (all earlier than any later index), then keep the k best: a later value must be
  // strictly larger than the worst kept to displace it (at equal values the earlier index is the better).
  for (let i = 0; i < k; i++) heapPush(h, i, vals, i);
  for (let i = k; i < n; i++) {
    if (vals[i] > vals[h[0]]) {
      h[0] = i;
      siftDown(h, k, vals, 0);
    }
  }
  const cut = vals[h[0]];
  const above: number[] = [];
  const at: number[] = [];
  for (let j = 0; j < k; j++) (vals[h[j]] > cut ? above : at).push(h[j]);
  above.sort((a, b) => a - b);
  at.sort((a, b) => a - b);
  for (const i of at) above.push(i);
  return above;
}

/** topIndexes' heap (indexes into vals), reused by every call. */
let heap = new Uint32Array(256);

/** Whether index a is worse than b in topIndexes' order: a lower value, or an equal value and a later index. */
function worse(vals: ArrayLike<number>, a: number, b: number): boolean {
  const va = vals[a];
  const vb = vals[b];
  return va < vb || (va === vb && a > b);
}

/** Adds index i as the size-th entry of heap h (worst on top). */
function heapPush(h: Uint32Array, size: number, vals: ArrayLike<number>, i: number): void {
  let c = size;
  while (c > 0) {
    const parent = (c - 1) >>> 1;
    if (!worse(vals, i, h[parent])) break;
    h[c] = h[parent];
    c = parent;
  }
  h[c] = i;
}

/** Moves h[at] down the heap of `size` entries (worst on top) to its place. */
function siftDown(h: Uint32Array, size: number, vals: ArrayLike<number>, at: number): void {
  const i = h[at];
  let c = at;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= size) break;
    if (child + 1 < size && worse(vals, h[child + 1], h[child])) child++;
    if (!worse(vals, h[child], i)) break;
    h[c] = h[child];
    c = child;
  }
  h[c] = i;
}
