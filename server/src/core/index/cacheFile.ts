/**
 * Opening the index cache defensively (issue 9): which folders may hold it, and
 * reading the file only when it is a regular file, only up to the size its
 * header announces. The layout itself is in cache.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { closeQuietly, readFully } from '../text/files';
import { cacheMacChecker, NONCE_BYTES, TAG_BYTES } from './cacheKey';
import { PAGE_BYTES } from './textPages';

export const MAGIC = Buffer.from('SLWIDX\0', 'latin1');
/**
 * 8: the passage texts after the other blocks, in pages with a tag each (read when first needed, textPages.ts); the
 * file's tag covers the rest and the pages' tags (issue 13, warm start); 7: signed with a Poly1305 tag (nonce + tag at the end, cacheKey.ts) instead of HMAC-SHA256 (issue 13, warm start);
 * 6: passage texts addressed in bytes (kept as a buffer by the index, issue 13); 5: signed (HMAC) layout of issue 9 with
 * the figure dimension/hedge/score of issue 11.
 */
export const VERSION = 8;
/** The signature at the end of the file: a 12-byte nonce and a 16-byte tag (cacheKey.ts); the text pages' tags are before it. */
export const SIG_BYTES = 28;
/** Larger files are not read (a Buffer cannot hold more; no real corpus comes near). */
const MAX_CACHE_BYTES = 2 ** 31 - 1;
export const ELEMENT_BYTES: Record<string, number> = { u8: 1, u16: 2, u32: 4, f64: 8 };

/**
 * A cache file read in parts: `head` (magic, version, header length) and
 * `headerBytes` (the header JSON, parsed as `header`) are file bytes
 * [0, headerEnd); `rest` holds the blocks, the bytes from `restStart`
 * (headerEnd rounded down to 8, so the blocks' typed views stay aligned) to
 * `textAt`, in an allocation of its own: the header's bytes are not kept alive
 * by the index's views on the blocks. The passage text, `textLength` bytes at
 * `textAt`, is not read: `fd` stays open for reading its pages (textPages.ts),
 * and the caller closes it unless it hands it on. `tail` is the pages' tags
 * (TAG_BYTES each) followed by the file's signature. `signed` is true only when
 * that signature checks out over every byte before the texts (head, header,
 * blocks, as read into these buffers) and the pages' tags: nothing may be used
 * when it is false.
 */
export interface CacheFileParts {
  head: Buffer;
  headerBytes: Buffer;
  header: unknown;
  headerEnd: number;
  rest: Buffer;
  restStart: number;
  textAt: number;
  textLength: number;
  tail: Buffer;
  fd: number;
  signed: boolean;
}

/** Where a cache file's parts are, from its head and header (nothing of the blocks read yet); the tail (pages' tags, signature) is read. */
type CachePlan = Omit<CacheFileParts, 'rest' | 'signed'>;

/**
 * Read a cache file defensively: only a regular file (lstat, then O_NOFOLLOW and
 * fstat on the open descriptor), and only the number of bytes its header
 * announces, which must equal the file's size; the passage text is left in the file.
 */
export function readCacheFile(file: string): CacheFileParts | { reason: string } {
  const plan = openCacheFile(file);
  if ('reason' in plan) return plan;
  let handed = false;
  try {
    const rest = restBuffer(plan);
    if (readFully(plan.fd, rest, plan.restStart) !== rest.length) return { reason: 'cache truncated while reading' };
    const mac = signatureOf(plan);
    mac.update(rest.subarray(plan.headerEnd - plan.restStart));
    handed = true;
    return { ...plan, rest, signed: mac.ok() };
  } catch (e) {
    return { reason: `cache unreadable: ${(e as Error).message}` };
  } finally {
    if (!handed) closeQuietly(plan.fd);
  }
}

/** Bytes of the blocks per read of readCacheFileAsync (the reads are queued at once on the thread pool). */
export const ASYNC_CHUNK_BYTES = 2 << 20;

/**
 * readCacheFile with the blocks read by the thread pool, `chunkBytes` per read, all queued at once, each part
 * fed to the signature check (in order) as it arrives (issue 13, warm start: the read's page faults, most of its
 * cost, are taken off the main thread, which meanwhile does other work or checks the part before). The head,
 * header and tail are read before this returns its promise; same checks and same result as readCacheFile.
 */
