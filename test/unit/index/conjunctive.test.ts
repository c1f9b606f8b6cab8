import * as assert from 'assert';
import { holdingAll } from '../../../server/src/core/index/conjunctive';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { queryTerms } from '../../../server/src/core/index/bm25';
import { buildPostings } from '../../../server/src/core/index/postings';
import { Source } from '../../../server/src/core/types';
import { source } from '../../helpers/fixtures';

/** Postings of a few texts (passage i = texts[i]), as the index builds them. */
function postingsOf(texts: string[], first = 0) {
  return buildPostings(
    Uint32Array.from(texts, (_, i) => first + i),
    (id) => texts[id - first],
    () => undefined,
  );
}

describe('index/conjunctive: passages holding every query term', () => {
  const texts = ['gross denial of due process', 'due process for retired employees', 'a gross denial of process for retired employees', 'retired employees of the steel mill'];

  it('intersects the posting lists, rarest first, and keeps only alive passages', () => {
    const seg = postingsOf(texts);
    const terms = queryTerms('denial retired employees', [seg], texts.length);
    assert.deepStrictEqual(holdingAll(terms, new Uint8Array([1, 1, 1, 1]), 10), [2]);
    assert.deepStrictEqual(holdingAll(queryTerms('retired employees', [seg], 4), new Uint8Array([1, 1, 1, 1]), 10), [1, 2, 3]);
    assert.deepStrictEqual(holdingAll(queryTerms('retired employees', [seg], 4), new Uint8Array([1, 0, 1, 1]), 10), [2, 3], 'a tombstoned passage is left out');
  });

  it('gives up (undefined) when more than `max` passages hold the terms, or when there is no term', () => {
    const seg = postingsOf(texts);
    assert.strictEqual(holdingAll(queryTerms('retired employees', [seg], 4), new Uint8Array([1, 1, 1, 1]), 2), undefined);
    assert.strictEqual(holdingAll([], new Uint8Array([1, 1, 1, 1]), 10), undefined);
  });

  it('reads every segment of a term (a passage added later is in a second segment)', () => {
    const a = postingsOf(texts.slice(0, 2));
    const b = postingsOf([texts[2]], 2);
    const terms = queryTerms('gross denial employees', [a, b], 3);
    assert.deepStrictEqual(holdingAll(terms, new Uint8Array([1, 1, 1]), 10), [2]);
  });
});

describe('CorpusIndex.rankPassages with holdingAll (quotations)', () => {
  it('ranks only passages holding every known word of the text', () => {
    // Many short passages repeat two of the quotation's rare words; one long passage holds them all.
    const noise: Source[] = [];
    for (let i = 0; i < 12; i++) noise.push(source(`noise-${i}`, `Noise ${i}`, [`Liflands denial. Liflands denial ${i}.`]));
    const filler = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const target = source('target-1987', 'Target', [`${filler} Judge Liflands's refusal was a gross denial of due process for retired employees, the union said. ${filler}`]);
    const ix = new CorpusIndex();
    ix.addSources([...noise, target]);
    const q = 'Liflands denial gross retired employees process';
    const plain = ix.rankPassages(q, [], { limit: 3 });
    const all = ix.rankPassages(q, [], { limit: 3, holdingAll: true });
    assert.deepStrictEqual(
      all.map((h) => h.source.key),
      ['target-1987'],
    );
    assert.ok(plain.some((h) => h.source.key.startsWith('noise-')), `the plain ranking mixes in passages lacking words: ${plain.map((h) => h.source.key)}`);
    // A word the index lacks ("47000": the index holds "47" and "000") is left out, as in ranking.
    assert.deepStrictEqual(
      ix.rankPassages(q + ' 47000', [], { limit: 3, holdingAll: true }).map((h) => h.source.key),
      ['target-1987'],
    );
  });
});
