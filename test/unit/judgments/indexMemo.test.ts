/**
 * The memo of answers read from the index (judgments/indexMemo.ts), shared by the citation,
 * nearest-key, suggestion and quotation lookups: per index, emptied when the index changes,
 * bounded, and never keeping a slice of the text its key came from.
 */
import * as assert from 'assert';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { IndexMemo } from '../../../server/src/core/judgments/indexMemo';
import { Source } from '../../../server/src/core/types';

const source = (key: string, file: string): Source => ({
  key,
  title: key,
  file,
  startLine: 0,
  endLine: 0,
  passages: [{ id: 0, text: `The council counted ${key.length} officers.`, start: 0, end: 10, figures: [] } as unknown as Source['passages'][number]],
});

describe('IndexMemo', () => {
  it('keeps answers per index and drops them when the index changes', () => {
    const memo = new IndexMemo<string>(10);
    const a = new CorpusIndex();
    const b = new CorpusIndex();
    a.addSources([source('one', '/c/one.txt')]);
    memo.of(a).set('q', 'from a');
    assert.strictEqual(memo.of(a).get('q'), 'from a');
    assert.strictEqual(memo.of(b).get('q'), undefined, 'another index has its own table');
    a.addSources([source('two', '/c/two.txt')]);
    assert.strictEqual(memo.of(a).get('q'), undefined, 'a changed index starts empty');
  });

  it('is bounded: a full table is emptied before the next answer goes in', () => {
    const memo = new IndexMemo<number>(3);
    const t = memo.of(new CorpusIndex());
    for (let i = 0; i < 3; i++) t.set(`k${i}`, i);
    assert.strictEqual(t.size, 3);
    t.set('k3', 3);
    assert.strictEqual(t.size, 1);
    assert.strictEqual(t.get('k3'), 3);
    assert.strictEqual(t.get('k0'), undefined);
  });

  it('finds an answer by an equal key made from another string (a slice of a draft as the key)', () => {
    const memo = new IndexMemo<string>(10);
    const index = new CorpusIndex();
    const draft = 'x'.repeat(1000) + 'the key' + 'y'.repeat(1000);
    memo.of(index).set(draft.slice(1000, 1007), 'answer');
    assert.strictEqual(memo.of(index).get(['the', 'key'].join(' ')), 'answer');
  });
});
