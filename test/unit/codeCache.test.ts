/**
 * The server bundle's V8 code cache (server/src/codeCache.ts; issue 13, warm start): used only when signed
 * with this machine's cache key, for the same bundle text; written after a start that had none.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeCacheFile, readCodeCache, runWithCodeCache, writeCodeCache } from '../../server/src/codeCache';
import { resetCacheKey } from '../../server/src/core/index/cacheKey';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server code cache (codeCache.ts)', () => {
  let tmp: string;
  let savedKeyDir: string | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-codecache-'));
    savedKeyDir = process.env.SOURCE_LINKED_KEY_DIR;
    process.env.SOURCE_LINKED_KEY_DIR = path.join(tmp, 'keys');
    resetCacheKey();
  });
  afterEach(() => {
    if (savedKeyDir === undefined) delete process.env.SOURCE_LINKED_KEY_DIR;
    else process.env.SOURCE_LINKED_KEY_DIR = savedKeyDir;
    resetCacheKey();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lives beside the cache key, one file per bundle text', () => {
    const a = codeCacheFile('module.exports = 1;');
    assert.strictEqual(path.dirname(a), path.join(tmp, 'keys'));
    assert.notStrictEqual(codeCacheFile('module.exports = 2;'), a);
    assert.strictEqual(codeCacheFile('module.exports = 1;'), a);
    assert.strictEqual(codeCacheFile(Buffer.from('module.exports = 1; // é', 'utf8')), codeCacheFile('module.exports = 1; // é'), 'the bytes name the same cache as the text');
  });

  it('reads back what it wrote, and nothing that was changed, signed with another key, or is not a regular file', () => {
    const file = codeCacheFile('x');
    const data = Buffer.from('pretend V8 code cache bytes '.repeat(50));
    writeCodeCache(file, data);
    assert.deepStrictEqual(readCodeCache(file), data);
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
    // One byte changed: refused.
    const bytes = fs.readFileSync(file);
    bytes[10] ^= 1;
    fs.writeFileSync(file, bytes);
    assert.strictEqual(readCodeCache(file), undefined);
    // Signed on "another machine" (another key): refused here.
    writeCodeCache(file, data);
    process.env.SOURCE_LINKED_KEY_DIR = path.join(tmp, 'other-keys');
    resetCacheKey();
    assert.strictEqual(readCodeCache(file), undefined);
    process.env.SOURCE_LINKED_KEY_DIR = path.join(tmp, 'keys');
    resetCacheKey();
    assert.deepStrictEqual(readCodeCache(file), data);
    // A symbolic link to a signed cache: not followed.
    const link = path.join(tmp, 'keys', 'server-0000.v8cache');
    fs.symlinkSync(file, link);
    assert.strictEqual(readCodeCache(link), undefined);
  });

  it('runs a bundle as a module (its own __dirname and require), writes a cache after a start without one, and the next start uses it', async () => {
    const dir = path.join(tmp, 'dist');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'dep.js'), 'module.exports = 41;');
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, `globalThis.__slCodeCacheTest = { dirname: __dirname, filename: __filename, value: require('./dep.js') + 1, isModule: typeof module.exports };\nfunction unused() { return 1; }`);
    const g = globalThis as { __slCodeCacheTest?: unknown };
    const first = runWithCodeCache(main, 10);
    assert.deepStrictEqual(g.__slCodeCacheTest, { dirname: dir, filename: main, value: 42, isModule: 'object' });
    assert.deepStrictEqual([first.found, first.writing], [false, true]);
    for (let i = 0; i < 100 && !fs.existsSync(first.file!); i++) await sleep(20);
    assert.ok(readCodeCache(first.file!), 'a signed cache was written');
    delete g.__slCodeCacheTest;
    const second = runWithCodeCache(main, 10);
    assert.deepStrictEqual([second.file, second.found, second.rejected, second.writing], [first.file, true, false, false]);
    assert.deepStrictEqual(g.__slCodeCacheTest, { dirname: dir, filename: main, value: 42, isModule: 'object' });
    delete g.__slCodeCacheTest;
    // Another bundle text: another file, compiled without a cache.
    fs.appendFileSync(main, '\n// changed');
    const third = runWithCodeCache(main, 60_000);
    assert.notStrictEqual(third.file, first.file);
    assert.strictEqual(third.found, false);
    delete g.__slCodeCacheTest;
  });
});
