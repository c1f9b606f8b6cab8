/**
 * Corpus roots (`sourceLinked.corpus`): folders, single files or globs relative to a base
 * folder. One answer to "which files does the corpus hold", used two ways:
 * - `listCorpusFiles` walks the roots (walk.ts) and lists every candidate file;
 * - `inCorpusRoots` says whether one path (a file watcher's event) is such a candidate,
 *   without walking. It agrees with the walker: a file below a dot-folder or a folder the
 *   walker skips (`node_modules`, `.git`, `.source-linked`) is not a member.
 * Globs are matched with picomatch (`dot: true`: the walker already keeps out dot-folders,
 * and dot-files with a source name are read like any other).
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { SkippedFile } from '../types';
import { isSourceFile, SKIP_DIRS, specialKind, toPosix, walk, WalkOptions } from './walk';

/** True when a root is a glob rather than a folder or file name. */
export function isGlob(p: string): boolean {
  return /[*?[{]/.test(p);
}

/** A glob root split at its first glob segment: the folder the walk starts from, and the pattern below it. */
export function splitGlob(root: string): { base: string; pattern: string } {
  const segs = toPosix(root).split('/');
  let k = 0;
  while (k < segs.length && !isGlob(segs[k])) k++;
  return { base: segs.slice(0, k).join('/') || '.', pattern: segs.slice(k).join('/') };
}

/** A matcher for a glob relative to its base folder ("/" separated paths). `**` spans folders. */
export function globMatcher(pattern: string): (rel: string) => boolean {
  return picomatch(pattern, { dot: true, nocase: process.platform === 'win32' });
}

/** The folder a root's files are found under (the root itself, or a glob's static base). */
export function rootDir(root: string, baseDir: string): string {
  return path.resolve(baseDir, isGlob(root) ? splitGlob(root).base : root);
}

/** True when no folder between `dir` and `file` is one the walker does not enter. */
function walkable(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const folders = rel.split(path.sep).slice(0, -1);
  return folders.every((f) => f[0] !== '.' && !SKIP_DIRS.has(f));
}

/**
 * True when `file` (absolute) is a file the walker would list for these roots: a source
 * name, under a root (or one of the roots itself), below no skipped folder, and matching
 * the root's glob.
 */
export function inCorpusRoots(file: string, roots: string[], baseDir: string): boolean {
  if (!isSourceFile(file)) return false;
  for (const root of roots) {
    if (!isGlob(root)) {
      const abs = path.resolve(baseDir, root);
      if (file === abs || walkable(file, abs)) return true;
      continue;
    }
    const { base, pattern } = splitGlob(root);
    const dir = path.resolve(baseDir, base);
    if (walkable(file, dir) && globMatcher(pattern)(toPosix(path.relative(dir, file)))) return true;
  }
  return false;
}

/** Resolve one root to files; undefined when it does not exist / matches nothing. */
function expandRoot(root: string, baseDir: string, skipped: SkippedFile[], walkOpts: WalkOptions): string[] | undefined {
  const files: string[] = [];
  if (!isGlob(root)) {
    const abs = path.resolve(baseDir, root);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      return undefined;
    }
    if (st.isDirectory()) walk(abs, files, skipped, walkOpts);
    else if (!isSourceFile(abs)) return files;
    else if (st.isFile()) files.push(abs);
    else skipped.push({ file: abs, reason: `not a regular file: ${specialKind(st) ?? 'unknown file type'}` });
    return files;
  }
  const { base: staticPart, pattern } = splitGlob(root);
  const base = path.resolve(baseDir, staticPart);
  try {
    if (!fs.statSync(base).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  walk(base, files, skipped, { ...walkOpts, filter: globMatcher(pattern), relBase: base });
  return files.length > 0 ? files : undefined;
}

/** Path relative to baseDir with "/" separators (the stable id's file part). */
export function relativeId(file: string, baseDir: string): string {
  const base = baseDir.endsWith(path.sep) ? baseDir : baseDir + path.sep;
  if (file.startsWith(base) && path.isAbsolute(base) && base === path.normalize(base)) return toPosix(file.slice(base.length));
  return toPosix(path.relative(baseDir, file)) || path.basename(file);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every candidate source file under the roots, sorted by path relative to baseDir, and the roots that matched nothing. */
export function listCorpusFiles(roots: string[], baseDir: string, walkOpts: WalkOptions = {}): { files: string[]; missingRoots: string[]; skipped: SkippedFile[] } {
  const base = path.resolve(baseDir);
  const missingRoots: string[] = [];
  const skipped: SkippedFile[] = [];
  const set = new Set<string>();
  for (const root of roots) {
    let files: string[] | undefined;
    try {
      files = expandRoot(root, base, skipped, walkOpts);
    } catch {
      files = undefined;
    }
    if (!files) missingRoots.push(root);
    else for (const f of files) set.add(f);
  }
  const rel = new Map<string, string>();
  for (const f of set) rel.set(f, relativeId(f, base));
  const seenSkip = new Set<string>();
  const skips = skipped.filter((x) => !set.has(x.file) && !seenSkip.has(x.file) && !!seenSkip.add(x.file));
  return { files: [...set].sort((a, b) => cmp(rel.get(a)!, rel.get(b)!)), missingRoots, skipped: skips };
}
