/**
 * Citation keys.
 *
 * Scheme (`makeKey`): the title is transliterated to ASCII (NFKD, combining marks
 * removed, a few letters such as ß/æ/ø/ł mapped by hand), lower-cased, apostrophes and
 * dots inside words removed ("U.S." -> "us", "AMLO's" -> "amlos"), and split on anything
 * that is not a letter or digit. Stopwords (the, a, an, of, and, or, to, in, for, on,
 * with, at, by, from, as, is, are, was, its ...) are skipped, the key starts at the first
 * word that begins with a letter (Pandoc keys must), the first three significant words
 * (each cut to 20 characters) are joined with "-", and "-YYYY" is appended when a year is
 * known. "Zacatecas-US security agreement illegal..." + 2025-11-21 ->
 * "zacatecas-us-security-2025". A title with no usable word gives "source[-YYYY]".
 * Keys match /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, a subset of Pandoc's citation keys.
 *
 * Uniqueness (`assignKeys`):
 *  1. An explicit `id` (front matter) wins; it is sanitised to a Pandoc-valid key.
 *  2. A base key used by exactly one item (and not equal to an explicit id) is kept.
 *  3. Every item whose base key is shared gets "-" + 4 base-36 characters of a FNV-1a
 *     hash of its stableId ("relative/path.txt#2"). The suffix depends only on the item's
 *     own path and ordinal, so keys survive re-ordering, re-runs and edits elsewhere.
 *  4. If a key is still taken (hash collision, duplicate ids) the later item in input
 *     order gets "-2", "-3", ... Input order is the loader's sorted path order.
 */

const STOPWORDS = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'for', 'on', 'with', 'at', 'by', 'from', 'as', 'is', 'are',
  'was', 'were', 'be', 'its', 'it', 'into', 'about', 'after', 'over', 'than', 'that', 'this', 'these', 'those',
  'his', 'her', 'their', 'our', 'not', 'but', 'has', 'have', 'had', 'will', 'de', 'la', 'el', 'los', 'las', 'y', 'en', 'del',
]);

const SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', þ: 'th', Þ: 'th', ı: 'i',
};

/** ASCII-fold: NFKD, drop combining marks, map a few letters without decomposition. */
export function toAscii(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæÆøØœŒłŁđĐðþÞı]/g, (c) => SPECIAL[c] ?? c);
}

function words(title: string): string[] {
  const t = toAscii(title)
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .replace(/([a-z0-9])\.(?=[a-z0-9])/g, '$1'); // U.S. -> us.  2.9 -> 29
  return t.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

export function makeKey(title: string, date: string | undefined): string {
  const ws = words(title);
  const picked: string[] = [];
  for (const w of ws) {
    if (STOPWORDS.has(w)) continue;
    if (picked.length === 0 && !(w.charCodeAt(0) >= 97 && w.charCodeAt(0) <= 122)) continue;
    picked.push(w.length > 20 ? w.slice(0, 20) : w);
    if (picked.length === 3) break;
  }
  let key = picked.length > 0 ? picked.join('-') : 'source';
  const y = date ? /^(\d{4})/.exec(date) : null;
  if (y) key += '-' + y[1];
  return key;
}

/** Make an explicit id Pandoc-valid: keep [A-Za-z0-9_] and single internal -_:. ; must start with a letter. */
export function sanitizeId(id: string): string {
  let s = toAscii(id.trim())
    .replace(/[^A-Za-z0-9_:.\-]+/g, '-')
    .replace(/([-_:.])[-_:.]+/g, '$1')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/[-_:.]+$/, '');
  if (!s) s = 'source';
  return s;
}

/** FNV-1a 32-bit. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 4 base-36 characters from the hash of a stable id. */
export function shortHash(stableId: string): string {
  return (fnv1a(stableId) % 1679616).toString(36).padStart(4, '0');
}

export interface KeyItem {
  baseKey: string;
  id?: string;
  stableId: string;
}

/**
 * Unique keys for `items`, in the same order. `external` holds keys and base keys
 * of sources that are not in `items` (used when one file is re-indexed on its own):
 * a base key found there is treated as shared, exactly as in a full load.
 */
export function assignKeys(items: KeyItem[], external?: ReadonlySet<string>): string[] {
  const out: string[] = new Array(items.length);
  const used = new Set<string>();
  const ids = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const id = items[i].id;
    if (id !== undefined && id.trim()) {
      const k = sanitizeId(id);
      ids.add(k);
    }
  }
  const counts = new Map<string, number>();
  for (const it of items) {
    if (it.id !== undefined && it.id.trim()) continue;
    counts.set(it.baseKey, (counts.get(it.baseKey) ?? 0) + 1);
  }
  const claim = (k: string): string => {
    let key = k;
    for (let n = 2; used.has(key); n++) key = `${k}-${n}`;
    used.add(key);
    return key;
  };
  // Explicit ids first, so they win over generated keys.
  for (let i = 0; i < items.length; i++) {
    const id = items[i].id;
    if (id !== undefined && id.trim()) out[i] = claim(sanitizeId(id));
  }
  for (let i = 0; i < items.length; i++) {
    if (out[i] !== undefined) continue;
    const it = items[i];
    const shared = (counts.get(it.baseKey) ?? 0) > 1 || ids.has(it.baseKey) || (external?.has(it.baseKey) ?? false);
    out[i] = claim(shared ? `${it.baseKey}-${shortHash(it.stableId)}` : it.baseKey);
  }
  return out;
}
