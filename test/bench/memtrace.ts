/**
 * `npm run bench:memtrace`: the server bench's runs (test/bench/server.ts) on one corpus, with the
 * server's memory sampled every 10 ms from inside (a preloaded probe: RSS, V8 heap used / total,
 * external, array buffers, old-generation used, full collections so far) and each run's start logged,
 * to find which run sets the peak RSS (old space growing between full collections is what was promoted).
 *
 *   BENCH_CORPORA=reuters npm run bench:memtrace      (prints per-run maxima; MEMTRACE_OUT keeps the samples)
 *
 * MEMTRACE_VARIANT says how the server is started, to measure each change of session 11 apart:
 *   malloc (default) as every launcher starts it now: the launch environment (protocol.ts serverEnv), V8's own heap growth
 *   before           without the launch environment (BENCH_PLAIN_ENV=1, test/lsp/harness.ts)
 *   heap             the fixed heap growth only (SOURCE_LINKED_HEAP_GROWING_PERCENT=100, server/src/heap.ts; not shipped)
 *   both             the launch environment and the fixed heap growth (not shipped)
 * MEMTRACE_SECTION=1 adds the result to BENCHMARKS.md's "memory-s11" section (one row per corpus
 * and variant, the latest run of each kept).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex } from '../../server/src/core/indexLoad';
import { CorpusName, prepareCorpus } from './corpora';
import { makePositions } from './positions';
import { runServerBench } from './server';
import { envInt, gc, killLiveChildren } from './util';
import { BENCHMARKS_MD, upsertSection } from './sections';

const PROBE = `// written by test/bench/memtrace.ts
const fs = require('fs');
const v8 = require('v8');
const { PerformanceObserver, constants } = require('perf_hooks');
const out = process.env.MEMPROBE_OUT;
if (out) {
  const rows = [];
  // Full (mark-compact) collections so far: old-space growth between two is what was promoted.
  let majors = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail && e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++; }).observe({ entryTypes: ['gc'] });
  const flush = () => { if (rows.length) { fs.appendFileSync(out, rows.join('\\n') + '\\n'); rows.length = 0; } };
  setInterval(() => {
    const m = process.memoryUsage();
    let oldUsed = 0;
    for (const s of v8.getHeapSpaceStatistics()) if (!s.space_name.startsWith('new')) oldUsed += s.space_used_size;
    rows.push([Date.now(), m.rss, m.heapUsed, m.heapTotal, m.external, m.arrayBuffers, oldUsed].map((x, i) => i ? (x / 1048576).toFixed(1) : x).concat([majors]).join(' '));
    if (rows.length >= 200) flush();
  }, 10).unref();
  setInterval(flush, 1000).unref();
  process.on('exit', flush);
}
`;

const VARIANTS = ['before', 'malloc', 'heap', 'both'];

interface Row {
  corpus: string;
  variant: string;
  date: string;
  load: [number, number];
  peakMB: number;
  /** Per run: [name, max RSS, max heap used, max heap total, max external] (MB). */
  runs: [string, number, number, number, number][];
  diag1000Ms: number;
  completionP95: number;
  completionP99: number;
}

const ROWS_MARK = '<!-- memory-s11-rows:';

function section(rows: Row[]): string {
  const order = (r: Row) => [r.corpus === 'big' ? 1 : 0, VARIANTS.indexOf(r.variant)];
  rows.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
  const runNames = [...new Set(rows.flatMap((r) => r.runs.map((x) => x[0])))];
  const lines = [
    '## Whole-server memory, session 11 (issue 13): each change apart (`npm run bench:memtrace`)',
    '',
    'The server bench\'s runs (test/bench/server.ts: cold start, hover, completion, drafts of 10 / 100 / 1,000 paragraphs, re-checks) on one server, ' +
      'its memory sampled every 10 ms from inside the process. *Peak* is the process\'s VmHWM at the end, what the main table reports. ' +
      'Variants: *before* = V8\'s own heap growth and glibc\'s own mmap threshold (the server as of main before this session); ' +
      '*malloc* = the launch environment (`MALLOC_MMAP_THRESHOLD_=131072`, protocol.ts `serverEnv`): the server as every launcher starts it now; ' +
      '*heap* = a fixed heap growth only (`SOURCE_LINKED_HEAP_GROWING_PERCENT=100`, server/src/heap.ts); *both* = the two; the fixed growth is not shipped (it slowed the 1,000-paragraph diagnostics). ' +
      'One run each on a shared 2-core machine (other engineers\' builds and benchmarks running: see the load); latencies are client-side and stretched by the load.',
    '',
    '| corpus | variant | date (UTC) | load 1 min | peak RSS MB | 1,000-para diagnostics ms | completion p95 / p99 ms |',
    '| --- | --- | --- | --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.corpus} | ${r.variant} | ${r.date.slice(0, 16).replace('T', ' ')} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} | ${r.peakMB.toFixed(0)} | ${r.diag1000Ms.toFixed(0)} | ${r.completionP95.toFixed(2)} / ${r.completionP99.toFixed(2)} |`),
    '',
    'Largest RSS / V8 heap used / heap total / external (MB) within each run:',
    '',
    `| corpus | variant | ${runNames.join(' | ')} |`,
    `| --- | --- | ${runNames.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${r.corpus} | ${r.variant} | ${runNames.map((n) => { const x = r.runs.find((y) => y[0] === n); return x ? x.slice(1).map((v) => Number(v).toFixed(0)).join(' / ') : '–'; }).join(' | ')} |`),
    '',
    `${ROWS_MARK}${JSON.stringify(rows)}-->`,
  ];
  return lines.join('\n');
}

