/**
 * Issue 13 (warm start): the figure extractor's regular expressions are compiled while the index cache is
 * read on the thread pool (folder/warm.ts, indexLoad.ts `whileReading`), not in the first draft check.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WARM_SAMPLE, warmDraftChecks } from '../../../server/src/core/folder/warm';
import { extractFigures } from '../../../server/src/core/figures/extract';
import { loadIndex } from '../../../server/src/core/indexLoad';

describe('folder: warm-up while the cache is read', () => {
  it('the sample goes through the extractor paths a draft uses: money, scales, units spaced and glued, percentages, dates, ranges', () => {
    const figs = extractFigures(WARM_SAMPLE);
    const kinds = new Set(figs.map((f) => f.kind));
    const measures = new Set(figs.filter((f) => f.kind === 'measure').map((f) => f.unit));
    assert.ok(figs.length >= 8, `${figs.length} figures`);
    for (const k of ['money', 'percent', 'measure', 'ratio']) assert.ok(kinds.has(k as never), `a ${k} figure (kinds: ${[...kinds].join(', ')})`);
    assert.ok(measures.size >= 2, `measures in two units or more: ${[...measures].join(', ')}`);
  });

  it('changes no extraction (same figures before and after), and runs once', () => {
    const texts = ['The agency counted 412 cases in 2020, up 12% from 2019.', 'It paid $3.5 million for 60 km of road at 1500 GMT.', 'Unos 300 kilómetros en 2021.'];
    const before = texts.map((t) => extractFigures(t));
    warmDraftChecks();
    warmDraftChecks();
    assert.deepStrictEqual(texts.map((t) => extractFigures(t)), before);
  });

  it('a warm load calls whileReading once, and still loads from the cache', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-warmup-'));
    try {
      fs.writeFileSync(path.join(root, 'a.md'), '# A report\n\nThe agency counted 412 cases in 2020.\n');
      const cacheDir = path.join(root, '.cache');
      const cold = await loadIndex([root], root, { cacheDir });
      await cold.cacheWritten;
      let calls = 0;
      const warm = await loadIndex([root], root, { cacheDir, deferReconcile: true, whileReading: () => calls++ });
      assert.strictEqual(warm.fromCache, true);
      assert.strictEqual(calls, 1);
      assert.deepStrictEqual(warm.index.sources().map((s) => s.title), cold.index.sources().map((s) => s.title));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
