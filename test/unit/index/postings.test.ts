import * as assert from 'assert';
import { buildPostings, flattenPostings, mergePostings, postingsFromFlat, TermDict, TermPostings } from '../../../server/src/core/index/postings';

function listOf(t: TermPostings, term: string): [number, number][] {
  const p = t.get(term);
  if (!p) return [];
  const out: [number, number][] = [];
  for (let i = p.from; i < p.to; i++) out.push([p.ids[i], p.tfs[i]]);
  return out;
}

describe('index: postings', () => {
  const texts: Record<number, string> = { 0: 'Police officers killed; officers mourned.', 1: 'Arrests by police.', 2: 'Budget of the police and budget of schools.' };

  it('lists each term with passage ids (ascending) and term frequencies, and reports lengths', () => {
    const lens: Record<number, number> = {};
    const t = buildPostings(Uint32Array.from([0, 1, 2]), (id) => texts[id], (id, len) => (lens[id] = len));
    assert.deepStrictEqual(listOf(t, 'police'), [
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    assert.deepStrictEqual(listOf(t, 'officer'), [[0, 2]], 'stemmed, counted twice');
    assert.deepStrictEqual(listOf(t, 'budget'), [[2, 2]]);
    assert.deepStrictEqual(listOf(t, 'the'), [], 'stop words are not indexed');
    assert.deepStrictEqual(lens, { 0: 5, 1: 2, 2: 4 });
  });

  it('merges segments, dropping dead passages, and round-trips through flat arrays', () => {
    const dict = new TermDict();
    const a = buildPostings(Uint32Array.from([0, 1]), (id) => texts[id], () => {}, dict);
    const b = buildPostings(Uint32Array.from([2]), (id) => texts[id], () => {}, dict);
    const alive = Uint8Array.from([1, 0, 1]);
    const m = mergePostings([a, b], alive);
    assert.deepStrictEqual(listOf(m, 'police'), [
      [0, 1],
      [2, 1],
    ]);
    assert.strictEqual(m.has('arrest'), false, 'a term only in dead passages is gone');
    const back = postingsFromFlat(flattenPostings(m), 3);
    for (const term of m.keys()) assert.deepStrictEqual(listOf(back, term), listOf(m, term));
    assert.throws(() => postingsFromFlat(flattenPostings(m), 2), /past the passages/);
    const flat = flattenPostings(m);
    flat.termStart[flat.terms.length] += 1;
    assert.throws(() => postingsFromFlat(flat, 3), /inconsistent/);
  });

  it('interns each term once for all segments, and keeps no object per term', () => {
    const dict = new TermDict();
    const a = buildPostings(Uint32Array.from([0]), (id) => texts[id], () => {}, dict);
    const before = dict.size;
    const b = buildPostings(Uint32Array.from([1]), (id) => texts[id], () => {}, dict);
    assert.strictEqual(dict.size, before + 1, 'only "arrest" is new: "police" is shared');
    assert.deepStrictEqual([...b.keys()].sort(), ['arrest', 'police']);
    assert.strictEqual(a.get('arrest'), undefined, 'a term interned later is not in an earlier segment');
    assert.deepStrictEqual(listOf(b, 'police'), [[1, 1]]);
    assert.throws(() => mergePostings([a, buildPostings(Uint32Array.from([2]), (id) => texts[id], () => {})], Uint8Array.from([1, 1, 1])), /different term dictionaries/);
  });

  it('flattens without copying, and refuses flat arrays with a term twice or lists out of order', () => {
    const t = buildPostings(Uint32Array.from([0, 1, 2]), (id) => texts[id], () => {});
    const flat = flattenPostings(t);
    assert.strictEqual(flat.postIds, t.ids, 'the cache writes the segment\'s own arrays');
    assert.strictEqual(flat.termStart, t.start);
    const twice = { ...flat, terms: flat.terms.map((x, i) => (i === 1 ? flat.terms[0] : x)) };
    assert.throws(() => postingsFromFlat(twice, 3), /a term twice/);
    const order = { ...flat, termStart: flat.termStart.slice() };
    order.termStart[1] = order.termStart[2] + 1;
    assert.throws(() => postingsFromFlat(order, 3), /inconsistent/);
    assert.throws(() => postingsFromFlat(flat, 3, t.dict), /not empty/);
  });
});

describe('index: TermDict (typed-array hash table)', () => {
  it('interns and finds as a Map would, through many rehashes, ids dense in order of first sight', () => {
    const dict = new TermDict();
    const ref = new Map<string, number>();
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const letters = 'abcdefghijklmnopqrstuvwxyzéü0123456789';
    for (let i = 0; i < 20000; i++) {
      let w = '';
      const n = 1 + Math.floor(rnd() * 14);
      for (let k = 0; k < n; k++) w += letters[Math.floor(rnd() * letters.length)];
      const want = ref.get(w) ?? ref.size;
      if (!ref.has(w)) ref.set(w, want);
      assert.strictEqual(dict.intern(w), want, w);
    }
    assert.strictEqual(dict.size, ref.size);
    for (const [w, id] of ref) {
      assert.strictEqual(dict.find(w), id, w);
      assert.strictEqual(dict.names[id], w);
    }
    for (const w of ['', 'not-a-term', 'zzzzzzzzzzzzzzzzzzzz']) if (!ref.has(w)) assert.strictEqual(dict.find(w), undefined, w);
  });

  it('keeps its own copy of a long term, equal to it', () => {
    const text = 'x'.repeat(1000) + 'internationalisation' + 'y'.repeat(1000);
    const term = text.slice(1000, 1020);
    const dict = new TermDict();
    const id = dict.intern(term);
    assert.strictEqual(dict.names[id], 'internationalisation');
    assert.strictEqual(dict.find('internationalisation'), id);
  });

  it('loadNames (a cache read) gives the ids, lookups and later interns that interning one by one gives', () => {
    // Enough names for several doublings of the table, some sharing a hash slot's neighbourhood.
    const names = [...new Set(Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `t${i}` : i % 3 === 1 ? `long-term-number-${i}-x` : String.fromCharCode(97 + (i % 26)) + i.toString(36))))];
    assert.ok(names.length > 4000);
    const one = new TermDict();
    for (const n of names) one.intern(n);
    const bulk = new TermDict();
    assert.strictEqual(bulk.loadNames(names), true);
    assert.deepStrictEqual(bulk.names, one.names);
    for (let i = 0; i < names.length; i += 7) assert.strictEqual(bulk.find(names[i]), i);
    assert.strictEqual(bulk.find('absent'), undefined);
    for (const extra of ['new-a', 'new-b', names[42]]) assert.strictEqual(bulk.intern(extra), one.intern(extra), extra);
    assert.strictEqual(bulk.size, names.length + 2);
    assert.strictEqual(one.size, names.length + 2);
  });

  it('loadNames refuses a name given twice, and a dictionary that is not empty', () => {
    assert.strictEqual(new TermDict().loadNames(['a1', 'b2', 'a1']), false);
    const d = new TermDict();
    d.intern('x1');
    assert.throws(() => d.loadNames(['y2']), /not empty/);
    assert.throws(() => postingsFromFlat({ terms: ['a1', 'a1'], termStart: Uint32Array.from([0, 1, 2]), postIds: Uint32Array.from([0, 1]), postTfs: Uint16Array.from([1, 1]) }, 2), /a term twice/);
  });
});
