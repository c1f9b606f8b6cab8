/**
 * The streamed cold build (issues 11 and 13): sources tokenized and stored as the loader
 * reads them must give exactly the index the old path gave (load everything, then
 * addSources), whatever the batches.
 */
import * as assert from 'assert';
import * as path from 'path';
import fc from 'fast-check';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { KeyRegistry, KeyRequest } from '../../../server/src/core/corpus/registry';
import { fingerprint } from '../../../server/src/core/corpus/keyfile';
import { extractFigures } from '../../../server/src/core/figures';
import { buildFigureBuckets, FIG_INDEX, FIG_RANGE, FigureBuckets, mergeFigureBuckets } from '../../../server/src/core/index/figureIndex';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { buildPostings, PostingsBuilder, TermDict, TermPostings } from '../../../server/src/core/index/postings';
import { StoredPassage } from '../../../server/src/core/index/passageStore';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { figureIndexBucket } from '../../../server/src/core/figures/match';
import { tokenize } from '../../../server/src/core/text/tokens';
import { Passage, Source } from '../../../server/src/core/types';

const ROOT = path.resolve(__dirname, '../../../..');

/** Every term's posting list as [id, tf] pairs, and the segment's terms in order. */
function dump(t: TermPostings): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const term of t.keys()) {
    const p = t.get(term)!;
    const l: [number, number][] = [];
    for (let i = p.from; i < p.to; i++) l.push([p.ids[i], p.tfs[i]]);
    out[term] = l;
  }
  return out;
}

/** The postings of the old build, written plainly: tokenize each text, count. */
function referencePostings(ids: number[], texts: string[]): { lists: Record<string, [number, number][]>; lens: number[] } {
  const lists: Record<string, [number, number][]> = {};
  const lens: number[] = [];
  ids.forEach((id, k) => {
    const toks = tokenize(texts[k]);
    lens.push(Math.min(toks.length, 65535));
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) (lists[t] ??= []).push([id, Math.min(n, 65535)]);
  });
  return { lists, lens };
}

/** The figure buckets of the old build, written plainly. */
function referenceBuckets(ids: number[], passages: Passage[]): Record<string, [number, number, number][]> {
  const out: Record<string, [number, number, number][]> = {};
  ids.forEach((id, k) => {
    passages[k].figures.forEach((f, j) => {
      const l = (out[figureIndexBucket(f)] ??= []);
      if (f.high === undefined) l.push([f.value, id, j]);
      else l.push([f.value, id, j | FIG_RANGE], [f.high, id, j | FIG_RANGE]);
    });
  });
  for (const l of Object.values(out)) l.sort((a, b) => a[0] - b[0]); // stable: equal values keep passage order
  return out;
}

function dumpBuckets(b: FigureBuckets): Record<string, [number, number, number][]> {
  const out: Record<string, [number, number, number][]> = {};
  for (const [name, x] of b) out[name] = Array.from(x.values, (v, i) => [v, x.ids[i], x.fig[i]]);
  return out;
}

const WORDS = ['police', 'officers', 'officer', 'killed', 'the', 'of', 'a', 'budget', 'Budget', 'año', 'niños', '15', '1,500', '3.5%', '$4', 'million', 'x', 'état', 'running', 'runs'];
const text = fc.array(fc.constantFrom(...WORDS, ' ', ', ', '. ', '\n'), { maxLength: 40 }).map((a) => a.join(' '));

