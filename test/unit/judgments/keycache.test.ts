import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex, reindexFiles } from '../../../server/src/core/indexLoad';
import { TWO_FILES, writeFiles } from '../../helpers/fixtures';

describe('index cache and the key file', () => {
  it('a warm start follows a key file changed since the cache was written, without rebuilding', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-keycache-'));
    try {
      const src = path.join(dir, 'src');
      writeFiles(src, TWO_FILES);
      const cacheDir = path.join(dir, '.cache');
      const cold = await loadIndex(['src'], dir, { cacheDir, writeKeys: true });
      assert.strictEqual(await cold.cacheWritten, undefined);
      assert.strictEqual(cold.fromCache, false);
      const aKey = cold.index.sources().find((s) => s.file.endsWith('a.txt'))!.key;

      // A source added while the server runs: the key file gains a line, the cache does not.
      fs.writeFileSync(path.join(src, 'c.txt'), 'Port Seizures Rise\n\nA second story with 42 boats.\n');
      reindexFiles(cold.index, [path.join(src, 'c.txt')], dir, undefined, cold.keys, true);
      const liveKey = cold.index.sources().find((s) => s.file.endsWith('c.txt'))!.key;
      const warm = await loadIndex(['src'], dir, { cacheDir, writeKeys: true });
      assert.strictEqual(warm.fromCache, true, 'still a warm start');
      assert.strictEqual(warm.index.sources().find((s) => s.file.endsWith('c.txt'))?.key, liveKey);
      assert.strictEqual(warm.index.byKey(aKey)?.file, path.join(src, 'a.txt'), 'the earlier holder keeps its key');
      assert.notStrictEqual(liveKey, aKey);
      await warm.cacheWritten;

      // A hand edit of a key: the next warm start uses it.
      const keyFile = path.join(src, 'citation-keys.tsv');
      fs.writeFileSync(keyFile, fs.readFileSync(keyFile, 'utf8').replace(/^border-patrol-report\t/m, 'patrol-by-hand\t'));
      const again = await loadIndex(['src'], dir, { cacheDir, writeKeys: true });
      assert.strictEqual(again.fromCache, true);
      assert.strictEqual(again.index.byKey('patrol-by-hand')?.file, path.join(src, 'b.txt'));
      assert.strictEqual(again.index.byKey('border-patrol-report'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
