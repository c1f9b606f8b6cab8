/**
 * The existing keys nearest to an unknown one, memoised per index version: a draft that
 * cites the same unknown key in every paragraph asks once, not once per citation (the
 * search compares the key with every key in the corpus).
 */
import { CorpusIndex } from '../index/index';

const MEMO_MAX = 1000;
const memo = new WeakMap<CorpusIndex, { version: number; near: Map<string, string[]> }>();

export function nearestKeysOf(index: CorpusIndex, key: string, n: number): string[] {
  let m = memo.get(index);
  if (!m || m.version !== index.version) memo.set(index, (m = { version: index.version, near: new Map() }));
  const id = `${n}\u0000${key}`;
  let near = m.near.get(id);
  if (!near) {
    near = index.nearestKeys(key, n);
    if (m.near.size >= MEMO_MAX) m.near.clear();
    m.near.set(id, near);
  }
  return near.slice();
}