describe('index: postings and figure buckets built one passage at a time', () => {
  it('PostingsBuilder gives the terms of tokenize, counted, lengths included, for any texts and ids, word cache or not (property)', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.nat(50), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (texts, base, drop) => {
        const ids = texts.map((_, k) => base + k * 2);
        const dict = new TermDict();
        const b = new PostingsBuilder(dict);
        const lens = texts.map((t, k) => {
          if (drop[k]) dict.dropWords(); // the word cache is only a cache
          return b.add(t);
        });
        const got = dump(b.finish(ids));
        const ref = referencePostings(ids, texts);
        assert.deepStrictEqual(got, ref.lists);
        assert.deepStrictEqual(lens, ref.lens);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('the word table gives every word the id of its tokenize term, past its growth and rehashes (thousands of words, mixed scripts)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'e', 's', 'd', 'i', 'n', 'g', 'ñ', 'é', 'ö', '1', '2'), minLength: 2, maxLength: 14 }), { minLength: 3000, maxLength: 3000 }), (ws) => {
        const dict = new TermDict();
        const table = dict.wordTable;
        const ref = new TermDict();
        for (const round of [0, 1]) {
          ws.forEach((w, k) => {
            const lower = `.${w}.`;
            const got = table.lookup(lower, 1, lower.length - 1);
            const terms = tokenize(w);
            const want = terms.length === 0 ? -1 : ref.intern(terms[0]);
            assert.strictEqual(got === -1 ? -1 : dict.names[got], want === -1 ? -1 : ref.names[want], `word ${k} ${w} (round ${round})`);
          });
        }
        assert.ok(table.size > 1024, 'grew past its first size');
      }),
      { numRuns: 5, seed: 17 },
    );
  });

  it('builders sharing one dictionary (two segments) each hold only their own passages', () => {
    const dict = new TermDict();
    const a = buildPostings(Uint32Array.from([0, 1]), (id) => ['police budget', 'officers killed'][id], () => {}, dict);
    const b = buildPostings(Uint32Array.from([2]), () => 'budget of schools, new words arrive', () => {}, dict);
    assert.deepStrictEqual(dump(a), { police: [[0, 1]], budget: [[0, 1]], officer: [[1, 1]], kill: [[1, 1]] });
    assert.deepStrictEqual(dump(b), { budget: [[2, 1]], school: [[2, 1]], new: [[2, 1]], word: [[2, 1]], arrive: [[2, 1]] });
    assert.throws(() => new PostingsBuilder(dict).finish([1]), /postings of 0 passages given 1 ids/);
  });

  it('figure buckets: every figure under its bucket, ranges under both ends, sorted by value, passage order kept among equals (property)', () => {
    const figText = fc.array(fc.constantFrom('15', '1,500', '3.5%', '$4 million', '60 to 70 percent', '7', '15 km', 'two-thirds', 'the', 'police'), { maxLength: 8 }).map((a) => a.join(' and '));
    fc.assert(
      fc.property(fc.array(figText, { maxLength: 10 }), (texts) => {
        const passages = texts.map((t, k) => ({ id: k, n: 1, text: t, startLine: 0, endLine: 0, startOffset: 0, figures: extractFigures(t) }));
        const ids = passages.map((_, k) => 3 * k + 1);
        const got = dumpBuckets(buildFigureBuckets(Uint32Array.from(ids), (id) => passages[(id - 1) / 3]));
        assert.deepStrictEqual(got, referenceBuckets(ids, passages));
        for (const l of Object.values(got)) for (const [, , f] of l) assert.ok((f & FIG_INDEX) < 8);
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('merged buckets: alive entries of every segment, sorted by value, ties in segment then passage order (property)', () => {
    const figText = fc.array(fc.constantFrom('15', '15.0', '1,500', '3.5%', '$4 million', '60 to 70 percent', '7', '7 km'), { maxLength: 5 }).map((a) => a.join(' and '));
    fc.assert(
      fc.property(fc.array(fc.array(figText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (segs, live) => {
        const all: Passage[] = [];
        const parts = segs.map((texts) => {
          const ids = texts.map((t) => {
            all.push({ id: all.length, n: 1, text: t, startLine: 0, endLine: 0, startOffset: 0, figures: extractFigures(t) });
            return all.length - 1;
          });
          return buildFigureBuckets(Uint32Array.from(ids), (id) => all[id]);
        });
        const alive = Uint8Array.from(all, (_, i) => (live[i % live.length] ? 1 : 0));
        const want = referenceBuckets(
          all.map((p) => p.id).filter((id) => alive[id]),
          all.filter((p) => alive[p.id]),
        );
        const got = dumpBuckets(mergeFigureBuckets(parts, alive));
        for (const name of Object.keys(got)) if (got[name].length === 0) delete got[name];
        assert.deepStrictEqual(got, want);
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});

/** What an index holds, for comparing two builds: flat postings, lengths, buckets, and every passage's text and figures. */
function contents(ix: CorpusIndex) {
  const snap = ix.toSnapshot();
  return {
    terms: snap.terms,
    termStart: Array.from(snap.termStart),
    postIds: Array.from(snap.postIds),
    postTfs: Array.from(snap.postTfs),
    docLen: Array.from(snap.docLen),
    buckets: snap.buckets.map((b) => ({ name: b.name, values: Array.from(b.values), ids: Array.from(b.ids), fig: Array.from(b.fig) })),
    sources: snap.sources.map((s) => ({ key: s.key, title: s.title, file: s.file, passages: s.passages.map((p) => ({ id: p.id, n: p.n, text: p.text, startLine: p.startLine, startOffset: p.startOffset, figures: p.figures })) })),
  };
}

async function seedSources(): Promise<Source[]> {
  return (await loadCorpus(['seeds'], { baseDir: ROOT })).sources;
}

describe('CorpusIndex.stream: sources indexed as they are read', () => {
  it('flushed once, gives exactly the index addSources gives', async () => {
    const a = new CorpusIndex();
    a.addSources(await seedSources());
    const b = new CorpusIndex();
    const sink = b.stream();
    for (const s of await seedSources()) sink.add([s]);
    assert.strictEqual(b.passageCount, 0, 'nothing is searchable before the flush');
    sink.flush();
    assert.deepStrictEqual(contents(b), contents(a));
    assert.ok(b.sources().every((s) => s.passages.every((p) => p instanceof StoredPassage)), 'every passage lives in the store');
  });

  it('flushed at any points, then compacted, gives the same index (property over batch cuts)', async () => {
    const whole = new CorpusIndex();
    whole.addSources(await seedSources());
    const want = contents(whole);
    const n = (await seedSources()).length;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 4 }), async (cuts) => {
        const ix = new CorpusIndex();
        const sink = ix.stream();
        const sources = await seedSources();
        sources.forEach((s, i) => {
          if (cuts.includes(i)) sink.flush();
          sink.add([s]);
        });
        sink.flush();
        assert.strictEqual(ix.segmentCount, cuts.length + 1);
        ix.compact();
        assert.deepStrictEqual(contents(ix), want);
      }),
      { numRuns: 12, seed: 14 },
    );
  });

  it('a source replaced (same key) while streaming is tombstoned as addSources does', async () => {
    const [s1, s2] = await seedSources();
    const ix = new CorpusIndex();
    const sink = ix.stream();
    sink.add([s1]);
    sink.flush();
    sink.add([{ ...s2, key: s1.key }]);
    sink.flush();
    assert.strictEqual(ix.sourceCount, 1);
    assert.strictEqual(ix.passageCount, s2.passages.length);
    assert.strictEqual(ix.byKey(s1.key)!.title, s2.title);
  });
});

describe('loadIndex: the streamed load gives the index the load-then-index path gave', () => {
  it('cold, in one go and progressively (batches, then compact): same keys, passages, postings and buckets', async () => {
    const old = new CorpusIndex();
    old.addSources(await seedSources());
    const want = contents(old);
    const once = await loadIndex(['seeds'], ROOT);
    assert.deepStrictEqual(contents(once.index), want);
    const progressive = await loadIndex(['seeds'], ROOT, { index: new CorpusIndex() });
    assert.deepStrictEqual(contents(progressive.index), want);
  });

  it('a streamed load leaves no passage text in the loader: every passage is a store view', async () => {
    const r = await loadIndex(['seeds'], ROOT);
    const all = r.index.sources().flatMap((s) => s.passages);
    assert.ok(all.length > 50);
    assert.ok(all.every((p) => p instanceof StoredPassage));
    assert.strictEqual(r.index.storedPassages, all.length, 'each passage stored once');
  });
});

describe('KeyRegistry: an article is fingerprinted once', () => {
  it('uses the fingerprint the loader computed, and computes a missing one once for provisional and final keys', () => {
    let reads = 0;
    const passages = [
      {
        get text() {
          reads++;
          return 'Three suspects have been charged.';
        },
      },
    ];
    const req: KeyRequest = { file: '/c/a.txt', ordinal: 1, title: 'Suspects charged', date: '2021-03-18', passages };
    const reg = new KeyRegistry(['/c'], '/c');
    reg.provisional([req], new Set());
    reg.assignAll([req]);
    assert.strictEqual(reads, 1, 'hashed once, not once per assignment');
    assert.strictEqual(req.fingerprint, fingerprint([{ text: 'Three suspects have been charged.' }]));
  });

});
