/**
 * `npm run bench:memtrace`: the server bench's runs (test/bench/server.ts) on one corpus, with the
 * server's memory sampled every 10 ms from inside (a preloaded probe: RSS, V8 heap used / total,
 * external, array buffers) and each run's start logged, to find which run sets the peak RSS.
 *
 *   BENCH_CORPORA=reuters npm run bench:memtrace      (prints per-run maxima; MEMTRACE_OUT keeps the samples)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadIndex } from '../../server/src/core/indexLoad';
import { CorpusName, prepareCorpus } from './corpora';
import { makePositions } from './positions';
import { runServerBench } from './server';
import { envInt, gc, killLiveChildren } from './util';

const PROBE = `// written by test/bench/memtrace.ts
const fs = require('fs');
const out = process.env.MEMPROBE_OUT;
if (out) {
  const rows = [];
  const flush = () => { if (rows.length) { fs.appendFileSync(out, rows.join('\\n') + '\\n'); rows.length = 0; } };
  setInterval(() => {
    const m = process.memoryUsage();
    rows.push([Date.now(), m.rss, m.heapUsed, m.heapTotal, m.external, m.arrayBuffers].map((x, i) => i ? (x / 1048576).toFixed(1) : x).join(' '));
    if (rows.length >= 200) flush();
  }, 10).unref();
  setInterval(flush, 1000).unref();
  process.on('exit', flush);
}
`;

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
  process.stdout.write(`${name}: server peak RSS (VmHWM) ${res.serverPeakRssMB?.toFixed(0)} MB; 1000-para diagnostics ${res.draftDiag.find((d) => d.paras === 1000)?.ms.toFixed(0)} ms; completion p95 ${res.completion.p95.toFixed(2)} ms\n`);
  process.stdout.write('run'.padEnd(60) + '   max rss   heapUsed  heapTotal  external  arrayBuf   (MB)\n');
  for (let i = 0; i < phases.length; i++) {
    const a = phases[i].t;
    const b = phases[i + 1]?.t ?? warm;
    const rs = rows.filter((r) => r[0] >= a && r[0] < b);
    if (!rs.length) continue;
    const max = (k: number) => Math.max(...rs.map((r) => r[k])).toFixed(0).padStart(9);
    process.stdout.write(`${phases[i].what.slice(0, 60).padEnd(60)} ${max(1)} ${max(2)} ${max(3)} ${max(4)} ${max(5)}\n`);
  }
  if (!process.env.MEMTRACE_OUT) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  killLiveChildren();
  process.exit(1);
});
