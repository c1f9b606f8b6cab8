/**
 * The words around a figure: its clause (the subject and verb that give the
 * figure its role, "fuel costs rose £106m"), and the content terms a draft
 * sentence and a source passage must share before one can back the other.
 * Pure text functions, used by figure alignment, suggestions and completion.
 */
import { isWordChar, termOfWord, tokenize } from '../text/tokens';
import { Figure, Passage } from '../types';

/**
 * Words that say nothing about what a figure measures: number and unit words,
 * and vague quantifiers. Compared after stemming (tokenize), so plurals are covered.
 */
const GENERIC = new Set(
  (
    'million billion trillion thousand hundred bn mn mln m k per cent percent pct dollar pound euro yen dlr ' +
    'around about nearly almost roughly some least total figure number year last new just up down like ' +
    'us uk £ $ € eleven twelve twenty thirty forty fifty sixty seventy eighty ninety dozen half quarter'
  )
    .split(' ')
    .flatMap((w) => tokenize(w)),
);

/** Clause breaks: punctuation and conjunctions that separate one statement of a figure from the next. */
const BREAK = /[;:()[\]\u2014\u2013]|,\s|\s-\s|\b(?:and|but|while|whereas|although|though|compared with|against|versus|up from|down from)\b/gi;

/**
 * Content terms of a text: stemmed, no stop words, no digits, no number or unit words.
 * With `years`, four-digit years stay ("killed in 2019" is a role, not a quantity).
 */
export function contentTerms(text: string, years = false): string[] {
  const out = new Set<string>();
  for (const t of tokenize(text)) {
    const c = contentOfTerm(t, years);
    if (c !== undefined) out.add(c);
  }
  return [...out];
}

/** The content term of index term `t` (contentTerms' rule), or undefined when it is none. */
function contentOfTerm(t: string, years: boolean): string | undefined {
  let c = CONTENT_OF.get(t);
  if (c === undefined) {
    c = contentTerm(t);
    if (CONTENT_OF.size >= 100_000) CONTENT_OF.clear();
    CONTENT_OF.set(t, c);
  }
  return c === null || (c === YEAR && !years) ? undefined : c === YEAR ? t : c;
}

/**
 * The words of a text as tokenize cuts them (runs of word characters of its lower-case form), each
 * with its index term (null: a stop word or a one-letter word), made once per text: the content terms of
 * the text's parts (a figure, the clause around it, grown clause by clause) are then read off the runs
 * instead of tokenising every part again. Valid when lower-casing keeps every offset and reads no
 * context (no final sigma): then a part's lower-case form is the same part of the lower-case text.
 */
interface WordRuns {
  text: string;
  lower: string;
  starts: number[];
  ends: number[];
  terms: (string | null)[];
}

let lastRuns: WordRuns | null | undefined;

function wordRuns(text: string): WordRuns | null {
  if (lastRuns !== undefined && (lastRuns === null ? lastRunsText === text : lastRuns.text === text)) return lastRuns;
  lastRunsText = text;
  const lower = text.toLowerCase();
  if (lower.length !== text.length || text.includes('\u03A3')) return (lastRuns = null);
  const starts: number[] = [];
  const ends: number[] = [];
  const terms: (string | null)[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(lower.charCodeAt(i))) i++;
    const start = i;
    while (i < n && isWordChar(lower.charCodeAt(i))) i++;
    if (i > start) {
      starts.push(start);
      ends.push(i);
      terms.push(i - start >= 2 ? termOfWord(lower.slice(start, i)) : null);
    }
  }
  return (lastRuns = { text, lower, starts, ends, terms });
}

let lastRunsText: string | undefined;

/** Adds to `out` the content terms of text[a, b) (as contentTerms(text.slice(a, b)) lists them), from the runs. */
function addRangeTerms(r: WordRuns, a: number, b: number, years: boolean, out: Set<string>): void {
  const { starts, ends } = r;
  // First run ending after a (runs ascend).
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] <= a) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < starts.length && starts[k] < b; k++) {
    const s = Math.max(starts[k], a);
    const e = Math.min(ends[k], b);
    if (e - s < 2) continue;
    // A run cut by the range's ends is the word the part's own tokenisation would see.
    const t = s === starts[k] && e === ends[k] ? r.terms[k] : termOfWord(r.lower.slice(s, e));
    if (t === null) continue;
    const c = contentOfTerm(t, years);
    if (c !== undefined) out.add(c);
  }
}

