/**
 * `npm run eval:claims`: the labelled claim set (test/bench/claims-cases.json) against the BBC corpus.
 *
 * The cases reference BBC articles by file, offset and a hash of the sentence (or quotation) they point
 * at; the corpus is read from ../shared/corpora at run time (unpacked by test/bench/corpora.ts) and no
 * corpus text is stored in the project. Drafts are our own sentences; quotations are cut from the
 * article at run time by offset and checked against the stored hash.
 *
 * Measures (targets from issue 12):
 * - alignment accuracy: a wrong figure, cited to its paragraph, whose paragraph also holds a different
 *   figure of the same kind closer in value; the named source figure must be the one in the same role (>= 0.9);
 * - top-1 suggestion accuracy for uncited figures whose number also appears in unrelated articles (>= 0.95);
 * - share of suggestions from unrelated articles (<= 2%);
 * - uncited-quote recall on verbatim quotations (>= 0.95), and on quotations in no article: never a
 *   source named (precision 1.0);
 * - misquote detection (1.0).
 *
 * Writes the `claims` section of BENCHMARKS.md (upsertSection). Options: --no-write.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { closerOfKind, figureMatches } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { sentenceOf } from '../../server/src/core/judgments/context';
import { quoteWords } from '../../server/src/core/judgments/quotes';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { decodeBytes } from '../../server/src/core/text/decode';
import { Figure, Judgment, Passage, Source } from '../../server/src/core/types';
import { loadIndex } from '../../server/src/core/indexLoad';
import { checkText } from '../../server/src/core/judgments/draftCheck';
import { prepareCorpus } from './corpora';
import { upsertSection } from './sections';

export const CASES = path.resolve(__dirname, '..', '..', '..', 'test', 'bench', 'claims-cases.json');

export interface ClaimCases {
  corpus: 'bbc';
  /** heldOut: written after the rules were tuned (reported separately as well). */
  align: { id: string; heldOut?: boolean; file: string; offset: number; sentenceHash: string; figure: string; draft: string }[];
  /** alsoRelated: other articles labelled (by reading them) as reporting the same fact; citing them is right too. */
  suggest: { id: string; heldOut?: boolean; file: string; offset: number; sentenceHash: string; figure: string; draft: string; alsoRelated?: string[] }[];
  quote: { id: string; file: string; offset: number; length: number; hash: string; style: QuoteStyle; lead: string }[];
  absent: { id: string; text: string; style: QuoteStyle; lead: string }[];
  misquote: { id: string; quote: string; word: number; drop?: number; to: string; lead: string }[];
}
export type QuoteStyle = 'curly' | 'straight' | 'guillemet' | 'block';

export const hash = (s: string): string => createHash('sha1').update(s.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 12);

/** The passage holding file offset `offset` (the first source of the file whose passage spans it). */
export function passageAt(sources: Source[], offset: number): { src: Source; p: Passage } | undefined {
  for (const src of sources) for (const p of src.passages) if (p.startOffset <= offset && offset < p.startOffset + p.text.length) return { src, p };
  return undefined;
}

/** Locate a figure case: its passage and the gold figure, checked against the sentence hash. */
export function locateFigure(index: CorpusIndex, root: string, c: { file: string; offset: number; sentenceHash: string; figure: string }): { src: Source; p: Passage; fig: Figure } | string {
  const sources = index.sources().filter((s) => s.file === path.join(root, c.file));
  if (!sources.length) return `${c.file}: not indexed`;
  const at = passageAt(sources, c.offset);
  if (!at) return `${c.file}@${c.offset}: no passage there`;
  const rel = c.offset - at.p.startOffset;
  const s = sentenceOf(at.p.text, rel);
  if (hash(at.p.text.slice(s[0], s[1])) !== c.sentenceHash) return `${c.file}@${c.offset}: sentence hash differs (corpus or splitter changed)`;
  // By offset; the text may carry a unit the extractor now includes ("387,500" -> "387,500 tonnes").
  const fig = at.p.figures.find((f) => f.start === rel && f.text.trim().startsWith(c.figure));
  if (!fig) return `${c.file}@${c.offset}: figure ${c.figure} not found`;
  return { ...at, fig };
}

function quoteDraft(lead: string, q: string, style: QuoteStyle, cite = ''): string {
  const c = cite ? ` ${cite}` : '';
  switch (style) {
    case 'straight':
      return `${lead} "${q}"${c}.`;
    case 'guillemet':
      return `${lead} «${q}»${c}.`;
    case 'block':
      return `${lead}:\n\n> ${q}${c}\n`;
    default:
      return `${lead} “${q}”${c}.`;
  }
}

