import * as assert from 'assert';
import fc from 'fast-check';
import { assignStableKeys, indexKnown, KeyEntry, shortHash, StableItem, stableKeysOnly } from '../../../server/src/core/corpus/keys';

const item = (baseKey: string, fp: string, p: string, explicit?: string): StableItem => ({ baseKey, fingerprint: fp, path: p, explicit });

// Few keys, fingerprints and paths, so items collide with each other, with the key file and with reserved keys.
const key = fc.constantFrom('a-2020', 'a-2020-2', 'b-2021', 'c', `a-2020-${shortHash('f1')}`);
const fp = fc.constantFrom('f1', 'f2', 'f3', 'f4', 'f5');
const file = fc.constantFrom('/c/1.txt', '/c/2.txt', '/c/3.txt', '/c/4.txt');
const entry = fc.record({ key, fingerprint: fp, path: file });
const anItem = fc.record({ baseKey: key, fingerprint: fp, path: file, explicit: fc.option(key, { nil: undefined }) });

describe('stableKeysOnly (provisional keys of a progressive load)', () => {
  it('gives exactly the keys assignStableKeys gives, with the key file indexed once and reused', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.array(fc.array(anItem, { maxLength: 5 }), { maxLength: 4 }), fc.uniqueArray(key, { maxLength: 3 }), (known: KeyEntry[], batches: StableItem[][], reservedKeys: string[]) => {
        const index = indexKnown(known);
        const reserved = new Set(reservedKeys);
        for (const items of batches) {
          assert.deepStrictEqual(stableKeysOnly(items, index, reserved), assignStableKeys(items, known, { reserved }).keys);
          for (const k of assignStableKeys(items, known, { reserved }).keys) reserved.add(k);
        }
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('keeps a retired key (in the key file, not claimed) from a new source, and reads reserved keys in place', () => {
    const index = indexKnown([{ key: 'x-2020', fingerprint: 'f1', path: '/c/gone.txt' }]);
    assert.deepStrictEqual(stableKeysOnly([item('x-2020', 'f9', '/c/new.txt')], index, new Set()), [`x-2020-${shortHash('f9')}`]);
    assert.deepStrictEqual(stableKeysOnly([item('y-2020', 'f8', '/c/y.txt')], index, new Set(['y-2020'])), [`y-2020-${shortHash('f8')}`]);
    // The entry's own source (same fingerprint) gets its key back.
    assert.deepStrictEqual(stableKeysOnly([item('x-2020', 'f1', '/c/gone.txt')], index, new Set()), ['x-2020']);
  });
});
