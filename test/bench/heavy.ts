/**
 * Heavy drafts in process (issue 9): the time and memory of one `DraftChecker.check` of the
 * stress drafts (test/bench/stress.ts), each in a fresh process: wall and CPU time, the heap
 * the analysis keeps (after a full GC) and the process's peak RSS. With HEAVY_BEFORE=<dir>
 * (a build of another commit: its `out/` folder; HEAVY_BEFORE_LABEL names it), the same runs
 * alternate between that build and this one, so a before/after comparison shares the machine's load. Writes the
 * `heavy-drafts` section of BENCHMARKS.md (`npm run bench:heavy`).
 */
import { execFileSync } from 'child_process';
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
  const md = lines.join('\n');
  console.log(md);
  if (!process.env.HEAVY_NO_WRITE) upsertSection('heavy-drafts', md);
}

if (require.main === module) {
  if (process.argv[2] === '--child') {
    child(process.argv[3], process.argv[4]).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  } else main();
}
