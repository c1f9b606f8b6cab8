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
 * Uniqueness and stability: `assignStableKeys` below, with the memory of the key file
 * (keyfile.ts, registry.ts).
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

/** 4 base-36 characters from the hash of a string (a content fingerprint). */
export function shortHash(s: string): string {
  return (fnv1a(s) % 1679616).toString(36).padStart(4, '0');
}

// ---------------------------------------------------------------- stable keys (with memory)

/** One line of the key file: the key a source got when first seen, its content fingerprint and its path. */
export interface KeyEntry {
  key: string;
  fingerprint: string;
  /** Where the source was last seen: "<key-file dir>\u0000<path relative to it>[#article]". Opaque here. */
  path: string;
}

export interface StableItem {
  /** `makeKey(title, date)`. */
  baseKey: string;
  /** Content fingerprint (see keyfile.ts): equal for the same article text wherever the file lives. */
  fingerprint: string;
  /** Same form as KeyEntry.path. */
  path: string;
  /** Front-matter `id:` or a matched bibliography entry's key: wins over everything. */
  explicit?: string;
}

export interface StableAssignment {
  /** The key of each item, in input order. */
  keys: string[];
  /** The key-file entry of each item (matched or new), in input order. */
  entries: KeyEntry[];
  /** Every entry to keep in the key file: matched ones (updated path and fingerprint), new ones, and retired ones. */
  all: KeyEntry[];
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keys that never move. `known` is the key file (memory of every key handed out);
 * `reserved` holds keys of sources that are not in `items` (other files, when one
 * file is re-indexed), `held` the entries those sources hold.
 *
 *  1. An item whose fingerprint and path match an entry keeps that entry's key; then
 *     one whose fingerprint matches (the file was moved or renamed); then one whose path
 *     and base key match (the text was edited in place, the title and year were not).
 *  2. An explicit key (front matter, bibliography) wins: the item gets it, and its
 *     entry keeps the key it had, so old citations can be pointed at the new key.
 *  3. A new item gets its base key when no entry or other item holds it, else the base
 *     key plus "-" and 4 base-36 characters hashed from its fingerprint, then "-2", "-3".
 *     New items that want one key (or a key already taken) are served in fingerprint
 *     order, so the order of files never matters.
 *  4. Two entries holding one key (a union merge of two branches) : the smaller
 *     fingerprint keeps it, the other is treated as new.
 * The earlier holder of a key is never renamed by a later source.
 */
/**
 * The key file's entries looked up by fingerprint, path and key. Built once and
 * reused for every batch of a load (see KeyRegistry.provisional): rebuilding it
 * per file made a progressive load quadratic in time and garbage.
 */
export interface KnownIndex {
  pool: KeyEntry[];
  byFp: Map<string, KeyEntry[]>;
  byPath: Map<string, KeyEntry[]>;
  byKey: Map<string, KeyEntry[]>;
}

export function indexKnown(pool: KeyEntry[]): KnownIndex {
  const byFp = new Map<string, KeyEntry[]>();
  const byPath = new Map<string, KeyEntry[]>();
  const byKey = new Map<string, KeyEntry[]>();
  const add = (m: Map<string, KeyEntry[]>, k: string, e: KeyEntry) => {
    const l = m.get(k);
    if (l) l.push(e);
    else m.set(k, [e]);
  };
  for (const e of pool) {
    add(byFp, e.fingerprint, e);
    add(byPath, e.path, e);
    add(byKey, e.key, e);
  }
  return { pool, byFp, byPath, byKey };
}

/**
 * Like assignStableKeys, but returns only the keys, with `known` indexed once
 * (`index`) and `reserved` read in place rather than copied: cost in the size of
 * `items`, not of the key file, so a load can ask for every file's keys.
 */
export function stableKeysOnly(items: StableItem[], index: KnownIndex, reserved: ReadonlySet<string>): string[] {
  return assignStableKeys(items, index.pool, { reserved, index, keysOnly: true }).keys;
}

export function assignStableKeys(
  items: StableItem[],
  known: KeyEntry[],
  opts: { reserved?: ReadonlySet<string>; held?: ReadonlySet<KeyEntry>; index?: KnownIndex; keysOnly?: boolean } = {},
): StableAssignment {
  const held = opts.held;
  const { pool, byFp, byPath, byKey } = opts.index && !held ? opts.index : indexKnown(known.filter((e) => !held || !held.has(e)));
  const claimed = new Set<KeyEntry>();
  const match: (KeyEntry | undefined)[] = new Array(items.length);
  const presentPaths = new Set(pool.length > 0 ? items.map((it) => it.path) : []);
  const take = (i: number, cands: KeyEntry[] | undefined, ok: (e: KeyEntry) => boolean) => {
    if (match[i] || !cands) return;
    const e = cands.find((c) => !claimed.has(c) && ok(c));
    if (e) {
      claimed.add(e);
      match[i] = e;
    }
  };
  if (pool.length > 0) {
    items.forEach((it, i) => take(i, byFp.get(it.fingerprint), (e) => e.path === it.path));
    items.forEach((it, i) => take(i, byFp.get(it.fingerprint), (e) => !presentPaths.has(e.path)));
    items.forEach((it, i) => take(i, byFp.get(it.fingerprint), () => true));
    items.forEach((it, i) => take(i, byPath.get(it.path), (e) => e.key === it.baseKey || e.key.startsWith(it.baseKey + '-')));
  }

  // Keys taken: by this call, by `reserved` (read in place, not copied), or by an
  // entry of the pool this call does not claim (retired entries keep their keys).
  const mine = new Set<string>();
  const reserved = opts.reserved;
  for (const e of held ?? []) mine.add(e.key);
  let retiredTaken = false; // retired entries count as taken once the matching below is done
  const used = {
    has: (k: string): boolean => mine.has(k) || !!reserved?.has(k) || (retiredTaken && !!byKey.get(k)?.some((e) => !claimed.has(e))),
    add: (k: string): void => void mine.add(k),
  };
  const keys: string[] = new Array(items.length);
  // Explicit keys first: they win.
  const explicitOf = items.map((it) => (it.explicit !== undefined && it.explicit.trim() ? sanitizeId(it.explicit) : undefined));
  items.forEach((_, i) => {
    const x = explicitOf[i];
    if (x === undefined || used.has(x)) return;
    used.add(x);
    keys[i] = x;
  });
  // Matched entries keep their key; of two entries holding one key, the smaller fingerprint wins.
  const order = items.map((_, i) => i).filter((i) => match[i]);
  order.sort((a, b) => cmpStr(match[a]!.fingerprint, match[b]!.fingerprint) || cmpStr(match[a]!.path, match[b]!.path));
  for (const i of order) {
    const e = match[i]!;
    if (used.has(e.key) && keys[i] !== e.key) {
      match[i] = undefined; // its key went to an explicit id, another file or another entry
      continue;
    }
    used.add(e.key);
    if (keys[i] === undefined) keys[i] = e.key;
  }
  // Retired entries (their sources are gone) keep their keys reserved.
  retiredTaken = true;

  const out: KeyEntry[] = new Array(items.length);
  const fresh = items.map((_, i) => i).filter((i) => !match[i]);
  // Fingerprint order decides only among new items that want one key (or a key already
  // taken); the rest keep input order, and their fingerprints are never needed here.
  const wanted = new Map<string, number>();
  for (const i of fresh) {
    const k = explicitOf[i] ?? items[i].baseKey;
    wanted.set(k, (wanted.get(k) ?? 0) + 1);
  }
  const contested = (i: number) => {
    const k = explicitOf[i] ?? items[i].baseKey;
    return wanted.get(k)! > 1 || used.has(k);
  };
  const easy = fresh.filter((i) => !contested(i));
  const hard = fresh.filter(contested);
  hard.sort((a, b) => cmpStr(items[a].fingerprint, items[b].fingerprint) || cmpStr(items[a].path, items[b].path));
  fresh.length = 0;
  fresh.push(...easy, ...hard);
  const claimKey = (stem0: string, hashed: string | undefined): string => {
    let k = stem0;
    if (used.has(k) && hashed) k = `${stem0}-${hashed}`;
    const stem = k;
    for (let n = 2; used.has(k); n++) k = `${stem}-${n}`;
    used.add(k);
    return k;
  };
  for (const i of fresh) {
    const it = items[i];
    if (keys[i] === undefined) keys[i] = explicitOf[i] !== undefined ? claimKey(explicitOf[i]!, undefined) : claimKey(it.baseKey, shortHash(it.fingerprint));
    out[i] = { key: keys[i], fingerprint: it.fingerprint, path: it.path };
  }
  for (let i = 0; i < items.length; i++) {
    if (match[i]) out[i] = { key: match[i]!.key, fingerprint: items[i].fingerprint, path: items[i].path };
  }
  if (opts.keysOnly) return { keys, entries: out, all: [] };
  // Entries claimed but displaced are dropped: their key belongs to another source now.
  const retired = pool.filter((e) => !claimed.has(e));
  const all: KeyEntry[] = [...out, ...retired, ...(held ?? [])];
  return { keys, entries: out, all };
}
