/**
 * In-process query timing on the same passages and the same queries:
 * our index (rankPassages / rankSources), MiniSearch, and fuse.js.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { BenchPosition } from './positions';
import { Dist, dist, envInt, gc } from './util';

export interface QueryQuality {
  n: number;
  top1: number;
  top3: number;
}

export interface BaselineResults {
  ours: { rankPassages: Dist; rankSources: Dist; quality: QueryQuality };
  minisearch: { buildMs: number; query: Dist; quality: QueryQuality };
  fuse?: { buildMs: number; query: Dist; queries: number; quality: QueryQuality; note?: string; estimatedMs?: number };
}

function q(): QueryQuality {
  return { n: 0, top1: 0, top3: 0 };
}

function scoreKeys(qq: QueryQuality, p: BenchPosition, keys: string[]): void {
  qq.n++;
  const distinct = [...new Set(keys)];
  if (distinct[0] === p.key) qq.top1++;
  if (distinct.slice(0, 3).includes(p.key)) qq.top3++;
}

export interface PassageTable {
  texts: string[];
  keys: string[];
}

/** Passage texts in id order with their source keys (so the index itself can be dropped). */
export function passageTable(index: CorpusIndex): PassageTable {
  const texts: string[] = [];
  const keys: string[] = [];
  for (const s of index.sources()) for (const p of s.passages) {
    texts.push(p.text);
    keys.push(s.key);
  }
  return { texts, keys };
}

export function runOurQueries(index: CorpusIndex, positions: BenchPosition[]): BaselineResults['ours'] {
  const queries = positions.map((p) => ({ p, text: p.sentence, figs: extractFigures(p.sentence) }));
  for (const x of queries.slice(0, 20)) index.rankSources(x.text, x.figs, 50);
  const rp: number[] = [];
  const rs: number[] = [];
  const oq = q();
  for (const x of queries) {
    let t = performance.now();
    index.rankPassages(x.text, x.figs, { limit: 20 });
    rp.push(performance.now() - t);
    t = performance.now();
    const hits = index.rankSources(x.text, x.figs, 50);
    rs.push(performance.now() - t);
    scoreKeys(oq, x.p, hits.map((h) => h.source.key));
  }
  return { rankPassages: dist(rp), rankSources: dist(rs), quality: oq };
}

/** MiniSearch and fuse.js over the same passages and queries. */
export function runBaselines(table: PassageTable, ours: BaselineResults['ours'], positions: BenchPosition[], log: (s: string) => void): BaselineResults {
  const { texts } = table;
  const srcOf = table.keys.map((key) => ({ key }));
  const queries = positions.map((p) => ({ p, text: p.sentence }));
  let t: number;

  // ---- MiniSearch ----
  log('  baseline: MiniSearch');
  gc();
  t = performance.now();
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id' });
  ms.addAll(texts.map((text, id) => ({ id, text })));
  const msBuild = performance.now() - t;
  for (const x of queries.slice(0, 20)) ms.search(x.text);
  const mq: number[] = [];
  const mqual = q();
  const msBudget = envInt('BENCH_MINISEARCH_BUDGET_S', 180) * 1000;
  const msStart = performance.now();
  for (const x of queries) {
    if (mq.length >= 20 && performance.now() - msStart > msBudget) break;
    t = performance.now();
    const res = ms.search(x.text);
    mq.push(performance.now() - t);
    scoreKeys(mqual, x.p, res.slice(0, 30).map((r) => srcOf[r.id as number].key));
  }
  const out: BaselineResults = {
    ours,
    minisearch: { buildMs: msBuild, query: dist(mq), quality: mqual },
  };

  // ---- fuse.js (capped: seconds per query on large corpora) ----
  // A sample of the passages first gives the cost per passage; when one query over all
  // passages would not fit in the time budget, only the extrapolation is reported.
  const maxQ = envInt('BENCH_FUSE_QUERIES', 20);
  const budgetMs = envInt('BENCH_FUSE_BUDGET_S', 120) * 1000;
  if (maxQ > 0) {
    gc();
    const docs = texts.map((text, id) => ({ id, text }));
    const opts = { keys: ['text'], ignoreLocation: true, threshold: 0.6, includeScore: true };
    const sampleN = Math.min(docs.length, 1000);
    const sample = new Fuse(docs.slice(0, sampleN), opts);
    const st: number[] = [];
    for (const x of queries.slice(0, 3)) {
      t = performance.now();
      sample.search(x.text, { limit: 30 });
      st.push(performance.now() - t);
    }
    const estMs = (Math.max(...st) / sampleN) * docs.length;
    log(`  baseline: fuse.js (estimated ${(estMs / 1000).toFixed(1)} s per query over ${docs.length} passages; up to ${maxQ} queries, ${budgetMs / 1000} s budget)`);
    t = performance.now();
    const fuse = new Fuse(docs, opts);
    const fBuild = performance.now() - t;
    const fq: number[] = [];
    const fqual = q();
    const tStart = performance.now();
    let note: string | undefined;
    if (estMs > budgetMs / 2) {
      note = `not run: one query would take about ${(estMs / 1000).toFixed(0)} s (extrapolated from ${sampleN} passages)`;
    } else {
      for (const x of queries.slice(0, maxQ)) {
        if (performance.now() - tStart + estMs * 1.5 > budgetMs) {
          note = `stopped after ${fq.length} queries (time budget)`;
          break;
        }
        t = performance.now();
        const res = fuse.search(x.text, { limit: 30 });
        fq.push(performance.now() - t);
        scoreKeys(fqual, x.p, res.map((r) => srcOf[r.item.id].key));
      }
    }
    out.fuse = { buildMs: fBuild, query: dist(fq), queries: fq.length, quality: fqual, note, estimatedMs: estMs };
  }
  gc();
  return out;
}
