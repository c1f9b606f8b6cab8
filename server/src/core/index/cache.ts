/**
 * The persisted index cache (`.source-linked/index-v8.bin` next to the
 * workspace). An unchanged corpus loads from it instead of re-indexing; a
 * changed file is re-indexed alone. The file is trusted only when its magic,
 * version, lengths and signature check out: a corrupt, stale or foreign cache
 * is detected and rebuilt, never used.
 *
 * Layout (format 8): "SLWIDX\0" + u8 version + u32 headerLength + header JSON (settings,
 * terms, block table, text length) + 8-byte-aligned blocks (the sources' metadata as
 * columns over a string table, cacheSources.ts; the files' stamps, parsed only
 * when the cache is compared with the disk) + the passage texts (one UTF-8
 * block, offsets in bytes, in pages of textPages.ts PAGE_BYTES) + a 16-byte tag
 * per text page + a 12-byte nonce and a 16-byte Poly1305 tag of everything
 * before the texts and of the pages' tags, keyed with a secret kept outside the
 * workspace (cacheKey.ts). A cache copied or committed from another machine, or
 * edited with its checksum recomputed, fails the signature. The texts are not
 * read at load (on the 100 MB corpus they are 103 of its 220 MB): a page is
 * read and its own tag (under a key bound to the file's nonce, for that page's
 * place) checked when a passage on it is first read (textPages.ts); passages
 * and figures are columns (typed arrays) read in place by a PassageStore
 * (passageStore.ts).
 *
 * Hostile files (issue 9): the cache is opened only when `lstat` says it is a
 * regular file (not a link, FIFO or device), with O_NOFOLLOW, and only as many
 * bytes as its header says it has are read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheMacWriter, cachePageMac, NONCE_BYTES, TAG_BYTES } from './cacheKey';
import { closeQuietly } from '../text/files';
import { CacheFileParts, MAGIC, readCacheFile, readCacheFileAsync, SIG_BYTES, VERSION } from './cacheFile';
import { PagedText, PAGE_BYTES } from './textPages';
export { cacheDirProblem } from './cacheFile';
import { CachedSource } from './cachedSource';
import { decodeSources, encodeSources } from './cacheSources';
import { PassageStore, StoreColumns, StoredPassage } from './passageStore';
import { PassageTable } from './registry';
import { IndexSnapshot } from './index';

export const CACHE_FILE = `index-v${VERSION}.bin`;

export interface CacheStamp {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface CacheMeta {
  /** What the cache was built from: the resolved corpus roots and limits. */
  config: string;
  stamps: CacheStamp[];
  skipped: { file: string; reason: string }[];
  /** Signature of the key files the cached keys came from (see KeyRegistry.signature). */
  keyFiles?: string;
  /** What reading those key files reported (malformed lines): a warm start with the same key files reports it without parsing them. */
  keyProblems?: string[];
}

type BlockType = 'u8' | 'u16' | 'u32' | 'f64';
interface Header {
  meta: CacheMeta;
  /** Metadata fields with a string column each (cacheSources.ts). */
  stringFields: string[];
  /** "kind|unit" of figures, indexed by the fUnit column. */
  units: string[];
  terms: string[];
  blocks: { name: string; type: BlockType; length: number }[];
  /** The passage texts after the blocks, in pages of `pageBytes` with a tag each. */
  text: { length: number; pageBytes: number };
}

const CTOR = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

