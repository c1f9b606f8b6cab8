/** A warm start compares the corpus with the cache (indexLoad.ts reconcile): sidecars found by folder listing, as a load finds them. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { TWO_FILES, writeFiles } from '../../helpers/fixtures';

describe('index load: a warm start reconciles with the files on disk', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-reconcile-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a sidecar edited or added while the server was down re-indexes its source; other files stay cached', async () => {
    const src = path.join(dir, 'src');
    writeFiles(src, TWO_FILES);
    fs.writeFileSync(path.join(src, 'a.meta.yaml'), 'title: Port Seizures Rise in Veracruz\n');
    fs.writeFileSync(path.join(src, 'c.txt'), 'Harbour Dredging Begins\n\nThe port spent 90 million pesos.\n');
    const cacheDir = path.join(dir, '.cache');
    const cold = await loadIndex(['src'], dir, { cacheDir });
    await cold.cacheWritten;
    const title = (l: typeof cold, f: string) => l.index.sources().find((s) => s.file.endsWith(f))?.title;
    assert.strictEqual(title(cold, 'a.txt'), 'Port Seizures Rise in Veracruz');

    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(src, 'a.meta.yaml'), 'title: Port Seizures Rise in Tampico\n');
    fs.utimesSync(path.join(src, 'a.meta.yaml'), later, later);
    fs.writeFileSync(path.join(src, 'b.meta.yaml'), 'title: Border Patrol Report, Sonora\n');
    fs.utimesSync(path.join(src, 'b.meta.yaml'), later, later);

    const warm = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    assert.strictEqual(warm.fromCache, true);
    assert.strictEqual(title(warm, 'a.txt'), 'Port Seizures Rise in Veracruz', 'before reconciling: as cached');
    const rec = warm.reconcile!();
    assert.deepStrictEqual(rec, { changed: 2, tooMany: false }, 'the two sources with a new or edited sidecar, not c.txt');
    assert.strictEqual(title(warm, 'a.txt'), 'Port Seizures Rise in Tampico');
    assert.strictEqual(title(warm, 'b.txt'), 'Border Patrol Report, Sonora');
    assert.strictEqual(title(warm, 'c.txt'), 'Harbour Dredging Begins');
    assert.strictEqual(await warm.cacheWritten, undefined, 'the refreshed cache is written');

    const again = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    assert.deepStrictEqual(again.reconcile!(), { changed: 0, tooMany: false }, 'the stamps written after reconciling match the disk');
    fs.rmSync(path.join(src, 'c.txt'));
    const gone = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    assert.deepStrictEqual(gone.reconcile!(), { changed: 1, tooMany: false });
    assert.strictEqual(title(gone, 'c.txt'), undefined);
    await gone.cacheWritten;
    fs.writeFileSync(path.join(src, 'e.txt'), '');
    const empty = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    assert.strictEqual(empty.skipped.length, 0, 'as cached');
    assert.deepStrictEqual(empty.reconcile!(), { changed: 1, tooMany: false });
    assert.deepStrictEqual(
      empty.skipped.map((x) => path.basename(x.file)),
      ['e.txt'],
      'the load the caller holds is the one reconcile updated',
    );
    assert.ok(empty.files.some((x) => x.file.endsWith('e.txt')));
  });
});
