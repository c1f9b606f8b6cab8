/**
 * Benchmark corpora, always outside the project tree (os.tmpdir()/source-linked-bench,
 * or $BENCH_TMP):
 *  - seeds:   the project's seeds/ folder, read in place;
 *  - bbc:     BBC News (2,225 articles), unpacked from ../shared/corpora/bbc.tar.gz;
 *  - reuters: Reuters-21578 (19,043 files), unpacked from ../shared/corpora/reuters21578.tar.gz;
 *  - big:     copies of BBC + Reuters in copy0/, copy1/, ... until >= BENCH_BIG_MB (100) MB.
 * When the shared corpora are missing, BBC- and Reuters-shaped corpora are generated
 * from a seeded PRNG instead (same article counts, paragraph shapes and figure styles)
 * and every row says "synthetic".
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { corpusFiles, ROOT, Rng } from './util';

export type CorpusName = 'seeds' | 'bbc' | 'reuters' | 'big';
export const ALL_CORPORA: CorpusName[] = ['seeds', 'bbc', 'reuters', 'big'];

export interface CorpusSpec {
  name: CorpusName;
  label: string;
  /** Absolute corpus roots, passed as sourceLinked.corpus. */
  roots: string[];
  /** Workspace folder (server cwd, baseDir for keys; holds .source-linked/). */
  workspace: string;
  synthetic: boolean;
  files: number;
  bytes: number;
}

export const BENCH_TMP = process.env.BENCH_TMP || path.join(os.tmpdir(), 'source-linked-bench');
/** The research archives: ../shared/corpora beside the checkout, or BENCH_SHARED_CORPORA (a git worktree lives elsewhere). */
const SHARED = process.env.BENCH_SHARED_CORPORA || path.resolve(ROOT, '..', 'shared', 'corpora');

function assertOutsideProject(p: string): void {
  const rel = path.relative(ROOT, p);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) throw new Error(`refusing to write benchmark data inside the project: ${p}`);
}

function done(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.bench-complete'));
}

function markDone(dir: string): void {
  fs.writeFileSync(path.join(dir, '.bench-complete'), new Date().toISOString());
}

function untar(archive: string, dest: string): void {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['xzf', archive, '-C', dest], { stdio: 'inherit' });
}

export function sharedCorporaAvailable(): boolean {
  return fs.existsSync(path.join(SHARED, 'bbc.tar.gz')) && fs.existsSync(path.join(SHARED, 'reuters21578.tar.gz'));
}

/** Unpack (or synthesise) BBC and Reuters once; returns their folders. */
function baseCorpora(log: (s: string) => void): { bbc: string; reutersParent: string; synthetic: boolean } {
  assertOutsideProject(BENCH_TMP);
  const real = sharedCorporaAvailable() && process.env.BENCH_SYNTHETIC !== '1';
  const data = path.join(BENCH_TMP, real ? 'data' : 'synthetic');
  const bbcDir = path.join(data, 'bbc');
  const reutDir = path.join(data, 'reuters');
  if (!done(bbcDir)) {
    if (real) {
      log(`unpacking bbc.tar.gz -> ${bbcDir}`);
      untar(path.join(SHARED, 'bbc.tar.gz'), bbcDir);
    } else {
      log(`generating synthetic BBC-shaped corpus -> ${bbcDir}`);
      fs.rmSync(bbcDir, { recursive: true, force: true });
      synthBbc(path.join(bbcDir, 'bbc'));
    }
    markDone(bbcDir);
  }
  if (!done(reutDir)) {
    if (real) {
      log(`unpacking reuters21578.tar.gz -> ${reutDir}`);
      untar(path.join(SHARED, 'reuters21578.tar.gz'), reutDir);
    } else {
      log(`generating synthetic Reuters-shaped corpus -> ${reutDir}`);
      fs.rmSync(reutDir, { recursive: true, force: true });
      synthReuters(reutDir);
    }
    markDone(reutDir);
  }
  return { bbc: path.join(bbcDir, 'bbc'), reutersParent: reutDir, synthetic: !real };
}

