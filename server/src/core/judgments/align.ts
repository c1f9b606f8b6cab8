/**
 * Figure alignment: when the cited passage does not state a draft's figure,
 * which of its figures plays the same role? ("fuel costs rose by £116m" is
 * about the source's "fuel costs rose £106m", not its "profit of £125m",
 * though 125 is nearer 116.)
 *
 * Candidates are the cited passages' figures of the same kind and a
 * compatible unit. They are ranked by the words of their clause shared with
 * the draft figure's clause (each shared term weighted by 1 / the number of
 * candidate clauses holding it, so words every candidate shares count for
 * little; words within four words of the figure count fully, the rest of its
 * clause 0.6, words a short clause borrowed from its neighbour 0.4), plus half the same measure over whole sentences, and only then by
 * value closeness. Years count as words ("killed in 2019"). The alignment is
 * *confident* when the best candidate's clause shares at least one whole
 * discriminating term and its score beats the runner-up's by at least half a
 * term; only then is a replacement offered. The preposition right before a
 * figure counts as a clause word too: it tells "rose to $11.1bn" from "from $10.9bn".
 */
import { unitsCompatible } from '../figures';
import { Figure, Passage, Source } from '../types';
import { clauseAround, clauseTerms, contentTerms, figureLabel, sentenceOf } from './context';
import { intern, ownCopy } from '../text/copy';

export interface AlignCandidate {
  src: Source;
  p: Passage;
  fig: Figure;
}

export interface AlignedFigure extends AlignCandidate {
  /** Clause words shared with the draft's clause (discrimination-weighted). */
  clauseScore: number;
  /** Content terms shared at sentence level (discrimination-weighted). */
  sentenceShared: number;
  /** clauseScore + SENTENCE_WEIGHT * sentenceShared: the ranking score. */
  score: number;
  /** What the figure measures, in the source's words ("fuel costs rose"). */
  label: string;
  /** The source sentence holding the figure: offsets into p.text. */
  sentence: [number, number];
  /** That sentence's text (its own copy: it does not keep the decoded passage alive). */
  sentenceText: string;
}

export interface Alignment {
  /** The figure playing the same role, when one shares the clause's words. */
  best?: AlignedFigure;
  /** True when `best` clearly wins: safe to offer "Change X to Y". */
  confident: boolean;
  /** Every candidate, best first. */
  ranked: AlignedFigure[];
}

/** Minimum clause score for a confident alignment, and its margin over the runner-up. */
export const CONFIDENT_SCORE = 1;
export const CONFIDENT_MARGIN = 0.5;
const SENTENCE_WEIGHT = 0.5;
const CLAUSE_WEIGHT = 0.6;
const BORROWED_WEIGHT = 0.4;

/**
 * Align draft figure `f` (offsets into `draft`, the prose of its sentence or
 * paragraph) with the candidates' figures.
 */
export function alignFigure(f: Figure, draft: string, fStart: number, fEnd: number, candidates: AlignCandidate[]): Alignment {
  // Only the clause's terms are read here (clauseTerms: clauseAround without the close words).
  const mine = clauseTerms(draft, fStart, fEnd, 2, true);
  const mark = marker(draft, fStart);
  const sentenceTerms = contentTerms(draft.slice(0, fStart) + ' ' + draft.slice(fEnd), true);
  const pool = poolOf(f, candidates);
  // Each draft term adds its weight to the candidates that hold it (in the draft's term order,
  // so every candidate's sum is the same sequence of additions as term-by-candidate scoring).
  const n = pool.entries.length;
  if (SCORES.length < 2 * n) SCORES = new Float64Array(Math.max(2 * n, 2 * SCORES.length));
  // Clause scores at [0, n), sentence scores at [n, 2n) of one reused buffer.
  const score = SCORES;
  score.fill(0, 0, 2 * n);
  for (const t of mine) addClauseTerm(pool, score, t);
  for (const t of mark) addClauseTerm(pool, score, t);
  for (const t of sentenceTerms) {
    const hit = pool.sentenceBy.get(t);
    if (hit) for (const i of hit) score[n + i] += 1 / hit.length;
  }
  const ranked: AlignedFigure[] = pool.entries.map(({ c, x }, i) => ({
    src: c.src,
    p: c.p,
    fig: c.fig,
    clauseScore: score[i],
    sentenceShared: score[n + i],
    score: score[i] + SENTENCE_WEIGHT * score[n + i],
    label: x.label,
    sentence: x.s,
    sentenceText: x.text,
  }));
  sortRanked(f, ranked);
  const top = ranked[0];
  if (!top || top.clauseScore <= 0) return { confident: false, ranked };
  const second = ranked.find((r) => r !== top && !sameFigure(r, top));
  const confident = top.clauseScore >= CONFIDENT_SCORE && (!second || top.score - second.score >= CONFIDENT_MARGIN);
  return { best: top, confident, ranked };
}