const sameWords = (a: string, b: string) => quoteWords(a).map((w) => w.w).join(' ') === quoteWords(b).map((w) => w.w).join(' ');
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');
const ratio = (n: number, d: number) => (d ? (n / d).toFixed(2) : 'n/a');

export interface ClaimsResult {
  markdown: string;
  failures: string[];
}

export function fileTextOf(root: string, f: string): string {
  const dec = decodeBytes(fs.readFileSync(path.join(root, f)));
  return dec.ok ? dec.text : '';
}

export async function runClaims(log: (s: string) => void = console.log): Promise<ClaimsResult> {
  const cases = JSON.parse(fs.readFileSync(CASES, 'utf8')) as ClaimCases;
  const spec = prepareCorpus('bbc', log);
  if (spec.synthetic) throw new Error('eval:claims needs the real BBC corpus (../shared/corpora/bbc.tar.gz); the synthetic stand-in has no labels');
  const root = spec.roots[0];
  const t0 = performance.now();
  const { index } = await loadIndex([root], root);
  log(`indexed ${index.sources().length} BBC sources in ${Math.round(performance.now() - t0)} ms`);
  const failures: string[] = [];
  const settings = DEFAULT_SETTINGS;
  const texts = new Map<string, string>();
  const fileText = (f: string) => {
    let t = texts.get(f);
    if (t === undefined) {
      // The same text the index holds: passages carry offsets into the decoded file.
      const src = index.sources().filter((s) => s.file === path.join(root, f));
      const dec = src.length ? decodeBytes(fs.readFileSync(path.join(root, f))) : undefined;
      t = dec && dec.ok ? dec.text : '';
      texts.set(f, t);
    }
    return t;
  };

  // 1. Alignment.
  let aligned = 0, confident = 0, confidentRight = 0, nearestRight = 0, wrongChange = 0, heldAligned = 0;
  for (const c of cases.align) {
    const gold = locateFigure(index, root, c);
    if (typeof gold === 'string') {
      failures.push(`${c.id}: ${gold}`);
      continue;
    }
    const draft = c.draft.replace('{cite}', `[@${gold.src.key}, para. ${gold.p.n}]`);
    const j = checkText(draft, index, settings).judgments.find((x) => x.code === 'figure-not-in-source');
    const a = j?.alignment;
    const right = !!a && a.key === gold.src.key && a.n === gold.p.n && a.figureStart === gold.fig.start - sentenceOf(gold.p.text, gold.fig.start)[0];
    if (right) {
      aligned++;
      if (c.heldOut) heldAligned++;
    } else failures.push(`${c.id} alignment: expected ${gold.fig.text.trim()}, got ${a ? a.figure : 'none'}: ${j?.message ?? 'no judgment'}`);
    if (a?.confident) {
      confident++;
      if (right) confidentRight++;
      else wrongChange++;
    }
    // Baseline: the nearest value of the same kind in the cited passage and its neighbours.
    let near: Figure | undefined;
    const f = j?.figure;
    if (f) for (const p of gold.src.passages.filter((x) => Math.abs(x.n - gold.p.n) <= 1)) for (const g of p.figures) if (!figureMatches(f, g) && closerOfKind(f, g, near)) near = g;
    if (near === gold.fig) nearestRight++;
  }

  // 2. Suggestions.
  let top1 = 0, offered = 0, unrelated = 0, none = 0, oldTop1 = 0, oldOffered = 0, oldUnrelated = 0, sharedNumber = 0;
  let heldTop1 = 0, heldOffered = 0, heldUnrelated = 0;
  for (const c of cases.suggest) {
    const gold = locateFigure(index, root, c);
    if (typeof gold === 'string') {
      failures.push(`${c.id}: ${gold}`);
      continue;
    }
    const ok = new Set([c.file, ...(c.alsoRelated ?? [])].map((f) => path.join(root, f)));
    const res = checkText(c.draft, index, settings);
    const j = res.judgments.find((x) => x.code === 'uncited-figure' && !!x.figure?.text.trim().startsWith(c.figure));
    if (!j) {
      failures.push(`${c.id}: no uncited-figure judgment for ${c.figure}`);
      continue;
    }
    const files = new Set(index.passagesWithFigure(j.figure!, 10000).map((h) => h.source.file));
    if ([...files].some((f) => !ok.has(f))) sharedNumber++;
    const s = j.suggestions ?? [];
    if (!s.length) none++;
    // Right when it is the article the sentence came from, or one labelled as reporting the same fact.
    if (s[0] && ok.has(s[0].file)) {
      top1++;
      if (c.heldOut) heldTop1++;
    } else failures.push(`${c.id} top-1: expected ${c.file}, got ${s[0] ? path.relative(root, s[0].file) : 'none'}`);
    offered += s.length;
    if (c.heldOut) heldOffered += s.length;
    for (const x of s) if (!ok.has(x.file)) {
      unrelated++;
      if (c.heldOut) heldUnrelated++;
      failures.push(`${c.id} unrelated suggestion: ${path.relative(root, x.file)} (${x.title})`);
    }
    // Before issue 12: the passages stating the number, ranked by the whole sentence, no context needed.
    const prose = res.model.prose;
    const old = index.suggestPassages(j.figure!, prose, 3).map((r) => index.sourceOfPassage(r.id)!.file);
    oldOffered += old.length;
    if (old[0] && ok.has(old[0])) oldTop1++;
    oldUnrelated += old.filter((f) => !ok.has(f)).length;
  }

  // 3. Quotations.
  const quoteText = new Map<string, { text: string; src: Source; p: Passage }>();
  let qRecall = 0, qFlagged = 0;
  for (const c of cases.quote) {
    const t = fileText(c.file).slice(c.offset, c.offset + c.length);
    const at = passageAt(index.sources().filter((s) => s.file === path.join(root, c.file)), c.offset);
    if (hash(t) !== c.hash || !at) {
      failures.push(`${c.id}: quotation hash differs at ${c.file}@${c.offset}`);
      continue;
    }
    quoteText.set(c.id, { text: t, ...at });
    const j = checkText(quoteDraft(c.lead, t, c.style), index, settings).judgments.find((x) => x.code === 'uncited-quote');
    if (j) qFlagged++;
    const s = j?.suggestions?.[0];
    if (s && s.file === at.src.file && s.n === at.p.n) qRecall++;
    else failures.push(`${c.id} uncited quote: ${j ? j.message : 'not flagged'}`);
  }
  let absentFlagged = 0, absentNamed = 0;
  for (const c of cases.absent) {
    const j = checkText(quoteDraft(c.lead, c.text, c.style), index, settings).judgments.find((x) => x.code === 'uncited-quote');
    if (j) absentFlagged++;
    if (j?.suggestions?.length) {
      absentNamed++;
      failures.push(`${c.id} absent quotation attributed: ${j.message}`);
    }
  }
  let misDetected = 0, misFixed = 0;
  for (const c of cases.misquote) {
    const q = quoteText.get(c.quote);
    if (!q) {
      failures.push(`${c.id}: quotation ${c.quote} unavailable`);
      continue;
    }
    const words = q.text.split(/\s+/);
    words.splice(c.word, c.drop ?? 1, c.to);
    const draft = quoteDraft(c.lead, words.join(' '), 'curly', `[@${q.src.key}]`);
    const j: Judgment | undefined = checkText(draft, index, settings).judgments.find((x) => x.code === 'quote-not-in-source');
    const rel = j?.related?.[0];
    if (j && /^Misquotation/.test(j.message) && rel && rel.file === q.src.file && rel.startLine === q.p.startLine) misDetected++;
    else failures.push(`${c.id} misquote: ${j ? j.message : 'not flagged'}`);
    if (j?.quoteFix && sameWords(j.quoteFix.text, q.text)) misFixed++;
  }

  // 4. Automatic (not hand-labelled): 1,000 BBC paragraphs pasted into one uncited draft; every quotation
  // in it is verbatim, so each should be flagged and traced to a passage that contains it.
  const paras: string[] = [];
  const all = index.sources();
  for (let i = 0; paras.length < 1000 && i < 100000; i++) {
    const src = all[(i * 7919) % all.length];
    const p = src.passages[i % Math.max(1, src.passages.length)];
    if (p) paras.push(p.text.replace(/\s+/g, ' '));
  }
  const t1 = performance.now();
  const pasted = checkText(paras.join('\n\n'), index, settings);
  const pastedMs = performance.now() - t1;
  const t2 = performance.now();
  checkText(paras.join('\n\n'), index, settings);
  const againMs = performance.now() - t2;
  const pastedQuotes = pasted.judgments.filter((j) => j.code === 'uncited-quote');
  const traced = pastedQuotes.filter((j) => {
    const s = j.suggestions?.[0];
    const p = s && index.byKey(s.key)?.passages[s.n - 1];
    if (!p) return false;
    const hay = ' ' + quoteWords(p.text).map((w) => w.w).join(' ') + ' ';
    return hay.includes(' ' + quoteWords(pasted.model.text.slice(j.start, j.end)).map((w) => w.w).join(' ') + ' ');
  }).length;

  const HA = cases.align.filter((c) => c.heldOut).length;
  const HS = cases.suggest.filter((c) => c.heldOut).length;
  const A = cases.align.length, S = cases.suggest.length, Q = cases.quote.length, N = cases.absent.length, M = cases.misquote.length;
  const md = `## Claims: figure alignment, suggestions in context, quotations

\`npm run eval:claims\` on the labelled set \`test/bench/claims-cases.json\`: drafts we wrote about BBC articles,
referencing them by file, offset and sentence hash (the corpus is read from \`../shared/corpora\` at run time;
no corpus text is stored). Each label was set by reading the article. BBC often reports one fact in several
articles (and carries duplicates); a suggestion counts as related when it is the source article or one
labelled, after reading it, as reporting the same fact (\`alsoRelated\`); every other article is unrelated.
The matching rules were tuned on the first ${A - HA} alignment and ${S - HS} suggestion cases; the *held-out*
ones (\`heldOut\`) were written after the rules were fixed and never tuned on.
Two draft sentences (a22, ha8) were reworded without "more than" / "some" when the figure extractor began
reading those as bounds (a lower bound is backed by a larger source figure, so no error was left to align). Default settings. The machine was
shared with other jobs while this ran (timings are not the point here).

| measure | cases | result | target | before (same cases) |
| --- | --- | --- | --- | --- |
| alignment accuracy: the named source figure plays the draft figure's role (the paragraph also holds a closer value of the same kind) | ${A} | **${ratio(aligned, A)}** (${aligned}/${A}; held-out ${heldAligned}/${HA}) | ≥ 0.9 | ${ratio(nearestRight, A)} (nearest value) |
| confident alignments ("Change X to Y" offered) | ${A} | ${confident} offered, ${confidentRight} right, ${wrongChange} wrong | no wrong change | ${A} offered, ${nearestRight} right |
| top-1 suggestion accuracy, uncited figures (${sharedNumber} of ${S} numbers also appear in an unrelated article) | ${S} | **${ratio(top1, S)}** (${top1}/${S}; held-out ${heldTop1}/${HS}; ${none} with no suggestion) | ≥ 0.95 | ${ratio(oldTop1, S)} |
| share of suggestions from unrelated articles | ${offered} suggestions | **${pct(unrelated, offered)}** (${unrelated}; held-out ${heldUnrelated} of ${heldOffered}) | ≤ 2% | ${pct(oldUnrelated, oldOffered)} (${oldUnrelated} of ${oldOffered}) |
| uncited-quote recall, verbatim quotations (curly, straight, guillemets, block quotes), naming the right passage | ${Q} | **${ratio(qRecall, Q)}** (${qRecall}/${Q}; flagged ${qFlagged}/${Q}) | ≥ 0.95 | 0 (not checked) |
| quotations in no article: flagged, and a source wrongly named | ${N} | flagged ${absentFlagged}/${N}, named ${absentNamed}: **precision ${ratio(N - absentNamed, N)}** | precision 1.0 | — |
| automatic: quotations in 1,000 BBC paragraphs pasted as one uncited draft, traced to a passage holding them | ${pastedQuotes.length} | ${ratio(traced, pastedQuotes.length)} (${traced}; misses are mostly stop-word quotations such as "That is what I don't know") | — | — |
| misquote detection (closest passage named, its line in related information) | ${M} | **${ratio(misDetected, M)}** (${misDetected}/${M}; fix restores the source words in ${misFixed}/${M}) | 1.0 | 0 (only "not found") |

Checking that 1,000-paragraph draft in process (parse and all checks, ${pasted.judgments.length} judgments) took ${Math.round(pastedMs)} ms the first time (per-passage word and sentence caches filling) and ${Math.round(againMs)} ms the second, on a loaded machine.

${failures.length ? `Misses (${failures.length}):\n\n${failures.map((f) => `- ${f.replace(/\|/g, '\\|')}`).join('\n')}\n` : 'No misses.\n'}`;
  return { markdown: md, failures };
}

if (require.main === module) {
  runClaims()
    .then(({ markdown, failures }) => {
      console.log(markdown);
      if (!process.argv.includes('--no-write')) upsertSection('claims', markdown);
      if (failures.length) console.log(`${failures.length} misses (listed above)`);
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    });
}
