import * as assert from 'assert';
import { makeKey, sanitizeId } from '../../../server/src/core/corpus/keys';

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

describe('sanitizeId', () => {
  it('sanitises ids into Pandoc-valid keys', () => {
    assert.strictEqual(sanitizeId('  monterrey-water '), 'monterrey-water');
    assert.strictEqual(sanitizeId('2024_report'), 'report');
    assert.strictEqual(sanitizeId('López:2024'), 'Lopez:2024');
    for (const id of ['a b c', '--x--', '!!', 'ok.key.']) assert.match(sanitizeId(id), PANDOC_KEY);
  });
});
