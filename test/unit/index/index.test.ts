import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { CACHE_FILE, readCache, writeCache } from '../../../server/src/core/index/cache';
import { extractFigures } from '../../../server/src/core/figures';
import { RANK_PARAMS } from '../../../server/src/core/index/rank';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('corpus index', () => {
  it('ranks passages by words (BM25) and figures', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const hits = ix.rankPassages('police officers were killed', [], { limit: 3 });
    assert.strictEqual(hits[0].source.key, 'ambush-2021');
    const withFig = ix.rankPassages('arrests in the capital', extractFigures('524 arrests'), { limit: 2 });
    assert.deepStrictEqual([withFig[0].source.key, withFig[0].passage.n], ['budget-2021', 2]);
    assert.ok(withFig[0].figure, 'the hit carries the matching figure');
  });

  it('finds passages by normalised figure value, whatever the spelling', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const [f] = extractFigures('4 billion dollars');
    const hits = ix.passagesWithFigure(f);
    assert.deepStrictEqual(hits.map((h) => `${h.source.key}:${h.passage.n}`), ['aid-2021:1']);
    const [g] = extractFigures('415');
    assert.deepStrictEqual(ix.passagesWithFigure(g), []);
  });

  it('fuzzy-matches sources on key, title and author', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), source('x-2020', 'Budget Reforms', ['Text.'], { author: 'Sofia Cortez' }));
    assert.strictEqual(ix.fuzzySources('ambsh')[0]?.key, 'ambush-2021');
    assert.strictEqual(ix.fuzzySources('Conversations Mexico')[0]?.key, 'aid-2021');
    assert.strictEqual(ix.fuzzySources('cortez')[0]?.key, 'x-2020');
  });

  it('re-indexes one file: old passages vanish, new ones are found', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID));
    const before = ix.passageCount;
    const [f414] = extractFigures('414');
    assert.strictEqual(ix.passagesWithFigure(f414).length, 1);
    const edited = clone(AMBUSH);
    edited.passages[2].text = 'According to Justice in Mexico, 415 members of police institutions were killed in 2019.';
    edited.passages[2].figures = extractFigures(edited.passages[2].text);
    ix.replaceFile(AMBUSH.file, [edited]);
    assert.strictEqual(ix.passageCount, before);
    assert.strictEqual(ix.passagesWithFigure(f414).length, 0);
    assert.strictEqual(ix.passagesWithFigure(extractFigures('415')[0]).length, 1);
    ix.removeFile(AID.file);
    assert.strictEqual(ix.byKey('aid-2021'), undefined);
    assert.strictEqual(ix.rankPassages('Merida Initiative', []).length, 0);
  });

  it('a removed file\'s passages are never ranked, also past the reranked head (stage 1 reads `alive` once some are tombstoned)', () => {
    const saved = RANK_PARAMS.rerank;
    RANK_PARAMS.rerank = 1; // every hit after the first comes straight from stage 1
    try {
      const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
      const query = 'police officers killed Mexico arrests capital';
      const before = ix.rankPassages(query, [], { limit: 20 });
      assert.ok(before.filter((h) => h.source.key === 'ambush-2021').length >= 3, 'the file to remove holds the best passages');
      ix.removeFile(AMBUSH.file);
      const after = ix.rankPassages(query, [], { limit: 20 });
      assert.ok(after.length > 1);
      assert.deepStrictEqual(after.filter((h) => h.source.key === 'ambush-2021'), []);
      assert.deepStrictEqual(
        after.map((h) => h.passage.text).sort(),
        before.filter((h) => h.source.key !== 'ambush-2021').map((h) => h.passage.text).sort(),
        'the other passages holding a query word, all of them',
      );
    } finally {
      RANK_PARAMS.rerank = saved;
    }
  });

  describe('persisted cache', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-cache-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const meta = { config: 'test', stamps: [{ file: '/corpus/a.txt', size: 1, mtimeMs: 2 }], skipped: [] };

    it('round-trips: the loaded index answers like the built one', () => {
      const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
      writeCache(dir, ix.toSnapshot(), meta);
      const r = readCache(dir);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      const loaded = CorpusIndex.fromSnapshot(r.snapshot);
      assert.deepStrictEqual(r.meta, meta);
      assert.strictEqual(loaded.passageCount, ix.passageCount);
      const q = (x: CorpusIndex) => x.rankPassages('police officers killed 2020', extractFigures('524'), { limit: 5 }).map((h) => [h.source.key, h.passage.n, h.score.toFixed(6)]);
      assert.deepStrictEqual(q(loaded), q(ix));
      assert.strictEqual(loaded.passagesWithFigure(extractFigures('$4 billion')[0]).length, 1);
      const plain = (x: CorpusIndex) => JSON.parse(JSON.stringify(x.sources()));
      assert.deepStrictEqual(plain(loaded), plain(ix), 'sources, passages and figures survive the round trip');
      assert.ok(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').includes('*'));
    });

    it('detects a corrupt cache and refuses it', () => {
      writeCache(dir, indexOf(clone(AMBUSH)).toSnapshot(), meta);
      const file = path.join(dir, CACHE_FILE);
      const buf = fs.readFileSync(file);
      buf[Math.floor(buf.length / 2)] ^= 0xff;
      fs.writeFileSync(file, buf);
      const r = readCache(dir);
      assert.strictEqual(r.ok, false);
      assert.match((r as { reason: string }).reason, /corrupt|signature/);
    });

    it('detects a truncated or foreign file', () => {
      fs.writeFileSync(path.join(dir, CACHE_FILE), 'hello world, not a cache at all');
      assert.strictEqual(readCache(dir).ok, false);
      assert.strictEqual(readCache(path.join(dir, 'missing')).ok, false);
    });

    it('a snapshot of an edited index renumbers copies, not the live passages', () => {
      const ix = indexOf(clone(AMBUSH), clone(AID));
      ix.removeFile(AMBUSH.file);
      const liveIds = ix.sources()[0].passages.map((p) => p.id);
      const snap = ix.toSnapshot();
      assert.deepStrictEqual(snap.sources[0].passages.map((p) => p.id), [0, 1, 2]);
      assert.deepStrictEqual(ix.sources()[0].passages.map((p) => p.id), liveIds);
      assert.strictEqual(ix.rankPassages('Merida Initiative', [])[0].passage.n, 3);
    });
  });
});

