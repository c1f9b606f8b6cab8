import * as assert from 'assert';
import fc from 'fast-check';
import { idf, QueryTerm, queryTerms } from '../../../server/src/core/index/bm25';
import { buildPostings, Postings, TermDict, TermPostings } from '../../../server/src/core/index/postings';
import { makeQuery, RANK_PARAMS } from '../../../server/src/core/index/rank';

/** queryTerms as it was before issue 13's allocation cuts (a Set per query, lists grown from []). */
function queryTermsBefore(tokens: readonly string[], segments: TermPostings[], n: number): QueryTerm[] {
  const out: QueryTerm[] = [];
  for (const t of new Set(tokens)) {
    let df = 0;
    const lists: Postings[] = [];
    for (const seg of segments) {
      const p = seg.get(t);
      if (p) {
        df += p.to - p.from;
        lists.push(p);
      }
    }
    if (df === 0) continue;
    out.push({ term: t, idf: idf(Math.max(1, n), df), df, lists });
  }
  return out.sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : 1));
}

/** makeQuery's term lists as they were made before (filter, slice, a list per term). */
function partsBefore(tokens: readonly string[], terms: QueryTerm[], n: number) {
  const termIndex = new Map<string, number>();
  terms.forEach((q, i) => termIndex.set(q.term, i));
  const preds: number[][] = terms.map(() => []);
  let pairs = 0;
  let prev = -1;
  for (const t of tokens) {
    const i = termIndex.get(t);
    if (i === undefined) continue;
    if (prev >= 0 && prev !== i && !preds[i].includes(prev)) {
      preds[i].push(prev);
      pairs++;
    }
    prev = i;
  }
  const useful = terms.filter((q) => q.df <= n / 5 || n < 50);
  const cheap = (useful.length ? useful : terms.slice(0, 2)).slice(0, RANK_PARAMS.cheapTerms);
  const rest = terms.filter((t) => !cheap.includes(t));
  return { termIndex, preds, pairs, cheap, rest };
}

const WORDS = ['police', 'officer', 'budget', 'school', 'rate', 'bank', 'oil', 'price', 'share', 'mln', 'gold', 'zinc', 'unseen', 'never', '1987', '46'];

describe('index: the query made with fewer allocations (issue 13)', () => {
  const saved = { ...RANK_PARAMS };
  afterEach(() => Object.assign(RANK_PARAMS, saved));

  it('queryTerms and makeQuery give what they gave before, over one and several segments, short and long token lists', () => {
    const dict = new TermDict();
    // Two segments; a term common enough (> a fifth of passages) to be left out of stage 1 when the corpus is large.
    const texts = Array.from({ length: 300 }, (_, i) => `${WORDS[i % 7]} ${WORDS[(i * 3) % 11]} ${i % 2 ? 'bank' : ''} ${i % 50 === 0 ? 'zinc gold' : ''}`);
    const a = buildPostings(Uint32Array.from({ length: 150 }, (_, i) => i), (id) => texts[id], () => {}, dict);
    const b = buildPostings(Uint32Array.from({ length: 150 }, (_, i) => 150 + i), (id) => texts[id], () => {}, dict);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { maxLength: 90 }),
        fc.integer({ min: 0, max: 2 }).map((k): TermPostings[] => [[a], [a, b], [b, a]][k]),
        fc.constantFrom(10, 300, 3000),
        fc.integer({ min: 0, max: 6 }),
        (tokens, segs, n, cheapTerms) => {
          RANK_PARAMS.cheapTerms = cheapTerms;
          const want = queryTermsBefore(tokens, segs, n);
          const got = queryTerms(tokens, segs, n);
          assert.deepStrictEqual(got, want);
          const q = makeQuery(tokens, got, n);
          const before = partsBefore(tokens, want, n);
          assert.deepStrictEqual([...q.termIndex], [...before.termIndex]);
          assert.deepStrictEqual(q.preds, before.preds);
          assert.strictEqual(q.pairs, before.pairs);
          assert.deepStrictEqual(q.cheap, before.cheap);
          assert.deepStrictEqual(q.rest, before.rest);
          assert.deepStrictEqual(q.cheap.map((t) => got.indexOf(t)), before.cheap.map((t) => want.indexOf(t)), 'the terms given, at the same places');
        },
      ),
      { numRuns: 400 },
    );
  });
});
