/**
 * `npm run bench:cold`: the cold index build against its floor, and (optionally) against
 * another build of the project in the same run, for a loaded machine where only interleaved
 * runs compare (issues 11 and 13).
 *
 * Each run is a fresh process of child.js: `ours` (loadIndex, the build the bench's main
 * table measures) and `floor` (read + decode + split + tokenize), interleaved; with
 * BENCH_BASE_OUT=<another checkout's out/ folder> its `ours` runs too, in between. Medians of
 * wall time and peak RSS.
 *
 *   BENCH_CORPORA=reuters,bbc   corpora (default reuters,bbc; big works too, slowly)
 *   BENCH_RUNS=n                runs per contender (default 5)
 *   BENCH_BASE_OUT=dir          a baseline build's out/ (e.g. of main)
 *   BENCH_NO_WRITE=1            print only; otherwise section `cold-s10` of BENCHMARKS.md
 */
import * as os from 'os';
import * as path from 'path';
import { CorpusName, prepareCorpus } from './corpora';
import { upsertSection } from './sections';
import { envInt, killLiveChildren, median, runChild } from './util';

interface Run {
  ms: number;
  /** Absent from builds whose child script predates it. */
  cpuMs?: number;
  maxRssMB: number;
}

const CHILD = path.join(__dirname, 'child.js');

function log(s: string): void {
  process.stderr.write(`[cold] ${s}\n`);
}

async function one(script: string, mode: string, spec: ReturnType<typeof prepareCorpus>): Promise<Run> {
  return (await runChild<Run>(script, [mode, spec.workspace, JSON.stringify(spec.roots)], { timeoutMs: 900_000, execArgv: ['--expose-gc'] })).value;
}

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');

async function main(): Promise<void> {
  const corpora = (process.env.BENCH_CORPORA || 'reuters,bbc').split(',').map((s) => s.trim()) as CorpusName[];
  const runs = Math.max(1, envInt('BENCH_RUNS', 5));
  const baseOut = process.env.BENCH_BASE_OUT;
  const baseChild = baseOut ? path.join(path.resolve(baseOut), 'test', 'bench', 'child.js') : undefined;
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load0 = os.loadavg();
  const rows: string[] = [];
  for (const name of corpora) {
    const spec = prepareCorpus(name, log);
    const got: Record<string, Run[]> = { ours: [], floor: [], base: [] };
    for (let r = 0; r < runs; r++) {
      log(`${spec.label} run ${r + 1}/${runs}`);
      got.floor.push(await one(CHILD, 'floor', spec));
      if (baseChild) got.base.push(await one(baseChild, 'ours', spec));
      got.ours.push(await one(CHILD, 'ours', spec));
    }
    const ms = (k: string) => median(got[k].map((x) => x.ms));
    const cpu = (k: string) => (got[k].every((x) => x.cpuMs !== undefined) ? f0(median(got[k].map((x) => x.cpuMs!))) : '–');
    const rss = (k: string) => median(got[k].map((x) => x.maxRssMB));
    const floor = ms('floor');
    const cell = (k: string) => `${f0(ms(k))} (${got[k].map((x) => f0(x.ms)).join(', ')}) | ${(ms(k) / floor).toFixed(2)}× | ${cpu(k)} | ${f0(rss(k))}`;
    rows.push(`| ${spec.label} | ${runs} | ${f0(floor)} | ${cpu('floor')} | ${f0(rss('floor'))} | ${cell('ours')} | ${baseChild ? cell('base') : '– | – | – | –'} |`);
    log(`${spec.label}: ours ${f0(ms('ours'))} ms, floor ${f0(floor)} ms = ${(ms('ours') / floor).toFixed(2)}×${baseChild ? `; base ${f0(ms('base'))} ms = ${(ms('base') / floor).toFixed(2)}×` : ''}`);
  }
  const load1 = os.loadavg();
  const md = [
    '### Cold index build against its floor, interleaved A/B (`npm run bench:cold`)',
    '',
    `${started} UTC, load average (1 min) ${load0[0].toFixed(1)} → ${load1[0].toFixed(1)} on a shared 2-core machine (other engineers' builds and benchmarks running): wall times are stretched, ratios taken within the same run; CPU ms is the process's CPU time (all threads) over the same span, less stretched by the load than wall time. Fresh process per run, runs interleaved (floor, ${baseChild ? 'baseline, ' : ''}ours); medians, each run's time in brackets. *Floor*: read + decode + split + tokenize every passage (child.js \`floor\`, unchanged). *Ours*: \`loadIndex\`, the build the main table measures.${baseChild ? ' *Baseline*: the same child script of another build (`BENCH_BASE_OUT`).' : ''}`,
    '',
    '| corpus | runs | floor ms | floor CPU ms | floor RSS MB | ours ms (runs) | ours / floor | ours CPU ms | ours peak RSS MB | baseline ms (runs) | baseline / floor | baseline CPU ms | baseline peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  process.stdout.write(md + '\n');
  if (process.env.BENCH_NO_WRITE !== '1') upsertSection('cold-s10', md + (process.env.BENCH_NOTE ? `\n\n${process.env.BENCH_NOTE}` : ''));
}

process.on('exit', killLiveChildren);
main().catch((e) => {
  log(`failed: ${(e as Error)?.stack ?? e}`);
  killLiveChildren();
  process.exit(1);
});
