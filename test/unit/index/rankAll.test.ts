import * as assert from 'assert';
import fc from 'fast-check';
import { accumulate, Collection, queryTerms } from '../../../server/src/core/index/bm25';
import { buildPostings } from '../../../server/src/core/index/postings';
import { addFigure, figureBonus, figureShare, FigureOf, makeQuery, PassageList, Query, rankAll, RANK_PARAMS, rerank, Scored } from '../../../server/src/core/index/rank';
import { topIndexes } from '../../../server/src/core/index/sorted';
import { Passage } from '../../../server/src/core/types';

/**
 * rankAll's stage 1 keeps its lists in typed scratch arrays and looks up the head's held terms instead of
 * counting them per posting (issue 13, speed at 100 MB). This is the ranking it replaced, written out with
 * bm25.ts accumulate: the two must agree exactly (ids, scores, order) on any corpus, query and figure set.
 */
function rankAllReference(c: Collection, passages: PassageList, q: Query, figOf: FigureOf, limit: number): Scored[] {
  const n0 = c.docLen.length;
  const acc = new Float64Array(n0);
  const pos = new Int32Array(n0);
  const { ids, vals, held } = accumulate(c, q.cheap, acc, figOf.keys(), pos);
  const first = figOf.size ? vals.slice() : vals;
  if (figOf.size) {
    const bonus = figureBonus(vals);
    for (let j = 0; j < ids.length; j++) pos[ids[j]] = j + 1;
    for (const [id, entry] of figOf) {
      const j = pos[id] - 1;
      if (j >= 0) first[j] += figureShare(entry) * bonus;
    }
  }
  const n = RANK_PARAMS.rerank;
  const pick = topIndexes(first, Math.max(n, limit));
  if (pick.length > n) pick.sort((a, b) => first[b] - first[a] || ids[a] - ids[b]);
  const head = pick.slice(0, n);
  const top = rerank(
    c,
    passages,
    q,
    head.map((j) => ids[j]),
    figOf,
    limit,
    head.map((j) => vals[j]),
    { cheapHeld: head.map((j) => held![j]) },
  );
  for (let k = n; k < pick.length && top.length < limit; k++) {
    const j = pick[k];
    top.push({ id: ids[j], score: first[j], textScore: vals[j] });
  }
  return top;
}

const VOCAB = ['police', 'officers', 'killed', 'ambush', 'state', 'mexico', 'aid', 'billion', 'budget', 'arrests', 'capital', 'cartel', 'border', 'security'];
const textArb = fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 10 }).map((ws) => ws.join(' '));

describe('index/rank: rankAll is the exhaustive two-stage ranking', () => {
  const saved = { ...RANK_PARAMS };
  afterEach(() => Object.assign(RANK_PARAMS, saved));

  it('equals the accumulate-based ranking: segments, dead passages, duplicates, figure passages, any limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(textArb, { minLength: 2, maxLength: 120 }),
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.boolean()), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        (base, query, figs, dead, limit, rerankN, cut) => {
          // Duplicated passages (the same text twice) tie exactly: the order at the cut must still agree.
          const texts = [...base, ...base.slice(0, base.length >> 2)];
          const docLen = new Uint16Array(texts.length);
          const split = 1 + (cut % (texts.length - 1));
          const segs = [Uint32Array.from({ length: split }, (_, i) => i), Uint32Array.from({ length: texts.length - split }, (_, i) => split + i)].map((ids) =>
            buildPostings(ids, (id) => texts[id], (id, len) => (docLen[id] = len)),
          );
          let total = 0;
          for (const l of docLen) total += l;
          const alive = new Uint8Array(texts.length).fill(1);
          for (const d of dead) alive[d % texts.length] = 0;
          let n = 0;
          for (const a of alive) n += a;
          const c: Collection = { docLen, alive, n, avgdl: total / texts.length };
          const passages = texts.map((text, id) => ({ id, n: id + 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: [] }) as Passage);
          const q = makeQuery(query, queryTerms(query, segs, Math.max(1, n)), Math.max(1, n), query);
          const figOf: FigureOf = new Map();
          for (const [id, fig, exact] of figs) figOf.set(id % texts.length, addFigure(figOf.get(id % texts.length), fig, exact));
          RANK_PARAMS.rerank = rerankN;
          const want = rankAllReference(c, passages, q, figOf, limit);
          const acc = new Float64Array(texts.length);
          const pos = new Int32Array(texts.length);
          const got = rankAll(c, passages, q, figOf, acc, pos, limit);
          assert.deepStrictEqual(got, want);
          // With no tombstone the walk may skip reading `alive` (CorpusIndex sets allAlive): the same answer.
          if (n === texts.length) assert.deepStrictEqual(rankAll({ ...c, allAlive: true }, passages, q, figOf, acc, pos, limit), want);
          assert.ok(acc.every((x) => x === 0) && pos.every((x) => x === 0), 'the scratch arrays are zeroed again');
          // A second query right after (the scratch lists are reused): the same answer again.
          assert.deepStrictEqual(rankAll(c, passages, q, figOf, acc, pos, limit), want);
        },
      ),
      { seed: 20261213, numRuns: 300 },
    );
  });

  it('grows its scratch lists past 1,024 passages and still agrees', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `police ${i % 3 === 0 ? 'ambush' : 'state'} ${i % 5 === 0 ? 'border' : 'aid'}`);
    const docLen = new Uint16Array(texts.length);
    const seg = buildPostings(Uint32Array.from(texts.keys()), (id) => texts[id], (id, len) => (docLen[id] = len));
    const c: Collection = { docLen, alive: new Uint8Array(texts.length).fill(1), n: texts.length, avgdl: docLen.reduce((a, b) => a + b, 0) / texts.length };
    const passages = texts.map((text, id) => ({ id, n: 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: [] }) as Passage);
    const q = makeQuery('ambush border aid', queryTerms('ambush border aid', [seg], texts.length), texts.length, 'ambush border aid');
    const figOf: FigureOf = new Map([[7, addFigure(undefined, 0, true)], [2999, addFigure(undefined, 0, false)]]);
    const got = rankAll(c, passages, q, figOf, new Float64Array(texts.length), new Int32Array(texts.length), 250);
    assert.strictEqual(got.length, 250);
    assert.deepStrictEqual(got, rankAllReference(c, passages, q, figOf, 250));
  });
});
