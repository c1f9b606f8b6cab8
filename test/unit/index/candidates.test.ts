import * as assert from 'assert';
import fc from 'fast-check';
import { Collection, queryTerms } from '../../../server/src/core/index/bm25';
import { narrowPool, scorePool } from '../../../server/src/core/index/candidates';
import { buildPostings } from '../../../server/src/core/index/postings';
import { makeQuery, Query, rerank } from '../../../server/src/core/index/rank';
import { Passage } from '../../../server/src/core/types';

const VOCAB = ['police', 'officers', 'killed', 'ambush', 'state', 'mexico', 'aid', 'billion', 'budget', 'arrests', 'capital', 'cartel', 'border', 'security', 'initiative'];

/** A collection of passages over a small vocabulary (so terms are both rare and common), as the index builds it. */
function collectionOf(texts: string[], dead: Set<number> = new Set()) {
  const docLen = new Uint16Array(texts.length);
  const seg = buildPostings(
    Uint32Array.from(texts, (_, i) => i),
    (id) => texts[id],
    (id, len) => (docLen[id] = len),
  );
  const alive = Uint8Array.from(texts, (_, i) => (dead.has(i) ? 0 : 1));
  let total = 0;
  for (const l of docLen) total += l;
  const c: Collection = { docLen, alive, n: texts.length - dead.size, avgdl: total / Math.max(1, texts.length) };
  const passages = texts.map((text, id) => ({ id, n: id + 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: [] }) as Passage);
  return { c, seg, passages };
}

const textArb = fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));

