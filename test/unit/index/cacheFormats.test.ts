/** The persisted index cache keeps what issue 14 adds: format, pages, url, accessed, lang, container title, and each passage's page. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCache, writeCache } from '../../../server/src/core/index/cache';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { AMBUSH, indexOf, source } from '../../helpers/fixtures';

describe('index cache with PDF and web sources', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-cache14-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the header written in pieces (4,096 sources each) reads back every source in order, with non-ASCII titles', () => {
    const many = Array.from({ length: 9000 }, (_, i) => source(`k${i}`, i % 3 ? `Title ${i}` : `Título ${i} “quoted” 😀`, [`Passage ${i} says ${i + 1} people came.`], { file: `/c/${i % 97}.txt`, startLine: i }));
    writeCache(dir, indexOf(...many).toSnapshot(), { config: 't', stamps: [{ file: '/c/1.txt', size: 1, mtimeMs: 2 }], skipped: [] });
    const r = readCache(dir);
    assert.ok(r.ok, !r.ok ? r.reason : '');
    if (!r.ok) return;
    assert.deepStrictEqual(r.snapshot.sources.map((s) => [s.key, s.title, s.file]), many.map((s) => [s.key, s.title, s.file]));
    assert.deepStrictEqual(r.meta.stamps, [{ file: '/c/1.txt', size: 1, mtimeMs: 2 }]);
  });

  it('a warm start keeps pages and source metadata, so page locators still work', () => {
    const pdf = source('report-2021', 'Report', ['Page one states 524 killings in the year.', 'Page two states 446 killings the year before.'], { format: 'pdf', pages: 2, file: '/c/report.pdf' });
    pdf.passages[0].page = 1;
    pdf.passages[1].page = 2;
    const web = source('page-2021', 'Page', ['The state spent 1.4 billion pesos on patrols.'], { format: 'html', url: 'https://x.example/a', accessed: '2026-12-03', lang: 'en', containerTitle: 'The Ledger', file: '/c/page.html' });
    const ix = indexOf(pdf, web, JSON.parse(JSON.stringify(AMBUSH)));
    writeCache(dir, ix.toSnapshot(), { config: 't', stamps: [], skipped: [] });
    const r = readCache(dir);
    assert.ok(r.ok, !r.ok ? r.reason : '');
    const loaded = CorpusIndex.fromSnapshot(r.snapshot);
    const p = loaded.byKey('report-2021')!;
    assert.deepStrictEqual([p.format, p.pages, p.passages.map((x) => x.page)], ['pdf', 2, [1, 2]]);
    const w = loaded.byKey('page-2021')!;
    assert.deepStrictEqual([w.format, w.url, w.accessed, w.lang, w.containerTitle], ['html', 'https://x.example/a', '2026-12-03', 'en', 'The Ledger']);
    const a = loaded.byKey(AMBUSH.key)!;
    assert.deepStrictEqual([a.format, a.pages, a.passages[0].page], [undefined, undefined, undefined]);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(loaded.sources())), JSON.parse(JSON.stringify(ix.sources())));
  });
});