export function writeCache(dir: string, snap: IndexSnapshot, meta: CacheMeta): string {
  const src = encodeSources(snap.sources);
  const cols = passageColumns(snap);
  const blocks: { name: string; arr: Column; type: BlockType }[] = [
    { name: 'textStart', arr: cols.textStart, type: 'u32' },
    { name: 'pN', arr: cols.pN, type: 'u32' },
    { name: 'pStartLine', arr: cols.pStartLine, type: 'u32' },
    { name: 'pEndLine', arr: cols.pEndLine, type: 'u32' },
    { name: 'pStartOffset', arr: cols.pStartOffset, type: 'u32' },
    { name: 'figStart', arr: cols.figStart, type: 'u32' },
    { name: 'fStart', arr: cols.fStart, type: 'u32' },
    { name: 'fEnd', arr: cols.fEnd, type: 'u32' },
    { name: 'fValue', arr: cols.fValue, type: 'f64' },
    { name: 'fHigh', arr: cols.fHigh, type: 'f64' },
    { name: 'fPrecision', arr: cols.fPrecision, type: 'f64' },
    { name: 'fUnit', arr: cols.fUnit, type: 'u16' },
    { name: 'termStart', arr: snap.termStart, type: 'u32' },
    { name: 'postIds', arr: snap.postIds, type: 'u32' },
    { name: 'postTfs', arr: snap.postTfs, type: 'u16' },
    { name: 'docLen', arr: snap.docLen, type: 'u16' },
    ...src.blocks,
  ];
  // The files' stamps (size, mtime) only matter when the cache is compared with the disk: a block of their own,
  // parsed then, not with the header (issue 13); a file with sources is named by its file id (cacheSources.ts).
  const stamps = meta.stamps.map((x) => [src.fileId.get(x.file) ?? x.file, x.size, x.mtimeMs]);
  blocks.push({ name: 'stamps', arr: Buffer.from(JSON.stringify(stamps), 'utf8'), type: 'u8' });
  const units = cols.units;
  for (const b of snap.buckets) {
    blocks.push({ name: `v:${b.name}`, arr: b.values, type: 'f64' });
    blocks.push({ name: `i:${b.name}`, arr: b.ids, type: 'u32' });
    blocks.push({ name: `f:${b.name}`, arr: b.fig, type: 'u16' });
  }
  const text = textPieces(cols.text);
  const header: Header = {
    meta: { ...meta, stamps: [] },
    stringFields: src.stringFields,
    units,
    terms: snap.terms,
    blocks: blocks.map((b) => ({ name: b.name, type: b.type, length: b.arr.length })),
    text: { length: text.length, pageBytes: PAGE_BYTES },
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const jsonBytes = json.length;
  fs.mkdirSync(dir, { recursive: true });
  ensureGitignore(dir);
  const target = path.join(dir, CACHE_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  // Streamed out piece by piece with a running checksum: no second copy of the whole file in memory.
  try {
    fs.unlinkSync(tmp); // a leftover (or planted link) from a crashed run
  } catch {
    /* none */
  }
  const fd = fs.openSync(tmp, 'wx', 0o600);
  let done = false;
  try {
    let size = 0;
    const mac = cacheMacWriter();
    const put = (b: Uint8Array) => {
      fs.writeSync(fd, b);
      mac.update(b);
      size += b.length;
    };
    const len = Buffer.alloc(4);
    len.writeUInt32LE(jsonBytes);
    put(MAGIC);
    put(Buffer.from([VERSION]));
    put(len);
    put(json);
    for (const b of blocks) {
      const pad = (8 - (size % 8)) % 8;
      if (pad) put(Buffer.alloc(pad));
      put(new Uint8Array(b.arr.buffer, b.arr.byteOffset, b.arr.byteLength));
    }
    // The texts, page by page, each page with its own tag (not in the file's tag: the pages' tags are).
    const tags = writePages(fd, text, cachePageMac(mac.nonce));
    put(tags);
    fs.writeSync(fd, mac.nonce);
    fs.writeSync(fd, mac.tag());
    done = true;
  } finally {
    fs.closeSync(fd);
    if (!done) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* gone */
      }
    }
  }
  fs.renameSync(tmp, target); // atomic: a crash never leaves a half-written cache
  removeOlderCaches(dir);
  return target;
}

/** Caches of earlier formats in the folder (the 100 MB corpus's was 220 MB) are never read again: removed. */
function removeOlderCaches(dir: string): void {
  try {
    for (const f of fs.readdirSync(dir)) {
      const m = /^index-v(\d+)\.bin$/.exec(f);
      if (!m || Number(m[1]) >= VERSION) continue;
      const file = path.join(dir, f);
      if (fs.lstatSync(file).isFile()) fs.unlinkSync(file); // a link is left alone: never followed
    }
  } catch {
    /* raced or read-only: they only take room */
  }
}

/** The texts as pieces in order, whatever form the store gave them in. */
function textPieces(t: StoreColumns['text']): { length: number; pieces(): Iterable<Uint8Array> } {
  if (t instanceof Uint8Array) return { length: t.length, pieces: () => [t] };
  if (Array.isArray(t)) return { length: t.reduce((n, x) => n + x.length, 0), pieces: () => t };
  if (t instanceof PagedText) return { length: t.length, pieces: () => t.pieces() };
  return t;
}