/** contentTerms(text.slice(a, b)), without tokenising the part again when text was asked last. */
export function contentTermsOf(text: string, a: number, b: number, years = false): string[] {
  const r = wordRuns(text);
  if (!r) return contentTerms(text.slice(a, b), years);
  const out = new Set<string>();
  addRangeTerms(r, a, b, years, out);
  return [...out];
}

/** contentTerms(text.slice(a, b) + ' ' + text.slice(c, d)) (a clause without its figure), the same way. */
function contentTermsAround(text: string, a: number, b: number, c: number, d: number, years: boolean): string[] {
  const r = wordRuns(text);
  if (!r) return contentTerms(text.slice(a, b) + ' ' + text.slice(c, d), years);
  const out = new Set<string>();
  addRangeTerms(r, a, b, years, out);
  addRangeTerms(r, c, d, years, out);
  return [...out];
}

/** term -> content term, null (not content) or YEAR; a bounded memo, since vocabularies are small. */
const CONTENT_OF = new Map<string, string | null>();
const YEAR = '\u0000year';

function contentTerm(t: string): string | null {
  if (/^(?:19|20)\d\d$/.test(t)) return YEAR;
  if (/\d/.test(t) || GENERIC.has(t)) return null;
  // The shared stemmer leaves a doubled consonant ("cancelled" -> "cancell"): fold it so "cancel" meets it.
  return t.length > 4 ? t.replace(/([bdglmnprt])\1$/, '$1') : t;
}

export interface Clause {
  start: number;
  end: number;
  /** Content terms of the clause, without the figure itself. */
  terms: string[];
  /** The terms of the clause before it grew (a subset of `terms`). */
  near: string[];
  /** Terms of the words right next to the figure (up to CLOSE_WORDS each side, inside the clause). */
  close: string[];
}

/** How many words on each side of a figure count as right next to it. */
export const CLOSE_WORDS = 4;

/**
 * The clause of `text` holding [start, end): from the break before it to the
 * break after it. When that clause has fewer than `minTerms` content terms
 * ("…, up from £40m"), it grows by one neighbouring clause at a time (the one
 * before first: that is where subjects are), up to the whole text.
 */
export function clauseAround(text: string, start: number, end: number, minTerms = 2, years = false): Clause {
  return clauseOf(text, start, end, minTerms, years, true) as Clause;
}

/** The content terms of the clause holding [start, end) (clauseAround's `terms`, without working out the rest). */
export function clauseTerms(text: string, start: number, end: number, minTerms = 2, years = false): string[] {
  return clauseOf(text, start, end, minTerms, years, false).terms;
}

function clauseOf(text: string, start: number, end: number, minTerms: number, years: boolean, whole: boolean): Clause | Pick<Clause, 'terms'> {
  const breaks = breaksOf(text).filter(([s, e]) => e <= start || s >= end);
  const before = breaks.filter(([, e]) => e <= start).reverse();
  const after = breaks.filter(([s]) => s >= end);
  let bi = 0;
  let ai = 0;
  const leftAt = () => (bi < before.length ? before[bi][1] : 0);
  const rightAt = () => (ai < after.length ? after[ai][0] : text.length);
  const termsOf = () => contentTermsAround(text, leftAt(), start, end, rightAt(), years);
  let terms = termsOf();
  const near = terms;
  while (terms.length < minTerms && (bi < before.length || ai < after.length)) {
    if (bi < before.length) bi++;
    else ai++;
    terms = termsOf();
  }
  if (!whole) return { terms };
  const left = leftAt();
  const right = rightAt();
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const close = contentTerms(words(text.slice(left, start)).slice(-CLOSE_WORDS).join(' ') + ' ' + words(text.slice(end, right)).slice(0, CLOSE_WORDS).join(' '), years);
  return { start: left, end: right, terms, near, close };
}

/** Clause breaks of a text, as [start, end) (the last text's are remembered: a sentence's figures ask in turn). */
function breaksOf(text: string): [number, number][] {
  if (text === lastBreaksText) return lastBreaks;
  const out: [number, number][] = [];
  for (const m of text.matchAll(BREAK)) {
    const s = m.index ?? 0;
    out.push([s, s + m[0].length]);
  }
  lastBreaksText = text;
  lastBreaks = out;
  return out;
}

let lastBreaksText: string | undefined;
let lastBreaks: [number, number][] = [];

/** Sentence spans of a source passage (a simple splitter: sources are edited prose). */
export function passageSentences(text: string): [number, number][] {
  const hit = sentenceCache.get(text);
  if (hit) return hit;
  const out = splitSentences(text);
  if (sentenceCache.size >= 5000) sentenceCache.clear();
  sentenceCache.set(text, out);
  return out;
}

