import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex, reindexFiles } from '../../../server/src/core/indexLoad';
import { TWO_FILES, writeFiles } from '../../helpers/fixtures';

describe('reindexFiles', () => {
  it('re-indexes a batch of changed files in one pass, reporting files that became unusable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-reindex-'));
    try {
      writeFiles(dir, TWO_FILES);
      const { index, keys: registry } = await loadIndex(['.'], dir);
      assert.strictEqual(index.sourceCount, 2);
      fs.writeFileSync(path.join(dir, 'a.txt'), 'Port Seizures Rise\n\nCustoms seized 1,235 rifles in 2022.\n');
      fs.writeFileSync(path.join(dir, 'c.txt'), 'Port Seizures Rise\n\nA second article with the same title and 42 boats.\n');
      fs.writeFileSync(path.join(dir, 'b.txt'), '');
      const skipped = reindexFiles(index, ['a.txt', 'b.txt', 'c.txt'].map((f) => path.join(dir, f)), dir, undefined, registry);
      assert.deepStrictEqual(skipped.map((s) => path.basename(s.file)), ['b.txt']);
      const keys = index.sources().map((s) => s.key).sort();
      assert.strictEqual(keys.length, 2);
      assert.strictEqual(new Set(keys).size, 2, 'colliding titles still get unique keys');
      assert.strictEqual(index.rankPassages('boats', [])[0]?.passage.text.includes('42 boats'), true);
      assert.strictEqual(index.rankPassages('crossings', []).length, 0, 'the emptied file is gone');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