function addClauseTerm(pool: Pool, score: Float64Array, t: string): void {
  const hit = pool.clauseBy.get(t);
  if (hit) for (let k = 0; k < hit.at.length; k++) score[hit.at[k]] += hit.weight[k] / hit.at.length;
}

/**
 * Best score first, then nearest value: the order of
 * `ranked.sort((a, b) => b.score - a.score || distance(f, a.fig) - distance(f, b.fig))`, with each
 * distance worked out once instead of twice per comparison (a stable insertion sort: pools are small).
 */
function sortRanked(f: Figure, ranked: AlignedFigure[]): void {
  const n = ranked.length;
  if (DIST.length < n) DIST = new Float64Array(Math.max(n, 2 * DIST.length));
  const d = DIST;
  for (let i = 0; i < n; i++) d[i] = distance(f, ranked[i].fig);
  if (n > 64) {
    const order = ranked.map((r, i) => ({ r, i, d: d[i] }));
    order.sort((a, b) => b.r.score - a.r.score || a.d - b.d);
    for (let i = 0; i < n; i++) ranked[i] = order[i].r;
    return;
  }
  for (let i = 1; i < n; i++) {
    const r = ranked[i];
    const dr = d[i];
    let j = i - 1;
    while (j >= 0 && (r.score - ranked[j].score || d[j] - dr) > 0) {
      ranked[j + 1] = ranked[j];
      d[j + 1] = d[j];
      j--;
    }
    ranked[j + 1] = r;
    d[j + 1] = dr;
  }
}
let DIST = new Float64Array(64);

/**
 * The candidates that can play the draft figure's role (same kind, compatible unit), with
 * their prepared words and, per term, which of them hold it (its count is the term's
 * discrimination weight). It depends only on the candidates and the figure's kind and unit,
 * not on the draft: every figure cited to the same passages reuses it (memoised).
 */
interface Pool {
  entries: { c: AlignCandidate; x: Prepared }[];
  /** Clause term -> the entries holding it (indices) and its weight in each. */
  clauseBy: Map<string, { at: number[]; weight: number[] }>;
  /** Sentence term -> the entries holding it. */
  sentenceBy: Map<string, number[]>;
}

const POOL_CACHE_MAX = 512;
let SCORES = new Float64Array(256);
/** Pools by a hash of their candidates' figures; a hit is used only when samePool says so. */
const poolCache = new Map<number, Pool[]>();
let pools = 0;
const figureIds = new WeakMap<Figure, number>();
let nextFigureId = 1;

/** A number per figure object, for cache keys. */
function figureId(fig: Figure): number {
  let id = figureIds.get(fig);
  if (id === undefined) figureIds.set(fig, (id = nextFigureId++));
  return id;
}

function poolOf(f: Figure, candidates: AlignCandidate[]): Pool {
  let h = candidates.length;
  for (const c of candidates) h = (Math.imul(h, 31) + figureId(c.fig)) | 0;
  for (const cached of poolCache.get(h) ?? []) if (samePool(cached, f, candidates)) return cached;
  const entries = candidates.filter((c) => c.fig.kind === f.kind && unitsCompatible(f, c.fig)).map((c) => ({ c, x: prepare(c.p, c.fig) }));
  const pool: Pool = { entries, clauseBy: new Map(), sentenceBy: new Map() };
  // Lists start as literals of one (most terms are held by one entry): `[]` then push reserves 17 slots, and up
  // to 512 pools stay cached (issue 13).
  entries.forEach(({ x }, i) => {
    for (const [t, w] of x.clause) {
      const hit = pool.clauseBy.get(t);
      if (!hit) pool.clauseBy.set(t, { at: [i], weight: [w] });
      else {
        hit.at.push(i);
        hit.weight.push(w);
      }
    }
    for (const t of x.whole) {
      const hit = pool.sentenceBy.get(t);
      if (!hit) pool.sentenceBy.set(t, [i]);
      else hit.push(i);
    }
  });
  if (pools >= POOL_CACHE_MAX) {
    poolCache.clear();
    pools = 0;
  }
  const bucket = poolCache.get(h);
  if (bucket) bucket.push(pool);
  else poolCache.set(h, [pool]);
  pools++;
  return pool;
}

/**
 * Whether a cached pool is the pool of these candidates: the same figures, passages and sources
 * pass the figure's kind and unit filter, in the same order (the pool depends on nothing else).
 */
function samePool(pool: Pool, f: Figure, candidates: AlignCandidate[]): boolean {
  let i = 0;
  for (const c of candidates) {
    if (c.fig.kind !== f.kind || !unitsCompatible(f, c.fig)) continue;
    const e = pool.entries[i++];
    if (!e || e.c.fig !== c.fig || e.c.p !== c.p || e.c.src !== c.src) return false;
  }
  return i === pool.entries.length;
}