export async function readCacheFileAsync(file: string, chunkBytes = ASYNC_CHUNK_BYTES): Promise<CacheFileParts | { reason: string }> {
  const plan = openCacheFile(file);
  if ('reason' in plan) return plan;
  let handed = false;
  try {
    const rest = restBuffer(plan);
    const mac = signatureOf(plan);
    const skip = plan.headerEnd - plan.restStart; // header bytes already fed to the check
    const n = Math.ceil(rest.length / chunkBytes);
    const part = (k: number) => rest.subarray(k * chunkBytes, Math.min(rest.length, (k + 1) * chunkBytes));
    const readPart = (k: number) => readFullyAsync(plan.fd, part(k), plan.restStart + k * chunkBytes);
    // Every chunk's read is queued at once (the pool's threads take them in order), so the reads go on while this
    // thread is busy elsewhere; a rejection is handled here (never unhandled) and rethrown where it is awaited.
    const reads = Array.from({ length: n }, (_, k) => readPart(k));
    for (const r of reads) r.catch(() => undefined);
    try {
      for (let k = 0; k < n; k++) {
        if ((await reads[k]) !== part(k).length) return { reason: 'cache truncated while reading' };
        const from = k === 0 ? skip : 0;
        if (from < part(k).length) mac.update(part(k).subarray(from));
      }
    } finally {
      // No read may still be writing into the buffer, or reading a descriptor closed (and reused) meanwhile.
      await Promise.allSettled(reads);
    }
    handed = true;
    return { ...plan, rest, signed: mac.ok() };
  } catch (e) {
    return { reason: `cache unreadable: ${(e as Error).message}` };
  } finally {
    if (!handed) closeQuietly(plan.fd);
  }
}

/** Read into `buf` (all of it) from file position `pos` on the thread pool; the bytes read (fewer at the end of the file). */
async function readFullyAsync(fd: number, buf: Uint8Array, pos: number): Promise<number> {
  let off = 0;
  while (off < buf.length) {
    const n = await new Promise<number>((resolve, reject) => fs.read(fd, buf, off, buf.length - off, pos + off, (err, got) => (err ? reject(err) : resolve(got))));
    if (n <= 0) break;
    off += n;
  }
  return off;
}

/** The blocks' buffer: an allocation of its own, 8-byte aligned (typed views on it need it). */
function restBuffer(plan: CachePlan): Buffer {
  const bytes = plan.textAt - plan.restStart;
  const rest = Buffer.allocUnsafe(bytes);
  return rest.byteOffset % 8 === 0 ? rest : Buffer.from(new ArrayBuffer(bytes)); // a small pooled buffer
}

/**
 * The file's signature check, fed with the head and header; the caller feeds the blocks from `headerEnd` on,
 * then `ok()` feeds the pages' tags and checks. The signature covers every byte before the texts and the pages' tags.
 */
function signatureOf(plan: CachePlan): { update(b: Uint8Array): void; ok(): boolean } {
  const { tail } = plan;
  const sigAt = tail.length - SIG_BYTES;
  const mac = cacheMacChecker(tail.subarray(sigAt, sigAt + NONCE_BYTES), tail.subarray(sigAt + NONCE_BYTES));
  mac.update(plan.head);
  mac.update(plan.headerBytes);
  return {
    update: (b) => mac.update(b),
    ok: () => {
      mac.update(tail.subarray(0, sigAt));
      return mac.ok();
    },
  };
}

