/**
 * Word tokens for ranking: lower-case, stop words removed, a light English
 * suffix stemmer so "officers" meets "officer" and "detained" meets "detain".
 */

const STOP = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves said says say also its it\'s s t mr mrs ms one two three four five six seven eight nine ten'
  ).split(' '),
);

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
/** Word characters: a-z, 0-9, and non-ASCII letters, digits and marks (tested once per code unit value). */
export const WORD_CHAR = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) WORD_CHAR[c] = 1;
  else if (c >= 0xaa && !(c >= 0xd800 && c <= 0xdfff) && LETTER_OR_DIGIT.test(String.fromCharCode(c))) WORD_CHAR[c] = 1;
}

/** Light stemmer (a trimmed Porter step 1): plural and -ed/-ing endings. */
export function stem(w: string): string {
  const n = w.length;
  if (n <= 3) return w;
  if (w.endsWith('ies') && n > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && n > 5) return w.slice(0, -3);
  if (w.endsWith('ed') && n > 4) return w.slice(0, -2);
  if (w.endsWith('es') && n > 4 && /(?:sh|ch|x|z|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** Calls `each` with every lower-case word of `text` at least `minLen` characters long, in order. */
export function scanWords(text: string, minLen: number, each: (w: string) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !WORD_CHAR[lower.charCodeAt(i)]) i++;
    const start = i;
    while (i < n && WORD_CHAR[lower.charCodeAt(i)]) i++;
    if (i - start >= minLen) each(lower.slice(start, i));
  }
}

/** True for a code unit that is part of a word (as tokenize cuts words). */
export function isWordChar(code: number): boolean {
  return WORD_CHAR[code] === 1;
}

/** The term of a lower-case word of two or more characters, or null for a stop word (memoised). */
export function termOfWord(w: string): string | null {
  let t = TERM_OF.get(w);
  if (t === undefined) {
    t = termOfWordFresh(w);
    if (TERM_OF.size >= TERM_CACHE_MAX) TERM_OF.clear();
    TERM_OF.set(w, t);
  }
  return t;
}

/**
 * termOfWord without the memo: neither the word nor its term is kept. For callers that keep their own table
 * of words (the index's word table, wordIds.ts), where the memo would hold a second copy of every word of
 * the corpus for the process's life (issue 13: a 1.75 MB table and its strings after a Reuters build).
 */
export function termOfWordFresh(w: string): string | null {
  return STOP.has(w) ? null : stem(w);
}

/**
 * Index terms of a text, in order, with repeats. Digits-only tokens are kept (figures also match as terms).
 * The last few texts' terms are remembered (the check asks for a sentence's terms for its query, its
 * content terms and each of its figures): the array is shared, hence read-only.
 */
export function tokenize(text: string): readonly string[] {
  for (let i = 0; i < RECENT; i++) if (recentText[i] === text) return recentTerms[i];
  const out: string[] = [];
  scanWords(text, 2, (w) => {
    const t = termOfWord(w);
    if (t !== null) out.push(t);
  });
  recentText[recentAt] = text;
  recentTerms[recentAt] = out;
  recentAt = (recentAt + 1) % RECENT;
  return out;
}

const RECENT = 4;
const recentText: (string | undefined)[] = new Array(RECENT).fill(undefined);
const recentTerms: (readonly string[])[] = new Array(RECENT).fill([]);
let recentAt = 0;

/** word -> its term (stem), or null for a stop word; a bounded memo, since vocabularies are small. */
const TERM_OF = new Map<string, string | null>();
const TERM_CACHE_MAX = 200_000;

/** Words termOfWord has memoised (for tests: what the index's word table leaves out of the memo). */
export function termMemoSize(): number {
  return TERM_OF.size;
}

/**
 * Every word of a text, lower-cased, in order, with stop words and one-character
 * words kept and nothing stemmed: the surface the ranking's phrase features compare
 * (MiniSearch-style exact words; "up to 10 times" is four words here, two terms in the index).
 */
export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(text, 1, (w) => out.push(w));
  return out;
}

/** The index term of one lower-case word (as `words` gives it), or undefined for a stop word or a one-character word. */
export function termOf(word: string): string | undefined {
  return word.length < 2 ? undefined : (termOfWord(word) ?? undefined);
}
