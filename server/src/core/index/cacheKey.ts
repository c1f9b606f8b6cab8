/**
 * The secret that signs index caches (HMAC-SHA256, see cache.ts). It lives
 * outside every workspace, in the user's cache folder
 * (`$XDG_CACHE_HOME/source-linked/cache-key`, else `~/.cache/source-linked/`;
 * `SOURCE_LINKED_KEY_DIR` overrides), so a cache committed to a repository or
 * copied from another machine is never trusted: at worst it costs one rebuild.
 * When the key cannot be read or created, a per-process key is used: caches
 * then only live as long as the process (safe, just no warm start).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const KEY_BYTES = 32;
let cached: Buffer | undefined;

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
}
