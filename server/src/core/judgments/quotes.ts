/**
 * Quotation checks.
 *
 * - `uncited-quote`: a quotation of `minQuoteWords`+ words (straight, curly or
 *   guillemet quotes, or a `>` block quote) with no citation in scope. The
 *   corpus is searched for it; when a passage contains it, the message names
 *   that passage and the quick fix cites it; otherwise the message says no
 *   source contains it.
 * - `quote-not-in-source`: a cited quotation the cited source does not
 *   contain. The closest run of words in the cited source is found by a
 *   word-level edit distance (approximate substring match). It is a
 *   *misquote* when at least MISQUOTE_MIN_SIMILARITY (60%) of the quotation's
 *   words line up with it (edit distance <= 40% of the quotation's length):
 *   the message shows what differs, related information points at that
 *   passage, and a quick fix replaces the quotation with the source's words.
 *   Below that the quotation is reported as absent from the source.
 *
 * Comparison is on words: case, quote marks, apostrophes, dashes, ellipses and
 * other punctuation and whitespace differences are ignored.
 */
import { passageLocator } from '../citations/pages';
import { citationsForRange } from '../citations/scope';
import { CorpusIndex } from '../index/index';
import { tokenize } from '../text/tokens';
import { Settings } from '../settings';
import { ClaimStatus, DraftModel, Judgment, Passage, Quote, Source, Suggestion } from '../types';
import { citedKeys, claimStatus, describeCited, KnownItem, knownItems } from './cited';
import { intern, ownCopy } from '../text/copy';
import { quoteRuns, quoteWords, Word } from './quoteWords';
import { IndexMemo } from './indexMemo';

/** Longest quotation (in words) searched for its closest passage. */
const MAX_ALIGN_WORDS = 400;

/** How many of a quotation's words the corpus search for an uncited quotation queries. */
const QUERY_WORDS = 6;

/** Share of a quotation's words that must align with the source for a misquote (see above). */
export const MISQUOTE_MIN_SIMILARITY = 0.6;

export interface QuoteReport {
  quote: Quote;
  status: ClaimStatus;
  keys: string[];
  /** A `>` block quote rather than an inline quotation. */
  block: boolean;
}

export { quoteRuns, quoteWords, quoteWordsByRegExp } from './quoteWords';
export type { Word } from './quoteWords';

const wordCache = new WeakMap<Passage, Word[]>();
function passageWords(p: Passage): Word[] {
  let w = wordCache.get(p);
  if (!w) {
    w = quoteWords(p.text);
    wordCache.set(p, w);
  }
  return w;
}

