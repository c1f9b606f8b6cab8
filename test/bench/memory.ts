/**
 * `npm run bench:memory`: where the index's memory goes, stage by stage,
 * following the language server's path: a progressive cold build (batches,
 * then compact) and the cache write in one process, then a warm start from
 * that cache in another; each then ranks 200 sentences.
 *
 * Each stage prints, after a full GC, the V8 heap in use / reserved, memory
 * outside the heap (typed arrays and Buffers), RSS, and the process's peak RSS
 * so far; each process checks a 1,000-paragraph draft (parseDraft +
 * checkDraft, as the server's diagnostics do) twice, then ranks 200 sentences. The index's own typed
 * arrays are broken down: passage store, postings, figure buckets.
 *
 *   BENCH_CORPORA=reuters npm run bench:memory     (seeds, bbc, reuters, big)
 *
 * Run with --expose-gc (the npm script does).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { loadIndex } from '../../server/src/core/indexLoad';
import { CorpusName, prepareCorpus } from './corpora';
import { checkDraft } from '../../server/src/core/judgments/check';
import { parseDraft } from '../../server/src/core/parse/draft';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { bigDraft, makePositions } from './positions';
import { upsertSection } from './sections';
import { gc } from './util';
import { serverEnv } from '../../server/src/protocol';
import { applyHeapPolicy } from '../../server/src/heap';

const MB = 1048576;

interface MemoryRow {
  stage: string;
  heapMB: number;
  heapTotalMB: number;
  externalMB: number;
  rssMB: number;
  peakRssMB: number;
  /** The index's typed arrays: passage store, postings, figure buckets (MB). */
  storeMB?: number;
  postingsMB?: number;
  figuresMB?: number;
}