/** Write the texts at the file's current end in pages of PAGE_BYTES; the pages' tags, in order. */
function writePages(fd: number, text: { length: number; pieces(): Iterable<Uint8Array> }, mac: ReturnType<typeof cachePageMac>): Buffer {
  const n = Math.ceil(text.length / PAGE_BYTES);
  const tags = Buffer.alloc(n * TAG_BYTES);
  let page = 0;
  let fill = 0;
  let w = n ? mac.writer(0) : undefined;
  let wrote = 0;
  for (const piece of text.pieces()) {
    for (let at = 0; at < piece.length; ) {
      if (!w) throw new Error('passage texts longer than announced');
      const take = Math.min(piece.length - at, PAGE_BYTES - fill);
      const part = piece.subarray(at, at + take);
      fs.writeSync(fd, part);
      w.update(part);
      at += take;
      fill += take;
      wrote += take;
      if (fill === PAGE_BYTES || wrote === text.length) {
        w.tag().copy(tags, page * TAG_BYTES);
        page++;
        fill = 0;
        w = page < n ? mac.writer(page) : undefined;
      }
    }
  }
  if (wrote !== text.length) throw new Error('passage texts shorter than announced');
  return tags;
}

/** A `.gitignore` inside the cache folder so nobody commits it by accident. */
function ensureGitignore(dir: string): void {
  const gi = path.join(dir, '.gitignore');
  try {
    fs.lstatSync(gi);
    return; // present (a link is left alone: never written through)
  } catch {
    /* missing */
  }
  try {
    fs.writeFileSync(gi, '# Source-Linked Writing index cache\n*\n', { flag: 'wx' });
  } catch {
    /* raced or read-only: the cache works without it */
  }
}

export type CacheRead = { ok: true; snapshot: IndexSnapshot; meta: CacheMeta } | { ok: false; reason: string };

export function readCache(dir: string): CacheRead {
  return partsOf(readCacheFile(path.join(dir, CACHE_FILE)));
}

/**
 * readCache with the blocks read by the thread pool and checked as they arrive (cacheFile.ts readCacheFileAsync):
 * the main thread can do other work while the file is read (issue 13, warm start). Same checks, same result.
 */
export async function readCacheAsync(dir: string): Promise<CacheRead> {
  return partsOf(await readCacheFileAsync(path.join(dir, CACHE_FILE)));
}

function partsOf(read: CacheFileParts | { reason: string }): CacheRead {
  if ('reason' in read) return { ok: false, reason: read.reason };
  // The descriptor goes to the texts' pages (closed when the index is collected) or is closed here.
  const made: { text?: PagedText } = {};
  let r: CacheRead = { ok: false, reason: 'cache unreadable' };
  try {
    r = readParts(read, made);
  } finally {
    if (!made.text) closeQuietly(read.fd);
    else if (!r.ok) made.text.close();
  }
  return r;
}