/** Index in `hay` where the run `needle` starts, or -1. */
function findRun(hay: Word[], needle: string[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k].w !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The passage of `src` holding the first run, when every run is in the source. */
export function sourceContains(src: Source, runs: string[][]): Passage | undefined {
  let first: Passage | undefined;
  for (const run of runs) {
    // A passage lacking one of the run's words cannot hold it: asked of its word counts first.
    const p = src.passages.find((x) => {
      const words = passageWords(x);
      const counts = passageCounts(x, words);
      return run.every((w) => counts.has(w)) && findRun(words, run) >= 0;
    });
    if (!p) return undefined;
    first ??= p;
  }
  return first;
}

export interface CloseMatch {
  src: Source;
  p: Passage;
  /** Word edit distance, and 1 - distance / quotation length. */
  distance: number;
  similarity: number;
  /** The passage words matched (offsets into p.text). */
  start: number;
  end: number;
  /** The differing part: the source's words and the draft's words there. */
  sourceSays: string;
  draftHas: string;
}

/**
 * The run of words in `sources` closest to the quotation (approximate substring match on words).
 * With `maxDistance`, only a run within that many word edits counts (undefined when none is):
 * passages that cannot come that close are skipped without aligning.
 */
export function closestMatch(sources: Source[], quote: string, maxDistance = Infinity, words?: Word[]): CloseMatch | undefined {
  const q = words ?? quoteWords(quote);
  // The word alignment is quadratic: a quotation longer than this is only reported as absent.
  if (q.length === 0 || q.length > MAX_ALIGN_WORDS) return undefined;
  // The quotation's distinct words and their counts as two lists (no [word, count] pair per word).
  const qWords: string[] = [];
  const qCounts: number[] = [];
  wordCounts(q).forEach((n, w) => {
    qWords.push(w);
    qCounts.push(n);
  });
  // A passage must beat the best so far (strictly): the first passage with the least distance wins.
  let cutoff = maxDistance + 1;
  let best: { src: Source; p: Passage; m: NonNullable<ReturnType<typeof alignWords>> } | undefined;
  for (const src of sources) {
    for (const p of src.passages) {
      const pw = passageWords(p);
      // Every quotation word the passage cannot pair with an equal word costs at least one edit.
      if (q.length - sharedWords(qWords, qCounts, passageCounts(p, pw)) >= cutoff) continue;
      const m = alignWords(q, pw, cutoff);
      if (!m || m.distance >= cutoff) continue;
      best = { src, p, m };
      cutoff = m.distance;
    }
  }
  if (!best) return undefined;
  // The strings are built once, for the winner, as own copies (a slice would keep the decoded passage alive).
  const { src, p, m } = best;
  const pw = passageWords(p);
  const text = p.text;
  const [qa, qb, pa, pb] = m.diff;
  return {
    src,
    p,
    distance: m.distance,
    similarity: 1 - m.distance / q.length,
    start: pw[m.from].start,
    end: pw[m.to - 1].end,
    sourceSays: pb > pa ? ownCopy(text.slice(pw[pa].start, pw[pb - 1].end)) : '',
    draftHas: qb > qa ? ownCopy(quote.slice(q[qa].start, q[qb - 1].end)) : '',
  };
}

/** How often each word occurs. */
function wordCounts(words: Word[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { w } of words) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}

const countCache = new WeakMap<Passage, Map<string, number>>();
function passageCounts(p: Passage, words: Word[]): Map<string, number> {
  let c = countCache.get(p);
  if (!c) countCache.set(p, (c = wordCounts(words)));
  return c;
}

/** Words the two bags share, with multiplicity: an upper bound on the words an alignment pairs with equal words. */
function sharedWords(words: string[], counts: number[], b: Map<string, number>): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const l = b.get(words[i]);
    if (l) n += Math.min(counts[i], l);
  }
  return n;
}

/** The most word edits a quotation of `words` words may have from the source and still count as a misquote. */
export function misquoteMaxDistance(words: number): number {
  let d = 0;
  while (d + 1 <= words && 1 - (d + 1) / words >= MISQUOTE_MIN_SIMILARITY) d++;
  return d;
}

let TABLE = new Uint16Array(4096);

/**
 * Semi-global word alignment of `q` inside `p` (free start and end in p).
 * Returns the distance, the matched window [from, to) of p, and the differing
 * span with one word of context: [qa, qb) of q and [pa, pb) of p.
 */
