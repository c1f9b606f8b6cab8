/**
 * One cold measurement in a fresh process (so no JIT, module or file cache of
 * this process carries over). Prints one JSON line on stdout.
 *
 *   node out/test/bench/child.js <mode> <baseDir> <rootsJson>
 *
 * Modes:
 *   ours        loadIndex(roots, baseDir) — the real index build
 *   phases      loadCorpus, then CorpusIndex.addSources, timed apart; plus the
 *               cost of extractFigures and tokenize over every passage
 *   floor       read + decode + split (project splitter) + tokenize every passage
 *   minisearch  read + decode + split, then MiniSearch.addAll over every passage
 */
import * as fs from 'fs';
import MiniSearch from 'minisearch';
import { loadCorpus } from '../../server/src/core/corpus/load';
import { splitFile } from '../../server/src/core/corpus/split';
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { decodeBytes } from '../../server/src/core/text/decode';
import { tokenize } from '../../server/src/core/text/tokens';
import { loadIndex } from '../../server/src/core/indexLoad';
import { applyHeapPolicy } from '../../server/src/heap';
import { corpusFiles } from './util';

function rssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function heapMB(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
  return process.memoryUsage().heapUsed / 1048576;
}

interface Split {
  texts: string[];
  files: number;
  bytes: number;
}

/** Read, decode and split every file with the project's splitter. */
function readSplit(roots: string[]): Split {
  const { files } = corpusFiles(roots);
  const texts: string[] = [];
  let bytes = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    bytes += buf.length;
    const dec = decodeBytes(buf);
    if (!dec.ok) continue;
    for (const a of splitFile(dec.text, f)) for (const p of a.passages) texts.push(p.text);
  }
  return { texts, files: files.length, bytes };
}

async function main(): Promise<void> {
  const [mode, baseDir, rootsJson] = process.argv.slice(2);
  // Our build runs in the language server, which sets its heap policy at startup (server/src/heap.ts).
  if (mode === 'ours' || mode === 'phases') applyHeapPolicy();
  const roots = JSON.parse(rootsJson) as string[];
  let result: Record<string, unknown>;
  const c0 = process.cpuUsage();
  /** CPU time of this process (all threads) since the start of the measured work, ms: less stretched than wall time on a loaded machine. */
  const cpuMs = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  if (mode === 'ours') {
    const t0 = performance.now();
    const res = await loadIndex(roots, baseDir);
    const ms = performance.now() - t0;
    result = { ms, cpuMs: cpuMs(), loadMs: res.ms, sources: res.index.sourceCount, passages: res.index.passageCount, files: res.files.length, skipped: res.skipped.length, maxRssMB: rssMB(), heapMB: heapMB() };
  } else if (mode === 'phases') {
    const t0 = performance.now();
    const res = await loadCorpus(roots, { baseDir });
    const t1 = performance.now();
    // Cost of the two per-passage passes addSources does, measured on their own first
    // (results thrown away so addSources still does all its work).
    let nf = 0;
    let nt = 0;
    const tf0 = performance.now();
    for (const s of res.sources) for (const p of s.passages) nf += extractFigures(p.text).length;
    const tf1 = performance.now();
    for (const s of res.sources) for (const p of s.passages) nt += tokenize(p.text).length;
    const tt1 = performance.now();
    const index = new CorpusIndex();
    const t2 = performance.now();
    index.addSources(res.sources);
    const t3 = performance.now();
    result = {
      loadCorpusMs: t1 - t0,
      addSourcesMs: t3 - t2,
      extractFiguresMs: tf1 - tf0,
      tokenizeMs: tt1 - tf1,
      figures: nf,
      tokens: nt,
      sources: index.sourceCount,
      passages: index.passageCount,
      maxRssMB: rssMB(),
    };
  } else if (mode === 'floor') {
    const t0 = performance.now();
    const s = readSplit(roots);
    let tokens = 0;
    for (const t of s.texts) tokens += tokenize(t).length;
    const ms = performance.now() - t0;
    result = { ms, cpuMs: cpuMs(), passages: s.texts.length, files: s.files, bytes: s.bytes, tokens, maxRssMB: rssMB() };
  } else if (mode === 'minisearch') {
    const t0 = performance.now();
    const s = readSplit(roots);
    const t1 = performance.now();
    const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id' });
    ms.addAll(s.texts.map((text, id) => ({ id, text })));
    const t2 = performance.now();
    result = { ms: t2 - t0, splitMs: t1 - t0, indexMs: t2 - t1, passages: ms.documentCount, maxRssMB: rssMB(), heapMB: heapMB() };
  } else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
