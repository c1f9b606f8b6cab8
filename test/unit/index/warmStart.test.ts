/**
 * Issue 13, warm start: a cache read makes no passage object until something
 * reads it, keeps sources' metadata and file stamps as columns, and answers
 * exactly as the index it was written from.
 */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeyRegistry } from '../../../server/src/core/corpus/registry';
import { CachedSource } from '../../../server/src/core/index/cachedSource';
import { readCache, writeCache } from '../../../server/src/core/index/cache';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { PassageTable } from '../../../server/src/core/index/registry';
import { StoredPassage } from '../../../server/src/core/index/passageStore';
import { extractFigures } from '../../../server/src/core/figures';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';
import { TWO_FILES, writeFiles } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const table = (ix: CorpusIndex) => (ix as unknown as { reg: { passages: PassageTable } }).reg.passages;

describe('warm start from the index cache (issue 13)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-warm-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function roundTrip(...sources: Parameters<typeof indexOf>): { built: CorpusIndex; loaded: CorpusIndex } {
    const built = indexOf(...sources);
    writeCache(dir, built.toSnapshot(), { config: 't', stamps: [{ file: '/elsewhere/skipped.txt', size: 3, mtimeMs: 4 }, { file: sources[0].file, size: 1, mtimeMs: 2 }], skipped: [] });
    const r = readCache(dir);
    assert.ok(r.ok, !r.ok ? r.reason : '');
    if (!r.ok) throw new Error('unreachable');
    return { built, loaded: CorpusIndex.fromSnapshot(r.snapshot) };
  }

  it('an empty index (no sources, or every source removed) snapshots and round-trips; CI at 3a4b2b9 overflowed the stack', () => {
    const empty = new CorpusIndex();
    writeCache(dir, empty.toSnapshot(), { config: 't', stamps: [], skipped: [] });
    const r = readCache(dir);
    assert.ok(r.ok, !r.ok ? r.reason : '');
    if (!r.ok) throw new Error('unreachable');
    const loaded = CorpusIndex.fromSnapshot(r.snapshot);
    assert.strictEqual(loaded.passageCount, 0);
    assert.deepStrictEqual(loaded.rankPassages('police', extractFigures('524'), { limit: 3 }), []);
    const emptied = indexOf(clone(AMBUSH));
    emptied.removeFile(AMBUSH.file);
    assert.strictEqual(emptied.toSnapshot().sources.length, 0);
  });

  it('a folder with no corpus writes no cache (no .source-linked folder left in it) and reports no error', async () => {
    const cacheDir = path.join(dir, '.source-linked');
    const load = await loadIndex(['sources'], dir, { cacheDir });
    assert.strictEqual(load.index.sources().length, 0);
    assert.strictEqual(await load.cacheWritten, undefined);
    assert.ok(!fs.existsSync(cacheDir), "no .source-linked folder");
  });

  it('makes no passage view at load, then one per passage read, shared by the table and its source', () => {
    const { built, loaded } = roundTrip(clone(AMBUSH), clone(AID), clone(BUDGET));
    assert.strictEqual(table(loaded).made, 0, 'nothing made by the load');
    assert.strictEqual(loaded.passageCount, built.passageCount);
    const hits = loaded.rankPassages('police officers killed 2020', extractFigures('524'), { limit: 3 });
    assert.ok(table(loaded).made > 0 && table(loaded).made <= 3 + 10, `views made for the hits only (${table(loaded).made})`);
    const top = hits[0];
    assert.strictEqual(top.source.passages[top.passage.n - 1], top.passage, 'the source lists the very view the ranking returned');
    assert.strictEqual(loaded.passage(top.passage.id), top.passage);
    assert.ok(top.passage instanceof StoredPassage);
    assert.ok(top.source instanceof CachedSource);
  });

  it('answers, checks figures and serialises exactly as the index it was written from', () => {
    const { built, loaded } = roundTrip(clone(AMBUSH), clone(AID), clone(BUDGET));
    const q = (x: CorpusIndex) => x.rankPassages('police arrests 2020 aid', extractFigures('524 and $4 billion'), { limit: 10 }).map((h) => [h.source.key, h.passage.n, h.score.toFixed(6), h.figure?.text]);
    assert.deepStrictEqual(q(loaded), q(built));
    const f = extractFigures('524')[0];
    assert.deepStrictEqual(
      loaded.passagesWithFigure(f).map((h) => [h.source.key, h.passage.n, h.figure.text]),
      built.passagesWithFigure(f).map((h) => [h.source.key, h.passage.n, h.figure.text]),
    );
    assert.deepStrictEqual(JSON.parse(JSON.stringify(loaded.sources())), JSON.parse(JSON.stringify(built.sources())));
    // Spreading a cached source (as toSnapshot does) keeps its metadata.
    const spread = { ...loaded.byKey(AID.key)! };
    assert.deepStrictEqual([spread.key, spread.title, spread.file], [AID.key, AID.title, AID.file]);
  });

  it('finds each passage\u2019s source by id, also around sources without passages', () => {
    const empty = source('empty-2021', 'No paragraphs', []);
    const { built, loaded } = roundTrip(clone(AMBUSH), empty, clone(AID), source('empty-2022', 'None either', []), clone(BUDGET));
    for (let id = 0; id < built.passageCount; id++) assert.strictEqual(loaded.sourceOfPassage(id)?.key, built.sourceOfPassage(id)?.key, `passage ${id}`);
    assert.deepStrictEqual(loaded.byKey('empty-2021')?.passages, []);
  });

  it('keeps the metadata fields of every type, and the stamps (decoded when first read)', () => {
    const web = source('page-2021', 'Página “quoted” 😀', ['The state spent 1.4 billion pesos.'], { url: 'https://x.example/a', lang: 'es', pages: 3, authors: [{ family: 'Ruiz', given: 'Ana' }], warnings: ['check the date'], explicitKey: true });
    const { loaded } = roundTrip(web, clone(AMBUSH));
    const w = loaded.byKey('page-2021')!;
    assert.deepStrictEqual([w.title, w.url, w.lang, w.pages, w.authors, w.warnings, w.explicitKey], ['Página “quoted” 😀', 'https://x.example/a', 'es', 3, [{ family: 'Ruiz', given: 'Ana' }], ['check the date'], true]);
    const r = readCache(dir);
    assert.ok(r.ok);
    if (r.ok) assert.deepStrictEqual(r.meta.stamps, [{ file: '/elsewhere/skipped.txt', size: 3, mtimeMs: 4 }, { file: web.file, size: 1, mtimeMs: 2 }]);
  });

  it('a removed file, a replaced one and a compaction leave the answers of the index it was written from, edited alike', () => {
    const { built, loaded } = roundTrip(clone(AMBUSH), clone(AID), clone(BUDGET));
    const q = (x: CorpusIndex) => x.rankPassages('police arrests 524 aid', extractFigures('524'), { limit: 5 }).map((h) => [h.source.key, h.passage.n, h.score.toFixed(6), h.figure?.text]);
    for (const x of [built, loaded]) {
      x.removeFile(AMBUSH.file);
      x.replaceFile(BUDGET.file, [source('budget-2021', 'Two Years of AMLO in Office', ['Police recorded 524 arrests and 7 raids.'], { file: BUDGET.file })]);
    }
    assert.deepStrictEqual(q(loaded), q(built));
    assert.strictEqual(loaded.byKey(AMBUSH.key), undefined);
    built.compact();
    loaded.compact();
    assert.deepStrictEqual(q(loaded), q(built));
    assert.strictEqual(loaded.byKey('budget-2021')?.passages[0].text, 'Police recorded 524 arrests and 7 raids.');
  });

  it('reconcileAsync finds what reconcile finds, and lets other work run meanwhile', async () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(src, `${n}.txt`), `Report ${n.toUpperCase()}\n\nOfficials counted ${n.charCodeAt(0)} boats.\n`);
    const cacheDir = path.join(dir, '.cache');
    await (await loadIndex(['src'], dir, { cacheDir })).cacheWritten;
    fs.rmSync(path.join(src, 'b.txt'));
    fs.writeFileSync(path.join(src, 'd.txt'), 'Report D\n\nOfficials counted 9 boats.\n');
    const sync = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    const expected = sync.reconcile!();
    const later = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const got = await later.reconcileAsync!();
    assert.deepStrictEqual(got, expected);
    assert.deepStrictEqual(got, { changed: 2, tooMany: false });
    assert.ok(ranMeanwhile, 'an immediate queued before it ran before it finished');
    const keys = (l: typeof sync) => l.index.sources().map((x) => `${x.key} ${path.basename(x.file)}`).sort();
    assert.deepStrictEqual(keys(later), keys(sync));
    assert.deepStrictEqual(later.files.map((x) => x.file).sort(), sync.files.map((x) => x.file).sort());
  });

  it('the key files\u2019 signature hash is the SHA-1 of their signature', () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'citation-keys.tsv'), '# keys\nport-seizures-2022\t0123456789abcdef\ta.txt\n');
    const keys = new KeyRegistry(['src'], dir);
    keys.read();
    assert.strictEqual(keys.signatureHash(), createHash('sha1').update(keys.signature()).digest('hex'));
  });

  it('a warm start reports the key files\u2019 problems without parsing them, and re-indexes with the keys a cold load gives', async () => {
    const src = path.join(dir, 'src');
    writeFiles(src, TWO_FILES);
    fs.writeFileSync(path.join(src, 'citation-keys.tsv'), '# keys\nnot a key line\n');
    const cacheDir = path.join(dir, '.cache');
    // Without writeKeys the key file is left as it is (a write would drop the malformed line).
    const cold = await loadIndex(['src'], dir, { cacheDir });
    await cold.cacheWritten;
    const keyNotes = (l: typeof cold) => l.notes.filter((n) => /citation-keys\.tsv/.test(n));
    assert.strictEqual(keyNotes(cold).length, 1, 'the malformed line is reported');
    const warm = await loadIndex(['src'], dir, { cacheDir, deferReconcile: true });
    assert.strictEqual(warm.fromCache, true);
    assert.deepStrictEqual(keyNotes(warm), keyNotes(cold), 'the same note, from the cache');
    // A file with the same title is added: it must not take the key of a.txt (held since the cache).
    fs.writeFileSync(path.join(src, 'c.txt'), 'Port Seizures Rise\n\nA second story with 42 boats.\n');
    assert.deepStrictEqual(warm.reconcile!(), { changed: 1, tooMany: false });
    const key = (f: string) => warm.index.sources().find((s) => s.file.endsWith(f))!.key;
    assert.strictEqual(key('a.txt'), cold.index.sources().find((s) => s.file.endsWith('a.txt'))!.key);
    assert.notStrictEqual(key('c.txt'), key('a.txt'));
  });
});
