/**
 * Issue 9: hostile index caches. A cache file linked to /dev/zero made the server read
 * forever (4.4 GB in 20 s); a cacheDir under /proc hung in mkdir; a cache with keys swapped
 * in its header and the checksum recomputed was believed.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { CACHE_FILE, cacheDirProblem, readCache, writeCache } from '../../../server/src/core/index/cache';
import { resetCacheKey } from '../../../server/src/core/index/cacheKey';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { AID, AMBUSH, indexOf } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const posix = process.platform !== 'win32';
const meta = { config: 'test', stamps: [], skipped: [] };

describe('hostile input: index cache (issue 9)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-hcache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  (posix ? it : it.skip)('ignores a cache file that is a symbolic link to /dev/zero, without reading it', () => {
    fs.symlinkSync('/dev/zero', path.join(dir, CACHE_FILE));
    const t0 = Date.now();
    const r = readCache(dir);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /not a regular file \(a symbolic link\)/);
    assert.ok(Date.now() - t0 < 1000);
  });

  (posix ? it : it.skip)('ignores a FIFO in place of the cache without blocking', () => {
    execFileSync('mkfifo', [path.join(dir, CACHE_FILE)]);
    const r = readCache(dir);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /not a regular file/);
  });

  it('refuses a file longer than its header says (reads only the expected size)', () => {
    writeCache(dir, indexOf(clone(AMBUSH)).toSnapshot(), meta);
    fs.appendFileSync(path.join(dir, CACHE_FILE), Buffer.alloc(1 << 20));
    const r = readCache(dir);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /does not match its header/);
  });

  it('refuses a cache whose header was edited (keys swapped), even with the lengths kept', () => {
    const a = clone(AMBUSH);
    const b = clone(AID);
    a.key = 'aaaa-2021';
    b.key = 'bbbb-2021';
    writeCache(dir, indexOf(a, b).toSnapshot(), meta);
    const file = path.join(dir, CACHE_FILE);
    const buf = fs.readFileSync(file);
    // The keys are in the sources' string table (cacheSources.ts): swap their bytes.
    const s = buf.toString('latin1').replace('aaaa-2021', 'XXXX-2021').replace('bbbb-2021', 'aaaa-2021').replace('XXXX-2021', 'bbbb-2021');
    assert.notStrictEqual(s, buf.toString('latin1'));
    fs.writeFileSync(file, Buffer.from(s, 'latin1'));
    const r = readCache(dir);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /signature mismatch/);
  });

  it('refuses a cache with any one byte changed: the last byte of the header, the bytes after it, a block, the last block byte', () => {
    writeCache(dir, indexOf(clone(AMBUSH), clone(AID)).toSnapshot(), meta);
    const file = path.join(dir, CACHE_FILE);
    const good = fs.readFileSync(file);
    const headerEnd = 12 + good.readUInt32LE(8); // magic (7), version (1), header length (4), header
    assert.strictEqual(good[headerEnd - 1], '}'.charCodeAt(0));
    for (const at of [headerEnd - 1, headerEnd, headerEnd + 1, Math.floor((headerEnd + good.length) / 2), good.length - 33]) {
      const bad = Buffer.from(good);
      bad[at] ^= at === headerEnd - 1 ? 0x02 : 0x01; // '}' becomes '': still a byte, no longer the header's end
      fs.writeFileSync(file, bad);
      const r = readCache(dir);
      assert.strictEqual(r.ok, false, `byte ${at} of ${good.length} changed`);
    }
    fs.writeFileSync(file, good);
    assert.ok(readCache(dir).ok, 'the unchanged file reads');
  });

  it('refuses a cache whose nonce or tag was changed', () => {
    writeCache(dir, indexOf(clone(AMBUSH)).toSnapshot(), meta);
    const file = path.join(dir, CACHE_FILE);
    const good = fs.readFileSync(file);
    for (const at of [good.length - 28, good.length - 17, good.length - 16, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x01;
      fs.writeFileSync(file, bad);
      const r = readCache(dir);
      assert.strictEqual(r.ok, false, `signature byte ${at - good.length + 28} of 28 changed`);
      assert.match((r as { reason: string }).reason, /signature mismatch/);
    }
  });

  it('refuses a cache written on another machine (another signing key)', () => {
    const saved = process.env.SOURCE_LINKED_KEY_DIR;
    const keyA = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-keyA-'));
    const keyB = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-keyB-'));
    try {
      process.env.SOURCE_LINKED_KEY_DIR = keyA;
      resetCacheKey();
      writeCache(dir, indexOf(clone(AMBUSH)).toSnapshot(), meta);
      assert.ok(readCache(dir).ok, 'the same machine trusts its own cache');
      process.env.SOURCE_LINKED_KEY_DIR = keyB;
      resetCacheKey();
      const r = readCache(dir);
      assert.strictEqual(r.ok, false);
      assert.match((r as { reason: string }).reason, /signature mismatch/);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_LINKED_KEY_DIR;
      else process.env.SOURCE_LINKED_KEY_DIR = saved;
      resetCacheKey();
      fs.rmSync(keyA, { recursive: true, force: true });
      fs.rmSync(keyB, { recursive: true, force: true });
    }
  });

  (posix ? it : it.skip)('refuses cache folders under /proc, linked folders and relative paths', () => {
    assert.match(cacheDirProblem('/proc/self/slw-cache')!, /pseudo-filesystem/);
    assert.match(cacheDirProblem('/sys/slw')!, /pseudo-filesystem/);
    fs.symlinkSync('/proc/self', path.join(dir, '.source-linked'));
    assert.match(cacheDirProblem(path.join(dir, '.source-linked'))!, /not a plain directory \(a symbolic link\)/);
    assert.match(cacheDirProblem('relative/cache')!, /absolute/);
    assert.strictEqual(cacheDirProblem(path.join(dir, 'fresh', 'cache')), undefined);
  });

  (posix ? it : it.skip)('loads without a cache (and says why) when the cache folder is under /proc', async () => {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.txt'), 'Police Officers Killed in Ambush\n\nThirteen officers were killed and 415 people were questioned.\n');
    const res = await loadIndex(['src'], dir, { cacheDir: '/proc/self/slw-cache', index: new CorpusIndex() });
    assert.strictEqual(res.index.sourceCount, 1);
    assert.match(res.cacheNote!, /pseudo-filesystem/);
    assert.strictEqual(res.cacheWritten, undefined);
  });

  (posix ? it : it.skip)('never writes through a .gitignore link planted in the cache folder', () => {
    const target = path.join(dir, 'victim');
    fs.mkdirSync(path.join(dir, 'c'));
    fs.symlinkSync(target, path.join(dir, 'c', '.gitignore'));
    writeCache(path.join(dir, 'c'), indexOf(clone(AMBUSH)).toSnapshot(), meta);
    assert.ok(!fs.existsSync(target));
  });
});
