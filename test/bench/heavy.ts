/**
 * Heavy drafts in process (issue 9): the time and memory of one `DraftChecker.check` of the
 * stress drafts (test/bench/stress.ts), each in a fresh process: wall and CPU time, the heap
 * the analysis keeps (after a full GC) and the process's peak RSS. With HEAVY_BEFORE=<dir>
 * (a build of another commit: its `out/` folder, with its bundle in `<dir>/../dist`;
 * HEAVY_BEFORE_LABEL names it), the same runs alternate between that build and this one, so a
 * before/after comparison shares the machine's load; then each build's language server opens
 * each draft (a fresh server per run, alternated too: didOpen → diagnostics, and the server
 * process's CPU time, while the client asks for completions in a small draft as stress.ts does).
 * In process, a build whose server defers paragraphs (lsp/analysis.ts newChecker) is also run with
 * that checker. Writes the `heavy-drafts` section of BENCHMARKS.md (`npm run bench:heavy`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { upsertSection } from './sections';
import { envInt, machine, median, ROOT } from './util';
import { heavyParagraphs, heavyQuotes } from './stress';

interface Run {
  wallS: number;
  cpuS: number;
  heapMB: number;
  peakMB: number;
  chunks: number;
  judgments: number;
}

const DRAFTS: Record<string, { name: string; text: () => string }> = {
  paras: { name: '4 MB of cited paragraphs', text: () => heavyParagraphs(4 * 1024 * 1024) },
  quotes: { name: '4 MB of nested block quotes (1–12 levels)', text: () => heavyQuotes(4 * 1024 * 1024) },
  quotes5: { name: '5 MB of nested block quotes (just under the limit)', text: () => heavyQuotes(5 * 1024 * 1024 - 4096) },
};

/** In the child: check one draft with the build under `out`, print a Run as JSON. */
async function child(out: string, which: string): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { DraftChecker } = require(path.join(out, 'server/src/core/judgments/incremental.js'));
  const { DEFAULT_SETTINGS } = require(path.join(out, 'server/src/core/settings.js'));
  const { loadIndex } = require(path.join(out, 'server/src/core/indexLoad.js'));
  const { index } = await loadIndex(['seeds'], ROOT);
  const text = DRAFTS[which].text();
  const gc = (globalThis as { gc?: () => void }).gc!;
  // HEAVY_CHECKER=server: the language server's checker (deferred paragraphs past the first 1,000
  // judgments), when the build has one (lsp/analysis.js newChecker); else the eager check (the CLI's).
  let make = () => new DraftChecker();
  if (process.env.HEAVY_CHECKER === 'server') {
    const lsp = require(path.join(out, 'server/src/lsp/analysis.js'));
    if (typeof lsp.newChecker === 'function') make = lsp.newChecker;
  }
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const a = make().check(text, index, DEFAULT_SETTINGS);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const judgments: number = a.judgmentCount;
  const run: Run = { wallS, cpuS: (cpu.user + cpu.system) / 1e6, heapMB, peakMB: process.resourceUsage().maxRSS / 1024, chunks: a.chunks, judgments };
  process.stdout.write(JSON.stringify(run));
}

interface ServerRun {
  diagS: number;
  cpuS: number;
  diagnostics: number;
  /** Completion latency p95 (ms) for a small draft, sent while the heavy draft is checked (as stress.ts does). */
  p95: number;
}

/** The CPU time (user + system) of a process so far, from /proc (clock ticks of 1/100 s). */
function procCpuS(pid: number | undefined): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** In the child: open one draft in a fresh server of the build under `out`, print a ServerRun as JSON. */
async function serverChild(out: string, which: string): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startServer } = require(path.join(out, 'test/lsp/harness.js'));
  const ws = fs.mkdtempSync(path.join(process.env.BENCH_TMP || os.tmpdir(), 'slw-heavy-'));
  fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
  const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
  try {
    await c.waitFor('ready', () => c.statuses.find((x: { state: string }) => x.state === 'ready'), 60000);
    // A small draft whose completions are asked for while the heavy draft is checked (as stress.ts does).
    const small = 'In 2020, 524 police officers were killed [@';
    const smallUri = c.open(path.join(ws, 'small.md'), small);
    const complete = async (): Promise<number> => {
      const s0 = performance.now();
      await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: smallUri }, position: { line: 0, character: small.length } });
      return performance.now() - s0;
    };
    for (let i = 0; i < 20; i++) await complete();
    const text = DRAFTS[which].text();
    const cpu0 = procCpuS(c.proc.pid);
    const t0 = performance.now();
    const uri = c.open(path.join(ws, 'heavy.md'), text);
    let diagS = NaN;
    let count = 0;
    const waiting = c.waitDiagnostics(uri, () => true, 300000).then((d: unknown[]) => {
      diagS = (performance.now() - t0) / 1000;
      count = d.length;
    });
    const samples: number[] = [];
    while (Number.isNaN(diagS)) {
      samples.push(await complete());
      await new Promise((r) => setTimeout(r, 10));
    }
    await waiting;
    samples.sort((a, b) => a - b);
    const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];
    const run: ServerRun = { diagS, cpuS: procCpuS(c.proc.pid) - cpu0, diagnostics: count, p95 };
    process.stdout.write(JSON.stringify(run));
  } finally {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

function runServerChild(out: string, which: string): ServerRun {
  const js = execFileSync(process.execPath, [__filename, '--server', out, which], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(js) as ServerRun;
}

function runChild(out: string, which: string, checker: 'eager' | 'server'): Run {
  const js = execFileSync(process.execPath, ['--expose-gc', __filename, '--child', out, which], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, HEAVY_CHECKER: checker } });
  return JSON.parse(js) as Run;
}

