/**
 * The key file: memory of every citation key handed out, committed beside the sources.
 *
 * Name and place: `citation-keys.tsv` in each corpus root folder (for a glob, its
 * folder before the first wildcard; for a single file, its folder). Format, one
 * source per line, sorted by key, UTF-8, "\n" line ends:
 *
 *     # comment lines start with "#"
 *     KEY<TAB>FINGERPRINT<TAB>PATH[#N]
 *
 * KEY is the key the source got when first seen; FINGERPRINT 16 hex characters of the
 * SHA-256 of the article's paragraphs (see `fingerprint`), so it is the same wherever
 * the file lives; PATH is relative to the key file's folder with "/",
 * and "#N" names the Nth article of a file holding several. Blank lines, comments,
 * malformed lines and git conflict markers are skipped (and reported), never fatal.
 *
 * Merging: lines are independent, so git's built-in union merge keeps both branches'
 * additions; the loader writes `.gitattributes` with `citation-keys.tsv merge=union`
 * beside a new key file when that folder has none.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { KeyEntry } from './keys';
import { isGlob, rootDir } from './roots';

export const KEY_FILE = 'citation-keys.tsv';
export const KEY_FILE_ATTRIBUTES = `${KEY_FILE} merge=union`;

const HEADER = [
  '# Citation keys of the sources in this folder, kept by source-linked. Commit this file.',
  '# KEY<TAB>FINGERPRINT<TAB>PATH[#article]: a key never moves once given; edit a KEY here to change it.',
];

/**
 * Fingerprint of an article's text: its paragraphs as the splitter cut them (lines
 * trimmed and joined, so independent of file name, folder, encoding, line endings and
 * wrapping), SHA-256, 16 hex digits.
 */
export function fingerprint(passages: readonly { text: string }[]): string {
  let all = '';
  for (const p of passages) all += p.text + '\n';
  // The first 8 bytes in hex: a flat 16-character string of its own (`digest('hex').slice(0, 16)` kept the
  // 64-character digest alive behind every source's fingerprint, 1.45 MB on Reuters; issue 13).
  return createHash('sha256').update(all).digest().toString('hex', 0, 8);
}

export interface ParsedKeyFile {
  /** Entries with `path` relative to the key file's folder. */
  entries: KeyEntry[];
  /** 1-based line numbers and why they were ignored. */
  problems: string[];
}

const KEY_RE = /^[A-Za-z][A-Za-z0-9_:.#$%&+?<>~/-]*$/;

export function parseKeyFile(text: string): ParsedKeyFile {
  const entries: KeyEntry[] = [];
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    if (/^(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)/.test(line)) {
      problems.push(`line ${i + 1}: git conflict marker ignored`);
      return;
    }
    const cols = line.split('\t');
    const [key, fp, p] = [cols[0]?.trim(), cols[1]?.trim(), cols.slice(2).join('\t').trim()];
    if (cols.length < 3 || !key || !KEY_RE.test(key) || !/^[0-9a-f]{8,64}$/.test(fp) || !p) {
      problems.push(`line ${i + 1}: not KEY<TAB>FINGERPRINT<TAB>PATH, ignored`);
      return;
    }
    entries.push({ key: own(key), fingerprint: own(fp), path: own(p) });
  });
  return { entries, problems };
}

/** A copy of `s` that does not hold the text it was cut from (V8 slices a string of 13 or more characters). */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The key file text for `entries` (paths relative to its folder): sorted, one per line, duplicates dropped. */
export function formatKeyFile(entries: readonly KeyEntry[]): string {
  const lines = new Set<string>();
  for (const e of entries) lines.add(`${e.key}\t${e.fingerprint}\t${e.path}`);
  const sorted = [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return HEADER.join('\n') + '\n' + sorted.map((l) => l + '\n').join('');
}

/** The folder whose key file covers `root` (a folder, a file or a glob, relative to baseDir). */
export function keyFileDir(root: string, baseDir: string): string {
  if (isGlob(root)) return rootDir(root, baseDir);
  const abs = path.resolve(baseDir, root);
  try {
    if (fs.statSync(abs).isDirectory()) return abs;
  } catch {
    return abs;
  }
  return path.dirname(abs);
}

/** Read one key file; a missing file is empty, an unreadable one is reported. */
export function readKeyFile(dir: string): ParsedKeyFile & { text?: string } {
  const r = readKeyText(dir);
  return r.text === undefined ? { entries: [], problems: r.problem ? [r.problem] : [] } : { ...parseKeyFile(r.text), text: r.text };
}

/** The text of one key file, not parsed (undefined when missing or unreadable; unreadable is a problem). */
export function readKeyText(dir: string): { text?: string; problem?: string } {
  const file = path.join(dir, KEY_FILE);
  try {
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { problem: `cannot read ${file}: ${code ?? (e as Error).message}` };
  }
}

/**
 * Write a key file when its content changed (atomically: a temporary file, then rename).
 * Creates `.gitattributes` with the union-merge line beside a new key file when the
 * folder has none. Returns a message when it could not write (read-only folder).
 */
export function writeKeyFile(dir: string, text: string, previous: string | undefined): string | undefined {
  if (text === previous) return undefined;
  const file = path.join(dir, KEY_FILE);
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    return `could not write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; keys of new sources are not remembered`;
  }
  if (previous === undefined) {
    const attrs = path.join(dir, '.gitattributes');
    try {
      if (!fs.existsSync(attrs)) fs.writeFileSync(attrs, KEY_FILE_ATTRIBUTES + '\n');
    } catch {
      // merging still works, with conflicts resolved by hand
    }
  }
  return undefined;
}
