/**
 * Issue 13, cold build: a compacting sink (CorpusIndex.stream({ compact: true }), the
 * loader's) keeps each streamed source as a CachedSource over passage store rows, with no
 * passage object, and answers exactly as the index built from plain sources.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CachedSource } from '../../../server/src/core/index/cachedSource';
import { readCache, writeCache } from '../../../server/src/core/index/cache';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { PassageTable } from '../../../server/src/core/index/registry';
import { StoredPassage } from '../../../server/src/core/index/passageStore';
import { extractFigures } from '../../../server/src/core/figures';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { Source } from '../../../server/src/core/types';
import { AID, AMBUSH, BUDGET, indexOf, source, TWO_FILES, writeFiles } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const table = (ix: CorpusIndex) => (ix as unknown as { reg: { passages: PassageTable } }).reg.passages;
const sequential = (ix: CorpusIndex) => (ix as unknown as { reg: { sequential(): boolean } }).reg.sequential();
const plain = (ix: CorpusIndex) => JSON.parse(JSON.stringify(ix.sources())) as Source[];

/** An index built through a compacting sink, in one batch per source list; returns the sources the sink gave back. */
function compactOf(...batches: Source[][]): { ix: CorpusIndex; kept: Source[] } {
  const ix = new CorpusIndex();
  const sink = ix.stream({ compact: true });
  const kept: Source[] = [];
  for (const b of batches) {
    const list = b.map(clone);
    sink.add(list);
    kept.push(...list);
    sink.flush();
  }
  return { ix, kept };
}

const ranking = (x: CorpusIndex) => x.rankPassages('police officers killed 2020 aid', extractFigures('524 and $4 billion'), { limit: 10 }).map((h) => [h.source.key, h.passage.n, h.passage.text, h.score.toFixed(9), h.figure?.text]);

