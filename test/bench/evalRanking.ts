/**
 * `npm run eval:ranking`: top-1 / top-3 of our source ranking against MiniSearch
 * (default options, and tuned with our stop words and stemmer) on the same
 * passages and the same query sets (see querySets.ts), in one run. Writes the
 * "ranking" section of BENCHMARKS.md.
 *
 * Environment: EVAL_CORPORA=bbc,reuters (default), BENCH_SEED, BENCH_POSITIONS (240),
 * EVAL_N (200 queries per hard set), EVAL_PARAMS='[{"proxWeight":0}, ...]' (score our
 * ranking once per settings object, overriding RANK_PARAMS; the table uses the first),
 * EVAL_LOSSES=file (write per-query losses
 * against MiniSearch there, outside the project: they quote corpus text),
 * EVAL_SKIP_MINI=1 (ours only, for tuning), BENCH_NO_WRITE=1.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import MiniSearch from 'minisearch';
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { tokenize } from '../../server/src/core/text/tokens';
import { loadIndex } from '../../server/src/core/indexLoad';
import { RANK_PARAMS } from '../../server/src/core/index/rank';
import { BM25_PARAMS } from '../../server/src/core/index/bm25';
import { PHRASE_PARAMS } from '../../server/src/core/index/phrase';
import { passageTable, PassageTable } from './baselines';
import { BENCH_TMP, CorpusName, prepareCorpus } from './corpora';
import { makePositions } from './positions';
import { Query, querySets } from './querySets';
import { upsertSection } from './sections';
import { dist, envInt, fmtMs, fmtPct, gc, ROOT } from './util';

const MINISEARCH_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'minisearch', 'package.json'), 'utf8')).version;

interface Score {
  n: number;
  top1: number;
  top3: number;
  /** Top-1 counting an article with the same sentence (a duplicate) as right too. */
  top1Lenient: number;
  /** Top-1 on the even-numbered queries (the tuning half) and on the odd-numbered ones (held out). */
  even: { n: number; top1: number };
  odd: { n: number; top1: number };
}

type Ranker = (text: string) => string[];

