/**
 * The words of a lower-cased text to index term ids, without making a string
 * per word (issue 11: the cold build's largest single cost was looking up
 * 1.7 million freshly sliced word strings on Reuters, and the garbage they made).
 *
 * An open-addressing hash table keyed by the word's characters (FNV-1a over
 * the code units of `lower[start, end)`), each entry holding the word once and
 * its term id, or -1 for a stop word. A word not seen before is sliced once,
 * and its term is tokenize's (termOfWordFresh: termOfWord unmemoised), so the ids are exactly those of
 * `dict.intern(term)` for tokenize's terms (a property test holds them equal).
 */
import { termOfWordFresh } from '../text/tokens';
import { fnv1a, slotTable } from './hashSlots';
import type { TermDict } from './postings';

export class WordIds {
  private words: string[] = [];
  private hashes = new Uint32Array(1024);
  private ids = new Int32Array(1024);
  /** Slot -> entry index + 1 (0: empty); a power of two, at most half full. */
  private table = new Int32Array(2048);

  constructor(private readonly dict: TermDict) {}

  /** Entries (distinct words seen). */
  get size(): number {
    return this.words.length;
  }

  /** The term id of the word `lower[start, end)` (lower-case, two or more characters), or -1 for a stop word. */
  lookup(lower: string, start: number, end: number): number {
    const h = fnv1a(lower, start, end);
    const table = this.table;
    const mask = table.length - 1;
    let s = h & mask;
    for (let e = table[s]; e !== 0; s = (s + 1) & mask, e = table[s]) {
      const k = e - 1;
      if (this.hashes[k] === h && same(this.words[k], lower, start, end)) return this.ids[k];
    }
    const w = lower.slice(start, end);
    const t = termOfWordFresh(w); // not memoised: this table is the memo while the index is built
    const id = t === null ? -1 : this.dict.intern(t);
    this.add(w.length < 13 ? w : (' ' + w).slice(1), h, id, s); // an own copy: a slice would keep the text alive
    return id;
  }

  private add(w: string, h: number, id: number, slot: number): void {
    const k = this.words.length;
    this.words.push(w);
    if (k >= this.ids.length) {
      const hs = new Uint32Array(this.ids.length * 2);
      hs.set(this.hashes);
      this.hashes = hs;
      const is = new Int32Array(this.ids.length * 2);
      is.set(this.ids);
      this.ids = is;
    }
    this.hashes[k] = h;
    this.ids[k] = id;
    this.table[slot] = k + 1;
    if ((k + 1) * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    this.table = slotTable(this.hashes, this.words.length, this.table.length * 2);
  }
}

function same(w: string, lower: string, start: number, end: number): boolean {
  if (w.length !== end - start) return false;
  for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) !== lower.charCodeAt(start + i)) return false;
  return true;
}