function copyTree(src: string, dest: string): void {
  fs.cpSync(src, dest, { recursive: true, preserveTimestamps: true, filter: (s) => path.basename(s) !== '.bench-complete' });
}

export function prepareCorpus(name: CorpusName, log: (s: string) => void): CorpusSpec {
  const ws = path.join(BENCH_TMP, 'ws', name);
  fs.mkdirSync(ws, { recursive: true });
  let roots: string[];
  let synthetic = false;
  let label: string;
  if (name === 'seeds') {
    roots = [path.join(ROOT, 'seeds')];
    label = 'seeds';
  } else {
    const b = baseCorpora(log);
    synthetic = b.synthetic;
    if (name === 'bbc') {
      roots = [b.bbc];
      label = 'BBC';
    } else if (name === 'reuters') {
      roots = [path.join(b.reutersParent, 'reuters21578')];
      label = 'Reuters-21578';
    } else {
      const wantMB = Number(process.env.BENCH_BIG_MB || 100);
      const big = path.join(BENCH_TMP, synthetic ? 'big-synthetic' : 'big', `${wantMB}mb`);
      if (!done(big)) {
        fs.rmSync(big, { recursive: true, force: true });
        fs.mkdirSync(big, { recursive: true });
        const one = corpusFiles([b.bbc, path.join(b.reutersParent, 'reuters21578')]).bytes;
        const copies = Math.max(1, Math.ceil((wantMB * 1024 * 1024) / one));
        log(`building ${copies} copies of BBC+Reuters (${(one / 1048576).toFixed(1)} MB each) -> ${big}`);
        for (let i = 0; i < copies; i++) {
          const c = path.join(big, `copy${i}`);
          copyTree(b.bbc, path.join(c, 'bbc'));
          copyTree(path.join(b.reutersParent, 'reuters21578'), path.join(c, 'reuters21578'));
          const idx = path.join(b.reutersParent, 'reuters21578_index.json');
          if (fs.existsSync(idx)) fs.copyFileSync(idx, path.join(c, 'reuters21578_index.json'));
        }
        markDone(big);
      }
      roots = [big];
      label = `${wantMB} MB (copies)`;
    }
  }
  if (synthetic) label += ' (synthetic)';
  const { files, bytes } = corpusFiles(roots);
  return { name, label, roots, workspace: ws, synthetic, files: files.length, bytes };
}

// ---------------------------------------------------------------- synthetic corpora

const SYLL = ['ba', 'ri', 'con', 'ta', 'mel', 'or', 'sti', 'ven', 'lu', 'pra', 'de', 'ko', 'gan', 'shi', 'ter', 'al', 'mon', 'e', 'fi', 'ru', 'nal', 'pe', 'sa', 'tin'];
const COMMON = 'the of and to in a that for is on with as was by at from it has have are be said will its but not this an which their more than they been also after year would new up had who over market government company percent first last people'.split(' ');

function vocab(rng: Rng, n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const k = 1 + rng.int(3);
    let w = '';
    for (let i = 0; i < k; i++) w += rng.pick(SYLL);
    if (w.length > 2) out.add(w);
  }
  return [...out];
}

/** Zipf-ish word: common words often, then a skewed pick from the vocabulary. */
function word(rng: Rng, v: string[]): string {
  if (rng.chance(0.45)) return rng.pick(COMMON);
  const i = Math.floor(v.length * Math.pow(rng.next(), 2.2));
  return v[i];
}

function bbcFigure(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return `${1 + rng.int(99)}%`;
    case 1:
      return `$${(1 + rng.next() * 50).toFixed(2)}bn`;
    case 2:
      return `£${10 + rng.int(900)}m`;
    case 3:
      return `${(1 + rng.int(999)).toLocaleString('en-US')},${String(rng.int(1000)).padStart(3, '0')}`;
    case 4:
      return `${(rng.next() * 20).toFixed(1)}%`;
    default:
      return `${1990 + rng.int(16)}`;
  }
}