describe('index/candidates: scoring the passages stating a figure', () => {
  it('scorePool gives exactly rerank’s scores and order with no re-reading and stage-1 terms (property)', () => {
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 60 }), textArb, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (texts, query, picks, limit) => {
        const { c, seg, passages } = collectionOf(texts, new Set(picks.slice(0, 2).map((p) => p % texts.length)));
        const q = makeQuery(query, queryTerms(query, [seg], c.n), c.n);
        const pool = [...new Set(picks.map((p) => p % texts.length))];
        const pos = new Int32Array(texts.length);
        const got = scorePool(c, q, pool, pos, limit);
        const want = rerank(c, passages, q, pool, undefined, limit, undefined, { proximity: 0, allTerms: false }).map(({ id, score }) => ({ id, score }));
        assert.deepStrictEqual(got, want);
        assert.ok(pos.every((x) => x === 0), 'the scratch array is zeroed again');
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('scorePool gives rerank’s scores with two segments, pools in any order and pools larger than its scratch (property)', () => {
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 2, maxLength: 160 }), textArb, fc.array(fc.nat(), { maxLength: 140 }), fc.integer({ min: 1, max: 8 }), fc.nat(), (texts, query, picks, limit, cut) => {
        // Two segments (as after an edit): a term's postings are two lists, each in id order.
        const docLen = new Uint16Array(texts.length);
        const split = 1 + (cut % (texts.length - 1));
        const segs = [Uint32Array.from({ length: split }, (_, i) => i), Uint32Array.from({ length: texts.length - split }, (_, i) => split + i)].map((ids) =>
          buildPostings(ids, (id) => texts[id], (id, len) => (docLen[id] = len)),
        );
        let total = 0;
        for (const l of docLen) total += l;
        const c: Collection = { docLen, alive: new Uint8Array(texts.length).fill(1), n: texts.length, avgdl: total / texts.length };
        const passages = texts.map((text, id) => ({ id, n: id + 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: [] }) as Passage);
        const q = makeQuery(query, queryTerms(query, segs, c.n), c.n);
        const pool = [...new Set(picks.map((p) => p % texts.length))];
        const got = scorePool(c, q, pool, new Int32Array(texts.length), limit);
        const want = rerank(c, passages, q, pool, undefined, limit, undefined, { proximity: 0, allTerms: false }).map(({ id, score }) => ({ id, score }));
        assert.deepStrictEqual(got, want);
        // The same pool after a larger one (the scratch grew and holds old values): the same answer.
        assert.deepStrictEqual(scorePool(c, q, pool, new Int32Array(texts.length), limit), want);
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });

  it('scorePool walks a rare term’s postings and searches a common one, with the same sums', () => {
    // 200 passages hold "police"; 3 hold "ambush": with a pool of 4, "ambush" is walked, "police" searched.
    const texts = Array.from({ length: 200 }, (_, i) => (i % 70 === 0 ? 'police ambush killed' : `police state ${i % 7 === 0 ? 'border' : 'aid'}`));
    const { c, seg, passages } = collectionOf(texts);
    const q = makeQuery('police ambush border', queryTerms('police ambush border', [seg], c.n), c.n);
    const pool = [0, 7, 70, 140];
    const got = scorePool(c, q, pool, new Int32Array(texts.length), 4);
    const want = rerank(c, passages, q, pool, undefined, 4, undefined, { proximity: 0, allTerms: false }).map(({ id, score }) => ({ id, score }));
    assert.deepStrictEqual(got, want);
    assert.deepStrictEqual(
      got.map((r) => r.id),
      [0, 70, 140, 7],
    );
  });

  it('narrowPool marks each candidate set once and never zeroes: the same pools as marking and zeroing per call (property)', () => {
    /** The narrowing as it was (positions + 1 written into a zeroed array per call, zeroed again). */
    function narrowReference(q: Query, candidates: Uint32Array, n: number, limit: number): { ids: number[]; at: number[] } {
      if (candidates.length <= 64) return { ids: Array.from(candidates), at: Array.from(candidates, (_, i) => i) };
      const pos = new Int32Array(n);
      for (let i = 0; i < candidates.length; i++) pos[candidates[i]] = i + 1;
      const picked = new Set<number>();
      for (const t of q.terms.slice(0, 4)) for (const p of t.lists) for (let i = p.from; i < p.to && picked.size < 48; i++) if (pos[p.ids[i]]) picked.add(pos[p.ids[i]] - 1);
      for (let i = 0; picked.size < limit && i < candidates.length; i++) picked.add(i);
      const at = [...picked];
      return { ids: at.map((k) => candidates[k]), at };
    }
    const texts = Array.from({ length: 400 }, (_, i) => [VOCAB[i % VOCAB.length], VOCAB[(i * 7) % VOCAB.length], VOCAB[(i * 13 + 5) % VOCAB.length]].join(' '));
    const { c, seg } = collectionOf(texts);
    const pos = new Int32Array(texts.length);
    fc.assert(
      fc.property(fc.array(fc.tuple(textArb, fc.array(fc.nat(399), { minLength: 65, maxLength: 300 }), fc.integer({ min: 1, max: 8 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (asks) => {
        let last: Uint32Array | undefined;
        for (const [query, picks, limit, again] of asks) {
          // The same array asked twice in a row (a sentence's figures share a memoised set), or a new one (repeated ids allowed).
          const candidates = again && last ? last : Uint32Array.from(picks);
          last = candidates;
          const q = makeQuery(query, queryTerms(query, [seg], c.n), c.n);
          assert.deepStrictEqual(narrowPool(q, candidates, pos, limit), narrowReference(q, candidates, texts.length, limit));
          assert.ok(pos.every((x) => x === 0), 'the shared position scratch is left zeroed');
        }
      }),
      { seed: 20261214, numRuns: 300 },
    );
    // A set too large for the marks' 16-bit positions takes the per-call path, with the same answer.
    const huge = Uint32Array.from({ length: 70000 }, (_, i) => i % texts.length);
    const q = makeQuery('ambush cartel border', queryTerms('ambush cartel border', [seg], c.n), c.n);
    assert.deepStrictEqual(narrowPool(q, huge, pos, 6), narrowReference(q, huge, texts.length, 6));
    assert.ok(pos.every((x) => x === 0));
  });
});
