import * as assert from 'assert';
import { assignKeys, makeKey, sanitizeId, shortHash } from '../../../server/src/core/corpus/keys';

/** Pandoc citation key: starts with a letter, digit or _, then alphanumerics and single internal punctuation. */
const PANDOC_KEY = /^[A-Za-z0-9_](?:[A-Za-z0-9_]|[:.#$%&\-+?<>~/](?=[A-Za-z0-9_]))*$/;
/** What makeKey promises: a stricter, lower-case ASCII subset starting with a letter. */
const OUR_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

describe('makeKey', () => {
  it('uses the first three significant words and the year', () => {
    assert.strictEqual(makeKey('Zacatecas-US security agreement illegal and invalid, AMLO says', '2025-11-21'), 'zacatecas-us-security-2025');
    assert.strictEqual(makeKey('The Rise of the Cartels in Mexico', '2019'), 'rise-cartels-mexico-2019');
    assert.strictEqual(makeKey('BAHIA COCOA REVIEW', '1987-02-26'), 'bahia-cocoa-review-1987');
    assert.strictEqual(makeKey('Ad sales boost Time Warner profit', undefined), 'ad-sales-boost');
  });

  it('transliterates accents, folds U.S. and apostrophes, starts with a letter', () => {
    assert.strictEqual(makeKey('Defining the Candidacy of Félix Salgado Macedonio', '2021-03-09'), 'defining-candidacy-felix-2021');
    assert.strictEqual(makeKey("U.S. and Mexico: AMLO's Gov't", '2018-08'), 'us-mexico-amlos-2018');
    assert.strictEqual(makeKey('13 Edomex Officers Killed in Ambush', '2021-04-01'), 'edomex-officers-killed-2021');
    assert.strictEqual(makeKey('Straße Łódź Ærø', undefined), 'strasse-lodz-aero');
  });

  it('falls back to "source" when the title has no usable word', () => {
    assert.strictEqual(makeKey('', '2020-01-01'), 'source-2020');
    assert.strictEqual(makeKey('2024 — 99', undefined), 'source');
    assert.strictEqual(makeKey('中文标题', undefined), 'source');
  });

  it('always produces valid keys', () => {
    const titles = ['¿Qué pasó?', '“Quoted” — title!!', '<BRZT> YEAR NOV 30 LOSS', 'a an the', 'x'.repeat(80), 'Ünïcödé Tïtle 2.9 bn'];
    for (const t of titles) {
      const k = makeKey(t, '1999-12-31');
      assert.match(k, OUR_KEY, k);
      assert.match(k, PANDOC_KEY, k);
    }
  });
});

describe('assignKeys', () => {
  it('keeps unique base keys and suffixes every member of a collision with a hash of its stableId', () => {
    const keys = assignKeys([
      { baseKey: 'a-2020', stableId: 'x.txt#1' },
      { baseKey: 'b-2020', stableId: 'y.txt#1' },
      { baseKey: 'a-2020', stableId: 'z.txt#1' },
    ]);
    assert.deepStrictEqual(keys, ['a-2020-' + shortHash('x.txt#1'), 'b-2020', 'a-2020-' + shortHash('z.txt#1')]);
    assert.notStrictEqual(keys[0], keys[2]);
    for (const k of keys) assert.match(k, PANDOC_KEY);
  });

  it('is independent of order and of unrelated items', () => {
    const items = [
      { baseKey: 'a-2020', stableId: 'x.txt#1' },
      { baseKey: 'a-2020', stableId: 'z.txt#1' },
      { baseKey: 'c', stableId: 'c.txt#1' },
    ];
    const k1 = assignKeys(items);
    const k2 = assignKeys([items[2], items[1], { baseKey: 'new-2024', stableId: 'new.txt#1' }, items[0]]);
    assert.deepStrictEqual([k2[3], k2[1], k2[0]], k1);
  });

  it('lets an explicit id win; a generated key equal to it gets a suffix', () => {
    const keys = assignKeys([
      { baseKey: 'water-prices-2024', stableId: 'a.md#1' },
      { baseKey: 'other-2024', id: 'water-prices-2024', stableId: 'b.md#1' },
      { baseKey: 'x', id: 'My Key!', stableId: 'c.md#1' },
    ]);
    assert.deepStrictEqual(keys, ['water-prices-2024-' + shortHash('a.md#1'), 'water-prices-2024', 'My-Key']);
  });

  it('falls back to -2, -3 when keys still collide', () => {
    const keys = assignKeys([
      { baseKey: 'q', id: 'dup', stableId: 'a#1' },
      { baseKey: 'r', id: 'dup', stableId: 'b#1' },
      { baseKey: 's', id: 'dup', stableId: 'c#1' },
    ]);
    assert.deepStrictEqual(keys, ['dup', 'dup-2', 'dup-3']);
  });

  it('treats external base keys as collisions (single-file re-index)', () => {
    const full = assignKeys([
      { baseKey: 'a-2020', stableId: 'x.txt#1' },
      { baseKey: 'a-2020', stableId: 'z.txt#1' },
    ]);
    const single = assignKeys([{ baseKey: 'a-2020', stableId: 'z.txt#1' }], new Set(['a-2020']));
    assert.strictEqual(single[0], full[1]);
  });

  it('sanitises ids into Pandoc-valid keys', () => {
    assert.strictEqual(sanitizeId('  monterrey-water '), 'monterrey-water');
    assert.strictEqual(sanitizeId('2024_report'), 'report');
    assert.strictEqual(sanitizeId('López:2024'), 'Lopez:2024');
    for (const id of ['a b c', '--x--', '!!', 'ok.key.']) assert.match(sanitizeId(id), PANDOC_KEY);
  });
});
