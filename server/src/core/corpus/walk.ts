/**
 * The corpus directory walker: which files under a corpus root are candidate
 * sources, and which entries are skipped and why. Node `fs` only.
 *
 * Policy (README, "Limits"):
 * - Only regular files with a source name (`.txt`, `.md`, `.html`, `.pdf`, `.docx`: see
 *   formats.ts) are candidates. FIFOs,
 *   sockets, character and block devices with such a name are skipped with a
 *   reason: opening a FIFO for reading blocks until a writer appears, so the
 *   walker never opens one.
 * - Folders `node_modules`, `.git`, `.source-linked` and every hidden (dot)
 *   folder are not entered.
 * - Symbolic links are followed only while their target stays inside the
 *   corpus root (compared by real path), unless `followExternalLinks` is set.
 *   A link that leaves the root, a broken link and a link loop (a link to
 *   itself) are skipped with a reason. Folder cycles are cut by real path.
 * - Walking is iterative (no recursion), so folder depth cannot overflow the stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SkippedFile } from '../types';
import { isSourceFileName } from './formats';

export interface WalkOptions {
  /** Follow symbolic links whose target lies outside the corpus root (default false). */
  followExternalLinks?: boolean;
  /** Keep only files whose path relative to `relBase` ("/" separated) passes. */
  filter?: (rel: string) => boolean;
  relBase?: string;
  /** Which file names are candidates (default: source names, isSourceFile). */
  accept?: (name: string) => boolean;
  /** Stop once this many files are listed. */
  max?: number;
}

export const SKIP_DIRS = new Set(['node_modules', '.git', '.source-linked']);

/** A name the corpus reads (`.txt`, `.md`, HTML, PDF, Word: formats.ts). */
export function isSourceFile(name: string): boolean {
  return isSourceFileName(name);
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** What kind of special file a Stats or Dirent is, for the skip reason; undefined for files, folders and links. */
export function specialKind(st: fs.Stats | fs.Dirent): string | undefined {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return undefined;
}

function inside(child: string, root: string): boolean {
  return child === root || child.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function linkReason(full: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ELOOP') return 'symbolic link loop (the link points back to itself)';
  if (code === 'ENOENT') {
    let target = '';
    try {
      target = fs.readlinkSync(full);
    } catch {
      /* ignore */
    }
    return `broken symbolic link${target ? ` (to ${target})` : ''}`;
  }
  return `symbolic link not followed (${code ?? 'error'})`;
}

/**
 * Iteratively collect candidate source files under `dir` into `out`; entries that
 * look like sources (or linked folders) but cannot be used go to `skipped`.
 */
export function walk(dir: string, out: string[], skipped: SkippedFile[], opts: WalkOptions = {}): void {
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(dir);
  } catch {
    return;
  }
  const relBase = opts.relBase ?? dir;
  const keep = (full: string) => !opts.filter || opts.filter(toPosix(path.relative(relBase, full)));
  const accept = opts.accept ?? isSourceFile;
  const max = opts.max ?? Infinity;
  const stack = [dir];
  const seen = new Set<string>();
  while (stack.length > 0 && out.length < max) {
    const d = stack.pop()!;
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // an unreadable folder: nothing to list
    }
    for (const ent of entries) {
      const name = ent.name;
      const full = path.join(d, name);
      let st: fs.Stats | fs.Dirent = ent;
      if (ent.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(full);
          st = fs.statSync(target);
        } catch (e) {
          if (accept(name)) skipped.push({ file: full, reason: linkReason(full, e) });
          continue;
        }
        const isCandidate = st.isDirectory() ? name[0] !== '.' && !SKIP_DIRS.has(name) : accept(name);
        if (!isCandidate) continue;
        if (!opts.followExternalLinks && !inside(target, rootReal)) {
          skipped.push({ file: full, reason: `symbolic link to ${target}, outside the corpus folder (not followed; see followExternalLinks)` });
          continue;
        }
      }
      if (st.isDirectory()) {
        if (name[0] === '.' || SKIP_DIRS.has(name)) continue;
        stack.push(full);
      } else if (!accept(name)) continue;
      else if (st.isFile()) {
        if (keep(full)) out.push(full);
      } else if (keep(full)) {
        skipped.push({ file: full, reason: `not a regular file: ${specialKind(st) ?? 'unknown file type'}` });
      }
    }
  }
}

/**
 * For one file reported by a file watcher (not found by walking): why it must not be read
 * under the policy above, or undefined. `roots` are the corpus folders (absolute). A file
 * whose real path lies outside every root (it is, or sits under, a link that leaves the
 * corpus) is refused unless `followExternalLinks`.
 */
export function watchedFileProblem(file: string, roots: string[], followExternalLinks = false): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? undefined : linkReason(file, e);
  }
  if (followExternalLinks) return undefined;
  for (const r of roots) {
    let rootReal: string;
    try {
      rootReal = fs.realpathSync(r);
    } catch {
      continue;
    }
    if (inside(real, rootReal)) return undefined;
  }
  return `symbolic link to ${real}, outside the corpus folder (not followed; see followExternalLinks)`;
}
