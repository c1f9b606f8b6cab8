import * as assert from 'assert';
import { AFTER_CHECK_SLACK_MB, COLLECT_SLACK_MB, HEAP_GROWING_PERCENT, IdleCollector, IDLE_MS, afterCheckSlackMB, gcIdleMs, collectAfterLoad, collectIfGrown, collectNow, heapGrowingPercent, shouldCollect } from '../../../server/src/heap';
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

describe('memory: one collection after a load settles (heap.ts collectAfterLoad)', () => {
  it('collects the first time, then only after more than the slack was added', () => {
    assert.strictEqual(shouldCollect(50, undefined), true);
    assert.strictEqual(shouldCollect(50 + COLLECT_SLACK_MB, 50), false);
    assert.strictEqual(shouldCollect(50 + COLLECT_SLACK_MB + 1, 50), true);
    assert.strictEqual(shouldCollect(60, 50, 5), true);
  });
  it('runs a full collection (garbage of a load is freed), and not again until memory grew', async () => {
    // A large object no longer referenced: a WeakRef to it is cleared only by a collection.
    const ref = ((): WeakRef<Uint8Array[]> => new WeakRef(Array.from({ length: 48 }, () => new Uint8Array(1 << 20).fill(1))))();
    await new Promise((r) => setImmediate(r)); // a WeakRef's target is kept to the end of the job that made it
    assert.strictEqual(collectAfterLoad(), true);
    assert.strictEqual(ref.deref(), undefined);
    assert.strictEqual(collectAfterLoad(), false);
  });
  it('after a check: collects only once memory grew past the slack since the last full collection', () => {
    assert.strictEqual(collectNow(), true); // a full collection now: growth counts from here, with no garbage left to free
    assert.strictEqual(collectIfGrown(1024), false);
    const kept = Array.from({ length: 64 }, () => new Uint8Array(1 << 20).fill(2));
    assert.strictEqual(collectIfGrown(32), true);
    assert.strictEqual(collectIfGrown(32), false, 'what is still in use counts as the new base');
    assert.strictEqual(kept.length, 64);
  });
  it('SOURCE_LINKED_GC_SLACK_MB sets the slack after a check; 0 turns the collection off; nonsense keeps the default', () => {
    assert.strictEqual(afterCheckSlackMB({}), AFTER_CHECK_SLACK_MB);
    assert.strictEqual(afterCheckSlackMB({ SOURCE_LINKED_GC_SLACK_MB: '48' }), 48);
    assert.strictEqual(afterCheckSlackMB({ SOURCE_LINKED_GC_SLACK_MB: '0' }), Infinity);
    for (const v of ['', ' ', '-3', 'abc']) assert.strictEqual(afterCheckSlackMB({ SOURCE_LINKED_GC_SLACK_MB: v }), AFTER_CHECK_SLACK_MB, v);
  });
});

describe('memory: the collection after checks waits for an idle server (heap.ts IdleCollector)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const make = (busy = () => false, slack = 24) => {
    const asked: number[] = [];
    const c = new IdleCollector(slack, busy, 40, (mb) => (asked.push(mb), true));
    return { c, asked };
  };
  it('collects once, with its slack, after the server was quiet for the idle time', async () => {
    const { c, asked } = make();
    c.activity();
    c.afterCheck();
    c.afterCheck(); // one collection pending at a time
    await sleep(15);
    assert.deepStrictEqual(asked, [], 'collected before the idle time');
    await sleep(80);
    assert.deepStrictEqual(asked, [24]);
    assert.strictEqual(c.collections, 1);
  });
  it('waits while messages keep coming, and collects once they stop', async () => {
    const { c, asked } = make();
    c.afterCheck();
    for (let i = 0; i < 12; i++) {
      c.activity();
      await sleep(10);
    }
    assert.deepStrictEqual(asked, [], 'collected while the client was sending');
    await sleep(120);
    assert.deepStrictEqual(asked, [24]);
  });
  it('waits while a check is scheduled or running', async () => {
    let busy = true;
    const { c, asked } = make(() => busy);
    c.afterCheck();
    await sleep(120);
    assert.deepStrictEqual(asked, []);
    busy = false;
    await sleep(120);
    assert.deepStrictEqual(asked, [24]);
  });
  it('SOURCE_LINKED_GC_IDLE_MS sets the idle time (0: right after the check); nonsense keeps the default', async () => {
    assert.strictEqual(gcIdleMs({}), IDLE_MS);
    assert.strictEqual(gcIdleMs({ SOURCE_LINKED_GC_IDLE_MS: '0' }), 0);
    assert.strictEqual(gcIdleMs({ SOURCE_LINKED_GC_IDLE_MS: '1000' }), 1000);
    for (const v of ['', '-1', 'abc', '2.5']) assert.strictEqual(gcIdleMs({ SOURCE_LINKED_GC_IDLE_MS: v }), IDLE_MS, v);
    const asked: number[] = [];
    const c = new IdleCollector(24, () => false, 0, (mb) => (asked.push(mb), true));
    c.activity();
    c.afterCheck();
    await sleep(20);
    assert.deepStrictEqual(asked, [24], 'an idle time of 0 collects at once after the check');
  });
  it('never collects when turned off (SOURCE_LINKED_GC_SLACK_MB=0)', async () => {
    const { c, asked } = make(() => false, afterCheckSlackMB({ SOURCE_LINKED_GC_SLACK_MB: '0' }));
    c.afterCheck();
    await sleep(100);
    assert.deepStrictEqual(asked, []);
    c.dispose();
  });
});

describe('memory: the server launch environment (protocol.ts)', () => {
  it('adds the malloc threshold to the environment it is given, without changing that object', () => {
    const base = { PATH: '/bin' };
    const env = serverEnv(base);
    assert.strictEqual(env.MALLOC_MMAP_THRESHOLD_, '131072');
    assert.strictEqual(env.PATH, '/bin');
    assert.deepStrictEqual(base, { PATH: '/bin' });
    assert.strictEqual(env.GLIBC_TUNABLES, undefined, 'huge pages are opt-in');
    assert.deepStrictEqual(Object.keys(SERVER_ENV), ['MALLOC_MMAP_THRESHOLD_']);
  });
  it('keeps a value the user set', () => {
    assert.strictEqual(serverEnv({ MALLOC_MMAP_THRESHOLD_: '65536' }).MALLOC_MMAP_THRESHOLD_, '65536');
    assert.strictEqual(serverEnv({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' }).GLIBC_TUNABLES, 'glibc.malloc.tcache_count=0');
  });
});
