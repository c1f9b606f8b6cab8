import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractFigures } from '../../../server/src/core/figures';
import { readCache, writeCache } from '../../../server/src/core/index/cache';
import { PassageStore, StoredPassage } from '../../../server/src/core/index/passageStore';
import { Passage } from '../../../server/src/core/types';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function passage(text: string, n = 1, extra: Partial<Passage> = {}): Passage {
  return { id: -1, n, text, startLine: n * 2, endLine: n * 2 + 1, startOffset: n * 100, figures: extractFigures(text), ...extra };
}

const TEXTS = [
  'Police said 25 officers were killed, about 3.5% of the force.',
  'Ünïcödé text: São Paulo’s budget rose to R$ 1.2 billion — “a record” 😀.',
  '',
  'Between 10 and 20 people, a score of 3-1, roughly 40 km away.',
];

describe('index: passage store (texts and figures out of the JS heap)', () => {
  it('gives back every text and figure exactly, across multi-byte characters and buffer growth', () => {
    const store = new PassageStore();
    const ps = [...TEXTS, 'x'.repeat(70000) + ' 99 percent'].map((t, i) => passage(t, i + 1));
    const rows = ps.map((p) => store.append(p));
    assert.deepStrictEqual(rows, [0, 1, 2, 3, 4]);
    ps.forEach((p, i) => {
      assert.strictEqual(store.textOf(i), p.text);
      assert.deepStrictEqual(store.figuresOf(i), p.figures);
      assert.deepStrictEqual([store.n(i), store.startLine(i), store.endLine(i), store.startOffset(i)], [p.n, p.startLine, p.endLine, p.startOffset]);
    });
    assert.ok(ps[3].figures.some((f) => f.high !== undefined || f.second !== undefined), 'the fixture has a range or a score');
  });

  it('a StoredPassage reads its row; plain copies and JSON carry every field; edits stay on the view', () => {
    const store = new PassageStore();
    const p = passage(TEXTS[0], 3, { page: 7 });
    const v = new StoredPassage(store, store.append(p), 41);
    v.page = 7;
    assert.deepStrictEqual(JSON.parse(JSON.stringify(v)), JSON.parse(JSON.stringify({ ...p, id: 41 })));
    assert.ok(v.plainIn(store));
    v.text = 'edited';
    assert.strictEqual(v.text, 'edited');
    assert.strictEqual(store.textOf(v.row), TEXTS[0], 'the store is not written through');
    assert.ok(!v.plainIn(store));
  });

  it('columns of chosen rows round-trip through fromColumns; inconsistent columns are refused', () => {
    const store = new PassageStore();
    TEXTS.forEach((t, i) => store.append(passage(t, i + 1)));
    const cols = store.columns([3, 1]);
    const back = PassageStore.fromColumns(cols);
    assert.strictEqual(back.rows, 2);
    assert.strictEqual(back.textOf(0), TEXTS[3]);
    assert.strictEqual(back.textOf(1), TEXTS[1]);
    assert.deepStrictEqual(back.figuresOf(0), extractFigures(TEXTS[3]));
    // Appending to a store read from columns grows its arrays (they are views on a file buffer).
    assert.strictEqual(back.append(passage(TEXTS[0])), 2);
    assert.strictEqual(back.textOf(2), TEXTS[0]);
    assert.strictEqual(back.textOf(1), TEXTS[1]);
    const bad = { ...cols, textStart: cols.textStart.slice() };
    bad.textStart[2] = cols.text.length + 5;
    assert.throws(() => PassageStore.fromColumns(bad), /inconsistent/);
    const badUnit = { ...cols, fUnit: cols.fUnit.map(() => 999) };
    if (badUnit.fUnit.length) assert.throws(() => PassageStore.fromColumns(badUnit), /unit/);
  });

  it('a view materialises text and figures once and keeps them (same array on every read)', () => {
    const store = new PassageStore();
    const v = new StoredPassage(store, store.append(passage('There were 7,777 guards.')), 0);
    const figs = v.figures;
    assert.strictEqual(v.figures, figs);
    assert.deepStrictEqual(figs, extractFigures('There were 7,777 guards.'));
    assert.notStrictEqual(store.figuresOf(0), figs, 'the store itself builds new objects');
    assert.ok(v.plainIn(store), 'reading does not count as an edit');
  });
});

