/**
 * The V8 code cache of the server's bundle (issue 13, warm start; the entry point is start.ts): a start
 * does not parse and compile the 1.4 MB bundle again, nor the functions the first draft check compiled.
 *
 * The code cache is code: it is used only when it is signed with the machine's cache key
 * (core/index/cacheKey.ts, outside every workspace), like the index cache, and only for the
 * bundle, Node version and flags it was made for (its name hashes them). Missing, foreign or
 * rejected by V8: the bundle is compiled as usual, and a cache is written a little later
 * (after the first diagnostics), off the start path. Any failure here costs the cache, never the start.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import { cacheKeyFile, cacheMacChecker, cacheMacWriter, NONCE_BYTES, TAG_BYTES } from './core/index/cacheKey';

/** How long after the start the code cache is written (the first draft check's code is then compiled too). */
const WRITE_AFTER_MS = 1500;
const SIG = NONCE_BYTES + TAG_BYTES;

/** The code cache's file for this bundle text (or its UTF-8 bytes: the same name), Node version and V8 flags. */
export function codeCacheFile(source: string | Uint8Array): string {
  const h = createHash('sha256').update(source).update('\0').update(`${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 24);
  return path.join(path.dirname(cacheKeyFile()), `server-${h}.v8cache`);
}

/** The cache's bytes when `file` is a regular file signed with this machine's key; else undefined. */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size <= SIG || st.size > 256 * 1024 * 1024) return undefined;
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    let buf: Buffer;
    try {
      buf = Buffer.alloc(st.size);
      if (fs.readSync(fd, buf, 0, st.size, 0) !== st.size) return undefined;
    } finally {
      fs.closeSync(fd);
    }
    const at = buf.length - SIG;
    const mac = cacheMacChecker(buf.subarray(at, at + NONCE_BYTES), buf.subarray(at + NONCE_BYTES));
    mac.update(buf.subarray(0, at));
    return mac.ok() ? buf.subarray(0, at) : undefined;
  } catch {
    return undefined;
  }
}

/** Other bundles' caches unused this long are removed when a cache is written (other builds may share the folder). */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** Write `data` signed to `file` (atomically, mode 0600), and remove stale caches of other bundles beside it. */
export function writeCodeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mac = cacheMacWriter();
  mac.update(data);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([data, mac.nonce, mac.tag()]), { flag: 'wx', mode: 0o600 });
  fs.renameSync(tmp, file);
  const now = Date.now();
  for (const f of fs.readdirSync(dir)) {
    if (!/^server-[0-9a-f]+\.v8cache$/.test(f) || f === path.basename(file)) continue;
    const st = fs.lstatSync(path.join(dir, f), { throwIfNoEntry: false });
    if (st && now - Math.max(st.mtimeMs, st.atimeMs) > STALE_MS) fs.rmSync(path.join(dir, f), { force: true });
  }
}

/** What a start did with the code cache (for tests). */
export interface CodeCacheUse {
  file?: string;
  /** A signed cache was found and given to V8. */
  found: boolean;
  /** V8 refused it (another V8 build or flags): the bundle was compiled as without one. */
  rejected: boolean;
  /** A cache will be written `writeAfterMs` after the start. */
  writing: boolean;
}

/** Run the CommonJS bundle `main` as a module, compiled with a signed code cache when there is one. */
export function runWithCodeCache(main: string, writeAfterMs = WRITE_AFTER_MS): CodeCacheUse {
  // Read as bytes, hashed as read: hashing the decoded text encoded it to UTF-8 again (1.4 MB, issue 13).
  const bytes = fs.readFileSync(main);
  const source = bytes.toString('utf8');
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  try {
    file = codeCacheFile(bytes);
    cachedData = readCodeCache(file);
  } catch {
    file = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: main, cachedData });
  const m = new Module(main, module);
  m.filename = main;
  m.paths = module.paths;
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  fn.call(m.exports, m.exports, Module.createRequire(main), m, main, path.dirname(main));
  m.loaded = true;
  const rejected = !!cachedData && !!script.cachedDataRejected;
  const writing = !!file && (!cachedData || rejected);
  if (writing) {
    const target = file!;
    setTimeout(() => {
      try {
        writeCodeCache(target, script.createCachedData());
      } catch {
        /* a read-only cache folder: no code cache, the next start compiles as this one did */
      }
    }, writeAfterMs).unref();
  }
  return { file, found: !!cachedData, rejected, writing };
}

