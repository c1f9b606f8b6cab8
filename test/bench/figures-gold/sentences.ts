/**
 * Sentences of the shared corpora, by reference: the figure gold set stores (corpus, file,
 * start, end, hash) and this module re-reads the text at run time. Nothing here copies corpus
 * text into the project.
 */
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SHARED_CORPORA = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpora');

export interface SentenceRef {
  corpus: 'bbc' | 'reuters';
  /** Path inside the corpus archive, e.g. "bbc/business/001.txt". */
  file: string;
  start: number;
  end: number;
  /** First 16 hex digits of the SHA-1 of the sentence text. */
  hash: string;
}

export function sentenceHash(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 16);
}

const ARCHIVES: Record<SentenceRef['corpus'], string> = { bbc: 'bbc.tar.gz', reuters: 'reuters21578.tar.gz' };

/** Unpack the archives once into the temp folder; returns the folder, or null when the corpora are absent. */
export function corpusRoot(log: (s: string) => void = () => {}): string | null {
  const dir = process.env.FIGURES_GOLD_TMP || path.join(os.tmpdir(), 'source-linked-figures-gold');
  const mark = path.join(dir, '.unpacked');
  if (fs.existsSync(mark)) return dir;
  for (const a of Object.values(ARCHIVES)) if (!fs.existsSync(path.join(SHARED_CORPORA, a))) return null;
  fs.mkdirSync(dir, { recursive: true });
  for (const a of Object.values(ARCHIVES)) {
    log(`unpacking ${a} -> ${dir}`);
    execFileSync('tar', ['xzf', path.join(SHARED_CORPORA, a), '-C', dir]);
  }
  fs.writeFileSync(mark, new Date().toISOString());
  return dir;
}

const cache = new Map<string, string>();
export function readCorpusFile(root: string, file: string): string {
  let t = cache.get(file);
  if (t === undefined) {
    // As the indexer reads them: UTF-8 (BBC), falling back to single-byte Latin-1 where invalid.
    const buf = fs.readFileSync(path.join(root, file));
    try {
      t = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      t = buf.toString('latin1');
    }
    cache.set(file, t);
  }
  return t;
}

/** The sentence text, or an error message when the file changed (hash mismatch). */
export function resolveSentence(root: string, ref: SentenceRef): { text: string } | { error: string } {
  let t: string;
  try {
    t = readCorpusFile(root, ref.file);
  } catch (e) {
    return { error: `${ref.file}: ${(e as Error).message}` };
  }
  const s = t.slice(ref.start, ref.end);
  if (sentenceHash(s) !== ref.hash) return { error: `${ref.file}@${ref.start}: sentence hash differs (corpus changed?)` };
  return { text: s };
}

/** Split a file into sentences with offsets: paragraphs are blank-line or indent separated; tables skipped. */
export function sentencesOf(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const paraRe = /[^\n]+(?:\n(?![ \t]*\n)(?![ \t]{3,})[^\n]+)*/g;
  let m: RegExpExecArray | null;
  while ((m = paraRe.exec(text)) !== null) {
    const p = m[0];
    const base = m.index;
    let s = 0;
    const sentRe = /[.!?]["']?(?=\s+["A-Z(])/g;
    let k: RegExpExecArray | null;
    const push = (a: number, b: number): void => {
      while (a < b && /\s/.test(p[a])) a++;
      while (b > a && /\s/.test(p[b - 1])) b--;
      if (b > a) out.push({ start: base + a, end: base + b });
    };
    while ((k = sentRe.exec(p)) !== null) {
      const endAt = k.index + k[0].length;
      const prev = p.slice(Math.max(0, k.index - 4), k.index + 1);
      if (/\b(?:Mr|Mrs|Ms|Dr|St|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Co|Corp|Ltd|No)\.$/.test(prev)) continue;
      if (/\b[A-Z]\.$/.test(prev)) continue;
      push(s, endAt);
      s = endAt;
    }
    push(s, p.length);
  }
  return out;
}