/** Open a cache file and check its head, header and size; read its tail. The descriptor is closed unless a plan is returned. */
function openCacheFile(file: string): CachePlan | { reason: string } {
  let lst: fs.Stats;
  try {
    lst = fs.lstatSync(file);
  } catch {
    return { reason: 'no cache' };
  }
  if (!lst.isFile()) return { reason: `cache file is not a regular file (${lst.isSymbolicLink() ? 'a symbolic link' : 'a special file'}): ignored` };
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { reason: `cache unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let handed = false;
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { reason: 'cache file is not a regular file: ignored' };
    const size = st.size;
    const pre = MAGIC.length + 5;
    if (size < pre + SIG_BYTES || size > MAX_CACHE_BYTES) return { reason: 'not an index cache (size)' };
    const head = Buffer.alloc(pre);
    if (fs.readSync(fd, head, 0, pre, 0) !== pre || !head.subarray(0, MAGIC.length).equals(MAGIC)) return { reason: 'not an index cache' };
    if (head[MAGIC.length] !== VERSION) return { reason: `cache version ${head[MAGIC.length]} is not ${VERSION}` };
    const hlen = head.readUInt32LE(MAGIC.length + 1);
    if (pre + hlen + SIG_BYTES > size) return { reason: 'cache truncated (header)' };
    const hbuf = Buffer.alloc(hlen);
    if (fs.readSync(fd, hbuf, 0, hlen, pre) !== hlen) return { reason: 'cache truncated (header)' };
    let blocks: { type: string; length: number }[];
    let text: { length: number; pageBytes: number };
    let header: unknown;
    try {
      header = JSON.parse(hbuf.toString('utf8'));
      blocks = (header as { blocks: { type: string; length: number }[] }).blocks;
      text = (header as { text: { length: number; pageBytes: number } }).text;
    } catch {
      return { reason: 'cache header unreadable (corrupt)' };
    }
    if (!Array.isArray(blocks) || !text || !Number.isSafeInteger(text.length) || text.length < 0) return { reason: 'cache header unreadable (corrupt)' };
    if (text.pageBytes !== PAGE_BYTES) return { reason: 'cache text pages of another size' };
    let expected = pre + hlen;
    for (const b of blocks) {
      const bytes = ELEMENT_BYTES[b?.type];
      if (!bytes || !Number.isSafeInteger(b.length) || b.length < 0) return { reason: 'cache header unreadable (corrupt)' };
      expected += (8 - (expected % 8)) % 8;
      expected += b.length * bytes;
      if (expected > size) return { reason: 'cache truncated' };
    }
    const textAt = expected;
    const tailBytes = Math.ceil(text.length / PAGE_BYTES) * TAG_BYTES + SIG_BYTES;
    expected += text.length + tailBytes;
    if (expected !== size) return { reason: `cache size ${size} does not match its header (${expected}): corrupt` };
    const headerEnd = pre + hlen;
    const restStart = headerEnd - (headerEnd % 8);
    const tail = Buffer.alloc(tailBytes);
    if (readFully(fd, tail, textAt + text.length) !== tail.length) return { reason: 'cache truncated while reading' };
    // The header parsed here is handed on (parsing a 38 MB header twice cost 0.2 s of a 100 MB corpus's warm start);
    // the signature check covers exactly these bytes.
    handed = true;
    return { head, headerBytes: hbuf, header, headerEnd, restStart, textAt, textLength: text.length, tail, fd };
  } catch (e) {
    return { reason: `cache unreadable: ${(e as Error).message}` };
  } finally {
    if (!handed) closeQuietly(fd);
  }
}

/** Pseudo-filesystems where a cache must never go (Node's own mkdir can hang under /proc). */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

/**
 * Why `dir` cannot hold the index cache, or undefined when it can: it must be an
 * absolute path; if it exists it must be a plain directory (not a symbolic link,
 * which a cloned repository could ship as `.source-linked -> /somewhere`); and
 * the existing part of its path must be directories outside /proc, /sys and /dev.
 */
export function cacheDirProblem(dir: string): string | undefined {
  if (!path.isAbsolute(dir)) return `cache folder ${dir} is not an absolute path`;
  let p = path.resolve(dir);
  try {
    const st = fs.lstatSync(p);
    if (!st.isDirectory()) return `cache folder ${dir} is not a plain directory (${st.isSymbolicLink() ? 'a symbolic link' : 'a file'})`;
  } catch {
    /* does not exist yet: check the part that does */
  }
  for (;;) {
    try {
      fs.lstatSync(p);
      break;
    } catch {
      const up = path.dirname(p);
      if (up === p) break;
      p = up;
    }
  }
  let real: string;
  try {
    real = fs.realpathSync(p);
    if (!fs.statSync(real).isDirectory()) return `cache folder ${dir} is under a file (${p})`;
  } catch (e) {
    return `cache folder ${dir} is unusable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (process.platform !== 'win32') {
    for (const bad of PSEUDO_FS) if (real === bad || real.startsWith(bad + '/')) return `cache folder ${dir} is on the ${bad} pseudo-filesystem: refused`;
  }
  return undefined;
}
