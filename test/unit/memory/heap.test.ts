import * as assert from 'assert';
import { HEAP_GROWING_PERCENT, heapGrowingPercent } from '../../../server/src/heap';
import { SERVER_ENV, serverEnv } from '../../../server/src/protocol';

describe('memory: the server heap policy (heap.ts)', () => {
  it('leaves V8 its own growth by default (the fixed growth cost check speed)', () => {
    assert.strictEqual(HEAP_GROWING_PERCENT, 0);
    assert.strictEqual(heapGrowingPercent([], {}), undefined);
    assert.strictEqual(heapGrowingPercent(['--expose-gc'], { NODE_OPTIONS: '--max-old-space-size=4096' }), undefined);
  });
  it('SOURCE_LINKED_HEAP_GROWING_PERCENT=100 sets a fixed 100% growth', () => {
    assert.strictEqual(heapGrowingPercent([], { SOURCE_LINKED_HEAP_GROWING_PERCENT: '100' }), 100);
  });
  it('leaves a value given on the command line or in NODE_OPTIONS alone', () => {
    assert.strictEqual(heapGrowingPercent(['--heap-growing-percent=30'], { SOURCE_LINKED_HEAP_GROWING_PERCENT: '100' }), undefined);
    assert.strictEqual(heapGrowingPercent(['--heap_growing_percent=30'], { SOURCE_LINKED_HEAP_GROWING_PERCENT: '100' }), undefined);
    assert.strictEqual(heapGrowingPercent([], { NODE_OPTIONS: '--require x.js --heap-growing-percent=50', SOURCE_LINKED_HEAP_GROWING_PERCENT: '100' }), undefined);
  });
  it('SOURCE_LINKED_HEAP_GROWING_PERCENT chooses the value; empty, 0 or nonsense leaves V8 its own choice', () => {
    assert.strictEqual(heapGrowingPercent([], { SOURCE_LINKED_HEAP_GROWING_PERCENT: '75' }), 75);
    assert.strictEqual(heapGrowingPercent([], { SOURCE_LINKED_HEAP_GROWING_PERCENT: ' ' }), undefined);
    for (const v of ['0', '-5', 'abc', '2.5', '100000']) assert.strictEqual(heapGrowingPercent([], { SOURCE_LINKED_HEAP_GROWING_PERCENT: v }), undefined, v);
  });
});

describe('memory: the server launch environment (protocol.ts)', () => {
  it('adds the malloc threshold to the environment it is given, without changing that object', () => {
    const base = { PATH: '/bin' };
    const env = serverEnv(base);
    assert.strictEqual(env.MALLOC_MMAP_THRESHOLD_, '131072');
    assert.strictEqual(env.PATH, '/bin');
    assert.deepStrictEqual(base, { PATH: '/bin' });
    assert.strictEqual(env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1');
    assert.deepStrictEqual(Object.keys(SERVER_ENV), ['MALLOC_MMAP_THRESHOLD_', 'GLIBC_TUNABLES']);
  });
  it('keeps a value the user set', () => {
    assert.strictEqual(serverEnv({ MALLOC_MMAP_THRESHOLD_: '65536' }).MALLOC_MMAP_THRESHOLD_, '65536');
    assert.strictEqual(serverEnv({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' }).GLIBC_TUNABLES, 'glibc.malloc.tcache_count=0');
  });
});
