/**
 * The pieces of the index's two open-addressing string tables (postings.ts TermDict: terms to
 * ids; wordIds.ts WordIds: a text's words to term ids, hashed in place): one hash and one rehash.
 * A table maps slot -> entry index + 1 (0: empty), has a power-of-two size, and probes linearly.
 */

/** FNV-1a over the code units of `s[start, end)`. */
export function fnv1a(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A slot table of `size` (a power of two) holding entries 0 .. count-1 by their `hashes`. */
export function slotTable(hashes: Uint32Array, count: number, size: number): Int32Array<ArrayBuffer> {
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let k = 0; k < count; k++) {
    let s = hashes[k] & mask;
    while (table[s] !== 0) s = (s + 1) & mask;
    table[s] = k + 1;
  }
  return table;
}
