/**
 * The existing keys nearest to an unknown one, memoised per index version: a draft that
 * cites the same unknown key in every paragraph asks once, not once per citation (the
 * search compares the key with every key in the corpus).
 */
import { CorpusIndex } from '../index/index';
import { IndexMemo } from './indexMemo';

const memo = new IndexMemo<string[]>(1000);

export function nearestKeysOf(index: CorpusIndex, key: string, n: number): string[] {
  const m = memo.of(index);
  const id = `${n}\u0000${key}`;
  let near = m.get(id);
  if (!near) {
    near = index.nearestKeys(key, n);
    m.set(id, near);
  }
  return near.slice();
}