/** Passage texts -> sentence spans (bounded: cleared when full). */
const sentenceCache = new Map<string, [number, number][]>();

function splitSentences(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /[.!?]["'\u201D\u2019)]*\s+(?=["'\u201C\u2018(]?[A-Z0-9\u00C0-\u024F])/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    const e = (m.index ?? 0) + m[0].trimEnd().length;
    // "Mr. Smith", "U.S. firms": a one- or two-letter word before the stop does not end a sentence.
    if (/(?:^|[\s.])[A-Za-z]{1,2}\.$/.test(text.slice(Math.max(at, e - 4), e))) continue;
    out.push([at, e]);
    at = (m.index ?? 0) + m[0].length;
  }
  if (at < text.length) out.push([at, text.length]);
  return out;
}

/** The sentence of a passage holding offset `at`. */
export function sentenceOf(text: string, at: number): [number, number] {
  for (const s of passageSentences(text)) if (s[0] <= at && at < s[1]) return s;
  return [0, text.length];
}

const contextCache = new WeakMap<Passage, Map<number, Set<string>>>();

/**
 * Content terms of the source context of a passage figure: the sentence that
 * states it, plus the sentence before when that one names fewer than 4 terms
 * ("It raised the cap to 49%."). Memoised per passage and figure.
 */
export function figureContextTerms(p: Passage, fig: Figure): Set<string> {
  let m = contextCache.get(p);
  if (!m) contextCache.set(p, (m = new Map()));
  let t = m.get(fig.start);
  if (!t) {
    const sents = passageSentences(p.text);
    const i = Math.max(0, sents.findIndex(([a, b]) => a <= fig.start && fig.start < b));
    const own = contentTerms(p.text.slice(sents[i]?.[0] ?? 0, sents[i]?.[1] ?? p.text.length));
    const prev = own.length < 4 && i > 0 ? contentTerms(p.text.slice(sents[i - 1][0], sents[i - 1][1])) : [];
    t = new Set([...own, ...prev]);
    m.set(fig.start, t);
  }
  return t;
}

/** How many of `terms` are in `set`. */
export function countIn(terms: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (const t of terms) if (set.has(t)) n++;
  return n;
}

/** Share of the clause's terms a source context must hold (see sharesContext). */
export const CLAUSE_SHARE = 0.4;

/**
 * True when a source figure's context (see figureContextTerms) shares the
 * draft sentence's content, not just its number: at least two of the
 * sentence's content terms (all of them when it has fewer), and at least 40%
 * of the terms of the figure's clause (one at least). Without a clause (a
 * completion for the whole sentence), the sentence counts as the clause.
 */
export function sharesContext(sentenceTerms: string[], clauseTerms: string[], p: Passage, fig: Figure): boolean {
  const ctx = figureContextTerms(p, fig);
  const clause = clauseTerms.length ? clauseTerms : sentenceTerms;
  const inSentence = countIn(sentenceTerms, ctx);
  return sharesContextCounted(sentenceTerms.length, inSentence, clause.length, clause === sentenceTerms ? inSentence : countIn(clause, ctx));
}

/**
 * sharesContext's test on counts already made (a caller that counted the terms for its own ranking):
 * `inSentence` of the `nSentence` sentence terms and `inClause` of the `nClause` clause terms are in the
 * source context (for an empty clause, pass the sentence's counts).
 */
export function sharesContextCounted(nSentence: number, inSentence: number, nClause: number, inClause: number): boolean {
  const need = Math.min(2, nSentence);
  return need > 0 && inSentence >= need && inClause >= Math.max(1, Math.ceil(CLAUSE_SHARE * nClause));
}

/**
 * A few words saying what a source figure measures, for messages ("fuel costs
 * rose"): the content words of its clause nearest the figure, from the side
 * with more of them (before it on a tie).
 */
export function figureLabel(text: string, start: number, end: number, max = 3): string {
  const c = clauseAround(text, start, end);
  const words = (from: number, to: number) =>
    [...text.slice(from, to).matchAll(/[\p{L}][\p{L}'’-]*/gu)]
      .map((m) => ({ w: m[0], s: from + (m.index ?? 0), e: from + (m.index ?? 0) + m[0].length }))
      .filter((x) => contentTerms(x.w).length > 0);
  const before = words(c.start, start);
  const after = words(end, c.end);
  const picked = after.length > before.length ? after.slice(0, max) : before.slice(-max);
  if (!picked.length) return '';
  // The words as written between the first and last picked ("members of police institutions").
  return text.slice(picked[0].s, picked[picked.length - 1].e).replace(/\s+/g, ' ');
}