function alignWords(q: Word[], p: Word[], cutoff = Infinity): { distance: number; from: number; to: number; diff: [number, number, number, number] } | undefined {
  const m = q.length;
  const n = p.length;
  if (n === 0) return undefined;
  // One table reused across calls, row i at [i * w, (i + 1) * w): no garbage per passage.
  const w = n + 1;
  if (TABLE.length < (m + 1) * w) TABLE = new Uint16Array(Math.max((m + 1) * w, TABLE.length * 2));
  const D = TABLE;
  D.fill(0, 0, w);
  for (let i = 1; i <= m; i++) {
    const row = i * w;
    const up = row - w;
    const qw = q[i - 1].w;
    D[row] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const sub = D[up + j - 1] + (qw === p[j - 1].w ? 0 : 1);
      const v = Math.min(sub, D[up + j] + 1, D[row + j - 1] + 1);
      D[row + j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Row minima never decrease, so the distance is at least this: no better than `cutoff`.
    if (rowMin >= cutoff) return undefined;
  }
  const last = m * w;
  let to = 0;
  for (let j = 1; j <= n; j++) if (D[last + j] < D[last + to]) to = j;
  // Backtrack, noting the first and last differing positions.
  let i = m;
  let j = to;
  let qa = -1, qb = -1, pa = -1, pb = -1;
  const mark = (qi: number, pj: number) => {
    if (qb < 0) {
      qb = qi;
      pb = pj;
    }
    qa = qi;
    pa = pj;
  };
  while (i > 0) {
    const here = D[i * w + j];
    if (j > 0 && here === D[(i - 1) * w + j - 1] + (q[i - 1].w === p[j - 1].w ? 0 : 1)) {
      if (q[i - 1].w !== p[j - 1].w) mark(i - 1, j - 1);
      i--;
      j--;
    } else if (here === D[(i - 1) * w + j] + 1) {
      mark(i - 1, j);
      i--;
    } else {
      mark(i, j - 1);
      j--;
    }
  }
  const from = j;
  if (to <= from) return undefined;
  if (qb < 0) return { distance: 0, from, to, diff: [0, 0, 0, 0] };
  // [qa..qb] and [pa..pb] inclusive of the differing words; widen by one word of context each side.
  const diff: [number, number, number, number] = [Math.max(0, qa - 1), Math.min(m, qb + 2), Math.max(from, pa - 1), Math.min(to, pb + 2)];
  return { distance: D[last + to], from, to, diff };
}

/** Quotations of the draft: inline ones, and block quotes (one per `>` paragraph). */
export function draftQuotes(model: DraftModel): { quote: Quote; block: boolean }[] {
  const blocks = model.blocks.filter((b) => b.kind === 'blockquote');
  const out: { quote: Quote; block: boolean }[] = [];
  for (const b of blocks) {
    const text = model.prose.slice(b.start, b.end).replace(/\s+/g, ' ').trim();
    // The range ends at the last non-blank character: whether a trailing space is inside the
    // block depends on where the parser was cut (fuzzing: incremental vs fresh; issue 9).
    let end = b.end;
    while (end > b.start && /\s/.test(model.text[end - 1])) end--;
    if (text) out.push({ quote: { text, start: b.start, end }, block: true });
  }
  for (const q of model.quotes) {
    if (blocks.some((b) => b.start <= q.start && q.end <= b.end)) continue; // the block quote covers it
    out.push({ quote: q, block: false });
  }
  return out.sort((a, b) => a.quote.start - b.quote.start);
}

/**
 * Check the draft's quotations; emits judgments through `emit` and returns the report entries.
 * With `full` false the same judgments are emitted with their codes and ranges only (no corpus
 * search for an uncited quotation, no closest run for a misquotation: see check.ts countJudgments).
 */
export function checkQuotes(model: DraftModel, index: CorpusIndex, settings: Settings, emit: (j: Omit<Judgment, 'severity'>) => void, full = true): QuoteReport[] {
  const report: QuoteReport[] = [];
  for (const { quote: q, block } of draftQuotes(model)) {
    const words = quoteWords(q.text);
    if (words.length < settings.minQuoteWords) continue;
    const runs = quoteRuns(q.text, words);
    if (runs.length === 0) continue;
    const cites = citationsForRange(model, q.start, q.end, block ? 'paragraph' : settings.citationScope);
    const keys = citedKeys(cites);
    if (cites.length === 0) {
      report.push({ quote: q, status: 'uncited', keys, block });
      if (!full) {
        emit({ code: 'uncited-quote', start: q.start, end: q.end, message: '' });
        continue;
      }
      const hit = findInCorpus(index, runs);
      const what = block ? 'Uncited block quotation' : 'Uncited quotation';
      emit({
        code: 'uncited-quote',
        start: q.start,
        end: q.end,
        message: hit
          ? `${what}. It is in [@${hit.key}, ${hit.locator}] (${hit.title}).`
          : `${what}: no source in the corpus contains it.`,
        suggestions: hit ? [hit] : [],
        related: hit ? [{ file: hit.file, startLine: hit.startLine, endLine: hit.endLine, message: `${hit.title}, ${hit.locator} contains the quotation` }] : undefined,
      });
      continue;
    }
    const known = knownItems(cites, index);
    // Whether each cited source holds the quotation, asked once per source.
    const holds = new Map<Source, boolean>();
    const backs = (src: Source) => {
      let h = holds.get(src);
      if (h === undefined) holds.set(src, (h = !!sourceContains(src, runs)));
      return h;
    };
    const status = claimStatus(known, (k) => backs(k.src));
    report.push({ quote: q, status, keys, block });
    if (known.length === 0 || known.some((k) => backs(k.src))) continue;
    if (!full) {
      emit({ code: 'quote-not-in-source', start: q.start, end: q.end, message: '' });
      continue;
    }
    const srcs = [...new Set(known.map((k) => k.src))];
    // Only a run close enough to be a misquote is looked for (see misquoteMaxDistance).
    const close = runs.length === 1 ? closestMatch(srcs, q.text, misquoteMaxDistance(words.length), words) : closestFragment(srcs, q.text);
    const where = intern(describeCited(known));
    if (close && close.similarity >= MISQUOTE_MIN_SIMILARITY) {
      const fixable = runs.length === 1 && !block;
      const diff = close.sourceSays || close.draftHas ? ` Source says "${oneLine(close.sourceSays)}" where the draft has "${oneLine(close.draftHas)}".` : '';
      emit({
        code: 'quote-not-in-source',
        start: q.start,
        end: q.end,
        key: close.src.key,
        message: `Misquotation of @${close.src.key} (para. ${close.p.n}).${diff}`,
        quoteFix: fixable ? { text: ownCopy(close.p.text.slice(close.start, close.end).replace(/\s+/g, ' ')) } : undefined,
        related: [{ file: close.src.file, startLine: close.p.startLine, endLine: close.p.endLine, message: `${close.src.title}, para. ${close.p.n}: the closest passage (${Math.round(close.similarity * 100)}% of the words match)` }],
      });
    } else {
      emit({
        code: 'quote-not-in-source',
        start: q.start,
        end: q.end,
        key: known[0].src.key,
        // Every quotation cited to the same sources says the same: one copy of the strings.
        message: intern(`Quotation not found in ${where}: no passage there comes close to it.`),
        related: citedSources(known),
      });
    }
  }
  return report;
}

/**
 * Related information naming the cited sources, for a quotation none of them comes close to.
 * The same for every quotation cited alike: one frozen copy per cited item (items are shared,
 * see knownItems) instead of new objects per judgment.
 */
function citedSources(known: KnownItem[]): NonNullable<Judgment['related']> {
  const make = () => known.map(({ src }) => Object.freeze({ file: src.file, startLine: src.startLine, endLine: src.endLine, message: intern(`Cited: ${src.title}`) }));
  if (known.length !== 1) return make();
  let r = CITED_SOURCES.get(known[0]);
  if (!r) CITED_SOURCES.set(known[0], (r = Object.freeze(make()) as NonNullable<Judgment['related']>));
  return r;
}

const CITED_SOURCES = new WeakMap<KnownItem, NonNullable<Judgment['related']>>();

/** For a quotation with ellipses: the closest match of its first run the sources lack. */
function closestFragment(sources: Source[], text: string): CloseMatch | undefined {
  const parts = text.split(/\s*(?:\.\.\.|…|\[[^\]]*\])\s*/).filter((s) => quoteWords(s).length >= 2);
  for (const part of parts) {
    const runs = quoteRuns(part);
    if (sources.some((s) => sourceContains(s, runs))) continue;
    return closestMatch(sources, part, misquoteMaxDistance(quoteWords(part).length));
  }
  return undefined;
}