function previousRows(): Row[] {
  try {
    const md = fs.readFileSync(BENCHMARKS_MD, 'utf8');
    const i = md.indexOf(ROWS_MARK);
    if (i < 0) return [];
    return JSON.parse(md.slice(i + ROWS_MARK.length, md.indexOf('-->', i))) as Row[];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'reuters') as CorpusName;
  const marks: { t: number; what: string }[] = [];
  const log = (s: string) => {
    marks.push({ t: Date.now(), what: s.trim() });
    process.stderr.write(`[memtrace ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  };
  const spec = prepareCorpus(name, log);
  let index = (await loadIndex(spec.roots, spec.workspace)).index;
  const seed = envInt('BENCH_SEED', 20240611);
  const positions = makePositions(index, envInt('BENCH_POSITIONS', 240), seed, { findDuplicates: index.passageCount < 200000 });
  const pool = makePositions(index, 1200, seed + 1, { findDuplicates: false });
  index = undefined as never;
  gc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memtrace-'));
  const probe = path.join(dir, 'probe.js');
  const samples = process.env.MEMTRACE_OUT || path.join(dir, 'samples.txt');
  fs.writeFileSync(probe, PROBE);
  fs.rmSync(samples, { force: true });
  process.env.MEMPROBE_OUT = samples;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim();
  process.env.BENCH_WARM_RUNS ??= '0'; // one server: the warm starts are other processes
  const variant = process.env.MEMTRACE_VARIANT || 'malloc';
  if (!VARIANTS.includes(variant)) throw new Error(`MEMTRACE_VARIANT: one of ${VARIANTS.join(', ')}`);
  if (variant === 'before' || variant === 'heap') process.env.BENCH_PLAIN_ENV = '1';
  process.env.SOURCE_LINKED_HEAP_GROWING_PERCENT = variant === 'heap' || variant === 'both' ? '100' : '0';
  const load0 = os.loadavg()[0];
  const t0 = Date.now();
  const res = await runServerBench(spec, positions, pool, log);
  killLiveChildren();
  // Only the first server's samples (the warm starts append theirs later: cut at the first warm start).
  const warm = marks.find((m) => m.what.startsWith('server: warm start'))?.t ?? Infinity;
  const rows = fs
    .readFileSync(samples, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number))
    .filter((r) => r[0] >= t0 && r[0] < warm);
  const phases = marks.filter((m) => m.t >= t0 && m.t < warm);
  process.stdout.write(`${name} (${variant}): server peak RSS (VmHWM) ${res.serverPeakRssMB?.toFixed(0)} MB; 1000-para diagnostics ${res.draftDiag.find((d) => d.paras === 1000)?.ms.toFixed(0)} ms (${res.draftDiag.find((d) => d.paras === 1000)?.samples.map((x) => x.toFixed(0)).join(" ")}; new drafts ${res.draftDiagNew?.samples.map((x) => x.toFixed(0)).join(" ")}); completion p95 ${res.completion.p95.toFixed(2)} p99 ${res.completion.p99.toFixed(2)} ms\n`);
  process.stdout.write('run'.padEnd(60) + '   max rss   heapUsed  heapTotal  external  arrayBuf  oldSpace (MB)  full GCs\n');
  for (let i = 0; i < phases.length; i++) {
    const a = phases[i].t;
    const b = phases[i + 1]?.t ?? warm;
    const rs = rows.filter((r) => r[0] >= a && r[0] < b);
    if (!rs.length) continue;
    const max = (k: number) => Math.max(...rs.map((r) => r[k])).toFixed(0).padStart(9);
    process.stdout.write(`${phases[i].what.slice(0, 60).padEnd(60)} ${max(1)} ${max(2)} ${max(3)} ${max(4)} ${max(5)} ${max(6)} ${String(rs[rs.length - 1][7] - rs[0][7]).padStart(6)}\n`);
  }
  if (!process.env.MEMTRACE_OUT) fs.rmSync(dir, { recursive: true, force: true });
  if (process.env.MEMTRACE_SECTION === '1') {
    const runs: Row['runs'] = [];
    for (let i = 0; i < phases.length; i++) {
      const rs = rows.filter((r) => r[0] >= phases[i].t && r[0] < (phases[i + 1]?.t ?? warm));
      if (!rs.length) continue;
      const max = (k: number) => Math.max(...rs.map((r) => r[k]));
      runs.push([phases[i].what.replace(/^server: /, '').replace(/ \(1,000 paragraphs\)/, ''), max(1), max(2), max(3), max(4)]);
    }
    const row: Row = {
      corpus: name,
      variant,
      date: new Date(t0).toISOString(),
      load: [load0, os.loadavg()[0]],
      peakMB: res.serverPeakRssMB ?? NaN,
      runs,
      diag1000Ms: res.draftDiag.find((d) => d.paras === 1000)?.ms ?? NaN,
      completionP95: res.completion.p95,
      completionP99: res.completion.p99,
    };
    upsertSection('memory-s11', section([...previousRows().filter((r) => r.corpus !== name || r.variant !== variant), row]));
    process.stderr.write(`[memtrace] wrote section memory-s11 of ${BENCHMARKS_MD}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  killLiveChildren();
  process.exit(1);
});
