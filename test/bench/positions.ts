/**
 * The fixed, seeded query set: sentences that state a figure, taken from corpus
 * articles and lightly reworded (a word dropped or two words swapped) and, for
 * some, the figure nudged (±1 in its last digit), written as draft lines.
 * The source a sentence came from is the "correct" answer for quality scores.
 */
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { Source } from '../../server/src/core/types';
import { Rng } from './util';

export interface BenchPosition {
  id: number;
  /** Key of the source the sentence was taken from. */
  key: string;
  /** Its 1-based paragraph. */
  n: number;
  title: string;
  /** The sentence as the source states it. */
  original: string;
  /** The draft line (reworded). */
  sentence: string;
  change: 'drop' | 'swap' | 'none';
  figureChanged: boolean;
  /** Keys of other sources whose text contains the same sentence (duplicated articles). */
  sameText: string[];
}

const SENT_SPLIT = /(?<=[.!?]["\u201D\u2019)]?)\s+(?=["\u201C\u2018(]?[A-Z])/;
/** Characters that would make a draft line something other than a prose paragraph or add citations/markup. */
const UNSAFE = /[\[\]@`*_<>|#\\{}~]|^\s*(?:[-+>]|\d+[.)])\s|https?:/;

function sentencesOf(text: string): string[] {
  return text.split(SENT_SPLIT).map((s) => s.trim());
}

function eligible(s: string): boolean {
  const words = s.split(/\s+/).length;
  return words >= 8 && words <= 60 && !UNSAFE.test(s) && /[.!?]["\u201D\u2019)]?$/.test(s);
}

/** Nudge the last digit of the first figure by ±1 (no carry: 9 -> 8, 0 -> 1). */
function nudgeFigure(s: string, rng: Rng): string | undefined {
  const figs = extractFigures(s);
  const f = figs.find((x) => /\d/.test(x.text));
  if (!f) return undefined;
  const ft = s.slice(f.start, f.end);
  let i = -1;
  for (let k = ft.length - 1; k >= 0; k--)
    if (/\d/.test(ft[k])) {
      i = k;
      break;
    }
  if (i < 0) return undefined;
  const d = Number(ft[i]);
  const nd = d === 9 ? 8 : d === 0 ? 1 : rng.chance(0.5) ? d + 1 : d - 1;
  return s.slice(0, f.start) + ft.slice(0, i) + nd + ft.slice(i + 1) + s.slice(f.end);
}

/** Drop one word or swap two adjacent words, never touching a figure or the first/last word. */
function reword(s: string, rng: Rng): { text: string; change: BenchPosition['change'] } {
  const figs = extractFigures(s);
  const words: { w: string; start: number; end: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) words.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  const free = (i: number) => i > 0 && i < words.length - 1 && /^[A-Za-z'\u2019-]+,?$/.test(words[i].w) && !figs.some((f) => f.start < words[i].end && words[i].start < f.end);
  const r = rng.next();
  if (r < 0.45) {
    const cands = words.map((_, i) => i).filter(free);
    if (cands.length) {
      const i = rng.pick(cands);
      return { text: words.filter((_, k) => k !== i).map((x) => x.w).join(' '), change: 'drop' };
    }
  } else if (r < 0.9) {
    const cands = words.map((_, i) => i).filter((i) => free(i) && free(i + 1) && !/,$/.test(words[i].w));
    if (cands.length) {
      const i = rng.pick(cands);
      const ws = words.map((x) => x.w);
      [ws[i], ws[i + 1]] = [ws[i + 1], ws[i]];
      return { text: ws.join(' '), change: 'swap' };
    }
  }
  return { text: words.map((x) => x.w).join(' '), change: 'none' };
}

/**
 * `count` positions from passages with figures, chosen by a PRNG seeded with `seed`.
 * Sentences may repeat (with other rewordings) when the corpus is small.
 */
export function makePositions(index: CorpusIndex, count: number, seed: number, opts: { figureChangeRate?: number; findDuplicates?: boolean } = {}): BenchPosition[] {
  const rng = new Rng(seed);
  const rate = opts.figureChangeRate ?? 0.25;
  const cands: { src: Source; n: number; text: string }[] = [];
  for (const src of index.sources()) for (const p of src.passages) if (p.figures.length) cands.push({ src, n: p.n, text: p.text });
  if (cands.length === 0) throw new Error('no passage with a figure in the corpus: cannot build benchmark positions');
  const out: BenchPosition[] = [];
  const used = new Set<string>();
  let tries = 0;
  while (out.length < count && tries < count * 200) {
    tries++;
    const c = rng.pick(cands);
    const sents = sentencesOf(c.text).filter((s) => eligible(s) && extractFigures(s).length > 0);
    if (!sents.length) continue;
    const orig = rng.pick(sents);
    const id = `${c.src.key}\u0000${orig}`;
    if (used.has(id) && tries < count * 50) continue; // prefer fresh sentences; allow repeats on tiny corpora
    let { text, change } = reword(orig, rng);
    let figureChanged = false;
    if (rng.chance(rate)) {
      const nudged = nudgeFigure(text, rng);
      if (nudged) {
        text = nudged;
        figureChanged = true;
      }
    }
    if (extractFigures(text).length === 0 || UNSAFE.test(text)) continue;
    used.add(id);
    out.push({ id: out.length, key: c.src.key, n: c.n, title: c.src.title, original: orig, sentence: text, change, figureChanged, sameText: [] });
  }
  if (out.length < count) throw new Error(`only ${out.length} of ${count} positions could be built from the corpus`);
  if (opts.findDuplicates) markDuplicates(index, out);
  return out;
}

/** `copyN/` folders of the 100 MB corpus: byte-identical copies of BBC and Reuters (test/bench/corpora.ts). */
const COPY_DIR = /([\\/])copy\d+[\\/]/;

/** The same article in every copy: its file with `copyN/` blanked, and its first line (a Reuters file holds many). */
function copyGroup(src: Source): string | undefined {
  return COPY_DIR.test(src.file) ? `${src.file.replace(COPY_DIR, '$1copy*$1')}:${src.startLine}` : undefined;
}

/**
 * Fills each position's `sameText`: the other sources whose passages contain its original sentence (duplicated
 * articles, and on the 100 MB corpus the same article in the other copies). Copies are byte-identical, so only the
 * first copy of each article is searched and a match there counts for all its copies.
 */
export function markDuplicates(index: CorpusIndex, positions: BenchPosition[]): void {
  const want = new Map<string, BenchPosition[]>();
  for (const p of positions) {
    const l = want.get(p.original);
    if (l) l.push(p);
    else want.set(p.original, [p]);
  }
  const groups = new Map<string, string[]>();
  const scan: { src: Source; keys: string[] }[] = [];
  for (const src of index.sources()) {
    const g = copyGroup(src);
    const keys = g === undefined ? undefined : groups.get(g);
    if (keys) {
      keys.push(src.key);
      continue;
    }
    const own = [src.key];
    if (g !== undefined) groups.set(g, own);
    scan.push({ src, keys: own });
  }
  for (const { src, keys } of scan) {
    for (const pas of src.passages) {
      if (!pas.figures.length) continue;
      for (const [s, ps] of want) {
        if (!pas.text.includes(s)) continue;
        for (const p of ps) for (const k of keys) if (k !== p.key && !p.sameText.includes(k)) p.sameText.push(k);
      }
    }
  }
}

/** Column where a citation goes: before the final punctuation (and closing quote), else the end. */
export function citeColumn(s: string): number {
  let end = s.length;
  while (end > 0 && /["\u201D\u2019)]/.test(s[end - 1])) end--;
  return end > 0 && /[.!?]/.test(s[end - 1]) ? end - 1 : s.length;
}

export interface DraftLine {
  pos: BenchPosition;
  line: number;
}

export interface Draft {
  name: string;
  text: string;
  lines: DraftLine[];
}

/** Drafts of `perDraft` paragraphs, one position per paragraph (blank line between). */
export function positionDrafts(positions: BenchPosition[], perDraft: number, cited: boolean, prefix: string): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < positions.length; i += perDraft) {
    const chunk = positions.slice(i, i + perDraft);
    const lines: DraftLine[] = [];
    const text: string[] = [];
    chunk.forEach((p, k) => {
      let s = p.sentence;
      if (cited) {
        const c = citeColumn(s);
        s = `${s.slice(0, c)} [@${p.key}]${s.slice(c)}`;
      }
      lines.push({ pos: p, line: k * 2 });
      text.push(s);
    });
    drafts.push({ name: `${prefix}-${drafts.length + 1}.md`, text: text.join('\n\n') + '\n', lines });
  }
  return drafts;
}

/**
 * A draft of `paras` paragraphs of 1-3 sentences from the pool; about half the
 * paragraphs cite their sentences' sources with `[@key, para. N]`.
 */
export function bigDraft(pool: BenchPosition[], paras: number, seed: number): { text: string; cited: number; lineOf: number[] } {
  const rng = new Rng(seed);
  const out: string[] = [];
  const lineOf: number[] = [];
  let k = 0;
  let cited = 0;
  for (let i = 0; i < paras; i++) {
    const n = 1 + rng.int(3);
    const cite = rng.chance(0.5);
    const sents: string[] = [];
    for (let j = 0; j < n; j++) {
      const p = pool[k++ % pool.length];
      if (cite) {
        const c = citeColumn(p.sentence);
        sents.push(`${p.sentence.slice(0, c)} [@${p.key}, para. ${p.n}]${p.sentence.slice(c)}`);
      } else sents.push(p.sentence);
    }
    if (cite) cited++;
    lineOf.push(i * 2);
    out.push(sents.join(' '));
  }
  return { text: out.join('\n\n') + '\n', cited, lineOf };
}