/** Whether a build's language server defers paragraphs (has lsp/analysis.js newChecker). */
function defers(out: string): boolean {
  try {
    return typeof require(path.join(out, 'server/src/lsp/analysis.js')).newChecker === 'function';
  } catch {
    return false;
  }
}

function main(): void {
  const after = path.join(ROOT, 'out');
  const before = process.env.HEAVY_BEFORE ? path.resolve(process.env.HEAVY_BEFORE) : undefined;
  const runs = envInt('HEAVY_RUNS', 3);
  const results: { draft: string; build: string; runs: Run[] }[] = [];
  const load0 = os.loadavg();
  // Each build's eager check (every paragraph in full: the CLI), and its language server's checker when it defers paragraphs.
  const builds: { label: string; out: string; checker: 'eager' | 'server' }[] = [];
  for (const [label, out] of before ? [['before', before], ['after', after]] : [['after', after]]) {
    builds.push({ label: `${label}, every paragraph in full`, out, checker: 'eager' });
    if (defers(out)) builds.push({ label: `${label}, the server's checker (to diagnostics)`, out, checker: 'server' });
  }
  for (const which of Object.keys(DRAFTS)) {
    const got = builds.map(() => [] as Run[]);
    for (let i = 0; i < runs; i++) builds.forEach((b, k) => got[k].push(runChild(b.out, which, b.checker)));
    builds.forEach((b, k) => results.push({ draft: which, build: b.label, runs: got[k] }));
  }
  // Through the language server, alternated (only with a build to compare with).
  const serverRuns = before ? envInt('HEAVY_SERVER_RUNS', 3) : 0;
  const served: { draft: string; build: string; runs: ServerRun[] }[] = [];
  for (const which of Object.keys(DRAFTS)) {
    const mine: ServerRun[] = [];
    const theirs: ServerRun[] = [];
    for (let i = 0; i < serverRuns; i++) {
      theirs.push(runServerChild(before!, which));
      mine.push(runServerChild(after, which));
    }
    if (serverRuns) served.push({ draft: which, build: 'before', runs: theirs }, { draft: which, build: 'after', runs: mine });
  }
  const load1 = os.loadavg();
  const m = machine();
  const fmt = (xs: number[], d = 2) => median(xs).toFixed(d);
  const lines = [
    '## Heavy drafts in process (issue 9)',
    '',
    `\`npm run bench:heavy\` (test/bench/heavy.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: one \`DraftChecker.check\` of each stress draft ` +
      '(every paragraph in full, as the CLI checks; and with the language server\'s checker, which checks the paragraphs of the first 1,000 judgments in full and only counts the rest\'s until they are read), ' +
      `each run in a fresh process (seeds/ corpus), median of ${runs}. Time is wall and CPU (CPU includes V8's helper threads); ` +
      'kept heap: what the analysis holds after a full GC; peak RSS: the whole process. ' +
      `${m.cores} cores (${m.cpu}), Node ${m.node}; load average ${load0[0].toFixed(1)} at the start and ${load1[0].toFixed(1)} at the end ` +
      `(1 min, ${m.cores} cores): the machine was shared with other jobs, so wall times are pessimistic.` +
      (before ? ` "before" is ${process.env.HEAVY_BEFORE_LABEL ?? 'the build in ' + before}, run alternately with "after" so both saw the same load.` : ''),
    '',
    '| heavy draft | build | chunks | judgments | check wall s | check CPU s | kept heap MB | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(({ draft, build, runs: rs }) =>
      `| ${DRAFTS[draft].name} | ${build} | ${rs[0].chunks} | ${rs[0].judgments} | ${fmt(rs.map((r) => r.wallS))} | ${fmt(rs.map((r) => r.cpuS))} | ${fmt(rs.map((r) => r.heapMB), 0)} | ${fmt(rs.map((r) => r.peakMB), 0)} |`,
    ),
  ];
  if (served.length) {
    lines.push(
      '',
      `Through the language server (\`dist/server.js\` of each build, a fresh server per run with seeds/ indexed, runs alternated, median of ${serverRuns}): ` +
        'the time from didOpen of the draft to its diagnostics at the client, and the server process\'s CPU time meanwhile (all its threads), ' +
        'while the client asks for completions in a small draft (one every 10 ms after the last answer, as `npm run bench:stress` does; their p95, median over the runs).',
      '',
      '| heavy draft | build | didOpen → diagnostics s | server CPU s | diagnostics | completion p95 ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...served.map(
        ({ draft, build, runs: rs }) =>
          `| ${DRAFTS[draft].name} | ${build} | ${fmt(rs.map((r) => r.diagS))} | ${fmt(rs.map((r) => r.cpuS))} | ${rs[0].diagnostics} | ${fmt(rs.map((r) => r.p95), 1)} |`,
      ),
    );
  }
  const md = lines.join('\n');
  console.log(md);
  if (!process.env.HEAVY_NO_WRITE) upsertSection('heavy-drafts', md);
}

if (require.main === module) {
  if (process.argv[2] === '--server') {
    serverChild(process.argv[3], process.argv[4]).then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  } else if (process.argv[2] === '--child') {
    child(process.argv[3], process.argv[4]).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  } else main();
}