describe('index: passages live in the store', () => {
  it('an index moves every passage into its store and answers as from plain passages', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    for (const s of ix.sources()) for (const p of s.passages) assert.ok(p instanceof StoredPassage, `${s.key} para. ${p.n} is stored`);
    assert.ok(ix.storeBytes > 0);
    const plain = [clone(AMBUSH), clone(AID), clone(BUDGET)];
    ix.sources().forEach((s, i) => assert.deepStrictEqual(JSON.parse(JSON.stringify(s.passages)).map((p: Passage) => ({ ...p, id: -1 })), plain[i].passages.map((p) => ({ ...p, id: -1 }))));
  });

  it('compaction drops tombstoned rows from the store and keeps every answer', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const before = ix.rankPassages('Merida Initiative aid', []).map((h) => [h.source.key, h.passage.n, h.score]);
    const rows = ix.storedPassages;
    assert.strictEqual(rows, ix.passageCount);
    ix.addSources([{ ...clone(AMBUSH), key: 'extra', file: '/extra.txt' }]);
    ix.removeFile('/extra.txt');
    assert.strictEqual(ix.storedPassages, rows + AMBUSH.passages.length, 'tombstoned rows stay until compaction');
    ix.compact();
    assert.strictEqual(ix.storedPassages, rows, 'compaction dropped them');
    assert.deepStrictEqual(
      ix.rankPassages('Merida Initiative aid', []).map((h) => [h.source.key, h.passage.n, h.score]),
      before,
    );
  });

  it('a snapshot of an index with a replaced file renumbers new views on the same store rows; the live index is untouched', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const aid = ix.byKey(AID.key)!;
    ix.replaceFile(aid.file, [clone(AID)]);
    const liveIds = ix.sources().map((s) => s.passages.map((p) => p.id));
    const snap = ix.toSnapshot();
    assert.deepStrictEqual(
      snap.sources.flatMap((s) => s.passages.map((p) => p.id)),
      snap.sources.flatMap((s) => s.passages).map((_, i) => i),
      'renumbered 0..n-1',
    );
    for (const s of snap.sources) for (const p of s.passages) assert.ok(p instanceof StoredPassage && p.plainIn(snap.store!), 'a view, not a copy of the text');
    assert.ok(ix.storedPassages > ix.passageCount, 'the live store still has the replaced rows');
    assert.strictEqual(snap.store!.rows, ix.storedPassages, 'the snapshot reads the live store (no second store of copied texts)');
    assert.deepStrictEqual(ix.sources().map((s) => s.passages.map((p) => p.id)), liveIds, 'the live ids are not renumbered');
    assert.strictEqual(JSON.stringify(snap.sources.map((s) => s.passages.map((p) => p.text))), JSON.stringify(ix.sources().map((s) => s.passages.map((p) => p.text))));
    const before = ix.storedPassages;
    const edited = indexOf(clone(AMBUSH));
    edited.sources()[0].passages[0].text = 'Edited: 12 people.';
    const rows = edited.storedPassages;
    assert.strictEqual(edited.toSnapshot().sources[0].passages[0].text, 'Edited: 12 people.');
    assert.strictEqual(edited.storedPassages, rows, 'an edited passage is not appended to the live store');
    assert.strictEqual(ix.storedPassages, before);
  });

  it('the cache (v6: texts in bytes) round-trips the store: same texts, figures and answers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-store-'));
    try {
      const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
      writeCache(dir, ix.toSnapshot(), { config: 'x', stamps: [], skipped: [] });
      const r = readCache(dir);
      assert.ok(r.ok);
      if (!r.ok) return;
      assert.ok(r.snapshot.store, 'the read snapshot carries its store');
      const text = (s: { passages: Passage[] }[]) => JSON.stringify(s.map((x) => x.passages));
      assert.strictEqual(text(r.snapshot.sources), text(ix.toSnapshot().sources));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('index: passage store trim', () => {
  it('gives back the doubling slack and keeps every row; appending after a trim still works', () => {
    const store = new PassageStore();
    for (let i = 0; i < 3000; i++) store.append(passage(`Row ${i} says ${i * 7} people came.`));
    const before = store.bytes;
    store.trim();
    assert.ok(store.bytes < before, `${store.bytes} < ${before}`);
    assert.strictEqual(store.textOf(2999), 'Row 2999 says 20993 people came.');
    assert.deepStrictEqual(store.figuresOf(5), extractFigures('Row 5 says 35 people came.'));
    store.append(passage('After the trim, 12 more.'));
    assert.strictEqual(store.textOf(3000), 'After the trim, 12 more.');
    assert.strictEqual(store.textOf(0), 'Row 0 says 0 people came.');
  });
});

describe('index: passage store chunks (issue 13: no doubling buffer, the cache written from the chunks)', () => {
  const big = (ch: string, n: number) => `${ch.repeat(n)} 42 percent`;

  it('fills 4 MB chunks without splitting a row; a longer passage gets a chunk of its own; every text reads back', () => {
    const store = new PassageStore();
    const texts = [big('a', 3_000_000), 'São Paulo: 7 people.', big('b', 1_500_000), big('é', 5_000_000), 'last, 9 left'];
    texts.forEach((t, i) => store.append(passage(t, i + 1)));
    texts.forEach((t, i) => assert.strictEqual(store.textOf(i), t, `row ${i}`));
    // a: 3 MB into chunk 1; 'São..' fits; b (1.5 MB) does not fit the rest, so chunk 2; é (10 MB of UTF-8) its own; 'last' a fourth.
    const text = store.columns([0, 1, 2, 3, 4]).text;
    assert.ok(Array.isArray(text));
    assert.strictEqual((text as Uint8Array[]).length, 4);
    assert.strictEqual(Buffer.concat(text as Uint8Array[]).toString('utf8'), texts.join(''));
  });

  it('columns of every row in order are views on the store (no copy); any other choice of rows is a copy', () => {
    const store = new PassageStore();
    TEXTS.forEach((t, i) => store.append(passage(t, i + 1)));
    const all = store.columns([0, 1, 2, 3]);
    const again = store.columns([0, 1, 2, 3]);
    assert.strictEqual(all.textStart.buffer, again.textStart.buffer, 'the same underlying column');
    assert.strictEqual((all.text as Uint8Array[])[0].buffer, (again.text as Uint8Array[])[0].buffer);
    const some = store.columns([0, 1, 2]);
    assert.notStrictEqual(some.textStart.buffer, all.textStart.buffer);
    assert.ok(!Array.isArray(some.text));
    assert.throws(() => PassageStore.fromColumns(all), /one block/, 'a cache read gives one block');
  });

  it('the cache file holds the chunks as one text block and reads back every passage', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-chunks-'));
    try {
      const texts = [big('x', 3_000_000), big('y', 2_000_000), 'Police said 25 officers were killed.'];
      const src = { key: 'k', title: 'T', file: '/k.txt', startLine: 0, endLine: 9, passages: texts.map((t, i) => passage(t, i + 1)) };
      const ix = indexOf(src);
      writeCache(dir, ix.toSnapshot(), { config: 'x', stamps: [], skipped: [] });
      const r = readCache(dir);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      if (!r.ok) return;
      assert.deepStrictEqual(
        r.snapshot.sources[0].passages.map((p) => p.text),
        texts,
      );
      assert.deepStrictEqual(r.snapshot.sources[0].passages[2].figures, extractFigures(texts[2]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps built figures for a bounded number of rows (same array while kept, equal afterwards)', () => {
    const store = new PassageStore();
    const n = 20_005;
    for (let i = 0; i < n; i++) store.append(passage(`Row ${i}: ${i + 1} people.`));
    const v = new StoredPassage(store, 0, 0);
    const first = v.figures;
    assert.strictEqual(v.figures, first);
    for (let i = 1; i < n; i++) void new StoredPassage(store, i, i).figures;
    assert.notStrictEqual(v.figures, first, 'the cache was emptied when it grew past its bound');
    assert.deepStrictEqual(v.figures, first);
  });

  it('a view keeps a page and edits in one extra object, and JSON carries them', () => {
    const store = new PassageStore();
    const v = new StoredPassage(store, store.append(passage('Page two says 12.', 2)), 5);
    assert.strictEqual(v.page, undefined);
    assert.ok(!('page' in JSON.parse(JSON.stringify(v))));
    v.page = 2;
    assert.strictEqual(JSON.parse(JSON.stringify(v)).page, 2);
    assert.ok(v.plainIn(store), 'a page is not an edit');
    v.figures = [];
    assert.deepStrictEqual(v.figures, []);
    assert.ok(!v.plainIn(store));
  });
});
