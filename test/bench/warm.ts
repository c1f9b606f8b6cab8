/**
 * `npm run bench:warm`: the language server's warm start on one corpus (issue 13), as a
 * user meets it: spawn `dist/server.js`, open a 20-paragraph draft, and time the status
 * `ready` and the draft's first diagnostics; then the server's resident size at that
 * moment and its peak once the cache has been compared with the files on disk
 * (reconcile, 300 ms after ready).
 *
 *   BENCH_CORPORA=big npm run bench:warm        (seeds, bbc, reuters, big; default big)
 *   BENCH_WARM_RUNS=5                           warm starts (default 5; the first run builds the cache if there is none)
 *   BENCH_WARM_SERVER=/other/checkout/dist/server.js   measure another build's server (same draft, own workspace)
 *   BENCH_WARM_SAVE=file.json                   keep this run's results (e.g. a baseline's)
 *   BENCH_WARM_LONG_DRAFT=1000                  then open a draft of that many paragraphs and report the server's peak after its diagnostics
 *   BENCH_WARM_BEFORE=a.json,b.json             saved runs to show above this one in the section
 *   BENCH_WARM_AFTER=file.json                  show this saved run as this one (measure nothing; rewrite the section)
 *   BENCH_WARM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"   extra Node flags for the server (e.g. a CPU profile; each
 *                                               run then prints the monotonic time of its first diagnostics, in µs
 *                                               as the profile's timestamps, to cut the profile there)
 *
 * Writes the section `warm-<corpus>` of BENCHMARKS.md unless BENCH_NO_WRITE=1.
 * The draft is made from the corpus files themselves (sentences stating a figure,
 * uncited), so every build is measured on the same draft without an index.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { serverEnv } from '../../server/src/protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, ConfigurationRequest, WorkDoneProgressCreateRequest, RegistrationRequest, PublishDiagnosticsNotification, ShutdownRequest, ExitNotification } from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'url';
import { BENCH_TMP, CorpusName, prepareCorpus } from './corpora';
import { upsertSection } from './sections';
import { corpusFiles, envInt, median, ROOT, sleep } from './util';

interface WarmRun {
  readyS: number;
  diagnosticsS: number;
  indexMs: number;
  fromCache: boolean;
  rssAtDiagnosticsMB: number;
  /** CPU time (user + system) the server process had used at its first diagnostics: less sensitive to other jobs than wall time. */
  cpuAtDiagnosticsS: number;
  /** The same for the server's main thread alone (/proc/PID/task/PID/stat): what work moved to other threads does not count. */
  mainCpuAtDiagnosticsS?: number;
  peakAfterReconcileMB: number;
  /** With BENCH_WARM_LONG_DRAFT=N: a draft of N paragraphs opened after that, its diagnostics' time and the peak then. */
  longDraftS?: number;
  peakAfterLongDraftMB?: number;
}

interface WarmResult {
  server: string;
  label: string;
  date: string;
  load: [number, number];
  cold?: { readyS: number; cacheS: number };
  runs: WarmRun[];
}