function log(s: string): void {
  process.stderr.write(`[eval ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
}

function distinct(keys: string[]): string[] {
  return [...new Set(keys)];
}

/** MiniSearch answers do not change while our ranking is tuned: kept per corpus, options and query (outside the project). */
const CACHE_DIR = path.join(BENCH_TMP, 'eval-cache');

function cachedRanker(file: string, make: () => Ranker): { rank: Ranker; save: () => void } {
  let memo: Record<string, string[]> = {};
  try {
    memo = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* none yet */
  }
  let inner: Ranker | undefined;
  return {
    rank: (text) => (memo[text] ??= (inner ??= make())(text)),
    save: () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(memo));
    },
  };
}

function miniSearch(table: PassageTable, tuned: boolean): Ranker {
  const opts = tuned
    ? {
        fields: ['text'],
        idField: 'id',
        // Our tokeniser: stop words out, light stemmer.
        tokenize: (t: string) => [...tokenize(t)],
        processTerm: (t: string) => t,
      }
    : { fields: ['text'], idField: 'id' };
  const ms = new MiniSearch<{ id: number; text: string }>(opts);
  ms.addAll(table.texts.map((text, id) => ({ id, text })));
  return (text) => distinct(ms.search(text).slice(0, 30).map((r) => table.keys[r.id as number]));
}

function ours(index: CorpusIndex): Ranker {
  return (text) => index.rankSources(text, extractFigures(text), 50).map((h) => h.source.key);
}

function score(r: Ranker, qs: Query[], losses?: { q: Query; got: string[] }[]): Score {
  const s: Score = { n: 0, top1: 0, top3: 0, top1Lenient: 0, even: { n: 0, top1: 0 }, odd: { n: 0, top1: 0 } };
  for (const [i, q] of qs.entries()) {
    const keys = r(q.text);
    s.n++;
    const half = i % 2 === 0 ? s.even : s.odd;
    half.n++;
    if (keys[0] === q.key || q.sameText.includes(keys[0])) s.top1Lenient++;
    if (keys[0] === q.key) {
      s.top1++;
      half.top1++;
    } else if (losses) losses.push({ q, got: keys.slice(0, 3) });
    if (keys.slice(0, 3).includes(q.key)) s.top3++;
  }
  return s;
}

/** Top-1 on the tuning half / the held-out half. */
const halves = (s: Score) => (s.n ? `${fmtPct(s.even.top1 / s.even.n)} / ${fmtPct(s.odd.top1 / s.odd.n)}` : '–');

const cell = (s: Score) => (s.n ? `${fmtPct(s.top1 / s.n)} / ${fmtPct(s.top3 / s.n)}${s.top1Lenient > s.top1 ? ` (${fmtPct(s.top1Lenient / s.n)})` : ''}` : '–');

/** What each change bought: cumulative steps from the one-stage ranking to the current one, then single changes. */
const BEFORE_ISSUE_13 = { coordination: 0, surface: false, proximityMax: 8, figureLoose: 1 };
/** Before the exact-statement weighting (figureLoose): every passage whose figure matches the query's gets the whole bonus. */
const EVERY_MATCH = { figureLoose: 1 };
const ABLATION: { label: string; params: Record<string, number | boolean> }[] = [
  { label: 'one stage, as before: BM25 of the 12 rarest terms in ≤ 1/5 of passages, one figure bonus', params: { ...BEFORE_ISSUE_13, allTerms: false, proxWeight: 0, delta: 0, figureEach: 0 } },
  { label: '+ stage 2 scores every query term', params: { ...BEFORE_ISSUE_13, proxWeight: 0, delta: 0, figureEach: 0 } },
  { label: '+ proximity of adjacent query terms', params: { ...BEFORE_ISSUE_13, delta: 0, figureEach: 0 } },
  { label: '+ BM25+ (delta 1)', params: { ...BEFORE_ISSUE_13, figureEach: 0 } },
  { label: '+ a bonus share per further query figure', params: { ...BEFORE_ISSUE_13 } },
  { label: '+ coordination (BM25 × share of query terms held)', params: { surface: false, proximityMax: 8, ...EVERY_MATCH } },
  { label: '+ exact words and word pairs on the 8 re-read candidates', params: { proximityMax: 8, ...EVERY_MATCH } },
  { label: '+ re-read up to 16 while one could reach the top three', params: { ...EVERY_MATCH } },
  { label: '+ a figure matched only within the query\'s precision or hedge gets half the bonus of one stated exactly (current)', params: {} },
  { label: 'current, without coordination', params: { coordination: 0 } },
  { label: 'current, without exact words and word pairs', params: { surface: false } },
  { label: 'current, without the figure bonus', params: { figureWeight: 0 } },
  { label: 'current, figure bonus 0.5 instead of 0.3', params: { figureWeight: 0.5 } },
  { label: 'current, figure bonus 0.15 instead of 0.3', params: { figureWeight: 0.15 } },
  { label: 'current, a loose figure match gets no bonus (figureLoose 0)', params: { figureLoose: 0 } },
  { label: 'current, stage 1 walks 32 terms instead of 12', params: { cheapTerms: 32 } },
];

async function evalCorpus(name: CorpusName): Promise<{ rows: string[][]; split: string[][]; timing: string; ablation: string[][] }> {
  const spec = prepareCorpus(name, log);
  log(`${spec.label}: loading`);
  const { index } = await loadIndex(spec.roots, spec.workspace);
  const seed = envInt('BENCH_SEED', 20240611);
  const positions = makePositions(index, envInt('BENCH_POSITIONS', 240), seed, { findDuplicates: index.passageCount < 200000 });
  const sets = querySets(index, positions, envInt('EVAL_N', 200), seed, index.passageCount < 200000);
  const oursR = ours(index);
  for (const q of sets[0].queries.slice(0, 20)) oursR(q.text);
  const times: number[] = [];
  const timed: Ranker = (t) => {
    const t0 = performance.now();
    const r = oursR(t);
    times.push(performance.now() - t0);
    return r;
  };
  const lossFile = process.env.EVAL_LOSSES;
  const oursLoss: Record<string, { q: Query; got: string[] }[]> = {};
  type Params = Partial<typeof RANK_PARAMS> & Partial<typeof BM25_PARAMS> & Partial<typeof PHRASE_PARAMS>;
  const variants: Params[] = process.env.EVAL_PARAMS ? JSON.parse(process.env.EVAL_PARAMS) : [{}];
  const defaults = { ...RANK_PARAMS };
  const bm25Defaults = { ...BM25_PARAMS };
  const phraseDefaults = { ...PHRASE_PARAMS };
  const apply = (v: Params) => {
    Object.assign(RANK_PARAMS, defaults);
    Object.assign(BM25_PARAMS, bm25Defaults);
    Object.assign(PHRASE_PARAMS, phraseDefaults);
    for (const [k, x] of Object.entries(v)) {
      if (k in RANK_PARAMS) (RANK_PARAMS as Record<string, unknown>)[k] = x;
      else if (k in BM25_PARAMS) (BM25_PARAMS as Record<string, unknown>)[k] = x;
      else if (k in PHRASE_PARAMS) (PHRASE_PARAMS as Record<string, unknown>)[k] = x;
      else throw new Error(`unknown ranking parameter ${k}`);
    }
  };
  for (const v of variants.slice(1).reverse()) {
    apply(v);
    const sc = sets.map((s) => score(oursR, s.queries));
    log(`${spec.label} ${JSON.stringify(v)}: ${sets.map((s, i) => `${s.name} ${cell(sc[i])} [even/odd ${halves(sc[i])}]`).join(', ')}`);
  }
  const ablation: string[][] = [];
  if (process.env.EVAL_ABLATION !== '0') {
    for (const a of ABLATION) {
      apply(a.params);
      const sc = sets.map((s) => score(oursR, s.queries));
      ablation.push([spec.label, a.label, ...sc.map((x) => fmtPct(x.top1 / x.n))]);
    }
  }
  apply(variants[0] ?? {});
  const oursScores = sets.map((s) => score(timed, s.queries, (oursLoss[s.name] = [])));
  log(`${spec.label} ${JSON.stringify(variants[0] ?? {})}: ${sets.map((s, i) => `${s.name} ${cell(oursScores[i])} [even/odd ${halves(oursScores[i])}]`).join(', ')}`);
  if (process.env.EVAL_SKIP_MINI === '1') return { rows: sets.map((s, i) => [spec.label, s.name, String(s.queries.length), cell(oursScores[i]), '–', '–']), split: [], timing: '', ablation };
  const table = passageTable(index);
  log(`${spec.label}: MiniSearch (default, tuned; answers cached in ${CACHE_DIR})`);
  // Answers are source keys: a change to the corpus, to MiniSearch or to how keys are made invalidates them.
  const keyHash = createHash('sha1').update(table.keys.join('\n')).digest('hex').slice(0, 10);
  const tag = `${name}-${spec.files}-${spec.bytes}-${MINISEARCH_VERSION}-${keyHash}`;
  const def = cachedRanker(path.join(CACHE_DIR, `${tag}-default.json`), () => miniSearch(table, false));
  const miniDef = def.rank;
  const defScores = sets.map((s) => score(miniDef, s.queries));
  def.save();
  gc();
  const tuned = cachedRanker(path.join(CACHE_DIR, `${tag}-tuned.json`), () => miniSearch(table, true));
  const tunedScores = sets.map((s) => score(tuned.rank, s.queries));
  tuned.save();
  if (lossFile) {
    // Every query one of the three rankers gets wrong at top-1, with each one's first three (both directions of the comparison).
    const out: unknown[] = [];
    for (const s of sets) {
      s.queries.forEach((q, i) => {
        const o = oursR(q.text).slice(0, 3);
        const m = miniDef(q.text).slice(0, 3);
        const t = tuned.rank(q.text).slice(0, 3);
        if (o[0] !== q.key || m[0] !== q.key || t[0] !== q.key) out.push({ set: s.name, i, key: q.key, sameText: q.sameText, query: q.text, ours: o, mini: m, tuned: t });
      });
    }
    fs.writeFileSync(`${lossFile}.${name}.json`, JSON.stringify(out, null, 1));
    log(`losses -> ${lossFile}.${name}.json`);
  }
  const rows = sets.map((s, i) => [spec.label, s.name, String(s.queries.length), cell(oursScores[i]), cell(defScores[i]), cell(tunedScores[i])]);
  const split = sets.map((s, i) => [spec.label, s.name, halves(oursScores[i]), halves(defScores[i]), halves(tunedScores[i])]);
  const d = dist(times);
  const timing = `${spec.label}: ${fmtNum(index.passageCount)} passages; our rankSources p50 / p95 / p99 ${fmtMs(d.p50)} / ${fmtMs(d.p95)} / ${fmtMs(d.p99)} ms in-process`;
  for (const r of rows) log(r.join(' | '));
  log(timing);
  for (const r of split) log(`even / odd: ${r.join(' | ')}`);
  return { rows, split, timing, ablation };
}

function fmtNum(n: number): string {
  return n.toLocaleString('en-US');
}

async function main(): Promise<void> {
  const names = (process.env.EVAL_CORPORA || 'bbc,reuters').split(',').map((s) => s.trim()) as CorpusName[];
  const load0 = os.loadavg()[0];
  const rows: string[][] = [];
  const timings: string[] = [];
  const ablation: string[][] = [];
  const split: string[][] = [];
  for (const n of names) {
    const r = await evalCorpus(n);
    rows.push(...r.rows);
    split.push(...r.split);
    ablation.push(...r.ablation);
    timings.push(r.timing);
    gc();
  }
  const md = [
    '## Ranking against MiniSearch, by query set',
    '',
    `\`npm run eval:ranking\` (${new Date().toISOString().slice(0, 10)}, load average ${load0.toFixed(2)} → ${os.loadavg()[0].toFixed(2)} on a machine shared with other work).`,
    'Same passages, same queries, one run: our `rankSources` against MiniSearch 7 with default options and tuned',
    '(our tokeniser: stop words removed, light stemmer). A query counts as right when the source it came from is first (top-1)',
    'or among the first three distinct sources (top-3); in brackets, top-1 counting a duplicate article with the same sentence as right. Query sets are built from corpus sentences by a seeded PRNG',
    '(`test/bench/querySets.ts`): *standard* = the bench positions; *paraphrase* = 30% of content words replaced by a synonym',
    'or dropped; *figure+2* = the figure and two content words; *common-fig* = sentences whose figure is in more than 20 articles;',
    '*probe* = random sentences with a figure, minus their first two words.',
    '',
    '| corpus | query set | queries | ours top-1 / top-3 | MiniSearch default | MiniSearch tuned |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...timings.map((t) => `- ${t}`),
    '',
    '### Held-out half',
    '',
    'The ranking parameters were tuned on the even-numbered queries of each set (and on another seed before that);',
    'top-1 on the even-numbered (tuning) / odd-numbered (held-out) queries, same run:',
    '',
    '| corpus | query set | ours even / odd | MiniSearch default | MiniSearch tuned |',
    '| --- | --- | --- | --- | --- |',
    ...split.map((r) => `| ${r.join(' | ')} |`),
    ...(ablation.length
      ? [
          '',
          '### What each change bought',
          '',
          'Our top-1 on the same queries, with the ranking parameters (`RANK_PARAMS`, `BM25_PARAMS`) set as in each row;',
          'the first nine rows add one change at a time. The parameters were chosen on another seed (`BENCH_SEED=1`) and, for',
          'issue 13\'s changes, on the even-numbered queries (the held-out half is in the table above).',
          '',
          'Why we lost to MiniSearch, from the per-query losses in both directions (`EVAL_LOSSES=file` writes every query one of',
          'the three rankers gets wrong, outside the project: they quote corpus text), by class:',
          '',
          '- *The 12-term cap and dropping terms in more than a fifth of passages* cost little: scoring every term in stage 2',
          '  changes one or two queries. Those terms are common, so their idf is small.',
          '- *Passage length and coordination*: plain BM25 put short passages that share the two or three rarer words above the',
          '  longer one holding every word of the sentence (a Reuters figure+2 query: a 13-word passage without "stock" above the',
          '  38-word one with all three words). MiniSearch multiplies a score by the number of query terms matched; stage 2 now',
          '  multiplies BM25 by the share of query terms a passage holds. BM25+ and proximity had fixed part of this before.',
          '- *Tokenisation and stemming*: our index drops stop words and stems, so "the chip is reported to be up to 10 times',
          '  faster" and "will run 10-times faster than current PC chips" hold the same terms. MiniSearch keeps every word as',
          '  written. Stage 2 now re-reads its best candidates and counts the query\'s exact words ("stocks", not only "stock")',
          '  and adjacent word pairs, stop words included ("up to", "seeking damages"); see `core/index/phrase.ts`.',
          '- *Ties among boilerplate*: Reuters repeats paragraphs with small changes ("Fees comprise 1-1/4 pct selling',
          '  concession..."); dozens tie on BM25 and only 8 were re-read, chosen by id. Now candidates past the eighth are re-read',
          '  (up to 16) while their score plus the most proximity and exact words could add still reaches the third best.',
          '- *The figure bonus* is what makes the figure + two words set work (without it: the "without the figure bonus" row).',
          '  Some remaining figure+2 losses are figures read differently in a three-word query and in the source ("2-0" and',
          '  "17-6" are two counts in the query but a score in the source; "five-week 25" gives no figure): figure extraction, not ranking.',
          '- *Passage versus source*: both rank passages and take the best per source, so this is not a difference.',
          '- *Duplicates*: most remaining top-1 losses of both rankers are articles that exist twice with the same sentence',
          '  (the lenient top-1 in brackets counts either); which copy comes first is a tie.',
          '',
          'A second round (3 Dec) started from Reuters standard at 96.3% top-1 against MiniSearch default\'s 96.7% (94.2% against',
          '96.7% on the held-out half): of 240 queries MiniSearch won three that we lost, and we won two that it lost. By class:',
          '',
          '- *The figure bonus: stated exactly or only matched* (fixed). "The has over 4.6 mln shares outstanding": the hedge',
          '  "over" makes any larger number of shares a match, so a four-word passage with "6.6 mln shares outstanding" got the',
          '  same bonus as the source\'s "4.6 mln" and won on length. The same class lost a figure+2 query ("composite trading 77":',
          '  "77-1/2 to 78" over the passage stating 77) and the paraphrase of the first. The figure index now marks a passage that',
          '  states the query figure exactly (same value, no conversion: `statesExactly` in `figures/match.ts`), and a passage whose',
          '  figure only matches within the query figure\'s precision or hedge gets `figureLoose` (0.5) of the bonus. 0.5 and 0.75',
          '  tie on the even half; 0.5 is one figure+2 query better on `BENCH_SEED=1`.',
          '- *Stop words only* (not fixed). "This year to about one billion U.S." (a sentence cut after "U.S."): its index terms',
          '  are "year" and "billion", and "about one billion" matches 2,874 passages; only its stop words ("this year to about")',
          '  single out the source. The index holds no stop words, so the source is 89th after stage 1 and never re-read.',
          '  MiniSearch indexes every word. Re-scoring 128 candidates and re-reading up to 128 (instead of 64 and 16) changes no',
          '  query of any set on either corpus. Indexing stop words (most of the text) would grow the index and its cache for',
          '  queries like this one; not done.',
          '- *A wrong figure in the query against the words* (not fixed). "Under the joint each company owns 51 pct of Sprint"',
          '  (the bench nudged the figure; the source says 50 pct). The source holds the rarest word and has the best text score',
          '  (53.6), but three passages stating 51 pct with 83% of it win with the figure bonus (0.3 of the best text score).',
          '  Tried: a bonus of 0.15 wins it but loses a BBC paraphrase and a BBC figure+2 query of the even half (row above);',
          '  coordination weighted by idf (the share of the query\'s idf a passage holds, squared) wins it with no change on the',
          '  even half but loses a Reuters paraphrase query on `BENCH_SEED=1`. Both rejected: the even half and the development',
          '  seed do not support them.',
          '- The other six standard queries both rankers miss are duplicates (lenient top-1 99.2% for both).',
          '',
          '| corpus | ranking | standard | paraphrase | figure+2 | common-fig | probe |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...ablation.map((r) => `| ${r.join(' | ')} |`),
        ]
      : []),
  ].join('\n');
  process.stdout.write(md + '\n');
  if (process.env.BENCH_NO_WRITE !== '1') {
    upsertSection('ranking', md);
    log(`wrote the "ranking" section of ${path.join(ROOT, 'BENCHMARKS.md')}`);
  }
}

main().catch((e) => {
  log(`failed: ${(e as Error)?.stack ?? e}`);
  process.exit(1);
});