function sample(stage: string, index?: CorpusIndex): MemoryRow {
  gc();
  gc();
  const m = process.memoryUsage();
  const r: MemoryRow = { stage, heapMB: m.heapUsed / MB, heapTotalMB: m.heapTotal / MB, externalMB: m.external / MB, rssMB: m.rss / MB, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  // Absent on builds before issue 13's breakdown (the same script measures a baseline checkout).
  const b = (index as Partial<CorpusIndex> | undefined)?.storageBytes;
  if (b) {
    Object.assign(r, { storeMB: b.store / MB, postingsMB: b.postings / MB, figuresMB: b.figures / MB });
  }
  return r;
}

function print(r: MemoryRow): void {
  if (process.env.MEMORY_ROWS_FD === '1') process.stdout.write(`ROW ${JSON.stringify(r)}\n`);
  const parts = r.storeMB === undefined ? '' : `  (store ${r.storeMB.toFixed(0)}, postings ${r.postingsMB!.toFixed(0)}, figures ${r.figuresMB!.toFixed(0)})`;
  process.stderr.write(`${r.stage.padEnd(44)} heap ${r.heapMB.toFixed(0).padStart(5)} / ${r.heapTotalMB.toFixed(0).padStart(5)} MB  external ${r.externalMB.toFixed(0).padStart(5)} MB${parts}  rss ${r.rssMB.toFixed(0).padStart(5)} MB  peak ${r.peakRssMB.toFixed(0).padStart(5)} MB\n`);
}

/** Rank every position's sentence, as completion does (touches texts for proximity). */
function query(index: CorpusIndex, n: number): number {
  const positions = makePositions(index, n, 7, { findDuplicates: false });
  let hits = 0;
  for (const p of positions) hits += index.rankSources(p.sentence, extractFigures(p.sentence), 10).length;
  return hits;
}

/**
 * One stage in this process: `cold` builds the index as the server does
 * (batches, compact, cache write) and queries it; `warm` loads that cache
 * (the server's warm start) and queries it. Run as separate processes, so the
 * warm numbers do not carry the cold build's heap.
 */
async function stage(which: 'cold' | 'warm', spec: ReturnType<typeof prepareCorpus>, cacheDir: string): Promise<void> {
  let index: CorpusIndex | undefined;
  const at = (label: string) => print(sample(label, index));
  at(`${which}: start`);
  const t0 = performance.now();
  const res = await loadIndex(spec.roots, spec.workspace, { index: new CorpusIndex(), cacheDir, deferReconcile: which === 'warm' });
  if (which === 'warm' && !res.fromCache) throw new Error(`warm start did not use the cache: ${res.cacheNote}`);
  index = res.index;
  at(`${which}: index loaded (${res.index.passageCount} passages, ${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  await res.cacheWritten;
  res.reconcile?.();
  at(`${which}: ${which === 'cold' ? 'cache written' : 'reconciled'}`);
  // The draft is made by the cold process (the generator reads many passages) and read by the warm one,
  // so the warm process's peak up to its draft row is the server's, not the generator's.
  const draftFile = path.join(cacheDir, 'bench-draft-1000.md');
  if (which === 'cold') fs.writeFileSync(draftFile, bigDraft(makePositions(res.index, 1200, 20240612, { findDuplicates: false }), 1000, 2000).text);
  const text = fs.readFileSync(draftFile, 'utf8');
  for (let i = 0; i < 2; i++) checkDraft(parseDraft(text), res.index, DEFAULT_SETTINGS);
  at(`${which}: after checking a 1,000-paragraph draft twice${which === 'cold' ? ' (after making it)' : ''}`);
  query(res.index, 200);
  at(`${which}: after 200 ranked sentences`);
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'reuters') as CorpusName;
  const spec = prepareCorpus(name, (s) => process.stderr.write(s + '\n'));
  const which = process.argv[2];
  if (which === 'cold' || which === 'warm') {
    applyHeapPolicy(); // each stage stands for the language server, which sets it at startup (server/src/heap.ts)
    return stage(which, spec, process.argv[3]);
  }
  const cacheDir = path.join(os.tmpdir(), `source-linked-memory-${process.pid}`);
  process.stderr.write(`${spec.label}: ${spec.files} files, ${(spec.bytes / MB).toFixed(1)} MB\n`);
  const rows: MemoryRow[] = [];
  const load0 = os.loadavg()[0];
  try {
    for (const w of ['cold', 'warm']) {
      const r = spawnSync(process.execPath, ['--expose-gc', __filename, w, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...serverEnv(), MEMORY_ROWS_FD: '1' }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${w} stage failed (${r.status ?? r.signal})`);
      for (const line of r.stdout.split('\n')) if (line.startsWith('ROW ')) rows.push(JSON.parse(line.slice(4)) as MemoryRow);
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_NO_WRITE === '1') return;
  const f = (x: number) => x.toFixed(0);
  const md = [
    `### Memory by stage: ${spec.label} (\`BENCH_CORPORA=${name} npm run bench:memory\`)`,
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on a shared 2-core machine. One process builds the index as the server does (batches, compact, cache write) and makes a 1,000-paragraph bench draft; another starts warm from that cache. Each checks the draft twice (parseDraft + checkDraft, the server's diagnostics), then ranks 200 bench sentences (the sentence generator reads many passages: the cold rows from the draft on, and the last warm row, carry the generator's garbage, so their peak is an upper bound). After a full GC: V8 heap in use / reserved, memory outside the heap (typed arrays, Buffers), of which the index's own: passage store / postings / figure buckets, RSS, and the process's peak RSS so far (the peak includes the garbage between rows).`,
    '',
    '| stage | heap used / reserved MB | outside heap MB | of which store / postings / figures MB | RSS MB | peak RSS so far MB |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.stage} | ${f(r.heapMB)} / ${f(r.heapTotalMB)} | ${f(r.externalMB)} | ${r.storeMB === undefined ? '–' : `${f(r.storeMB)} / ${f(r.postingsMB!)} / ${f(r.figuresMB!)}`} | ${f(r.rssMB)} | ${f(r.peakRssMB)} |`),
  ].join('\n');
  upsertSection(`memory-${name}`, md);
  process.stderr.write(`wrote section memory-${name} of BENCHMARKS.md\n`);
}

main().catch((e) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
