import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { Collection, queryTerms } from '../../../server/src/core/index/bm25';
import { buildPostings } from '../../../server/src/core/index/postings';
import { addFigure, boostMax, entryFigure, figureBonus, figureEntry, FigureOf, makeQuery, proximity, rankAll, RANK_PARAMS, rerank } from '../../../server/src/core/index/rank';
import { PHRASE_PARAMS } from '../../../server/src/core/index/phrase';
import { Passage } from '../../../server/src/core/types';

function corpus(texts: string[]) {
  const passages: Passage[] = texts.map((text, id) => ({ id, n: 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: extractFigures(text) }));
  const docLen = new Uint16Array(texts.length);
  const seg = buildPostings(Uint32Array.from(texts.keys()), (id) => texts[id], (id, len) => (docLen[id] = len));
  const c: Collection = { docLen, alive: new Uint8Array(texts.length).fill(1), n: texts.length, avgdl: docLen.reduce((a, b) => a + b, 0) / texts.length };
  const query = (text: string) => makeQuery(text, queryTerms(text, [seg], texts.length), texts.length);
  return { passages, c, query };
}

describe('index: two-stage ranking', () => {
  const saved = { ...RANK_PARAMS };
  const savedPhrase = { ...PHRASE_PARAMS };
  afterEach(() => {
    Object.assign(RANK_PARAMS, saved);
    Object.assign(PHRASE_PARAMS, savedPhrase);
  });

  it('proximity counts query-adjacent terms that follow each other in the passage, once each', () => {
    const { query } = corpus(['provisionally suspended for missing a test before the Olympics', 'suspended athletes', 'Olympics missing']);
    const q = query('provisionally suspended for missing before the Olympics');
    const near = proximity(q, 'She was provisionally suspended for missing a test before the Olympics.');
    const reversed = proximity(q, 'Olympics: before missing, suspended provisionally.');
    const far = proximity(q, 'provisionally alpha beta gamma delta suspended');
    assert.ok(near > 0);
    assert.strictEqual(reversed, 0, 'order matters');
    assert.strictEqual(far, 0, 'beyond the window');
    assert.strictEqual(proximity(q, 'provisionally suspended, provisionally suspended'), proximity(q, 'provisionally suspended'), 'a pair counts once');
    RANK_PARAMS.proxWeight = 0;
    assert.strictEqual(proximity(q, 'provisionally suspended'), 0);
  });

  it('stage 2 scores every query term, even those too common for stage 1', () => {
    // "police" is in all passages but one: stage 1 skips it; stage 2 must still use it (without it, the tie goes to id 0).
    const texts = ['ambush rivers', 'ambush police', ...Array.from({ length: 58 }, (_, i) => `police filler${i}`)];
    const { passages, c, query } = corpus(texts);
    const q = query('police ambush');
    assert.deepStrictEqual(
      q.cheap.map((t) => t.term),
      ['ambush'],
    );
    const hits = rankAll(c, passages, q, new Map(), new Float64Array(texts.length), new Int32Array(texts.length), 2);
    assert.strictEqual(hits[0].id, 1);
  });

  it('beyond the rerank window, further passages follow in stage-1 order', () => {
    const texts = Array.from({ length: 60 }, (_, i) => `ambush ${'filler '.repeat(i)}end`);
    const { passages, c, query } = corpus(texts);
    RANK_PARAMS.rerank = 5;
    const pos = new Int32Array(60);
    const hits = rankAll(c, passages, query('ambush'), new Map(), new Float64Array(60), pos, 12);
    assert.strictEqual(hits.length, 12);
    assert.deepStrictEqual(
      hits.map((h) => h.id),
      Array.from({ length: 12 }, (_, i) => i),
      'shorter passages first, all the way down',
    );
    for (let k = 1; k < hits.length; k++) assert.ok(hits[k - 1].score >= hits[k].score);
    assert.ok(pos.every((x) => x === 0), 'the position scratch is zeroed again');
  });

  it('a near-verbatim passage beats one with the same words scattered', () => {
    const texts = ['The company said net profit rose sharply in the quarter to record levels', 'Record quarter: sharply lower costs, the company said, while profit and net sales rose', 'unrelated text about weather'];
    const { passages, c, query } = corpus(texts);
    const q = query('net profit rose sharply in the quarter');
    const hits = rerank(c, passages, q, [0, 1, 2], undefined, 3);
    assert.deepStrictEqual(
      hits.map((h) => h.id),
      [0, 1],
      'passage 2 matches nothing and is left out',
    );
    RANK_PARAMS.proxWeight = 0;
    const plain = rerank(c, passages, q, [0, 1], undefined, 2);
    assert.ok(hits[0].score - hits[1].score > plain[0].score - plain[1].score, 'proximity widens the margin');
  });

  it('the figure bonus lifts a passage stating the figure, but not past a much better word match', () => {
    const texts = ['Officers were killed in the ambush near Toluca on Thursday night', 'Officers were killed: 13 in total', 'The budget was 13 million'];
    const { passages, c, query } = corpus(texts);
    const [f] = extractFigures('13');
    const figOf: FigureOf = new Map([
      [1, figureEntry(0, 1)],
      [2, figureEntry(0, 1)],
    ]);
    const q = query('13 officers were killed in the ambush near Toluca');
    const hits = rerank(c, passages, q, [0, 1, 2], figOf, 3);
    assert.strictEqual(hits[0].id, 0, 'the near-verbatim passage stays first');
    assert.ok(f);
    const h1 = hits.find((h) => h.id === 1)!;
    assert.ok(h1.score > h1.textScore, 'the figure passage carries a bonus');
    assert.ok(hits.some((h) => h.id === 2), 'a passage with only the figure is still a candidate');
    assert.strictEqual(figureBonus([2, 5]), RANK_PARAMS.figureWeight * 5);
    assert.strictEqual(figureBonus([]), 1);
    assert.strictEqual(entryFigure(figureEntry(1234, 3)), 1234);
    assert.strictEqual(figureEntry(7, 40) & 15, 15, 'the count saturates instead of spilling into the figure index');
  });

  it('a passage stating the query figure exactly beats one whose figure only matches within the hedge', () => {
    // "over 4.6 mln" is matched by 6.6 mln (over) and stated by 4.6 mln; the shorter passage wins on words alone.
    const texts = ['Quaker now has about 6.6 mln shares outstanding.', 'The company pointed out its Class A common is traded. The company has over 4.6 mln shares outstanding.'];
    const { passages, c, query } = corpus(texts);
    const [f] = extractFigures('The has over 4.6 mln shares outstanding.');
    assert.strictEqual(f.hedge, 'min');
    const q = query('The has over 4.6 mln shares outstanding.');
    const figOf: FigureOf = new Map([
      [0, addFigure(undefined, 0, false)],
      [1, addFigure(undefined, 0, true)],
    ]);
    RANK_PARAMS.surface = false;
    RANK_PARAMS.proxWeight = 0;
    assert.deepStrictEqual(rerank(c, passages, q, [0, 1], undefined, 2).map((h) => h.id), [0, 1], 'on words alone the short passage wins');
    RANK_PARAMS.figureLoose = 1;
    assert.deepStrictEqual(rerank(c, passages, q, [0, 1], figOf, 2).map((h) => h.id), [0, 1], 'a match counted as a statement: no help');
    RANK_PARAMS.figureLoose = 0.5;
    const hits = rerank(c, passages, q, [0, 1], figOf, 2);
    assert.deepStrictEqual(hits.map((h) => h.id), [1, 0], 'the exact statement wins');
    const bonus = (id: number) => hits.find((h) => h.id === id)!.score - hits.find((h) => h.id === id)!.textScore;
    assert.ok(Math.abs(bonus(0) - 0.5 * bonus(1)) < 1e-9, 'the loose match gets figureLoose of the bonus');
  });

  it('addFigure counts the figures stated and how many exactly, keeping the first figure shown', () => {
    const e = addFigure(addFigure(addFigure(undefined, 7, false), 9, true), 3, false);
    assert.strictEqual(entryFigure(e), 7);
    assert.strictEqual(e & 15, 3);
    assert.strictEqual((e >>> 4) & 15, 1);
    assert.strictEqual(figureEntry(2, 4) >>> 4 & 15, 4, 'by default every figure is stated exactly');
    let many: number | undefined;
    for (let i = 0; i < 40; i++) many = addFigure(many, 5, true);
    assert.strictEqual(entryFigure(many!), 5, 'counts saturate instead of spilling into the figure index');
    assert.strictEqual(many! & 255, 255);
  });

  it('a passage stating two of the query figures beats one stating one, other things equal', () => {
    const texts = ['Grade 92 will be 90.6 cents against 87.6 previously', 'Grade 92 will be 90.2 cents against 87.6 previously'];
    const { passages, c, query } = corpus(texts);
    const q = query('Grade 92 will be 90.2 cents against 87.6 previously');
    const figOf: FigureOf = new Map([
      [0, figureEntry(2, 1)],
      [1, figureEntry(1, 2)],
    ]);
    assert.deepStrictEqual(
      rerank(c, passages, q, [0, 1], figOf, 2).map((h) => h.id),
      [1, 0],
    );
    RANK_PARAMS.figureEach = 0;
    RANK_PARAMS.surface = false; // the exact words "90.2" would break the tie
    assert.deepStrictEqual(
      rerank(c, passages, q, [0, 1], figOf, 2).map((h) => h.id),
      [0, 1],
      'with one bonus each, the tie goes to the lower id',
    );
    RANK_PARAMS.figureEach = 5;
    RANK_PARAMS.figureMaxShare = 2;
    const capped = rerank(c, passages, q, [0, 1], figOf, 2).find((h) => h.id === 1)!;
    assert.ok(Math.abs(capped.score - capped.textScore - 2 * figureBonus([capped.textScore, rerank(c, passages, q, [0], figOf, 1)[0].textScore])) < 1e-9, 'the share is capped');
  });

  it('coordination: a passage holding every query word beats a short one holding the rarer few', () => {
    // A Reuters loss: "stock annually 100,000" put a 13-word passage without "stock" above the 38-word one with all three.
    const filler = Array.from({ length: 40 }, (_, i) => `stock filler${i} words here`);
    const texts = [
      'create employment for the 100000 school leavers annually',
      'Danners said Indian LP agreed to purchase 100000 shares of redeemable voting junior preferred stock with dividends of 1.60 dlrs per share annually for two mln dlrs in all',
      ...filler,
    ];
    const { passages, c, query } = corpus(texts);
    const q = query('stock annually 100000');
    RANK_PARAMS.coordination = 0;
    RANK_PARAMS.surface = false;
    assert.strictEqual(rerank(c, passages, q, [0, 1], undefined, 2)[0].id, 0, 'without coordination the short passage wins');
    RANK_PARAMS.coordination = 1;
    assert.strictEqual(rerank(c, passages, q, [0, 1], undefined, 2)[0].id, 1);
  });

  it('surface features: the sentence as written beats the same terms reworded (and proximity alone does not tell them apart)', () => {
    const texts = [
      'The Cell processor will run 10-times faster than current PC chips, its designers have reported.',
      'Sony, IBM and Toshiba will unveil it at a technology conference in San Francisco next month. The chip is reported to be up to 10 times faster than current processors, they said.',
      'unrelated weather',
    ];
    const { passages, c, query } = corpus(texts);
    const q = query('The chip is reported to be up to 10 times faster than current.');
    RANK_PARAMS.proxWeight = 0;
    RANK_PARAMS.surface = false;
    assert.strictEqual(rerank(c, passages, q, [0, 1], undefined, 2)[0].id, 0, 'without the surface features the shorter passage wins');
    RANK_PARAMS.surface = true;
    assert.strictEqual(rerank(c, passages, q, [0, 1], undefined, 2)[0].id, 1);
    const tokensOnly = makeQuery(['chip', 'report', 'time', 'faster', 'current'], q.terms, texts.length);
    assert.strictEqual(tokensOnly.surface, undefined, 'no text, no surface');
    assert.ok(makeQuery(['chip'], q.terms, texts.length, 'the chip').surface, 'the raw text gives it');
  });

  it('re-reads past the first `proximity` candidates while one could still reach the top three', () => {
    // Twenty boilerplate passages tie on BM25 ahead of the one that holds the sentence as written.
    const boiler = 'Combined underwriting and management fees comprise: selling concessions.';
    const texts = [
      ...Array.from({ length: 20 }, () => boiler),
      'The fees comprise selling concession with management and underwriting combined, the lead manager said on Tuesday in London.',
      ...Array.from({ length: 40 }, (_, i) => `filler${i} text`),
    ];
    const { passages, c, query } = corpus(texts);
    const q = query('The fees comprise selling concession with management and underwriting combined.');
    const pool = Array.from({ length: 21 }, (_, i) => i);
    RANK_PARAMS.proximity = 2;
    RANK_PARAMS.proximityMax = 2;
    RANK_PARAMS.surface = false;
    assert.notStrictEqual(rerank(c, passages, q, pool, undefined, 3)[0].id, 20, 'by BM25 the boilerplate comes first');
    RANK_PARAMS.surface = true;
    assert.notStrictEqual(rerank(c, passages, q, pool, undefined, 3)[0].id, 20, 'reading only two, the sentence stays behind');
    RANK_PARAMS.proximityMax = 32;
    assert.strictEqual(rerank(c, passages, q, pool, undefined, 3)[0].id, 20);
    assert.ok(boostMax(q, true) > boostMax(q, false) && boostMax(q, false) > 0);
    assert.deepStrictEqual(
      rerank(c, passages, q, pool, undefined, 3, undefined, { proximity: 0 }).map((h) => h.score),
      rerank(c, passages, q, pool, undefined, 3, undefined, { proximity: 0 }).map((h) => h.score),
    );
  });
});
