/**
 * Reading a file by descriptor (the bytes before decode.ts turns them into text): the loop that a positional read needs (a read
 * may return fewer bytes than asked), and a close that cannot throw. Shared by
 * the corpus loader (corpus/load.ts), the index cache (index/cacheFile.ts) and
 * its text pages (index/textPages.ts).
 */
import * as fs from 'fs';

/** Read into `buf` (all of it) from file position `pos`; the number of bytes read (fewer at the end of the file). Errors are thrown. */
export function readFully(fd: number, buf: Uint8Array, pos: number): number {
  let off = 0;
  while (off < buf.length) {
    const n = fs.readSync(fd, buf, off, buf.length - off, pos + off);
    if (n <= 0) break;
    off += n;
  }
  return off;
}

/** Close a descriptor, ignoring an error (already closed, or the file system went away). */
export function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    /* ignore */
  }
}