const FOUND_MEMO = new IndexMemo<Suggestion | null>(4096);

/**
 * The passage of the corpus holding the quotation, as a suggestion. Memoised per index version by the
 * quotation's runs (null: none), so a paragraph checked again, or the same text in another draft, ranks nothing.
 */
export function findInCorpus(index: CorpusIndex, runs: string[][]): Suggestion | undefined {
  const m = FOUND_MEMO.of(index);
  const key = JSON.stringify(runs);
  let found = m.get(key);
  if (found === undefined) {
    found = searchCorpus(index, runs) ?? null;
    m.set(key, found);
  }
  return found === null ? undefined : { ...found }; // the memo's own object is never handed out
}

function searchCorpus(index: CorpusIndex, runs: string[][]): Suggestion | undefined {
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
  // A passage holding the quotation holds all its words: querying its few longest (so mostly rarest)
  // words that are not stop words finds it at a fraction of the cost of a query with every word.
  const probe = [...new Set(longest)].filter((w) => tokenize(w).length > 0).sort((a, b) => b.length - a.length).slice(0, QUERY_WORDS);
  const query = probe.length >= 2 ? probe.join(' ') : longest.join(' ');
  // First the passages holding every probe word as the index reads words (cheap: an intersection). A passage
  // can hold the quotation with a word written so that the index reads it otherwise ("U.S." is no index
  // word, "US" is), so when none of those holds it, the ranking of the whole corpus decides, as before.
  const seen = new Set<number>();
  for (const holdingAll of [true, false]) {
    for (const hit of index.rankPassages(query, [], { limit: 10, holdingAll })) {
      if (seen.has(hit.passage.id)) continue;
      seen.add(hit.passage.id);
      if (findRun(passageWords(hit.passage), longest) < 0) continue;
      if (!sourceContains(hit.source, runs)) continue;
      const p = hit.passage;
      const src = hit.source;
      return { key: src.key, n: p.n, locator: passageLocator(src, p), title: src.title, score: Math.round(hit.score * 1000) / 1000, file: src.file, startLine: p.startLine, endLine: p.endLine };
    }
  }
  return undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
