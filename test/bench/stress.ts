/**
 * "Server under stress" (issue 9): completion latency for a small draft while a
 * heavy draft is being checked by the same server, plus the heavy draft's time
 * to diagnostics and the server's peak memory. Writes the `stress` section of
 * BENCHMARKS.md (`npm run bench:stress`; `npm run bench` keeps that section as it is).
 *
 * Heavy drafts (generated, no corpus text): ~4 MB of ordinary cited paragraphs,
 * ~4 MB of nested block quotes (the issue's 42-second case), 5 MB of them (just under the
 * limit), and a 6 MB draft
 * (over the 5 MB limit). Corpus: the bundled seeds/ (the stress is the draft).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import { countAsync, DraftChecker, settleAsync } from '../../server/src/core/judgments/incremental';
import { newChecker } from '../../server/src/lsp/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { loadIndex } from '../../server/src/core/indexLoad';
import { startServer, waitReady } from '../lsp/harness';
import { upsertSection } from './sections';
import { dist, Dist, envInt, fmtMs, machine, procPeakRssMB, ROOT } from './util';

const TARGET_P95_MS = 50;

export function heavyParagraphs(bytes: number): string {
  const paras = [
    'In 2020, 524 police officers were killed in Mexico [@edomex-officers-killed-2021, para. 4].',
    'According to Justice in Mexico, 415 members of police institutions were killed in 2019 [@edomex-officers-killed-2021, para. 3].',
    'The United States spent US$2.9 billion on the Merida Initiative, about 15.1% more than planned [@conversations-between-mexico-2021].',
    'Officials said 25 suspects were detained after the ambush, and "the attack lasted less than ten minutes" [@nope-2020].',
  ];
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const p = `${paras[i % paras.length]} Paragraph ${i + 1}.`;
    out.push(p);
    n += p.length + 2;
  }
  return out.join('\n\n') + '\n';
}

export function heavyQuotes(bytes: number): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const depth = 1 + (i % 12);
    const p = `${'> '.repeat(depth)}Some ${100 + (i % 900)} officers were counted in district ${i} [@edomex-officers-killed-2021, para. 2].`;
    out.push(p);
    n += p.length + 2;
  }
  return out.join('\n\n') + '\n';
}

/**
 * In-process view of the same work, free of the client and of other processes: the
 * event-loop delay (perf_hooks) while DraftChecker.checkAsync checks the heavy draft with the
 * server's checker (lsp/analysis.ts newChecker: paragraphs past the first 1,000 judgments are
 * counted, checked in full when read), then while settleAsync runs those (what the citation report
 * waits for), and, for comparison, the time of the eager check every paragraph in full (the CLI's).
 * The event-loop delay is how long a request for another document can wait inside the server.
 */
async function loopDelay(text: string): Promise<{ p50: number; p95: number; max: number; ms: number; countMs: number; settleMs: number; eagerMs: number }> {
  const { index } = await loadIndex(['seeds'], ROOT);
  const h = monitorEventLoopDelay({ resolution: 1 });
  const t0 = performance.now();
  h.enable();
  const a = await newChecker().checkAsync(text, index, DEFAULT_SETTINGS, () => false);
  const t1 = performance.now();
  await countAsync(a!, () => false);
  const tc = performance.now();
  await settleAsync(a!, () => false);
  h.disable();
  const t2 = performance.now();
  await new DraftChecker().checkAsync(text, index, DEFAULT_SETTINGS, () => false);
  const eagerMs = performance.now() - t2;
  return { p50: h.percentile(50) / 1e6, p95: h.percentile(95) / 1e6, max: h.max / 1e6, ms: t1 - t0, countMs: tc - t1, settleMs: t2 - tc, eagerMs };
}

const secs = (ms: number) => (Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(2) + ' s');

