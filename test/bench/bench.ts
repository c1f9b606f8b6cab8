/**
 * `npm run bench`: index build, server latency, baselines and quality per corpus.
 *
 * Environment:
 *   BENCH_CORPORA=seeds,bbc,reuters,big   which corpora (default: all four)
 *   BENCH_RUNS=n                          cold-build runs per corpus (default 5; 3 for reuters and big)
 *   BENCH_RUNS_BIG=n                      cold-build runs for reuters and big (default 3)
 *   BENCH_POSITIONS=n                     positions (queries) per corpus (default 240, min 200 recommended)
 *   BENCH_SEED=n                          PRNG seed (default 20240611)
 *   BENCH_WARM_RUNS=n                     warm-start server runs (default 3)
 *   BENCH_DRAFT_REPS=n, BENCH_EDIT_REPS=n, BENCH_DRAFT_SIZES=10,100,1000, BENCH_DRAFT_PARAS=20
 *   BENCH_FUSE_QUERIES=n (20), BENCH_FUSE_BUDGET_S=s (120)
 *   BENCH_SKIP_SERVER=1, BENCH_SKIP_BASELINES=1, BENCH_PROFILE=1 (cpu profile of one cold build)
 *   BENCH_TMP=dir                         where corpora are unpacked (default os.tmpdir()/source-linked-bench)
 *   BENCH_SYNTHETIC=1                     force the synthetic corpora
 *   BENCH_NO_WRITE=1                      do not write BENCHMARKS.md
 *
 * Results of corpora not run this time are kept from the previous BENCHMARKS.md
 * (embedded as JSON), so `BENCH_CORPORA=reuters npm run bench` refreshes one row.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex } from '../../server/src/core/indexLoad';
import { BaselineResults, passageTable, runBaselines, runOurQueries } from './baselines';
import { ALL_CORPORA, BENCH_TMP, CorpusName, CorpusSpec, prepareCorpus, sharedCorporaAvailable } from './corpora';
import { BenchPosition, bigDraft, makePositions } from './positions';
import { CorpusIndex } from '../../server/src/core/index/index';
import { checkDraft } from '../../server/src/core/judgments/check';
import { parseDraft } from '../../server/src/core/parse/draft';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { renderReport, CorpusResult, ColdStats, PhaseStats } from './report';
import { runServerBench, ServerResults } from './server';
import { runClaims } from './claims';
import { sectionsOf, upsertSection } from './sections';
import { coreFingerprint, envInt, gc, killLiveChildren, machine, median, ROOT, runChild } from './util';

const CHILD = path.join(__dirname, 'child.js');
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
const BUILD_TIMEOUT = envInt('BENCH_BUILD_TIMEOUT_S', 900) * 1000;

function log(s: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
}

function selectedCorpora(): CorpusName[] {
  const raw = process.env.BENCH_CORPORA;
  if (!raw) return ALL_CORPORA;
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const alias: Record<string, CorpusName> = { seeds: 'seeds', bbc: 'bbc', reuters: 'reuters', big: 'big', '100mb': 'big' };
  const out: CorpusName[] = [];
  for (const n of names) {
    const c = alias[n];
    if (!c) throw new Error(`unknown corpus "${n}" in BENCH_CORPORA (use seeds, bbc, reuters, big)`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

function runsFor(name: CorpusName): number {
  if (name === 'reuters' || name === 'big') return Math.max(1, envInt('BENCH_RUNS_BIG', envInt('BENCH_RUNS', 3)));
  return Math.max(1, envInt('BENCH_RUNS', 5));
}

async function coldBuilds(spec: CorpusSpec, runs: number): Promise<ColdStats> {
  const args = (mode: string) => [mode, spec.workspace, JSON.stringify(spec.roots)];
  const ours: { ms: number; maxRssMB: number; sources: number; passages: number }[] = [];
  const floor: { ms: number; maxRssMB: number; passages: number }[] = [];
  const mini: { ms: number; indexMs: number; maxRssMB: number }[] = [];
  for (let r = 0; r < runs; r++) {
    // Interleaved, so drift (thermal, page cache) hits all three alike. Page cache is warm for all:
    // the corpus was read before; "cold" means a fresh process.
    log(`  cold build run ${r + 1}/${runs}: ours`);
    ours.push((await runChild<(typeof ours)[number]>(CHILD, args('ours'), { timeoutMs: BUILD_TIMEOUT, execArgv: ['--expose-gc'] })).value);
    log(`  cold build run ${r + 1}/${runs}: floor`);
    floor.push((await runChild<(typeof floor)[number]>(CHILD, args('floor'), { timeoutMs: BUILD_TIMEOUT, execArgv: ['--expose-gc'] })).value);
    log(`  cold build run ${r + 1}/${runs}: minisearch`);
    mini.push((await runChild<(typeof mini)[number]>(CHILD, args('minisearch'), { timeoutMs: BUILD_TIMEOUT, execArgv: ['--expose-gc'] })).value);
  }
  return {
    runs,
    oursMs: median(ours.map((x) => x.ms)),
    oursSamples: ours.map((x) => x.ms),
    oursRssMB: median(ours.map((x) => x.maxRssMB)),
    floorMs: median(floor.map((x) => x.ms)),
    floorRssMB: median(floor.map((x) => x.maxRssMB)),
    floorPassages: floor[0]?.passages,
    miniMs: median(mini.map((x) => x.ms)),
    miniIndexMs: median(mini.map((x) => x.indexMs)),
    miniRssMB: median(mini.map((x) => x.maxRssMB)),
    sources: ours[0]?.sources,
    passages: ours[0]?.passages,
  };
}

async function phases(spec: CorpusSpec): Promise<PhaseStats | undefined> {
  const profile = process.env.BENCH_PROFILE === '1';
  const profDir = path.join(BENCH_TMP, 'profiles');
  if (profile) fs.mkdirSync(profDir, { recursive: true });
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=cold-${spec.name}-${Date.now()}.cpuprofile`] : [];
  try {
    const r = await runChild<PhaseStats>(CHILD, ['phases', spec.workspace, JSON.stringify(spec.roots)], { timeoutMs: BUILD_TIMEOUT, execArgv });
    if (profile) r.value.profileDir = profDir;
    return r.value;
  } catch (e) {
    log(`  phases failed: ${(e as Error).message}`);
    return undefined;
  }
}

/** parseDraft + checkDraft on the same drafts the server gets, without LSP (medians of 5 after a warm-up). */
function inProcessCheck(index: CorpusIndex, pool: BenchPosition[]): NonNullable<CorpusResult['inProcessCheck']> {
  const sizes = (process.env.BENCH_DRAFT_SIZES || '10,100,1000').split(',').map(Number).filter((n) => n > 0);
  const out: NonNullable<CorpusResult['inProcessCheck']> = [];
  for (const paras of sizes) {
    const { text } = bigDraft(pool, paras, 1000 + paras);
    const ps: number[] = [];
    const cs: number[] = [];
    let judgments = 0;
    for (let rep = 0; rep < 6; rep++) {
      const t0 = performance.now();
      const model = parseDraft(text);
      const t1 = performance.now();
      judgments = checkDraft(model, index, DEFAULT_SETTINGS).judgments.length;
      const t2 = performance.now();
      if (rep > 0) {
        ps.push(t1 - t0);
        cs.push(t2 - t1);
      }
    }
    out.push({ paras, parseMs: median(ps), checkMs: median(cs), judgments });
  }
  return out;
}

