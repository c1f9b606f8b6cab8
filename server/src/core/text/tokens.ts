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

const WORD = /[\p{L}\p{N}]+/gu;

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

/** Index terms of a text, in order, with repeats. Digits-only tokens are kept (figures also match as terms). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const w = m[0];
    if (w.length < 2 || STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Distinct terms of a text. */
export function termSet(text: string): string[] {
  return [...new Set(tokenize(text))];
}
