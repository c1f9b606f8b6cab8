/**
 * The persisted index cache (`.source-linked/index-v7.bin` next to the
 * workspace). An unchanged corpus loads from it instead of re-indexing; a
 * changed file is re-indexed alone. The file is trusted only when its magic,
 * version, lengths and signature check out: a corrupt, stale or foreign cache
 * is detected and rebuilt, never used.
 *
 * Layout: "SLWIDX\0" + u8 version + u32 headerLength + header JSON (source
 * metadata, terms, block table) + 8-byte-aligned blocks + a 12-byte nonce and
 * a 16-byte Poly1305 tag of everything before the nonce, keyed with a secret
 * kept outside the workspace (cacheKey.ts). A cache copied or committed from another machine,
 * or edited with its checksum recomputed, fails the signature. Passage texts
 * are one UTF-8 block (offsets in bytes) that the index keeps as it is, never
 * decoded as a whole; passages and figures are columns (typed arrays) read in
 * place by a PassageStore (passageStore.ts).
 *
 * Hostile files (issue 9): the cache is opened only when `lstat` says it is a
 * regular file (not a link, FIFO or device), with O_NOFOLLOW, and only as many
 * bytes as its header says it has are read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheMacChecker, cacheMacWriter, NONCE_BYTES } from './cacheKey';
import { MAGIC, readCacheFile, SIG_BYTES, VERSION } from './cacheFile';
export { cacheDirProblem } from './cacheFile';
import { Source } from '../types';
import { CachedSource } from './cachedSource';
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
}

interface SourceMeta {
  k: string;
  t: string;
  d?: string;
  a?: string;
  p?: string;
  l?: string;
  f: number;
  s: number;
  e: number;
  /** number of passages */
  n: number;
  /** Every other metadata field of the Source (url, accessed, lang, containerTitle, format, pages, authors, ...), as is. */
  x?: Record<string, unknown>;
  /** Page of each passage, for paged sources (PDF). */
  pg?: number[];
}

const CORE_FIELDS = new Set(['key', 'title', 'date', 'author', 'publisher', 'file', 'startLine', 'endLine', 'passages']);

/** The metadata fields of a Source beyond the core ones, for the cache (undefined when none). */
function extraOf(s: Source): Record<string, unknown> | undefined {
  let x: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(s)) {
    if (CORE_FIELDS.has(k) || v === undefined) continue;
    (x ??= {})[k] = v;
  }
  return x;
}

type BlockType = 'u8' | 'u16' | 'u32' | 'f64';
interface Header {
  meta: CacheMeta;
  files: string[];
  sources: SourceMeta[];
  /** "kind|unit" of figures, indexed by the fUnit column. */
  units: string[];
  terms: string[];
  blocks: { name: string; type: BlockType; length: number }[];
}

const CTOR = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

export function writeCache(dir: string, snap: IndexSnapshot, meta: CacheMeta): string {
  const files: string[] = [];
  const fileId = new Map<string, number>();
  for (const s of snap.sources) {
    if (!fileId.has(s.file)) {
      fileId.set(s.file, files.length);
      files.push(s.file);
    }
  }
  const sourceMeta = (s: Source): SourceMeta => ({ k: s.key, t: s.title, d: s.date, a: s.author, p: s.publisher, f: fileId.get(s.file)!, s: s.startLine, e: s.endLine, n: s.passages.length, x: extraOf(s), pg: s.passages.some((p) => p.page !== undefined) ? s.passages.map((p) => p.page ?? 0) : undefined });
  const cols = passageColumns(snap);
  const blocks: { name: string; arr: Column | Uint8Array[]; type: BlockType }[] = [
    { name: 'text', arr: cols.text, type: 'u8' },
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
  ];
  const units = cols.units;
  for (const b of snap.buckets) {
    blocks.push({ name: `v:${b.name}`, arr: b.values, type: 'f64' });
    blocks.push({ name: `i:${b.name}`, arr: b.ids, type: 'u32' });
    blocks.push({ name: `f:${b.name}`, arr: b.fig, type: 'u16' });
  }
  const header: Omit<Header, 'sources'> = { meta, files, units, terms: snap.terms, blocks: blocks.map((b) => ({ name: b.name, type: b.type, length: Array.isArray(b.arr) ? b.arr.reduce((n, x) => n + x.length, 0) : b.arr.length })) };
  const json = headerPieces(header, snap.sources, sourceMeta);
  const jsonBytes = json.reduce((n, b) => n + b.length, 0);
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
    for (const piece of json) put(piece);
    for (const b of blocks) {
      const pad = (8 - (size % 8)) % 8;
      if (pad) put(Buffer.alloc(pad));
      // The passage text may come as the store's chunks: written one after the other, one block in the file.
      for (const a of Array.isArray(b.arr) ? b.arr : [b.arr]) put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    fs.writeSync(fd, mac.nonce);
    fs.writeSync(fd, mac.tag());
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target); // atomic: a crash never leaves a half-written cache
  return target;
}