const MARK_START = '<!-- bench-results:';
const MARK_END = '-->';

function previousResults(file: string): CorpusResult[] {
  try {
    const md = fs.readFileSync(file, 'utf8');
    const i = md.lastIndexOf(MARK_START);
    if (i < 0) return [];
    const j = md.indexOf(MARK_END, i);
    return JSON.parse(md.slice(i + MARK_START.length, j)) as CorpusResult[];
  } catch {
    return [];
  }
}

async function benchCorpus(name: CorpusName): Promise<CorpusResult> {
  log(`== ${name}`);
  const spec = prepareCorpus(name, log);
  log(`  ${spec.label}: ${spec.files} files, ${(spec.bytes / 1048576).toFixed(1)} MB, roots ${spec.roots.join(', ')}`);
  const runs = runsFor(name);
  const started = new Date().toISOString();
  const loadStart = os.loadavg()[0];
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_') && k !== 'BENCH_CORPORA' && k !== 'BENCH_NO_WRITE' && k !== 'BENCH_TMP')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const result: CorpusResult = { name, label: spec.label, synthetic: spec.synthetic, files: spec.files, bytes: spec.bytes, date: started, machine: machine(), errors: [], env, core: coreFingerprint() };

  try {
    result.cold = await coldBuilds(spec, runs);
  } catch (e) {
    result.errors.push(`cold build: ${(e as Error).message}`);
    log(`  cold build failed: ${(e as Error).message}`);
  }
  result.phases = await phases(spec);

  // In-process index: the positions (and their ground truth) and the query baselines.
  log('  in-process index for positions and baselines');
  let index = (await loadIndex(spec.roots, spec.workspace)).index;
  result.sources = index.sourceCount;
  result.passages = index.passageCount;
  const count = envInt('BENCH_POSITIONS', 240);
  const seed = envInt('BENCH_SEED', 20240611);
  const positions = makePositions(index, count, seed, { findDuplicates: true });
  const pool = makePositions(index, 1200, seed + 1, { findDuplicates: false });
  result.positions = {
    n: positions.length,
    figureChanged: positions.filter((p) => p.figureChanged).length,
    dropped: positions.filter((p) => p.change === 'drop').length,
    swapped: positions.filter((p) => p.change === 'swap').length,
    withDuplicate: positions.filter((p) => p.sameText.length > 0).length,
    examples: positions.slice(0, 3).map((p) => ({ key: p.key, original: p.original, draft: p.sentence })),
  };
  let baselines: BaselineResults | undefined;
  try {
    result.inProcessCheck = inProcessCheck(index, pool);
  } catch (e) {
    result.errors.push(`in-process check: ${(e as Error).message}`);
  }
  if (process.env.BENCH_SKIP_BASELINES !== '1') {
    try {
      const ours = runOurQueries(index, positions);
      const table = passageTable(index);
      index = undefined as never; // drop our index before building the others (memory on the 100 MB corpus)
      gc();
      baselines = runBaselines(table, ours, positions, log);
    } catch (e) {
      result.errors.push(`baselines: ${(e as Error).message}`);
      log(`  baselines failed: ${(e as Error).message}`);
    }
  }
  result.baselines = baselines;
  index = undefined as never;
  gc();

  if (process.env.BENCH_SKIP_SERVER !== '1') {
    try {
      if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run npm run build`);
      const srv: ServerResults = await runServerBench(spec, positions, pool, log);
      result.server = srv;
    } catch (e) {
      result.errors.push(`server: ${(e as Error).message}`);
      log(`  server bench failed: ${(e as Error).message}`);
    } finally {
      killLiveChildren();
    }
  }
  result.loadAvg = { start: loadStart, end: os.loadavg()[0] };
  return result;
}

async function main(): Promise<void> {
  const corpora = selectedCorpora();
  const results: CorpusResult[] = [];
  for (const c of corpora) {
    results.push(await benchCorpus(c));
    gc();
  }
  const mdFile = path.join(ROOT, 'BENCHMARKS.md');
  const merged = [...previousResults(mdFile).filter((r) => !corpora.includes(r.name)), ...results].sort((a, b) => ALL_CORPORA.indexOf(a.name) - ALL_CORPORA.indexOf(b.name));
  const { stdout, markdown } = renderReport(merged, results.map((r) => r.name));
  process.stdout.write(stdout + '\n');
  if (process.env.BENCH_NO_WRITE !== '1') {
    let kept: string[] = [];
    try {
      kept = sectionsOf(fs.readFileSync(mdFile, 'utf8'));
    } catch {
      /* no earlier file */
    }
    const extra = kept.length ? '\n' + kept.join('\n') : '';
    fs.writeFileSync(mdFile, markdown + extra + `\n${MARK_START}${JSON.stringify(merged)}${MARK_END}\n`);
    log(`wrote ${mdFile}`);
    // The claims evaluation (a few seconds on BBC): its own section, when BBC was benchmarked.
    if (corpora.includes('bbc') && sharedCorporaAvailable()) {
      try {
        upsertSection('claims', (await runClaims(log)).markdown, mdFile);
      } catch (e) {
        log(`eval:claims skipped: ${(e as Error).message}`);
      }
    }
  }
  const failed = results.filter((r) => r.errors.length);
  if (failed.length) {
    for (const r of failed) for (const e of r.errors) log(`ERROR ${r.name}: ${e}`);
    process.exitCode = 1;
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killLiveChildren();
    process.exit(130);
  });
}
process.on('exit', killLiveChildren);

main().catch((e) => {
  log(`failed: ${(e as Error)?.stack ?? e}`);
  killLiveChildren();
  process.exit(1);
});