interface Row {
  name: string;
  mb: number;
  completion: Dist;
  diagMs: number;
  /** Until the diagnostics with the total (the same as diagMs when it came with the first ones). */
  totalMs: number;
  diagnostics: number;
  rssMB?: number;
  /** The server's RSS just before the heavy draft was opened. */
  beforeMB?: number;
}

/** The server's resident memory now (VmRSS), in MB. */
function rssNowMB(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Start a new peak-RSS measurement for the process (Linux: writing 5 to clear_refs resets
 * VmHWM to the current RSS), so each heavy draft's row shows its own peak. False when the
 * kernel refuses; the peak is then the process's peak so far.
 */
function resetPeakRss(pid: number | undefined): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  // Under BENCH_TMP when set (each engineer's own scratch folder: the servers write their index cache in the workspace).
  const tmp = process.env.BENCH_TMP || os.tmpdir();
  fs.mkdirSync(tmp, { recursive: true });
  const ws = fs.mkdtempSync(path.join(tmp, 'slw-stress-'));
  fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
  const rows: Row[] = [];
  let peakReset = true;
  const inProcess: [string, Awaited<ReturnType<typeof loopDelay>>][] = [];
  const small = 'In 2020, 524 police officers were killed [@';
  const position = { line: 0, character: small.length };
  /** A fresh server with the corpus indexed and the small draft open, warmed up. */
  const session = async () => {
    const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    await waitReady(c, 60000);
    const smallUri = c.open(path.join(ws, 'small.md'), small);
    const complete = async (): Promise<number> => {
      const t0 = performance.now();
      await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: smallUri }, position });
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await complete(); // warm-up
    return { c, complete };
  };
  try {
    const idleRun = await session();
    try {
      const idle: number[] = [];
      for (let i = 0; i < envInt('STRESS_IDLE_SAMPLES', 100); i++) idle.push(await idleRun.complete());
      rows.push({ name: 'no heavy draft (baseline)', mb: 0, completion: dist(idle), diagMs: NaN, totalMs: NaN, diagnostics: NaN, rssMB: rssNowMB(idleRun.c.proc.pid) });
    } finally {
      await idleRun.c.stop();
    }

    const heavy: [string, string][] = [
      ['4 MB of cited paragraphs', heavyParagraphs(4 * 1024 * 1024)],
      ['4 MB of nested block quotes (1–12 levels)', heavyQuotes(4 * 1024 * 1024)],
      // At the limit: the issue's target is every draft up to 5 MB (MAX_DRAFT_CHARS is 5 MiB of text).
      ['5 MB of nested block quotes (just under the limit)', heavyQuotes(5 * 1024 * 1024 - 4096)],
      ['6 MB draft (over the 5 MB limit)', heavyParagraphs(6 * 1024 * 1024)],
    ];
    for (const [name, text] of heavy) inProcess.push([name, await loopDelay(text)]);
    // Each heavy draft in a fresh server, so its memory is not mixed with a previous draft's.
    for (const [name, text] of heavy) {
      const { c, complete } = await session();
      try {
        const file = path.join(ws, `heavy-${rows.length}.md`);
        const beforeMB = rssNowMB(c.proc.pid);
        peakReset = resetPeakRss(c.proc.pid) && peakReset;
        const t0 = performance.now();
        const uri = c.open(file, text);
        let done = false;
        let diagMs = NaN;
        let totalMs = NaN;
        let count = 0;
        // The first diagnostics, then (a long draft) the ones with the total counted.
        void c.waitDiagnostics(uri, () => true, 300000).then((d) => {
          diagMs = performance.now() - t0;
          count = d.length;
        });
        const waiting = c.waitDiagnostics(uri, (d) => !/counting the rest/.test(String(d[d.length - 1]?.message)), 300000).then(() => {
          totalMs = performance.now() - t0;
          done = true;
        });
        const samples: number[] = [];
        while (!done) {
          samples.push(await complete());
          await new Promise((r) => setTimeout(r, 10));
        }
        await waiting;
        rows.push({ name, mb: text.length / (1024 * 1024), completion: dist(samples), diagMs, totalMs, diagnostics: count, rssMB: procPeakRssMB(c.proc.pid), beforeMB });
      } finally {
        await c.stop();
      }
    }
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
  const m = machine();
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const lines = [
    '## Server under stress',
    '',
    `Completion for a small draft while the same server checks a heavy draft (\`npm run bench:stress\`, test/bench/stress.ts). ` +
      `Target: completion p95 ≤ ${TARGET_P95_MS} ms. Corpus: seeds/ (9 sources). ${m.cores} cores (${m.cpu}), Node ${m.node}; ` +
      `the machine was shared with other jobs while this ran (load average ${load} over 1 / 5 / 15 min on ${m.cores} cores), so absolute times are pessimistic.`,
    '',
    '| heavy draft | size | completion samples | completion p50 / p95 / max | heavy draft: diagnostics after | total counted after | diagnostics | server peak RSS | extra over the RSS before |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.mb ? r.mb.toFixed(1) + ' MB' : '–'} | ${r.completion.n} | ${fmtMs(r.completion.p50)} / **${fmtMs(r.completion.p95)}** / ${fmtMs(r.completion.max)} ms | ` +
        `${secs(r.diagMs)} | ${secs(r.totalMs)} | ${Number.isNaN(r.diagnostics) ? '–' : r.diagnostics} | ${r.rssMB ? Math.round(r.rssMB) + ' MB' : '–'} | ${r.rssMB && r.beforeMB ? `+${Math.round(r.rssMB - r.beforeMB)} MB` : '–'} |`,
    ),
    '',
    peakReset
      ? 'Each heavy draft is opened in a fresh server (corpus indexed, the small draft open and warmed up). Server peak RSS: the peak while the draft was opened and checked (VmHWM, reset just before); the baseline row is the RSS of such a server with no heavy draft. ' +
        'Extra: that peak minus the RSS just before the draft was opened. The issue-9 target is ≤ 500 MB extra for drafts up to 5 MB.'
      : 'Each heavy draft is opened in a fresh server. Server peak RSS: the process peak (VmHWM could not be reset here); extra: that peak minus the RSS just before the draft was opened.',
    '',
    'The same checks in-process (no client, no server I/O), with the server\'s checker: `DraftChecker.checkAsync` checks the first 1,000 judgments\' paragraphs in full ' +
      'and leaves the rest waiting (the first diagnostics: the first 1,000, saying the rest is being counted); `countAsync` then counts the rest\'s judgments in time slices ' +
      '(the diagnostics published again with the total); `settleAsync` then checks those in full, in time slices ' +
      '(what the citation report waits for; hover and code actions check only their own paragraph). Event-loop delay over both: how long a request for another document waits inside the server at most. ' +
      'Last column: the same draft checked in full at once (every paragraph, as the CLI does), for comparison.',
    '',
    '| heavy draft | check time to diagnostics (in-process) | then the total counted | then the rest in full | event-loop delay p50 / p95 / max | every paragraph in full at once |',
    '| --- | --- | --- | --- | --- | --- |',
    ...inProcess.map(
      ([name, d]) =>
        `| ${name} | ${(d.ms / 1000).toFixed(2)} s | ${(d.countMs / 1000).toFixed(2)} s | ${(d.settleMs / 1000).toFixed(2)} s | ${fmtMs(d.p50)} / **${fmtMs(d.p95)}** / ${fmtMs(d.max)} ms | ${(d.eagerMs / 1000).toFixed(2)} s |`,
    ),
    '',
    `Worst completion p95 under load: ${fmtMs(Math.max(...rows.slice(1).map((r) => r.completion.p95)))} ms (target ≤ ${TARGET_P95_MS} ms).`,
  ];
  const md = lines.join('\n');
  console.log(md);
  if (!process.env.STRESS_NO_WRITE && !process.env.BENCH_NO_WRITE) upsertSection('stress', md);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
