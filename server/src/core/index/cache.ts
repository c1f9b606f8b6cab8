/**
 * The persisted index cache (`.source-linked/index-v1.bin` next to the
 * workspace). An unchanged corpus loads from it instead of re-indexing; a
 * changed file is re-indexed alone. The file is trusted only when its magic,
 * version, lengths and SHA-1 check out: a corrupt or stale cache is detected
 * and rebuilt, never used.
 *
 * Layout: "SLWIDX\\0" + u8 version + u32 headerLength + header JSON + aligned
 * typed-array blocks + 20-byte SHA-1 of everything before it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Figure, FigureKind, Source } from '../types';
import { IndexSnapshot } from './index';

const MAGIC = Buffer.from('SLWIDX\0', 'latin1');
const VERSION = 1;
export const CACHE_FILE = 'index-v1.bin';

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
}

type FigureTuple = [number, number, number, number | null, string, FigureKind, number, string];
type PassageTuple = [number, number, number, number, string, FigureTuple[]];
interface SourceRecord {
  k: string;
  t: string;
  d?: string;
  a?: string;
  p?: string;
  f: number;
  s: number;
  e: number;
  ps: PassageTuple[];
}

interface Header {
  meta: CacheMeta;
  files: string[];
  sources: SourceRecord[];
  terms: string[];
  blocks: { name: string; type: 'u32' | 'u16' | 'f64'; length: number }[];
}

const CTOR = { u32: Uint32Array, u16: Uint16Array, f64: Float64Array } as const;

export function writeCache(dir: string, snap: IndexSnapshot, meta: CacheMeta): string {
  const files: string[] = [];
  const fileId = new Map<string, number>();
  const fid = (f: string) => {
    let i = fileId.get(f);
    if (i === undefined) {
      i = files.length;
      files.push(f);
      fileId.set(f, i);
    }
    return i;
  };
  const sources: SourceRecord[] = snap.sources.map((s) => ({
    k: s.key,
    t: s.title,
    d: s.date,
    a: s.author,
    p: s.publisher,
    f: fid(s.file),
    s: s.startLine,
    e: s.endLine,
    ps: s.passages.map((p): PassageTuple => [
      p.n,
      p.startLine,
      p.endLine,
      p.startOffset,
      p.text,
      p.figures.map((g): FigureTuple => [g.start, g.end, g.value, g.high ?? null, g.unit, g.kind, g.precision, g.text]),
    ]),
  }));
  const arrays: { name: string; arr: Uint32Array | Uint16Array | Float64Array; type: 'u32' | 'u16' | 'f64' }[] = [
    { name: 'termStart', arr: snap.termStart, type: 'u32' },
    { name: 'postIds', arr: snap.postIds, type: 'u32' },
    { name: 'postTfs', arr: snap.postTfs, type: 'u16' },
    { name: 'docLen', arr: snap.docLen, type: 'u16' },
  ];
  for (const b of snap.buckets) {
    arrays.push({ name: `v:${b.name}`, arr: b.values, type: 'f64' });
    arrays.push({ name: `i:${b.name}`, arr: b.ids, type: 'u32' });
    arrays.push({ name: `f:${b.name}`, arr: b.fig, type: 'u16' });
  }
  const header: Header = { meta, files, sources, terms: snap.terms, blocks: arrays.map((a) => ({ name: a.name, type: a.type, length: a.arr.length })) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [MAGIC, Buffer.from([VERSION])];
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  parts.push(len, json);
  let size = MAGIC.length + 1 + 4 + json.length;
  for (const a of arrays) {
    const pad = (8 - (size % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad)), (size += pad);
    const b = Buffer.from(a.arr.buffer, a.arr.byteOffset, a.arr.byteLength);
    parts.push(b);
    size += b.length;
  }
  const body = Buffer.concat(parts);
  const sum = createHash('sha1').update(body).digest();
  fs.mkdirSync(dir, { recursive: true });
  ensureGitignore(dir);
  const target = path.join(dir, CACHE_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([body, sum]));
  fs.renameSync(tmp, target); // atomic: a crash never leaves a half-written cache
  return target;
}

/** A `.gitignore` inside the cache folder so nobody commits it by accident. */
function ensureGitignore(dir: string): void {
  const gi = path.join(dir, '.gitignore');
  if (!fs.existsSync(gi)) fs.writeFileSync(gi, '# Source-Linked Writing index cache\n*\n');
}

export type CacheRead = { ok: true; snapshot: IndexSnapshot; meta: CacheMeta } | { ok: false; reason: string };

export function readCache(dir: string): CacheRead {
  const file = path.join(dir, CACHE_FILE);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return { ok: false, reason: 'no cache' };
  }
  try {
    if (buf.length < MAGIC.length + 25 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: 'not an index cache' };
    if (buf[MAGIC.length] !== VERSION) return { ok: false, reason: `cache version ${buf[MAGIC.length]} is not ${VERSION}` };
    const body = buf.subarray(0, buf.length - 20);
    const sum = createHash('sha1').update(body).digest();
    if (!sum.equals(buf.subarray(buf.length - 20))) return { ok: false, reason: 'cache checksum mismatch (corrupt)' };
    let at = MAGIC.length + 1;
    const hlen = buf.readUInt32LE(at);
    at += 4;
    const header = JSON.parse(buf.subarray(at, at + hlen).toString('utf8')) as Header;
    at += hlen;
    const blocks = new Map<string, Uint32Array | Uint16Array | Float64Array>();
    // Copy into one aligned ArrayBuffer so typed views are valid whatever Buffer's pool offset.
    const aligned = new Uint8Array(body.length);
    aligned.set(body);
    for (const b of header.blocks) {
      at += (8 - (at % 8)) % 8;
      const C = CTOR[b.type];
      const bytes = b.length * C.BYTES_PER_ELEMENT;
      if (at + bytes > body.length) return { ok: false, reason: 'cache truncated' };
      blocks.set(b.name, new C(aligned.buffer, at, b.length));
      at += bytes;
    }
    let pid = 0;
    const sources: Source[] = header.sources.map((r) => ({
      key: r.k,
      title: r.t,
      date: r.d,
      author: r.a,
      publisher: r.p,
      file: header.files[r.f],
      startLine: r.s,
      endLine: r.e,
      passages: r.ps.map(([n, sl, el, so, text, figs]) => ({
        id: pid++,
        n,
        startLine: sl,
        endLine: el,
        startOffset: so,
        text,
        figures: figs.map(([start, end, value, high, unit, kind, precision, t]): Figure => {
          const f: Figure = { text: t, start, end, value, unit, kind, precision };
          if (high !== null) f.high = high;
          return f;
        }),
      })),
    }));
    const need = (name: string) => {
      const b = blocks.get(name);
      if (!b) throw new Error(`cache block ${name} missing`);
      return b;
    };
    const snapshot: IndexSnapshot = {
      sources,
      terms: header.terms,
      termStart: need('termStart') as Uint32Array,
      postIds: need('postIds') as Uint32Array,
      postTfs: need('postTfs') as Uint16Array,
      docLen: need('docLen') as Uint16Array,
      buckets: header.blocks
        .filter((b) => b.name.startsWith('v:'))
        .map((b) => {
          const name = b.name.slice(2);
          return { name, values: need(`v:${name}`) as Float64Array, ids: need(`i:${name}`) as Uint32Array, fig: need(`f:${name}`) as Uint16Array };
        }),
    };
    return { ok: true, snapshot, meta: header.meta };
  } catch (e) {
    return { ok: false, reason: `cache unreadable: ${(e as Error).message}` };
  }
}