describe('progressive loading', () => {
  it('batches are searchable while loading, and merging segments keeps answers identical', () => {
    const progressive = new CorpusIndex();
    progressive.addSources([clone(AMBUSH)]);
    assert.strictEqual(progressive.rankPassages('police officers killed', [])[0].source.key, 'ambush-2021');
    progressive.addSources([clone(AID)]);
    progressive.addSources([clone(BUDGET)]);
    assert.strictEqual(progressive.segmentCount, 3);
    const once = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const q = (x: CorpusIndex) => x.rankPassages('police arrests 2020 aid', extractFigures('524 and $4 billion'), { limit: 10 }).map((h) => [h.source.key, h.passage.n, h.score.toFixed(6)]);
    const before = q(progressive);
    progressive.compact();
    assert.strictEqual(progressive.segmentCount, 1);
    assert.deepStrictEqual(q(progressive), before);
    assert.deepStrictEqual(q(progressive), q(once));
  });

  it('re-keys sources whose provisional key changed', () => {
    const ix = new CorpusIndex();
    const a = clone(AMBUSH);
    ix.addSources([a]);
    a.key = 'ambush-2021-x1y2';
    ix.rebuildKeyMap();
    assert.strictEqual(ix.byKey('ambush-2021'), undefined);
    assert.strictEqual(ix.byKey('ambush-2021-x1y2')?.title, AMBUSH.title);
  });
});
