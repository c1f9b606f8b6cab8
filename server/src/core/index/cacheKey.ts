/**
 * The secret that signs index caches (a Poly1305 tag, see cache.ts and `cacheMac`). It lives
 * outside every workspace, in the user's cache folder
 * (`$XDG_CACHE_HOME/source-linked/cache-key`, else `~/.cache/source-linked/`;
 * `SOURCE_LINKED_KEY_DIR` overrides), so a cache committed to a repository or
 * copied from another machine is never trusted: at worst it costs one rebuild.
 * When the key cannot be read or created, a per-process key is used: caches
 * then only live as long as the process (safe, just no warm start).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const KEY_BYTES = 32;
let cached: Buffer | undefined;
let macKeyCached: Buffer | undefined;

export function cacheKeyFile(): string {
  const dir = process.env.SOURCE_LINKED_KEY_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'source-linked');
  return path.join(dir, 'cache-key');
}

function readKey(file: string): Buffer | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size !== KEY_BYTES) return undefined;
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      const b = Buffer.alloc(KEY_BYTES);
      return fs.readSync(fd, b, 0, KEY_BYTES, 0) === KEY_BYTES ? b : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export function cacheKey(): Buffer {
  if (cached) return cached;
  const file = cacheKeyFile();
  let key = readKey(file);
  if (!key) {
    const fresh = randomBytes(KEY_BYTES);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, fresh, { flag: 'wx', mode: 0o600 });
      key = fresh;
    } catch {
      key = readKey(file) ?? fresh; // another process won the race, or the folder is read-only
    }
  }
  cached = key;
  return key;
}

/** Forget the loaded key (tests switch SOURCE_LINKED_KEY_DIR to play another machine). */
export function resetCacheKey(): void {
  cached = undefined;
  macKeyCached = undefined;
}

/** Bytes of the nonce and of the tag at the end of a cache file. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const MAC = 'chacha20-poly1305';

/** The MAC's own key, derived from the machine's secret (a key is never used by two algorithms). */
function macKey(): Buffer {
  return (macKeyCached ??= Buffer.from(hkdfSync('sha256', cacheKey(), Buffer.alloc(0), 'source-linked index cache MAC v7', 32)));
}

/**
 * The cache's signature: ChaCha20-Poly1305 with the whole file as associated
 * data (nothing encrypted), under a random 96-bit nonce per write that is stored
 * beside the tag. A one-time Poly1305 key per nonce makes it a MAC as strong as
 * HMAC-SHA256 against forgery without the key, and about eight times cheaper: the
 * 100 MB corpus's 240 MB cache was 0.2-0.3 s of HMAC per warm start (issue 13).
 */
export function cacheMacWriter(): { nonce: Buffer; update(b: Uint8Array): void; tag(): Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  return { nonce, ...macWriter(macKey(), nonce) };
}

/** Check a cache's tag: feed every byte before the nonce in order, then `ok()` (false on any change). */
export function cacheMacChecker(nonce: Uint8Array, tag: Uint8Array): { update(b: Uint8Array): void; ok(): boolean } {
  return macChecker(macKey(), nonce, tag);
}

/** A tag over the bytes fed to `update` (associated data only, nothing encrypted) under `key` and `nonce`. */
function macWriter(key: Buffer, nonce: Uint8Array): { update(b: Uint8Array): void; tag(): Buffer } {
  const c = createCipheriv(MAC, key, nonce, { authTagLength: TAG_BYTES });
  return {
    update: (b) => void c.setAAD(b, { plaintextLength: 0 }),
    tag: () => {
      c.final();
      return c.getAuthTag();
    },
  };
}

/** macWriter's check: `ok()` is true only when the bytes fed to `update` have `tag`. */
function macChecker(key: Buffer, nonce: Uint8Array, tag: Uint8Array): { update(b: Uint8Array): void; ok(): boolean } {
  const d = createDecipheriv(MAC, key, nonce, { authTagLength: TAG_BYTES });
  d.setAuthTag(tag);
  return {
    update: (b) => void d.setAAD(b, { plaintextLength: 0 }),
    ok: () => {
      try {
        d.final();
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Tags of the passage-text pages (cache format 8): each page of the text block has a tag of its own,
 * checked when the page is first read (textPages.ts), so the text need not be read at load. The key is
 * derived from the machine's secret and the file's random nonce (a page of another cache, even one
 * written on this machine, fails), and page `i` is authenticated under nonce `i` (a page moved to
 * another place in the file fails); each page's length is part of its tag.
 */
export function cachePageMac(fileNonce: Uint8Array): { writer(index: number): { update(b: Uint8Array): void; tag(): Buffer }; check(index: number, page: Uint8Array, tag: Uint8Array): boolean } {
  const key = Buffer.from(hkdfSync('sha256', macKey(), fileNonce, 'source-linked index cache text pages v8', 32));
  const nonce = (i: number) => {
    const n = Buffer.alloc(NONCE_BYTES);
    n.writeUInt32LE(i, 0);
    return n;
  };
  return {
    writer: (index) => macWriter(key, nonce(index)),
    check: (index, page, tag) => {
      const d = macChecker(key, nonce(index), tag);
      d.update(page);
      return d.ok();
    },
  };
}
