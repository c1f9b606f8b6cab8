/**
 * Pick sentences for the figure gold set at random (seeded), for hand labelling.
 *
 *   node out/test/bench/figures-gold/sample.js SEED N_PER_CORPUS [dates]
 *
 * Prints "id<TAB>corpus<TAB>file<TAB>start<TAB>end<TAB>hash<TAB>text" on stdout (text with
 * newlines shown as spaces, same length). The output is for the labeller's eyes only and is not
 * kept in the project; the gold file keeps the references and the labels.
 * `dates` picks only sentences with a month name or a clock time (for the non-figure cases).
 */
import * as fs from 'fs';
import * as path from 'path';
import { corpusRoot, readCorpusFile, sentenceHash, sentencesOf } from './sentences';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(root, rel));
    else if (e.name.endsWith('.txt') && e.name !== 'README.TXT') out.push(rel);
  }
  return out;
}

const DATEISH = /\b(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? \d|\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\b\d{1,2}(?::\d\d)? ?(?:am|pm|GMT|a\.m\.|p\.m\.)|\b(?:19|20)\d\d\b|\b\d+(?:st|nd|rd|th)\b|\d:\d\d/;

function main(): void {
  const seed = Number(process.argv[2] ?? 11);
  const n = Number(process.argv[3] ?? 100);
  const datesOnly = process.argv[4] === 'dates';
  const root = corpusRoot();
  if (!root) {
    console.error('shared corpora not found');
    process.exit(2);
  }
  const rnd = mulberry32(seed);
  for (const [corpus, dir] of [['bbc', 'bbc'], ['reuters', 'reuters21578']] as const) {
    const files = listFiles(root, dir);
    let picked = 0;
    let guard = 0;
    const seen = new Set<string>();
    while (picked < n && guard++ < 100000) {
      const file = files[Math.floor(rnd() * files.length)];
      const text = readCorpusFile(root, file);
      const sents = sentencesOf(text).filter((s) => {
        const t = text.slice(s.start, s.end);
        return t.length >= 30 && t.length <= 400 && /\d/.test(t) && !/\S {3,}\S/.test(t) && (!datesOnly || DATEISH.test(t));
      });
      if (sents.length === 0) continue;
      const s = sents[Math.floor(rnd() * sents.length)];
      const t = text.slice(s.start, s.end);
      if (seen.has(t)) continue;
      seen.add(t);
      picked++;
      const id = `${corpus === 'bbc' ? 'B' : 'R'}${datesOnly ? 'd' : ''}${picked}`;
      console.log([id, corpus, file, s.start, s.end, sentenceHash(t), t.replace(/[\r\n\t]/g, ' ')].join('\t'));
    }
  }
}

main();
