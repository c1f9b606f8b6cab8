import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { buildFigureBuckets, findFigure, mergeFigureBuckets } from '../../../server/src/core/index/figureIndex';
import { PassageStore } from '../../../server/src/core/index/passageStore';
import { Figure, Passage } from '../../../server/src/core/types';

const passage = (id: number, text: string): Passage => ({ id, n: 1, text, startLine: 0, endLine: 0, startOffset: 0, figures: extractFigures(text) });

describe('index: figure index', () => {
  const ps = [
    passage(0, 'Mexico received US$2.9 billion under the Merida Initiative.'),
    passage(1, 'Police recorded 524 arrests and 414 deaths.'),
    passage(2, 'Small arms account for 60 to 70 percent of all arms seized.'),
    passage(3, 'About 4 billion was pledged.'),
    passage(4, 'Prices rose to 18.9 dlrs, then to 19.00 dlrs.'),
  ];
  const ids = Uint32Array.from([0, 1, 2, 3]);
  const alive = new Uint8Array(4).fill(1);
  const ids5 = Uint32Array.from([0, 1, 2, 3, 4]);
  const find = (text: string, buckets = [buildFigureBuckets(ids, (id) => ps[id])], al = alive) => {
    const seen = new Uint8Array(4);
    const r = findFigure(extractFigures(text)[0], buckets, ps, al, seen);
    assert.ok(seen.every((x) => x === 0), 'the scratch array is zeroed again');
    return [...r.ids].map((id, i) => `${id}:${ps[id].figures[r.fig[i]].text}`);
  };

  it('groups figures by kind and unit, values sorted', () => {
    const b = buildFigureBuckets(ids, (id) => ps[id]);
    assert.deepStrictEqual([...b.keys()].sort(), ['count:', 'money:USD', 'percent:%']);
    assert.deepStrictEqual([...b.get('count:')!.values], [414, 524, 4e9]);
    assert.strictEqual(b.get('percent:%')!.values.length, 2, 'a range is entered under both ends');
  });

  it('finds a value within the draft precision, never a neighbour', () => {
    assert.deepStrictEqual(find('414'), ['1:414']);
    assert.deepStrictEqual(find('415'), []);
    assert.deepStrictEqual(find('$3 billion'), ['0:US$2.9 billion'], 'the draft states billions: 2.9 rounds to 3');
  });

  it('matches plain counts and money both ways, and ranges by either end', () => {
    assert.deepStrictEqual(find('$4 billion'), ['3:4 billion']);
    assert.deepStrictEqual(find('2.9 billion'), ['0:US$2.9 billion']);
    assert.deepStrictEqual(find('70%'), ['2:60 to 70 percent']);
    assert.deepStrictEqual(find('65%'), [], 'a value inside a range was not stated');
  });

  it('skips dead passages and merges segments', () => {
    const a = buildFigureBuckets(Uint32Array.from([0, 1]), (id) => ps[id]);
    const b = buildFigureBuckets(Uint32Array.from([2, 3]), (id) => ps[id]);
    assert.deepStrictEqual(find('4 billion', [a, b]), ['3:4 billion']);
    const dead = Uint8Array.from([1, 1, 1, 0]);
    assert.deepStrictEqual(find('4 billion', [a, b], dead), []);
    const m = mergeFigureBuckets([a, b], dead);
    assert.deepStrictEqual([...m.get('count:')!.ids], [1, 1]);
    assert.deepStrictEqual(find('414', [m]), ['1:414']);
  });

  it('marks passages that state the figure exactly, and shows that statement over a looser one', () => {
    const al = new Uint8Array(5).fill(1);
    const buckets = [buildFigureBuckets(ids5, (id) => ps[id])];
    const get = (text: string) => {
      const seen = new Uint8Array(5);
      const r = findFigure(extractFigures(text)[0], buckets, ps, al, seen);
      assert.ok(seen.every((x) => x === 0), 'the scratch array is zeroed again');
      return [...r.ids].map((id, i) => `${id}:${ps[id].figures[r.fig[i]].text}:${r.exact![i]}`);
    };
    assert.deepStrictEqual(get('$3 billion'), ['0:US$2.9 billion:0'], 'within precision only');
    assert.deepStrictEqual(get('2.9 billion'), ['0:US$2.9 billion:1'], 'the same number: a count is stated by money');
    assert.deepStrictEqual(get('414'), ['1:414:1']);
    assert.deepStrictEqual(get('19 dlrs'), ['4:19.00 dlrs:1'], '18.9 comes first by value but 19.00 states it');
    assert.deepStrictEqual(get('19.0 dlrs'), ['4:19.00 dlrs:1']);
    assert.deepStrictEqual(get('about 19 dlrs'), ['4:19.00 dlrs:1'], 'a hedged figure (whole-figure path) too');
    assert.deepStrictEqual(get('70%'), ['2:60 to 70 percent:0'], 'one end of a range is a match, not the statement');
  });

  it('gives each call its own exact-size result (the collecting arrays are reused and grow past 1,024 matches)', () => {
    // 3,000 passages: a third state 19.00 after 18.9 (a loose match made exact later), a third only 18.9, a third 19.
    const many: Passage[] = [];
    for (let i = 0; i < 3000; i++) many.push(passage(i, i % 3 === 0 ? 'Prices rose to 18.9 dlrs, then to 19.00 dlrs.' : i % 3 === 1 ? 'Prices rose to 18.9 dlrs.' : 'It cost 19 dlrs.'));
    const all = Uint32Array.from(many.keys());
    const buckets = [buildFigureBuckets(all, (id) => many[id])];
    const al = new Uint8Array(3000).fill(1);
    const seen = new Uint8Array(3000);
    const run = (text: string) => {
      const r = findFigure(extractFigures(text)[0], buckets, many, al, seen);
      assert.ok(seen.every((x) => x === 0), 'the scratch array is zeroed again');
      assert.ok(r.ids.length === r.fig.length && r.fig.length === r.exact!.length && r.ids.buffer.byteLength === r.ids.byteLength, 'exact-size arrays of their own');
      return r;
    };
    const a = run('19 dlrs');
    assert.strictEqual(a.ids.length, 3000);
    const byId = new Map([...a.ids].map((id, i) => [id, `${many[id].figures[a.fig[i]].text}:${a.exact![i]}`]));
    for (let i = 0; i < 3000; i++) assert.strictEqual(byId.get(i), i % 3 === 1 ? '18.9 dlrs:0' : i % 3 === 0 ? '19.00 dlrs:1' : '19 dlrs:1', `passage ${i}`);
    const before = [...a.ids].join();
    const b = run('18.9 dlrs');
    assert.strictEqual(b.ids.length, 2000, 'the passages stating 18.9 exactly');
    assert.ok(b.exact!.every((x) => x === 1));
    assert.strictEqual([...a.ids].join(), before, 'a later call does not change an earlier result');
    assert.deepStrictEqual([...run('19 dlrs').ids], [...a.ids]);
  });

  it('finds the same passages when figures are read from the passage store columns (no figure list built)', () => {
    const store = new PassageStore();
    const more = [...ps, passage(ps.length, 'About 300 came; the score was 4-2; it is 40 km away; more than 500 left.')];
    for (const p of more) store.append(p);
    const idsAll = Uint32Array.from(more.keys());
    const buckets = [buildFigureBuckets(idsAll, (id) => more[id])];
    const scratch: Figure = { text: '', start: 0, end: 0, value: 0, unit: '', kind: 'count', precision: 0 };
    let reads = 0;
    const fromStore = (id: number, j: number) => {
      reads++;
      return store.figureInto(id, j, scratch);
    };
    const all = new Uint8Array(more.length).fill(1);
    for (const q of ['19 dlrs', 'about 19 dlrs', '$3 billion', '70%', '60 percent', '300', 'about 310', '2-4', '25 miles', '600', '4 billion', '415']) {
      const f = extractFigures(q)[0];
      const a = findFigure(f, buckets, more, all, new Uint8Array(more.length));
      const b = findFigure(f, buckets, fromStore, all, new Uint8Array(more.length));
      assert.deepStrictEqual([[...b.ids], [...b.fig], [...(b.exact ?? [])]], [[...a.ids], [...a.fig], [...(a.exact ?? [])]], q);
    }
    assert.ok(reads > 0, 'whole-figure comparisons went through the store');
    const g = store.figureInto(2, 0, scratch);
    const want = more[2].figures[0];
    assert.deepStrictEqual([g.value, g.high, g.unit, g.kind, g.precision, g.start, g.end], [want.value, want.high, want.unit, want.kind, want.precision, want.start, want.end]);
    assert.throws(() => store.figureInto(1, 5, scratch), /no figure/);
  });
});