describe('compacted sources of a cold build (issue 13)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-compact-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the streamed sources by CachedSources and makes no passage object', () => {
    const { ix, kept } = compactOf([AMBUSH, AID], [BUDGET]);
    assert.ok(kept.every((s) => s instanceof CachedSource));
    assert.deepStrictEqual(
      ix.sources().map((s) => s.key),
      [AMBUSH.key, AID.key, BUDGET.key],
    );
    assert.strictEqual(ix.byKey(AID.key), kept[1], 'the index holds the very objects the caller got back');
    assert.strictEqual(ix.passageCount, AMBUSH.passages.length + AID.passages.length + BUDGET.passages.length);
    assert.strictEqual(table(ix).made, 0);
  });

  it('ranks, finds figures and serialises exactly as an index of the plain sources', () => {
    const built = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const { ix } = compactOf([AMBUSH, AID], [BUDGET]);
    assert.deepStrictEqual(ranking(ix), ranking(built));
    const f = extractFigures('524')[0];
    assert.deepStrictEqual(
      ix.passagesWithFigure(f).map((h) => [h.source.key, h.passage.n, h.figure.text]),
      built.passagesWithFigure(f).map((h) => [h.source.key, h.passage.n, h.figure.text]),
    );
    assert.deepStrictEqual(plain(ix), plain(built));
  });

  it('matches figures from the store columns without making views', () => {
    const { ix } = compactOf([AMBUSH, AID, BUDGET]);
    const c = ix.figureCandidates(extractFigures('524')[0]);
    assert.strictEqual(c.ids.length, 2);
    assert.strictEqual(table(ix).made, 0);
  });

  it('makes one view per passage read, shared by the table and the source, with its id, text and lines', () => {
    const { ix } = compactOf([AMBUSH], [AID, BUDGET]);
    const aid = ix.byKey(AID.key)!;
    const p = aid.passages[2];
    assert.ok(p instanceof StoredPassage);
    assert.strictEqual(ix.passage(p.id), p);
    assert.strictEqual(ix.sourceOfPassage(p.id), aid);
    assert.deepStrictEqual([p.id, p.n, p.text, p.startLine, p.figures.map((f) => f.text)], [AMBUSH.passages.length + 2, 3, AID.passages[2].text, AID.passages[2].startLine, ['US$2.9 billion']]);
    assert.strictEqual(table(ix).made, AID.passages.length);
  });

  it('reads a source before the index numbers it (a key fingerprint during the load)', () => {
    const ix = new CorpusIndex();
    const sink = ix.stream({ compact: true });
    const list = [clone(AID)];
    sink.add(list);
    assert.deepStrictEqual(
      list[0].passages.map((p) => p.text),
      AID.passages.map((p) => p.text),
    );
    assert.strictEqual(ix.passageCount, 0, 'not searchable before flush');
    sink.flush();
    assert.strictEqual(ix.passageCount, AID.passages.length);
  });

  it('keeps a paged source as passage views (pages are not a store column)', () => {
    const pdf = source('pdf-2020', 'A PDF', ['First page text.', 'Second page text.'], { pages: 2 });
    pdf.passages.forEach((p, i) => (p.page = i + 1));
    const { ix, kept } = compactOf([pdf, AID]);
    assert.ok(!(kept[0] instanceof CachedSource) && kept[1] instanceof CachedSource);
    assert.deepStrictEqual(
      ix.byKey('pdf-2020')!.passages.map((p) => p.page),
      [1, 2],
    );
  });

  it('is sequential without making views, and writes a cache that answers the same, still making none', () => {
    const { ix } = compactOf([AMBUSH, AID], [BUDGET]);
    ix.compact();
    assert.ok(sequential(ix));
    writeCache(dir, ix.toSnapshot(), { config: 't', stamps: [], skipped: [] });
    assert.strictEqual(table(ix).made, 0, 'the cache write copied store rows');
    const r = readCache(dir);
    assert.ok(r.ok, !r.ok ? r.reason : '');
    if (!r.ok) return;
    const warm = CorpusIndex.fromSnapshot(r.snapshot);
    assert.deepStrictEqual(ranking(warm), ranking(ix));
    assert.deepStrictEqual(plain(warm), plain(ix));
  });

  it('re-indexes and removes a file among compacted sources, and compaction keeps them readable', () => {
    const files = Array.from({ length: 40 }, (_, i) => source(`s${i}`, `Source ${i}`, Array.from({ length: 30 }, (_, k) => `Paragraph ${k} of source ${i} says ${100 + i * 30 + k} officers.`)));
    const { ix } = compactOf(files.slice(0, 20), files.slice(20));
    const built = indexOf(...files.map(clone));
    const query = (x: CorpusIndex) => x.rankPassages('officers source 7', extractFigures('325'), { limit: 5 }).map((h) => [h.source.key, h.passage.n, h.passage.text, h.score.toFixed(9)]);
    for (let i = 0; i < 38; i++) {
      ix.removeFile(files[i].file);
      built.removeFile(files[i].file);
    }
    const edited = source('s39', 'Source 39', ['Now it says 325 officers.']);
    ix.replaceFile(files[39].file, [clone(edited)]);
    built.replaceFile(files[39].file, [clone(edited)]);
    assert.ok(ix.storedPassages < 40 * 30, 'compaction dropped the removed rows');
    assert.deepStrictEqual(query(ix), query(built));
    assert.deepStrictEqual(plain(ix), plain(built));
  });

  it('a cold load keeps every source compacted and makes no view through keying and the cache write', async () => {
    const root = writeFiles(path.join(dir, 'corpus'), TWO_FILES);
    const load = await loadIndex([root], dir, { cacheDir: path.join(dir, '.cache') });
    assert.ok(!load.fromCache);
    await load.cacheWritten;
    assert.ok(load.index.sources().every((s) => s instanceof CachedSource));
    assert.strictEqual(table(load.index).made, 0);
    const warm = await loadIndex([root], dir, { cacheDir: path.join(dir, '.cache') });
    assert.ok(warm.fromCache);
    const q = (x: CorpusIndex) => x.rankPassages('customs seized rifles', extractFigures('1,234'), { limit: 3 }).map((h) => [h.source.key, h.passage.text, h.score.toFixed(9)]);
    assert.deepStrictEqual(q(warm.index), q(load.index));
    assert.deepStrictEqual(plain(warm.index), plain(load.index));
  });

  it('gives a progressive load (the server\u2019s) its final keys on the compacted sources', async () => {
    const root = writeFiles(path.join(dir, 'corpus'), { ...TWO_FILES, 'c.txt': 'Port Seizures Rise\n\nA second story of 99 rifles.\n' });
    const live = new CorpusIndex();
    const load = await loadIndex([root], dir, { index: live });
    const fresh = await loadIndex([root], dir);
    assert.strictEqual(load.index, live);
    assert.deepStrictEqual(
      live.sources().map((s) => [s.key, s instanceof CachedSource]).sort(),
      fresh.index.sources().map((s) => [s.key, true]).sort(),
    );
    for (const s of fresh.index.sources()) assert.deepStrictEqual(plain(live).find((x) => x.key === s.key), JSON.parse(JSON.stringify(s)));
  });
});
