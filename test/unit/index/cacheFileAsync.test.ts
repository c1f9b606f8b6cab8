/**
 * Issue 13 (warm start): the server reads the cache's blocks on the thread pool, a chunk at a time, and feeds
 * each chunk to the signature check as it arrives (cacheFile.ts readCacheFileAsync), while its main thread reads
 * the key files. Same bytes, same checks and same refusals as the synchronous read; no byte is used unsigned.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CACHE_FILE, readCache, readCacheAsync, writeCache } from '../../../server/src/core/index/cache';
import { CacheFileParts, readCacheFile, readCacheFileAsync } from '../../../server/src/core/index/cacheFile';
import { CorpusIndex } from '../../../server/src/core/index/corpusIndex';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { indexOf, source } from '../../helpers/fixtures';

const meta = { config: 'test', stamps: [], skipped: [] };

/** Sources enough for a few dozen kilobytes of blocks (many chunks at the small chunk sizes below). */
function corpus() {
  return Array.from({ length: 30 }, (_, i) =>
    source(
      `src-${i}-2021`,
      `Source ${i}`,
      Array.from({ length: 6 }, (_, k) => `In ${2000 + k} the agency ${i} counted ${i * 100 + k} cases of w${i}x${k} and ${k + 2.5} percent of a${(i * 7 + k) % 13}.`),
    ),
  );
}

const parts = (r: CacheFileParts | { reason: string }): CacheFileParts => {
  if ('reason' in r) assert.fail(r.reason);
  return r;
};
const closeParts = (r: CacheFileParts | { reason: string }) => void ('fd' in r && fs.closeSync(r.fd));
const openFds = () => (process.platform === 'linux' ? fs.readdirSync('/proc/self/fd').length : 0);

