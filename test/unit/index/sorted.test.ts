import * as assert from 'assert';
import fc from 'fast-check';
import { indexOfSorted, lowerBound, seekSorted, topIndexes, topK } from '../../../server/src/core/index/sorted';

describe('index: sorted helpers', () => {
  it('lowerBound finds the first value not below x', () => {
    const a = Float64Array.from([1, 3, 3, 7]);
    assert.deepStrictEqual([0, 1, 3, 4, 8].map((x) => lowerBound(a, x)), [0, 0, 1, 3, 4]);
  });

  it('indexOfSorted searches only the given range', () => {
    const a = Uint32Array.from([2, 5, 9, 1, 4, 8]);
    assert.strictEqual(indexOfSorted(a, 0, 3, 9), 2);
    assert.strictEqual(indexOfSorted(a, 3, 6, 4), 4);
    assert.strictEqual(indexOfSorted(a, 3, 6, 9), -1, '9 is outside [3, 6)');
    assert.strictEqual(indexOfSorted(a, 0, 0, 2), -1);
  });

  /** A sorted list, a range of it and a probe (half the time a value of the list), as fast-check arbitraries. */
  const rangeProbe = fc
    .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 1 << 20 }), { maxLength: 300 }), fc.integer({ min: 0, max: 1 << 20 }), fc.nat(), fc.nat())
    .map(([xs, x, a, b]) => {
      const arr = Uint32Array.from(xs.sort((p, q) => p - q));
      const from = arr.length ? a % arr.length : 0;
      const to = arr.length ? from + (b % (arr.length - from + 1)) : 0;
      return { arr, from, to, probe: arr.length && x % 2 === 0 ? arr[Math.min(arr.length - 1, x % arr.length)] : x };
    });

  it('indexOfSorted finds what a linear scan of the range finds, on even and skewed lists (property)', () => {
    fc.assert(
      fc.property(rangeProbe, ({ arr, from, to, probe }) => {
        let want = -1;
        for (let i = from; i < to; i++) if (arr[i] === probe) want = i;
        assert.strictEqual(indexOfSorted(arr, from, to, probe), want);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('seekSorted finds where a linear scan of the range finds the first value not below x, on even and skewed lists (property)', () => {
    fc.assert(
      fc.property(rangeProbe, ({ arr, from, to, probe }) => {
        let want = from;
        while (want < to && arr[want] < probe) want++;
        assert.strictEqual(seekSorted(arr, from, to, probe), want);
      }),
      { seed: 11, numRuns: 2000 },
    );
    assert.strictEqual(seekSorted(Uint32Array.from([1, 4, 9]), 0, 3, 10), 3, 'past the end: the end');
    assert.strictEqual(seekSorted(Uint32Array.from([1, 4, 9]), 1, 3, 0), 1, 'before the range: its start');
  });

  it('topK keeps the best k, best first, ties by lower id', () => {
    assert.deepStrictEqual(topK([5, 1, 7, 3], [0.5, 2, 2, 9], 3), [
      [3, 9],
      [1, 2],
      [7, 2],
    ]);
    assert.deepStrictEqual(topK([1, 2], [1, 1], 0), []);
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    const vals = ids.map((i) => (i * 7919) % 1000);
    assert.deepStrictEqual(
      topK(ids, vals, 5).map(([, v]) => v),
      [999, 998, 997, 996, 995],
    );
  });

  /** The quickselect topIndexes replaced (on a copy of vals): the reference for the heap's answers. */
  function quickselectTop(vals: number[], k: number): number[] {
    const n = vals.length;
    if (k >= n) return Array.from({ length: n }, (_, i) => i);
    if (k <= 0) return [];
    const a = Float64Array.from(vals);
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

  it('topIndexes picks what the quickselect it replaced picked, in the same order, ties at the cut included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 400 }), fc.nat({ max: 420 }), (ints, k) => {
        const vals = ints.map((x) => x / 4); // few distinct values: many ties at the cut
        assert.deepStrictEqual(topIndexes(Float64Array.from(vals), k), quickselectTop(vals, k));
      }),
      { seed: 13, numRuns: 2000 },
    );
    assert.deepStrictEqual(topIndexes([3, 1, 3, 2, 3], 2), [0, 2], 'equal values at the cut: the earliest');
    assert.deepStrictEqual(topIndexes([1, 5, 2, 5, 9], 3), [4, 1, 3], 'above the cut in index order, then the cut');
  });
});