/** A draft of `n` uncited paragraphs, each a corpus sentence stating a figure (8-60 words), from files spread over the corpus. */
function draftFromFiles(roots: string[], n: number): string {
  const { files } = corpusFiles(roots);
  files.sort();
  const out: string[] = [];
  const step = Math.max(1, Math.floor(files.length / (n * 3)));
  for (let i = 0; i < files.length && out.length < n; i += step) {
    const text = fs.readFileSync(files[i], 'utf8');
    const s = text
      .split(/(?<=[.!?])\s+/)
      .map((x) => x.replace(/\s+/g, ' ').trim())
      .find((x) => /\d/.test(x) && /[.!?]$/.test(x) && !/[@[\]`<>#*_|]/.test(x) && x.split(' ').length >= 8 && x.split(' ').length <= 60);
    if (s) out.push(s);
  }
  return out.join('\n\n') + '\n';
}

function procStatusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** User + system CPU seconds of a process so far (/proc/PID/stat, clock ticks of 1/100 s). */
function procCpuS(pid: number, thread?: number): number {
  try {
    const fields = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** One server start on `workspace`: spawn -> status ready -> first diagnostics of the draft. */
async function start(serverJs: string, workspace: string, roots: string[], draft: string, waitAfterMs: number, until?: (fromCache: boolean) => boolean, longDraft?: string): Promise<WarmRun & { cacheNote?: string }> {
  const t0 = performance.now();
  const nodeArgs = (process.env.BENCH_WARM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv() });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  let readyS = NaN;
  let diagnosticsS = NaN;
  let indexMs = NaN;
  let fromCache = false;
  let rssAtDiagnosticsMB = NaN;
  let cpuAtDiagnosticsS = NaN;
  let mainCpuAtDiagnosticsS = NaN;
  let cacheNote: string | undefined;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const uri = pathToFileURL(path.join(workspace, 'drafts', 'warm-draft.md')).toString();
  conn.onNotification('sourceLinked/status', (p: { state: string; indexMs: number; fromCache?: boolean }) => {
    if (Number.isNaN(readyS) && p.state !== 'indexing') {
      readyS = (performance.now() - t0) / 1000;
      indexMs = p.indexMs;
      fromCache = !!p.fromCache;
    }
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    if (/cache not used/i.test(p.message)) cacheNote = p.message;
  });
  const longUri = pathToFileURL(path.join(workspace, 'drafts', 'warm-long-draft.md')).toString();
  let longDone: () => void = () => undefined;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === longUri) longDone();
    if (p.uri === uri && !Number.isNaN(readyS) && Number.isNaN(diagnosticsS)) {
      diagnosticsS = (performance.now() - t0) / 1000;
      rssAtDiagnosticsMB = procStatusMB(proc.pid!, 'VmRSS');
      cpuAtDiagnosticsS = procCpuS(proc.pid!);
      mainCpuAtDiagnosticsS = procCpuS(proc.pid!, proc.pid!);
      if (nodeArgs.length) console.log(`pid ${proc.pid}: first diagnostics at monotonic ${process.hrtime.bigint() / 1000n} us`);
      done();
    }
  });
  let exited: number | string | null | undefined;
  proc.once('exit', (code, signal) => {
    exited = code ?? signal;
    done();
    longDone();
  });
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({ corpus: roots, maxFileSizeMB: 50 })));
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: draft } });
  const timeout = setTimeout(done, 600_000);
  await finished;
  clearTimeout(timeout);
  if (exited !== undefined) throw new Error(`the server exited (${exited}) before its first diagnostics`);
  await sleep(waitAfterMs);
  for (let i = 0; until && i < 1200 && !until(fromCache); i++) await sleep(500);
  const peakAfterReconcileMB = procStatusMB(proc.pid!, 'VmHWM');
  let longDraftS: number | undefined;
  let peakAfterLongDraftMB: number | undefined;
  if (longDraft) {
    const t1 = performance.now();
    const got = new Promise<void>((r) => (longDone = r));
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: longUri, languageId: 'markdown', version: 1, text: longDraft } });
    await Promise.race([got, sleep(600_000)]);
    longDraftS = (performance.now() - t1) / 1000;
    peakAfterLongDraftMB = procStatusMB(proc.pid!, 'VmHWM');
  }
  if (nodeArgs.length) {
    // An orderly exit, so that Node writes what its flags asked for (a CPU profile is written only then).
    const gone = new Promise((r) => proc.once('exit', r));
    await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await conn.sendNotification(ExitNotification.type);
    await Promise.race([gone, sleep(10_000)]);
  }
  conn.dispose();
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill();
    await new Promise((r) => proc.once('exit', r));
  }
  return { readyS, diagnosticsS, indexMs, fromCache, rssAtDiagnosticsMB, cpuAtDiagnosticsS, mainCpuAtDiagnosticsS, peakAfterReconcileMB, longDraftS, peakAfterLongDraftMB, cacheNote };
}

/** The newest cache file in `dir` (an older format's may be left beside it by an older build). */
function cacheFileIn(dir: string): string | undefined {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => /^index-v\d+\.bin$/.test(f))
      .sort((a, b) => fs.statSync(path.join(dir, b)).mtimeMs - fs.statSync(path.join(dir, a)).mtimeMs)[0];
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'big') as CorpusName;
  const spec = prepareCorpus(name, (s) => process.stderr.write(s + '\n'));
  const serverJs = path.resolve(process.env.BENCH_WARM_SERVER || path.join(ROOT, 'dist', 'server.js'));
  const label = process.env.BENCH_WARM_LABEL || (process.env.BENCH_WARM_SERVER ? path.relative(os.tmpdir(), serverJs) : 'this build');
  // A workspace per server build, so a baseline's cache never meets this build's.
  const workspace = path.join(BENCH_TMP, 'ws', `warm-${name}-${Buffer.from(serverJs).toString('base64url').slice(-24)}`);
  fs.mkdirSync(path.join(workspace, 'drafts'), { recursive: true });
  const draft = draftFromFiles(spec.roots, 20);
  const runs = envInt('BENCH_WARM_RUNS', 5);
  const saved = process.env.BENCH_WARM_AFTER;
  if (saved) return writeSection(name, spec.label, spec.files, JSON.parse(fs.readFileSync(saved, 'utf8')) as WarmResult);
  const load0 = os.loadavg()[0];
  const res: WarmResult = { server: serverJs, label, date: new Date().toISOString(), load: [load0, 0], runs: [] };
  const cacheDir = path.join(workspace, '.source-linked');
  const cacheMtime = () => {
    const f = cacheFileIn(cacheDir);
    return f ? fs.statSync(path.join(cacheDir, f)).mtimeMs : 0;
  };
  // One start first, not measured: it writes the cache when there is none or it is stale (the engine version
  // changes with the code), and warms the OS page cache.
  const t0 = performance.now();
  const before = cacheMtime();
  const prime = await start(serverJs, workspace, spec.roots, draft, 0, (fromCache) => fromCache || cacheMtime() > before);
  if (!prime.fromCache) res.cold = { readyS: prime.readyS, cacheS: (performance.now() - t0) / 1000 };
  process.stderr.write(`${spec.label}: first start ${prime.fromCache ? 'warm (not measured)' : `cold, cache written after ${res.cold!.cacheS.toFixed(1)} s`} (${workspace})\n`);
  const longParas = envInt('BENCH_WARM_LONG_DRAFT', 0);
  const longDraft = longParas ? draftFromFiles(spec.roots, longParas) : undefined;
  for (let i = 0; i < runs; i++) {
    const r = await start(serverJs, workspace, spec.roots, draft, 2000, undefined, longDraft);
    if (!r.fromCache) throw new Error(`warm start ${i + 1} did not use the cache: ${r.cacheNote ?? 'no note'}`);
    res.runs.push(r);
    process.stderr.write(`warm ${i + 1}/${runs}: ready ${r.readyS.toFixed(2)} s, first diagnostics ${r.diagnosticsS.toFixed(2)} s (server CPU ${r.cpuAtDiagnosticsS.toFixed(2)} s, main thread ${r.mainCpuAtDiagnosticsS?.toFixed(2)} s; index ${r.indexMs} ms), RSS ${r.rssAtDiagnosticsMB.toFixed(0)} MB, peak after reconcile ${r.peakAfterReconcileMB.toFixed(0)} MB${r.longDraftS === undefined ? '' : `; a ${longParas}-paragraph draft's diagnostics after ${r.longDraftS.toFixed(2)} s, peak ${r.peakAfterLongDraftMB!.toFixed(0)} MB`}\n`);
  }
  res.load[1] = os.loadavg()[0];
  if (process.env.BENCH_WARM_SAVE) fs.writeFileSync(process.env.BENCH_WARM_SAVE, JSON.stringify(res, null, 1));
  if (process.env.BENCH_NO_WRITE === '1') return;
  writeSection(name, spec.label, spec.files, res);
}

function writeSection(name: string, label: string, files: number, res: WarmResult): void {
  const rows: WarmResult[] = [];
  for (const f of (process.env.BENCH_WARM_BEFORE ?? '').split(',').filter(Boolean)) rows.push(JSON.parse(fs.readFileSync(f, 'utf8')) as WarmResult);
  rows.push(res);
  const f2 = (x: number) => x.toFixed(2);
  const f0 = (x: number) => x.toFixed(0);
  const row = (r: WarmResult) => {
    const m = (g: (x: WarmRun) => number) => median(r.runs.map(g));
    const all = (g: (x: WarmRun) => number, f: (x: number) => string) => r.runs.map((x) => f(g(x))).join(', ');
    return `| ${r.label} | ${r.date.slice(0, 16).replace('T', ' ')} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} | ${r.runs.length} | **${f2(m((x) => x.diagnosticsS))}** (${all((x) => x.diagnosticsS, f2)}) | ${f2(m((x) => x.cpuAtDiagnosticsS))} | ${f2(m((x) => x.readyS))} | ${f0(m((x) => x.indexMs))} | ${f0(m((x) => x.rssAtDiagnosticsMB))} | ${f0(m((x) => x.peakAfterReconcileMB))} |`;
  };
  const md = [
    `### Warm start through the server: ${label} (\`BENCH_CORPORA=${name} npm run bench:warm\`)`,
    '',
    `Spawn \`dist/server.js\` on a workspace whose index cache is written, open a 20-paragraph uncited draft (sentences stating figures, taken from the corpus files), and time the status \`ready\` and the draft's first diagnostics (the issue-13 target: ≤ 0.5 s), with the CPU time the server process had used by then (user + system, from /proc: what other jobs on the machine change least). Then the server's resident size at those diagnostics and its peak (VmHWM) 2 s later, after it compared the cache with the ${files.toLocaleString('en-US')} files on disk. Medians of the runs (each run's time in brackets); the machine is a shared 2-core one (load average at start → end of each row).`,
    '',
    '| server | measured (UTC) | load | runs | spawn → first diagnostics s | server CPU by then s | spawn → ready s | index load ms (server) | RSS at first diagnostics MB | peak RSS after reconcile MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(row),
  ].join('\n');
  upsertSection(`warm-${name}`, md + (process.env.BENCH_WARM_NOTE ? `\n\n${process.env.BENCH_WARM_NOTE}` : ''));
  process.stderr.write(`wrote section warm-${name} of BENCHMARKS.md\n`);
}

main().catch((e) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
