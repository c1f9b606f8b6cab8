import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { Source } from '../../../server/src/core/types';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('CorpusIndex: ranking through the public API', () => {
  it('textScore leaves out the figure bonus; score includes it', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const hits = ix.rankPassages('police officers were killed', extractFigures('524'), { limit: 5 });
    const withFig = hits.filter((h) => h.figure);
    const without = hits.filter((h) => !h.figure);
    assert.ok(withFig.length > 0 && without.length > 0);
    for (const h of withFig) assert.ok(h.score > h.textScore);
    for (const h of without) assert.strictEqual(h.score, h.textScore);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, 'best first');
  });

  it("a hit's figure is the passage's matching figure, built when first read (not for every ranked passage)", () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const figures = extractFigures('524');
    ix.rankPassages('police officers were killed', figures, { limit: 5 }); // the figure lookup is memoised from here on
    // Count reads of every passage's figure list from now on.
    let reads = 0;
    for (const src of ix.sources()) {
      for (const p of src.passages) {
        const own = p.figures;
        Object.defineProperty(p, 'figures', { configurable: true, get: () => (reads++, own) });
      }
    }
    const hits = ix.rankPassages('police officers were killed', figures, { limit: 5 });
    assert.strictEqual(reads, 0, 'ranking reads no figure list');
    const withFig = hits.filter((h) => h.figure);
    assert.ok(withFig.length > 0 && reads > 0);
    for (const h of withFig) assert.strictEqual(h.figure!.value, 524);
    const after = reads;
    assert.strictEqual(withFig[0].figure, withFig[0].figure, 'the same figure on each read');
    assert.strictEqual(reads, after, 'read once');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(withFig[0])).figure.value, 524, 'the figure is an enumerable field');
  });

  it('`only` ranks just the given passages, with the same scores as a full ranking', () => {
    const ix = indexOf(clone(AMBUSH), clone(AID), clone(BUDGET));
    const all = ix.rankPassages('police officers killed in 2019', [], { limit: 20 });
    const ambush = ix.byKey('ambush-2021')!;
    const only = ix.rankPassages('police officers killed in 2019', [], { limit: 20, only: ambush.passages.map((p) => p.id) });
    assert.ok(only.every((h) => h.source.key === 'ambush-2021'));
    for (const h of only) {
      const same = all.find((x) => x.passage.id === h.passage.id);
      assert.ok(same && Math.abs(same.score - h.score) < 1e-9, `passage ${h.passage.n} scores alike`);
    }
  });

  it('the source a sentence was copied from ranks first, above articles sharing its words out of order', () => {
    const filler: Source[] = [];
    for (let i = 0; i < 60; i++) filler.push(source(`filler-${i}`, `Filler ${i}`, [`Markets and weather on day ${i} of the season.`]));
    const copied = source('copied-2021', 'Copied', ['Thanou was provisionally suspended for missing a test before the Olympics, but the decision was overturned.']);
    const scattered = source('scattered-2021', 'Scattered', ['The decision: Olympics test overturned, missing suspended Thanou provisionally was.']);
    const ix = new CorpusIndex();
    ix.addSources([...filler, scattered, copied]);
    const hits = ix.rankSources('Thanou was provisionally suspended for missing before the Olympics, but the decision was overturned.', [], 3);
    assert.deepStrictEqual(
      hits.map((h) => h.source.key).slice(0, 2),
      ['copied-2021', 'scattered-2021'],
    );
  });

  it('quick-fix suggestions: passages stating the figure, best word match first, each with its figure', () => {
    const ix = indexOf(clone(AMBUSH), clone(BUDGET));
    const [f] = extractFigures('524');
    const s = ix.suggestPassages(f, 'In 2020, 524 police officers were killed.', 3);
    assert.strictEqual(s.length, 2);
    assert.strictEqual(ix.sourceOfPassage(s[0].id)?.key, 'ambush-2021');
    for (const x of s) assert.strictEqual(x.figure.value, 524);
    assert.deepStrictEqual(ix.suggestPassages(extractFigures('999')[0], 'anything'), []);
  });

  it('a source stating the sentence\'s figure exactly ranks above a shorter one whose figure only matches the hedge, and shows that figure', () => {
    const filler: Source[] = [];
    for (let i = 0; i < 40; i++) filler.push(source(`filler-${i}`, `Filler ${i}`, [`Markets and weather on day ${i} of the season.`]));
    const loose = source('quaker-1987', 'Quaker', ['Quaker now has about 6.6 mln shares outstanding.']);
    const exact = source('banner-1987', 'Banner', ['The company pointed out its Class A common is traded over the counter. The company has over 4.6 mln shares outstanding.']);
    const prices = source('citgo-1987', 'Citgo', ['Prices rose to 18.9 dlrs, then to 19.00 dlrs.']);
    const ix = new CorpusIndex();
    ix.addSources([...filler, loose, exact, prices]);
    const text = 'The has over 4.6 mln shares outstanding.';
    const hits = ix.rankSources(text, extractFigures(text), 3);
    assert.deepStrictEqual(hits.map((h) => h.source.key).slice(0, 2), ['banner-1987', 'quaker-1987']);
    assert.strictEqual(hits[0].figure?.text, '4.6 mln');
    assert.strictEqual(hits[1].figure?.text, '6.6 mln', 'a larger figure still matches "over 4.6 mln", with less weight');
    const dlrs = ix.rankSources('Prices rose to 19 dlrs.', extractFigures('Prices rose to 19 dlrs.'), 1);
    assert.strictEqual(dlrs[0].figure?.text, '19.00 dlrs', 'the figure stating 19 is shown, not the first within its precision');
  });
});