describe('index cache: blocks read on the thread pool (readCacheFileAsync)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-cache-async-'));
    file = path.join(dir, CACHE_FILE);
    writeCache(dir, indexOf(...corpus()).toSnapshot(), meta);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the same bytes as the synchronous read, signed, whatever the chunk size', async () => {
    const sync = parts(readCacheFile(file));
    assert.strictEqual(sync.signed, true);
    assert.ok(sync.rest.length > 20_000, `blocks of ${sync.rest.length} bytes`);
    for (const chunk of [7, 64, 4096, 1 << 20]) {
      const r = parts(await readCacheFileAsync(file, chunk));
      try {
        assert.strictEqual(r.signed, true, `chunk ${chunk}`);
        assert.ok(r.rest.equals(sync.rest), `chunk ${chunk}: same blocks`);
        assert.ok(r.tail.equals(sync.tail) && r.headerBytes.equals(sync.headerBytes));
        assert.deepStrictEqual([r.restStart, r.headerEnd, r.textAt, r.textLength], [sync.restStart, sync.headerEnd, sync.textAt, sync.textLength]);
        assert.strictEqual(r.rest.byteOffset % 8, 0, 'aligned for the typed views');
      } finally {
        closeParts(r);
      }
    }
    closeParts(sync);
  });

  it('gives the same index as the synchronous read (sources, passages, rankings)', async () => {
    const a = readCache(dir);
    const b = await readCacheAsync(dir);
    assert.ok(a.ok && b.ok);
    const ia = CorpusIndex.fromSnapshot(a.snapshot);
    const ib = CorpusIndex.fromSnapshot(b.snapshot);
    assert.deepStrictEqual(
      ib.sources().map((s) => [s.key, s.title, s.passages.map((p) => p.text)]),
      ia.sources().map((s) => [s.key, s.title, s.passages.map((p) => p.text)]),
    );
    const hits = (ix: CorpusIndex, q: string) => ix.rankPassages(q, []).map((h) => [h.source.key, h.passage.n, h.score]);
    for (const q of ['agency 7 counted cases', 'percent of a3', 'w12x4']) {
      assert.ok(hits(ia, q).length > 0, q);
      assert.deepStrictEqual(hits(ib, q), hits(ia, q), q);
    }
  });

  it('refuses a cache with one byte changed anywhere before the texts or in the tail, in every chunk, as the synchronous read does', async () => {
    const good = fs.readFileSync(file);
    const sync = parts(readCacheFile(file));
    closeParts(sync);
    const spots = new Set<number>();
    const step = Math.ceil(sync.textAt / 50);
    for (let at = 0; at < sync.textAt; at += step) spots.add(at);
    for (const at of [sync.headerEnd - 1, sync.headerEnd, sync.textAt - 1, good.length - 1, good.length - 20, sync.textAt + sync.textLength]) spots.add(at);
    const fds = openFds();
    for (const at of spots) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x04;
      fs.writeFileSync(file, bad);
      const r = await readCacheFileAsync(file, 509);
      const s = readCacheFile(file);
      const refused = (x: typeof r) => 'reason' in x || !x.signed;
      assert.ok(refused(r), `byte ${at} of ${good.length} changed: the async read accepted it`);
      assert.strictEqual(refused(s), true, `byte ${at}: the sync read accepted it`);
      closeParts(r);
      closeParts(s);
      const c = await readCacheAsync(dir);
      assert.strictEqual(c.ok, false, `byte ${at}: readCacheAsync`);
    }
    assert.ok(openFds() <= fds, 'no descriptor left open'); // fewer when an earlier test's index was collected meanwhile
  });

  it('a cache truncated while its blocks are being read is refused, or was read in full before and checks out; the file is closed', async () => {
    const sync = parts(readCacheFile(file));
    closeParts(sync);
    const fds = openFds();
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      writeCache(dir, indexOf(...corpus()).toSnapshot(), meta);
      const good = parts(readCacheFile(file));
      closeParts(good);
      const pending = readCacheFileAsync(file, 64); // head, header and tail are read now; the blocks' reads are queued
      fs.truncateSync(file, good.restStart + 1000 + round * 500);
      const r = await pending;
      if ('reason' in r) {
        assert.match(r.reason, /truncated while reading/);
        refused++;
      } else {
        // The pool read every block before the cut: what it read is the signed file.
        assert.strictEqual(r.signed, true);
        assert.ok(r.rest.equals(good.rest));
        closeParts(r);
      }
    }
    assert.ok(openFds() <= fds, 'no descriptor left open'); // fewer when an earlier test's index was collected meanwhile
    assert.ok(refused > 0 || process.platform !== 'linux', 'the cut was seen at least once');
  });

  it('refuses what the synchronous read refuses: no file, another version, a size that does not match', async () => {
    fs.rmSync(file);
    assert.deepStrictEqual(await readCacheAsync(dir), readCache(dir));
    writeCache(dir, indexOf(...corpus()).toSnapshot(), meta);
    fs.appendFileSync(file, Buffer.alloc(100));
    const r = await readCacheAsync(dir);
    assert.strictEqual(r.ok, false);
    assert.deepStrictEqual(r, readCache(dir));
    const buf = fs.readFileSync(file);
    buf[7] = 99;
    fs.writeFileSync(file, buf);
    assert.match((await readCacheAsync(dir) as { reason: string }).reason, /version 99/);
  });

  it('a load through a tampered cache rebuilds from the sources and says why', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-cache-async-root-'));
    try {
      fs.writeFileSync(path.join(root, 'a.md'), '# A report\n\nThe agency counted 412 cases in 2020.\n');
      const cacheDir = path.join(root, '.cache');
      const first = await loadIndex([root], root, { cacheDir });
      assert.strictEqual(await first.cacheWritten, undefined);
      const cf = path.join(cacheDir, CACHE_FILE);
      const buf = fs.readFileSync(cf);
      buf[buf.length - 40] ^= 1;
      fs.writeFileSync(cf, buf);
      const again = await loadIndex([root], root, { cacheDir, deferReconcile: true });
      assert.strictEqual(again.fromCache, false);
      assert.match(again.cacheNote ?? '', /signature mismatch/);
      assert.strictEqual(again.index.sources().length, 1);
      await again.cacheWritten;
      const warm = await loadIndex([root], root, { cacheDir, deferReconcile: true });
      assert.strictEqual(warm.fromCache, true, 'the rewritten cache is used');
      assert.deepStrictEqual(warm.index.sources().map((s) => s.key), again.index.sources().map((s) => s.key));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
