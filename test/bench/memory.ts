/**
 * `npm run bench:memory`: where the index's memory goes, stage by stage, in
 * one process that follows the language server's path: a progressive cold
 * build (batches, then compact), the cache write, then a warm start from the
 * cache and queries that touch every passage the ranking reads.
 *
 * Each stage prints, after a full GC, the V8 heap in use, memory outside the
 * heap (typed arrays and Buffers), RSS, and the process's peak RSS so far.
 *
 *   BENCH_CORPORA=reuters npm run bench:memory     (seeds, bbc, reuters, big)
 *   MEMORY_STAGE=warm ...                          only the warm start (the cache must exist)
 *
 * Run with --expose-gc (the npm script does).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { loadIndex } from '../../server/src/core/workspace';
import { CorpusName, prepareCorpus } from './corpora';
import { makePositions } from './positions';
import { gc } from './util';

const MB = 1048576;

export interface MemoryRow {
  stage: string;
  heapMB: number;
  heapTotalMB: number;
  externalMB: number;
  rssMB: number;
  peakRssMB: number;
}

function sample(stage: string): MemoryRow {
  gc();
  gc();
  const m = process.memoryUsage();
  return { stage, heapMB: m.heapUsed / MB, heapTotalMB: m.heapTotal / MB, externalMB: m.external / MB, rssMB: m.rss / MB, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

function print(r: MemoryRow): void {
  process.stdout.write(`${r.stage.padEnd(44)} heap ${r.heapMB.toFixed(0).padStart(5)} / ${r.heapTotalMB.toFixed(0).padStart(5)} MB  external ${r.externalMB.toFixed(0).padStart(5)} MB  rss ${r.rssMB.toFixed(0).padStart(5)} MB  peak ${r.peakRssMB.toFixed(0).padStart(5)} MB\n`);
}

/** Rank every position's sentence, as completion does (touches texts for proximity). */
function query(index: CorpusIndex, n: number): number {
  const positions = makePositions(index, n, 7, { findDuplicates: false });
  let hits = 0;
  for (const p of positions) hits += index.rankSources(p.sentence, extractFigures(p.sentence), 10).length;
  return hits;
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'reuters') as CorpusName;
  const spec = prepareCorpus(name, (s) => process.stderr.write(s + '\n'));
  const cacheDir = path.join(os.tmpdir(), `source-linked-memory-${process.pid}`);
  const rows: MemoryRow[] = [];
  const at = (stage: string) => {
    const r = sample(stage);
    rows.push(r);
    print(r);
  };
  process.stdout.write(`${spec.label}: ${spec.files} files, ${(spec.bytes / MB).toFixed(1)} MB\n`);
  at('start');
  try {
    {
      const res = await loadIndex(spec.roots, spec.workspace, { index: new CorpusIndex(), cacheDir });
      at(`cold build (${res.index.passageCount} passages)`);
      await res.cacheWritten;
      at('after cache write');
      query(res.index, 200);
      at('after 200 queries');
    }
    at('cold index dropped');
    {
      const res = await loadIndex(spec.roots, spec.workspace, { index: new CorpusIndex(), cacheDir, deferReconcile: true });
      if (!res.fromCache) throw new Error(`warm start did not use the cache: ${res.cacheNote}`);
      at('warm start (cache read)');
      res.reconcile?.();
      at('after reconcile');
      query(res.index, 200);
      at('after 200 queries');
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