/**
 * The header JSON in UTF-8 pieces: the sources' metadata serialised a few
 * thousand at a time, so neither one string of the whole header (38 MB on the
 * 100 MB corpus, twice that as UTF-16) nor a metadata object per source exists
 * at once (issue 13: the cache write was the cold start's peak there).
 */
function headerPieces(header: Omit<Header, 'sources'>, sources: Source[], meta: (s: Source) => SourceMeta): Buffer[] {
  const head = JSON.stringify(header);
  const pieces = [Buffer.from(`${head.slice(0, -1)},"sources":[`, 'utf8')];
  for (let i = 0; i < sources.length; i += 4096) {
    const part = JSON.stringify(sources.slice(i, i + 4096).map(meta));
    pieces.push(Buffer.from(`${i ? ',' : ''}${part.slice(1, -1)}`, 'utf8'));
  }
  pieces.push(Buffer.from(']}', 'utf8'));
  return pieces;
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
  const read = readCacheFile(path.join(dir, CACHE_FILE));
  if ('reason' in read) return { ok: false, reason: read.reason };
  const { rest, restStart, headerEnd } = read;
  try {
    // The signature covers every byte before it: the head and header as read, then the blocks.
    const sigAt = rest.length - SIG_BYTES;
    const mac = cacheMacChecker(rest.subarray(sigAt, sigAt + NONCE_BYTES), rest.subarray(sigAt + NONCE_BYTES));
    for (const b of [read.head, read.headerBytes, rest.subarray(headerEnd - restStart, sigAt)]) mac.update(b);
    if (!mac.ok()) return { ok: false, reason: 'cache signature mismatch (corrupt, edited, or written on another machine)' };
    const header = read.header as Header;
    let at = headerEnd; // an offset in the file
    const blocks = new Map<string, Column>();
    for (const b of header.blocks) {
      at += (8 - (at % 8)) % 8;
      const C = CTOR[b.type];
      const n = b.length * C.BYTES_PER_ELEMENT;
      if (at + n > restStart + sigAt) return { ok: false, reason: 'cache truncated' };
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
      store = PassageStore.fromColumns({ text: need<Uint8Array>('text'), textStart, pN, pStartLine, pEndLine, pStartOffset, figStart, fStart, fEnd, fValue, fHigh, fPrecision, fUnit: need<Uint16Array>('fUnit'), units: header.units });
    } catch (e) {
      return { ok: false, reason: `cache columns are inconsistent (${(e as Error).message})` };
    }
    const P = pN.length;
    // Passage views are made on first use (registry.ts PassageTable), not here; pages of paged sources go in a column.
    let pages: Uint32Array | undefined;
    const table = PassageTable.lazy(P, (id) => {
      const v = new StoredPassage(store, id, id);
      if (pages && pages[id]) v.page = pages[id];
      return v;
    });
    const counts = new Uint32Array(header.sources.length);
    let pid = 0;
    const sources: Source[] = header.sources.map((m, i) => {
      if (!Number.isSafeInteger(m.n) || m.n < 0 || pid + m.n > P) throw new Error('more passages in the sources than in the columns');
      const s: Source = new CachedSource(table, pid, m.n);
      s.key = m.k;
      s.title = m.t;
      s.file = header.files[m.f];
      s.startLine = m.s;
      s.endLine = m.e;
      if (m.d !== undefined) s.date = m.d;
      if (m.a !== undefined) s.author = m.a;
      if (m.p !== undefined) s.publisher = m.p;
      if (m.x && typeof m.x === 'object') for (const [k, v] of Object.entries(m.x)) if (!CORE_FIELDS.has(k)) (s as unknown as Record<string, unknown>)[k] = v;
      if (m.pg) m.pg.forEach((pg, j) => pg && j < m.n && ((pages ??= new Uint32Array(P))[pid + j] = pg));
      counts[i] = m.n;
      pid += m.n;
      return s;
    });
    if (pid !== P) return { ok: false, reason: 'cache passage count mismatch' };
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
    return { ok: true, snapshot, meta: header.meta };
  } catch (e) {
    return { ok: false, reason: `cache unreadable: ${(e as Error).message}` };
  }
}

/** The passage and figure columns of a snapshot, in passage order (copied from the index's store when it holds them all). */
function passageColumns(snap: IndexSnapshot): StoreColumns {
  const rows: number[] = [];
  const store = snap.store;
  for (const s of snap.sources) {
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