function readParts(read: CacheFileParts, made: { text?: PagedText }): CacheRead {
  const { rest, restStart, headerEnd, tail } = read;
  try {
    // The signature covers every byte before the texts (the head and header as read, then the blocks) and the pages' tags.
    if (!read.signed) return { ok: false, reason: 'cache signature mismatch (corrupt, edited, or written on another machine)' };
    const sigAt = tail.length - SIG_BYTES;
    const nonce = tail.subarray(sigAt, sigAt + NONCE_BYTES);
    const header = read.header as Header;
    let at = headerEnd; // an offset in the file
    const blocks = new Map<string, Column>();
    for (const b of header.blocks) {
      at += (8 - (at % 8)) % 8;
      const C = CTOR[b.type];
      const n = b.length * C.BYTES_PER_ELEMENT;
      if (at + n > restStart + rest.length) return { ok: false, reason: 'cache truncated' };
      blocks.set(b.name, new C(rest.buffer as ArrayBuffer, rest.byteOffset + at - restStart, b.length));
      at += n;
    }
    const need = <T extends Column>(name: string): T => {
      const b = blocks.get(name);
      if (!b) throw new Error(`cache block ${name} missing`);
      return b as T;
    };
    const [textStart, pN, pStartLine, pEndLine, pStartOffset, figStart, fStart, fEnd] = ['textStart', 'pN', 'pStartLine', 'pEndLine', 'pStartOffset', 'figStart', 'fStart', 'fEnd'].map((n) => need<Uint32Array>(n));
    const [fValue, fHigh, fPrecision] = ['fValue', 'fHigh', 'fPrecision'].map((n) => need<Float64Array>(n));
    let store: PassageStore;
    try {
      const text = (made.text = new PagedText(read.fd, read.textAt, read.textLength, Buffer.from(tail.subarray(0, sigAt)), Buffer.from(nonce)));
      store = PassageStore.fromColumns({ text, textStart, pN, pStartLine, pEndLine, pStartOffset, figStart, fStart, fEnd, fValue, fHigh, fPrecision, fUnit: need<Uint16Array>('fUnit'), units: header.units });
    } catch (e) {
      return { ok: false, reason: `cache columns are inconsistent (${(e as Error).message})` };
    }
    const P = pN.length;
    // Passage views are made on first use (registry.ts PassageTable), not here; pages of paged sources are a column.
    let pages: Uint32Array | undefined;
    const table = PassageTable.lazy(P, (id) => {
      const v = new StoredPassage(store, id, id);
      if (pages && pages[id]) v.page = pages[id];
      return v;
    });
    let decoded: ReturnType<typeof decodeSources>;
    try {
      decoded = decodeSources(<T extends Uint8Array | Uint32Array>(name: string, optional?: boolean) => (optional && !blocks.has(name) ? undefined : need<T>(name)), header.stringFields, table, P, store);
    } catch (e) {
      return { ok: false, reason: `cache sources are inconsistent (${(e as Error).message})` };
    }
    const { sources, counts, files } = decoded;
    pages = decoded.pages;
    const snapshot: IndexSnapshot = {
      sources,
      store,
      lazy: { counts, table },
      terms: header.terms,
      termStart: need<Uint32Array>('termStart'),
      postIds: need<Uint32Array>('postIds'),
      postTfs: need<Uint16Array>('postTfs'),
      docLen: need<Uint16Array>('docLen'),
      buckets: header.blocks
        .filter((b) => b.name.startsWith('v:'))
        .map((b) => {
          const name = b.name.slice(2);
          return { name, values: need<Float64Array>(`v:${name}`), ids: need<Uint32Array>(`i:${name}`), fig: need<Uint16Array>(`f:${name}`) };
        }),
    };
    return { ok: true, snapshot, meta: lazyStamps(header.meta, blocks.get('stamps'), files) };
  } catch (e) {
    return { ok: false, reason: `cache unreadable: ${(e as Error).message}` };
  }
}

/**
 * The meta with `stamps` decoded from their block on first read (at reconcile, not at load). A block
 * that does not decode gives no stamps: every file then counts as changed and the corpus is re-indexed.
 */
function lazyStamps(meta: CacheMeta, block: Column | undefined, files: string[]): CacheMeta {
  let stamps: CacheStamp[] | undefined;
  const decode = (): CacheStamp[] => {
    try {
      const raw = JSON.parse(Buffer.from(block!.buffer, block!.byteOffset, block!.byteLength).toString('utf8')) as [number | string, number, number][];
      return raw.map(([f, size, mtimeMs]) => ({ file: typeof f === 'number' ? files[f] : f, size, mtimeMs }));
    } catch {
      return [];
    }
  };
  Object.defineProperty(meta, 'stamps', {
    enumerable: true,
    configurable: true,
    get: () => (stamps ??= decode()),
    set: (v: CacheStamp[]) => (stamps = v),
  });
  return meta;
}

/** The passage and figure columns of a snapshot, in passage order (copied from the index's store when it holds them all). */
function passageColumns(snap: IndexSnapshot): StoreColumns {
  const rows: number[] = [];
  const store = snap.store;
  for (const s of snap.sources) {
    const first = store && s instanceof CachedSource ? s.rowsIn(store) : undefined;
    if (first !== undefined) {
      // A compacted source's passages are rows of the store in order: not made to be copied (issue 13).
      for (let k = 0, n = (s as CachedSource).passageCount; k < n; k++) rows.push(first + k);
      continue;
    }
    for (const p of s.passages) {
      if (!store || !(p instanceof StoredPassage) || !p.plainIn(store)) {
        const fresh = new PassageStore();
        for (const src of snap.sources) for (const q of src.passages) fresh.append(q);
        return fresh.columns(Uint32Array.from({ length: fresh.rows }, (_, i) => i));
      }
      rows.push(p.row);
    }
  }
  return store ? store.columns(rows) : new PassageStore().columns([]);
}