interface Prepared {
  s: [number, number];
  /** The sentence's text, an own copy (see text/copy.ts). */
  text: string;
  clause: Map<string, number>;
  whole: Set<string>;
  label: string;
}
const preparedCache = new WeakMap<Passage, Map<number, Prepared>>();

/** The words around a source figure, weighted for alignment (memoised per passage and figure: sources do not change). */
function prepare(p: Passage, fig: Figure): Prepared {
  let m = preparedCache.get(p);
  if (!m) preparedCache.set(p, (m = new Map()));
  let x = m.get(fig.start);
  if (x) return x;
  const s = sentenceOf(p.text, fig.start);
  const sentence = p.text.slice(s[0], s[1]);
  const at = fig.start - s[0];
  const end = fig.end - s[0];
  const cl = clauseAround(sentence, at, end, 2, true);
  // Words right next to the figure count fully, the rest of its clause less, words borrowed from a neighbouring clause least.
  const clause = new Map<string, number>(cl.terms.map((t) => [t, cl.close.includes(t) ? 1 : cl.near.includes(t) ? CLAUSE_WEIGHT : BORROWED_WEIGHT]));
  for (const mk of marker(sentence, at)) clause.set(mk, 1);
  const whole = new Set(contentTerms(sentence.slice(0, at) + ' ' + sentence.slice(end), true));
  x = { s, text: ownCopy(sentence), clause, whole, label: ownCopy(figureLabel(sentence, at, end)) };
  m.set(fig.start, x);
  return x;
}

/** Words right before a figure that mark its role: "rose *to* $11.1bn *from* $10.9bn", "rose *by* £106m". */
const MARKERS = new Set(['to', 'from', 'by', 'of', 'at', 'than', 'with']);

/** The role marker before offset `at` ("@to", "@from"), as a pseudo-term; none when absent. */
export function marker(text: string, at: number): string[] {
  // The last word of the 20 characters before `at` that only non-word characters follow, as
  // /([A-Za-z]+)\W*$/ finds it there (\W: anything but ASCII letters, digits and "_").
  const from = Math.max(0, at - 20);
  let e = at;
  while (e > from && !isWordChar(text.charCodeAt(e - 1))) e--;
  let s = e;
  while (s > from && isLetter(text.charCodeAt(s - 1))) s--;
  if (s === e) return [];
  const w = text.slice(s, e).toLowerCase();
  return MARKERS.has(w) ? ['@' + w] : [];
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

/** Value distance on a log scale (so 116 vs 106 compares like 116m vs 106m). */
function distance(f: Figure, g: Figure): number {
  if (f.value > 0 && g.value > 0) return Math.abs(Math.log(g.value / f.value));
  return Math.abs(g.value - f.value);
}

/** The same source figure stated twice (e.g. in the cited paragraph and a neighbour). */
function sameFigure(a: AlignedFigure, b: AlignedFigure): boolean {
  return a.fig.value === b.fig.value && a.fig.unit === b.fig.unit;
}

/** "£106m (fuel costs rose) and £125m (profit)": what the passage states, for "nothing aligns". */
export function describeStated(ranked: AlignedFigure[], max = 3): string {
  const picked: AlignedFigure[] = [];
  let h = max;
  for (const r of ranked) {
    const text = spokenText(r.fig);
    let dup = false;
    for (const p of picked) if (spokenText(p.fig) === text) dup = true;
    if (dup) continue;
    picked.push(r);
    h = (Math.imul(h, 31) + figureId(r.fig)) | 0;
    if (picked.length >= max) break;
  }
  // Claims cited to the same passages repeat the same description: built once, kept once. The
  // cache is keyed by the picked figures and labels themselves (a hash, then compared).
  const bucket = STATED.get(h);
  if (bucket) for (const e of bucket) if (e.max === max && samePicks(e.picks, picked)) return e.said;
  const parts = picked.map((r) => (r.label ? `${spokenText(r.fig)} (${r.label})` : spokenText(r.fig)));
  const said = intern(parts.length <= 1 ? parts.join('') : parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1]);
  if (STATED_SIZE >= 4096) {
    STATED.clear();
    STATED_SIZE = 0;
  }
  const entry = { max, picks: picked.map((r) => ({ fig: r.fig, label: r.label })), said };
  if (bucket) bucket.push(entry);
  else STATED.set(h, [entry]);
  STATED_SIZE++;
  return said;
}

function samePicks(a: { fig: Figure; label: string }[], b: AlignedFigure[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].fig !== b[i].fig || a[i].label !== b[i].label) return false;
  return true;
}

const STATED = new Map<number, { max: number; picks: { fig: Figure; label: string }[]; said: string }[]>();
let STATED_SIZE = 0;
const SPOKEN = new WeakMap<Figure, string>();

/** A source figure's text on one line ("£106m"), memoised per figure. */
function spokenText(fig: Figure): string {
  let t = SPOKEN.get(fig);
  if (t === undefined) SPOKEN.set(fig, (t = fig.text.replace(/\s+/g, ' ').trim()));
  return t;
}
