/**
 * `npm run bench:heapgrowth`: what V8's heap growth factor costs and buys on a burst of long-draft
 * checks (issue 13, server/src/heap.ts). For each setting, interleaved, a fresh process loads the
 * corpus index (from its cache), checks two 1,000-paragraph bench drafts to warm up, then checks six
 * drafts twice as the server does (DraftChecker.checkAsync, new checker each: no chunk cache), and
 * reports the largest V8 heap used / total (sampled every 5 ms), the process's peak RSS, and the CPU
 * time of the burst (all threads, so the collector's helper threads count).
 *
 *   BENCH_CORPORA=reuters HEAPGROWTH_ROUNDS=2 npm run bench:heapgrowth    (settings: HEAPGROWTH_PERCENTS=0,100,75,50; 0 = V8's own)
 */
import * as os from 'os';
import { CorpusName, prepareCorpus } from './corpora';
import { envInt, median, runChild } from './util';
import { upsertSection } from './sections';
import { loadIndex } from '../../server/src/core/indexLoad';
import { bigDraft, makePositions } from './positions';
import { DraftChecker } from '../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { applyHeapPolicy } from '../../server/src/heap';

interface Burst {
  heapUsedMB: number;
  heapTotalMB: number;
  peakRssMB: number;
  cpuMs: number;
  checksMs: number[];
}

async function child(name: CorpusName): Promise<void> {
  applyHeapPolicy();
  const spec = prepareCorpus(name, () => undefined);
  const { index } = await loadIndex(spec.roots, spec.workspace);
  const pool = makePositions(index, 1200, 20240611 + 1, { findDuplicates: false });
  const drafts = [bigDraft(pool, 1000, 2000).text];
  for (let i = 0; i < 5; i++) drafts.push(bigDraft(pool, 1000, 5000 + i).text);
  for (const d of drafts.slice(0, 2)) await new DraftChecker().checkAsync(d, index, DEFAULT_SETTINGS, () => false);
  (globalThis as { gc?: () => void }).gc?.();
  let used = 0;
  let total = 0;
  const iv = setInterval(() => {
    const m = process.memoryUsage();
    used = Math.max(used, m.heapUsed);
    total = Math.max(total, m.heapTotal);
  }, 5);
  const c0 = process.cpuUsage();
  const checksMs: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    for (const d of drafts) {
      const t = performance.now();
      await new DraftChecker().checkAsync(d, index, DEFAULT_SETTINGS, () => false);
      checksMs.push(performance.now() - t);
    }
  }
  clearInterval(iv);
  const c = process.cpuUsage(c0);
  const r: Burst = { heapUsedMB: used / 1048576, heapTotalMB: total / 1048576, peakRssMB: process.resourceUsage().maxRSS / 1024, cpuMs: (c.user + c.system) / 1000, checksMs };
  process.stdout.write(JSON.stringify(r) + '\n');
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'reuters') as CorpusName;
  if (process.argv[2] === 'child') return child(name);
  prepareCorpus(name, () => undefined);
  const percents = (process.env.HEAPGROWTH_PERCENTS || '0,100,75,50').split(',').map(Number);
  const rounds = envInt('HEAPGROWTH_ROUNDS', 2);
  const load0 = os.loadavg()[0];
  const started = new Date().toISOString();
  const res = new Map<number, Burst[]>(percents.map((p) => [p, []]));
  for (let r = 0; r < rounds; r++) {
    for (const p of percents) {
      process.env.SOURCE_LINKED_HEAP_GROWING_PERCENT = String(p);
      const b = (await runChild<Burst>(__filename, ['child'], { timeoutMs: 600_000, execArgv: ['--expose-gc'] })).value;
      res.get(p)!.push(b);
      process.stderr.write(`[heapgrowth] ${p || 'V8 default'}: heap used ${b.heapUsedMB.toFixed(0)} MB, peak RSS ${b.peakRssMB.toFixed(0)} MB, CPU ${b.cpuMs.toFixed(0)} ms\n`);
    }
  }
  const base = median(res.get(percents[0])!.map((b) => b.cpuMs));
  const lines = [
    `## Heap growth: what it costs and buys on a burst of long-draft checks (\`BENCH_CORPORA=${name} npm run bench:heapgrowth\`)`,
    '',
    `${started.slice(0, 16).replace('T', ' ')} UTC, ${name}, load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on a shared 2-core machine; ${rounds} rounds, settings interleaved, medians (each round in brackets). ` +
      'A fresh process per run loads the index from its cache, warms up on two 1,000-paragraph bench drafts, then checks six drafts twice as the server does (`checkAsync`, a new checker each time). ' +
      'CPU is the burst\'s process CPU time (all threads: the collector\'s helpers count). The server leaves V8\'s own growth: through it, 100 % made the 1,000-paragraph diagnostics 8-20 % slower (BENCHMARKS.md, section history-readme, session 11; opt in with SOURCE_LINKED_HEAP_GROWING_PERCENT, server/src/heap.ts).',
    '',
    '| heap growth | max heap used MB | max heap total MB | peak RSS MB | burst CPU ms | CPU vs V8 default | median check ms (wall) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...percents.map((p) => {
      const bs = res.get(p)!;
      const f = (k: 'heapUsedMB' | 'heapTotalMB' | 'peakRssMB' | 'cpuMs') => `${median(bs.map((b) => b[k])).toFixed(0)} (${bs.map((b) => b[k].toFixed(0)).join(', ')})`;
      return `| ${p ? `${p} %` : 'V8 default'} | ${f('heapUsedMB')} | ${f('heapTotalMB')} | ${f('peakRssMB')} | ${f('cpuMs')} | ${((median(bs.map((b) => b.cpuMs)) / base - 1) * 100).toFixed(0)} % | ${median(bs.flatMap((b) => b.checksMs)).toFixed(0)} (${bs.map((b) => median(b.checksMs).toFixed(0)).join(', ')}) |`;
    }),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (process.env.BENCH_NO_WRITE !== '1') upsertSection('memory-s11-growth', lines.join('\n'));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