function reutFigure(rng: Rng): string {
  switch (rng.int(5)) {
    case 0:
      return `${(rng.next() * 30).toFixed(1)} pct`;
    case 1:
      return `${1 + rng.int(900)} mln dlrs`;
    case 2:
      return `${(rng.next() * 10).toFixed(2)} billion dlrs`;
    case 3:
      return `${(1 + rng.int(999)).toLocaleString('en-US')},${String(rng.int(1000)).padStart(3, '0')} tonnes`;
    default:
      return `${1 + rng.int(99)} cts`;
  }
}

function sentence(rng: Rng, v: string[], fig: (r: Rng) => string, figP: number): string {
  const n = 10 + rng.int(22);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(word(rng, v));
  if (rng.chance(figP)) words.splice(2 + rng.int(n - 3), 0, fig(rng));
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function synthBbc(dir: string): void {
  const rng = new Rng(0xbbc);
  const v = vocab(rng, 12000);
  const topics = ['business', 'entertainment', 'politics', 'sport', 'tech'];
  const counts = [510, 386, 417, 511, 401]; // 2,225 articles like the real set
  topics.forEach((t, ti) => {
    const d = path.join(dir, t);
    fs.mkdirSync(d, { recursive: true });
    for (let i = 1; i <= counts[ti]; i++) {
      const title = Array.from({ length: 3 + rng.int(5) }, () => word(rng, v)).join(' ');
      const paras: string[] = [];
      const np = 3 + rng.int(7);
      for (let p = 0; p < np; p++) paras.push(Array.from({ length: 1 + rng.int(4) }, () => sentence(rng, v, bbcFigure, 0.35)).join(' '));
      fs.writeFileSync(path.join(d, `${String(i).padStart(3, '0')}.txt`), `${title[0].toUpperCase()}${title.slice(1)}\n\n${paras.join('\n\n')}\n`);
    }
  });
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const CITIES = ['NEW YORK', 'LONDON', 'TOKYO', 'CHICAGO', 'WASHINGTON', 'FRANKFURT', 'PARIS', 'SYDNEY'];

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

function synthReuters(dir: string): void {
  const rng = new Rng(0x21578);
  const v = vocab(rng, 15000);
  const d = path.join(dir, 'reuters21578');
  fs.mkdirSync(d, { recursive: true });
  const index: object[] = [];
  for (let i = 1; i <= 19043; i++) {
    const file = `reut-${String(i).padStart(5, '0')}.txt`;
    const title = Array.from({ length: 3 + rng.int(6) }, () => word(rng, v)).join(' ').toUpperCase();
    const m = rng.int(12);
    const day = 1 + rng.int(28);
    const lines: string[] = [title, ''];
    const np = 1 + rng.int(6);
    for (let p = 0; p < np; p++) {
      let text = Array.from({ length: 1 + rng.int(3) }, () => sentence(rng, v, reutFigure, 0.45)).join(' ');
      if (p === 0) text = `${rng.pick(CITIES)}, ${MONTHS[m][0]}${MONTHS[m].slice(1).toLowerCase()} ${day} - ${text}`;
      const wl = wrap(text, 62);
      if (p > 0) wl[0] = `    ${wl[0]}`;
      lines.push(...wl);
    }
    lines.push(' REUTER');
    fs.writeFileSync(path.join(d, file), lines.join('\n') + '\n');
    index.push({ file, newid: i, date: `${String(day).padStart(2, '0')}-${MONTHS[m]}-1987 10:00:00.00`, topics: [], title });
  }
  fs.writeFileSync(path.join(dir, 'reuters21578_index.json'), JSON.stringify(index));
}
