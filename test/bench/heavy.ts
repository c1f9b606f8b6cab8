/**
 * Heavy drafts in process (issue 9): the time and memory of one `DraftChecker.check` of the
 * stress drafts (test/bench/stress.ts), each in a fresh process: wall and CPU time, the heap
 * the analysis keeps (after a full GC) and the process's peak RSS. With HEAVY_BEFORE=<dir>
 * (a build of another commit: its `out/` folder, with its bundle in `<dir>/../dist`;
 * HEAVY_BEFORE_LABEL names it), the same runs alternate between that build and this one, so a
 * before/after comparison shares the machine's load; then each build's language server opens
 * each draft (a fresh server per run, alternated too: didOpen → diagnostics, and the server
 * process's CPU time). Writes the `heavy-drafts` section of BENCHMARKS.md (`npm run bench:heavy`).
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
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const a = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
  let judgments = 0;
  for (const p of a.parts) judgments += p.res.check.judgments.length;
  const run: Run = { wallS, cpuS: (cpu.user + cpu.system) / 1e6, heapMB, peakMB: process.resourceUsage().maxRSS / 1024, chunks: a.chunks, judgments };
  process.stdout.write(JSON.stringify(run));
}

interface ServerRun {
  diagS: number;
  cpuS: number;
  diagnostics: number;
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
    const text = DRAFTS[which].text();
    const cpu0 = procCpuS(c.proc.pid);
    const t0 = performance.now();
    const uri = c.open(path.join(ws, 'heavy.md'), text);
    const d = await c.waitDiagnostics(uri, () => true, 300000);
    const run: ServerRun = { diagS: (performance.now() - t0) / 1000, cpuS: procCpuS(c.proc.pid) - cpu0, diagnostics: d.length };
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

function runChild(out: string, which: string): Run {
  const js = execFileSync(process.execPath, ['--expose-gc', __filename, '--child', out, which], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(js) as Run;
}

function main(): void {
  const after = path.join(ROOT, 'out');
  const before = process.env.HEAVY_BEFORE ? path.resolve(process.env.HEAVY_BEFORE) : undefined;
  const runs = envInt('HEAVY_RUNS', 3);
  const results: { draft: string; build: string; runs: Run[] }[] = [];
  const load0 = os.loadavg();
  for (const which of Object.keys(DRAFTS)) {
    const mine: Run[] = [];
    const theirs: Run[] = [];
    for (let i = 0; i < runs; i++) {
      if (before) theirs.push(runChild(before, which));
      mine.push(runChild(after, which));
    }
    if (before) results.push({ draft: which, build: 'before', runs: theirs });
    results.push({ draft: which, build: 'after', runs: mine });
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
    `\`npm run bench:heavy\` (test/bench/heavy.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: one \`DraftChecker.check\` of each stress draft, ` +
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
        'the time from didOpen of the draft to its diagnostics at the client, and the server process\'s CPU time meanwhile (all its threads). No other requests.',
      '',
      '| heavy draft | build | didOpen → diagnostics s | server CPU s | diagnostics |',
      '| --- | --- | --- | --- | --- |',
      ...served.map(({ draft, build, runs: rs }) => `| ${DRAFTS[draft].name} | ${build} | ${fmt(rs.map((r) => r.diagS))} | ${fmt(rs.map((r) => r.cpuS))} | ${rs[0].diagnostics} |`),
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
