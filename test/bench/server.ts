/**
 * Everything measured through the real language server (dist/server.js over
 * stdio, driven by test/lsp/harness.ts), timed on the client side.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeActionRequest,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { Client, startServer } from '../lsp/harness';
import { CorpusSpec } from './corpora';
import { BenchPosition, bigDraft, citeColumn, Draft, positionDrafts } from './positions';
import { Dist, dist, envInt, liveChildren, median, procPeakRssMB, ROOT } from './util';

interface Status {
  state: 'indexing' | 'ready' | 'noCorpus' | 'error';
  sources: number;
  passages: number;
  indexMs: number;
  message?: string;
}

export interface Quality {
  n: number;
  top1: number;
  top3: number;
  /** Counting an identical-text duplicate article as correct too. */
  top1Lenient: number;
  top3Lenient: number;
}

export interface ServerResults {
  coldStartS: number;
  coldIndexMs: number;
  warmStartS: number[];
  warmIndexMs: number[];
  /** Per warm run: the server's cache log lines ("cache used" when it logged none). */
  warmNotes: string[];
  coldNotes: string[];
  cacheDirAfterFirstRun: boolean;
  cacheBytes: number;
  completion: Dist;
  completionNoEdit: Dist;
  completionNull: number;
  hover: Dist;
  hoverNull: number;
  codeAction: Dist;
  diagAfterChangeRaw: Dist;
  debounceMs: number;
  draftDiag: { paras: number; ms: number; samples: number[]; diagnostics: number }[];
  /** 1,000 paragraphs, a different draft each time (no figure or query the server has seen from it): medians. */
  draftDiagNew?: { paras: number; ms: number; samples: number[] };
  recheckRaw: Dist;
  recheckViaHover: Dist;
  serverPeakRssMB?: number;
  quality: {
    completionAll: Quality;
    completionSameFigure: Quality;
    quickFixSameFigure: Quality;
    quickFixAll: Quality;
    noUncitedDiagnostic: number;
  };
  sources: number;
  passages: number;
}

const READY_TIMEOUT = envInt('BENCH_READY_TIMEOUT_S', 900) * 1000;
const REQ_TIMEOUT = envInt('BENCH_REQUEST_TIMEOUT_S', 60) * 1000;

/** The server's diagnostics debounce, read from its source so the report stays true if it changes. */
export function serverDebounceMs(): number {
  try {
    const src = fs.readFileSync(path.join(ROOT, 'server', 'src', 'server.ts'), 'utf8');
    const m = /DEBOUNCE_MS\s*=\s*(\d+)/.exec(src);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system, all threads) a live process has used so far, in ms (Linux /proc; 10 ms ticks);
 * NaN elsewhere. The draft rows log it beside their samples: on a shared machine wall-clock samples move
 * with the load, the server's CPU per draft much less.
 */
function procCpuMs(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function fmtSamples(samples: number[], cpu: number[]): string {
  return `samples ${samples.map((x) => x.toFixed(0)).join(', ')} ms; server CPU ${cpu.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(cpu).toFixed(0)})`;
}

async function timed<T>(what: string, p: Thenable<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${REQ_TIMEOUT} ms`)), REQ_TIMEOUT);
    }),
  ]).finally(() => clearTimeout(timer));
  return { ms: performance.now() - t0, value };
}

class Session {
  readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  constructor(
    readonly client: Client,
    readonly dir: string,
  ) {}

  static async start(spec: CorpusSpec): Promise<Session> {
    const client = await startServer({ workspace: spec.workspace, settings: { corpus: spec.roots, maxFileSizeMB: 50 } });
    if (client.proc.pid) liveChildren.add(client.proc.pid);
    // The harness drops log messages; keep the server's notes (e.g. "Index cache not used: ...").
    const logs: string[] = [];
    client.conn.onNotification('window/logMessage', (p: { message: string }) => {
      if (logs.length < 200) logs.push(p.message);
    });
    (client as Client & { logs?: string[] }).logs = logs;
    client.proc.on('exit', () => client.proc.pid && liveChildren.delete(client.proc.pid));
    return new Session(client, path.join(spec.workspace, 'drafts'));
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).toString();
  }

  open(name: string, text: string): string {
    const u = this.client.open(path.join(this.dir, name), text, 1);
    this.versions.set(u, 1);
    this.texts.set(u, text);
    return u;
  }

  close(uri: string): void {
    void this.client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    this.versions.delete(uri);
    this.texts.delete(uri);
  }

  /** Incremental edit: replace [start, end) on one line with `text`. Returns the new version. */
  edit(uri: string, line: number, startCol: number, endCol: number, text: string): number {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: startCol }, end: { line, character: endCol } }, text }],
    });
    return v;
  }

  diagnosticsFor(uri: string, version: number, timeoutMs = REQ_TIMEOUT): Promise<PublishDiagnosticsParams> {
    return this.client.waitFor(
      `diagnostics for ${path.basename(uri)} v${version}`,
      () => {
        this.checkAlive();
        const d = this.client.diagnostics.get(uri);
        return d && d.version === version ? d : undefined;
      },
      timeoutMs,
    );
  }

  checkAlive(): void {
    const p = this.client.proc;
    if (p.exitCode !== null || p.signalCode !== null) throw new Error(`the language server exited (${p.exitCode ?? p.signalCode}); stderr: ${this.client.stderr.join('').slice(-3000)}`);
  }

  /** Wait for status ready, then for the first diagnostics of `uri` published after it. */
  async readyThenDiagnostics(uri: string): Promise<Status> {
    const st = await this.client.waitFor<Status>(
      'status ready',
      () => {
        this.checkAlive();
        const s = (this.client.statuses as Status[]).find((x) => x.state !== 'indexing');
        return s;
      },
      READY_TIMEOUT,
    );
    if (st.state === 'error') throw new Error(`the server reported an indexing error; stderr: ${this.client.stderr.join('').slice(-3000)}`);
    if (st.state === 'noCorpus') throw new Error(`the server found no corpus: ${st.message}`);
    const before = this.client.diagnostics.get(uri);
    await this.client.waitFor('diagnostics after ready', () => {
      this.checkAlive();
      const d = this.client.diagnostics.get(uri);
      return d && d !== before ? d : undefined;
    }, READY_TIMEOUT);
    return st;
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }
}

function keyOfItem(it: CompletionItem): string {
  return it.label.split(',')[0].trim();
}

function emptyQ(): Quality {
  return { n: 0, top1: 0, top3: 0, top1Lenient: 0, top3Lenient: 0 };
}

function score(q: Quality, p: BenchPosition, keys: string[]): void {
  q.n++;
  const ok = new Set([p.key, ...p.sameText]);
  if (keys[0] === p.key) q.top1++;
  if (keys.slice(0, 3).includes(p.key)) q.top3++;
  if (keys.length && ok.has(keys[0])) q.top1Lenient++;
  if (keys.slice(0, 3).some((k) => ok.has(k))) q.top3Lenient++;
}

function dirBytes(d: string): number {
  let n = 0;
  try {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
    }
  } catch {
    /* none */
  }
  return n;
}

export async function runServerBench(spec: CorpusSpec, positions: BenchPosition[], pool: BenchPosition[], log: (s: string) => void): Promise<ServerResults> {
  const perDraft = envInt('BENCH_DRAFT_PARAS', 20);
  const warmRuns = envInt('BENCH_WARM_RUNS', 3);
  const draftReps = envInt('BENCH_DRAFT_REPS', 5);
  const editReps = envInt('BENCH_EDIT_REPS', 10);
  const sizes = (process.env.BENCH_DRAFT_SIZES || '10,100,1000').split(',').map(Number).filter((n) => n > 0);
  const debounceMs = serverDebounceMs();
  const cacheDir = path.join(spec.workspace, '.source-linked');
  fs.rmSync(cacheDir, { recursive: true, force: true });

  const draftsA = positionDrafts(positions, perDraft, false, 'uncited');
  const draftsB = positionDrafts(positions, perDraft, true, 'cited');

  // ---- cold start (no cache) ----
  log('  server: cold start');
  const t0 = performance.now();
  const s = await Session.start(spec);
  try {
    const uriA = [s.open(draftsA[0].name, draftsA[0].text)];
    const st = await s.readyThenDiagnostics(uriA[0]);
    const coldStartS = (performance.now() - t0) / 1000;
    const coldIndexMs = st.indexMs;

    // Open the other drafts and wait for their first diagnostics.
    for (const d of draftsA.slice(1)) uriA.push(s.open(d.name, d.text));
    const uriB = draftsB.map((d) => s.open(d.name, d.text));
    const initial = new Map<string, Diagnostic[]>();
    for (const u of [...uriA, ...uriB]) initial.set(u, (await s.diagnosticsFor(u, 1)).diagnostics);

    // ---- quality of the first quick fix (uncited-figure suggestions), and code action latency ----
    const qfSame = emptyQ();
    const qfAll = emptyQ();
    let noDiag = 0;
    const codeActionMs: number[] = [];
    draftsA.forEach((d, di) => {
      const diags = initial.get(uriA[di])!;
      for (const { pos, line } of d.lines) {
        const ds = diags.filter((x) => x.code === 'uncited-figure' && x.range.start.line === line).sort((a, b) => a.range.start.character - b.range.start.character);
        if (!ds.length) {
          noDiag++;
          score(qfAll, pos, []);
          if (!pos.figureChanged) score(qfSame, pos, []);
          continue;
        }
        // data.suggestions are [key, paragraph] pairs, best first (see server/src/lsp/convert.ts).
        const keys = ((ds[0].data as { suggestions?: [string, number][] } | undefined)?.suggestions ?? []).map(([key]) => key);
        score(qfAll, pos, keys);
        if (!pos.figureChanged) score(qfSame, pos, keys);
      }
    });
    for (let di = 0; di < draftsA.length; di++) {
      const diags = initial.get(uriA[di])!.filter((x) => x.code === 'uncited-figure');
      for (const dg of diags.slice(0, Math.ceil(positions.length / draftsA.length))) {
        const r = await timed('codeAction', s.client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriA[di] }, range: dg.range, context: { diagnostics: [dg] } }));
        codeActionMs.push(r.ms);
      }
    }

    // ---- warm-up (not measured) ----
    for (const { pos, line } of draftsB[0].lines.slice(0, 10)) {
      await s.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriB[0] }, position: { line, character: citeColumn(pos.sentence) + 4 } });
    }

    // ---- hover on a citation [@key] for the known source ----
    log('  server: hover');
    const hoverMs: number[] = [];
    let hoverNull = 0;
    for (let di = 0; di < draftsB.length; di++) {
      for (const { pos, line } of draftsB[di].lines) {
        const r = await timed('hover', s.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriB[di] }, position: { line, character: citeColumn(pos.sentence) + 4 } }));
        hoverMs.push(r.ms);
        if (!r.value) hoverNull++;
      }
    }

    // ---- completion after typing " [@", then diagnostics after the revert ----
    log('  server: completion + diagnostics after didChange');
    const complMs: number[] = [];
    const complNoEditMs: number[] = [];
    const diagMs: number[] = [];
    let complNull = 0;
    const cAll = emptyQ();
    const cSame = emptyQ();
    for (let di = 0; di < draftsA.length; di++) {
      const uri = uriA[di];
      for (const { pos, line } of draftsA[di].lines) {
        const col = citeColumn(pos.sentence);
        s.edit(uri, line, col, col, ' [@');
        const position = { line, character: col + 3 };
        const ctx = { triggerKind: 2, triggerCharacter: '@' } as const;
        const r = await timed('completion', s.client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: ctx }));
        complMs.push(r.ms);
        const r2 = await timed('completion', s.client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: ctx }));
        complNoEditMs.push(r2.ms);
        const items = !r.value ? [] : Array.isArray(r.value) ? r.value : (r.value as CompletionList).items;
        if (!r.value) complNull++;
        const keys = items.map(keyOfItem);
        score(cAll, pos, keys);
        if (!pos.figureChanged) score(cSame, pos, keys);
        const tE = performance.now();
        const v = s.edit(uri, line, col, col + 3, '');
        await s.diagnosticsFor(uri, v);
        diagMs.push(performance.now() - tE);
      }
    }

    // ---- diagnostics of whole drafts of 10, 100, 1000 paragraphs (didOpen: no debounce) ----
    const draftDiag: ServerResults['draftDiag'] = [];
    for (const paras of sizes) {
      log(`  server: diagnostics for a ${paras}-paragraph draft`);
      const { text } = bigDraft(pool, paras, 1000 + paras);
      const samples: number[] = [];
      const cpu: number[] = [];
      let count = 0;
      for (let rep = 0; rep <= draftReps; rep++) {
        const name = `big-${paras}-${rep}.md`;
        const c0 = procCpuMs(s.client.proc.pid);
        const tO = performance.now();
        const u = s.open(name, text);
        const d = await s.diagnosticsFor(u, 1);
        const ms = performance.now() - tO;
        if (rep > 0) samples.push(ms); // rep 0 warms up
        if (rep > 0) cpu.push(procCpuMs(s.client.proc.pid) - c0);
        count = d.diagnostics.length;
        s.close(u);
      }
      log(`    ${paras} paragraphs: ${fmtSamples(samples, cpu)}`);
      draftDiag.push({ paras, ms: median(samples), samples, diagnostics: count });
    }
    // The same size, but a draft the server has not seen before each time (the memo of figure searches is cold).
    let draftDiagNew: ServerResults['draftDiagNew'];
    if (sizes.includes(1000)) {
      log('  server: diagnostics for new 1000-paragraph drafts');
      const samples: number[] = [];
      const cpu: number[] = [];
      for (let rep = 0; rep < draftReps; rep++) {
        const { text } = bigDraft(pool, 1000, 5000 + rep);
        const c0 = procCpuMs(s.client.proc.pid);
        const tO = performance.now();
        const u = s.open(`new-1000-${rep}.md`, text);
        await s.diagnosticsFor(u, 1);
        samples.push(performance.now() - tO);
        cpu.push(procCpuMs(s.client.proc.pid) - c0);
        s.close(u);
      }
      log(`    new 1000-paragraph drafts: ${fmtSamples(samples, cpu)}`);
      draftDiagNew = { paras: 1000, ms: median(samples), samples };
    }

    // ---- re-check after a one-character edit in a 1,000-paragraph draft ----
    log('  server: re-check after a one-character edit (1,000 paragraphs)');
    const big = bigDraft(pool, 1000, 2000);
    const ub = s.open('edit-1000.md', big.text);
    await s.diagnosticsFor(ub, 1);
    const bigLines = big.text.split('\n');
    const hoverLine = bigLines.findIndex((l) => l.includes('[@'));
    const hoverCol = hoverLine >= 0 ? bigLines[hoverLine].indexOf('[@') + 3 : 0;
    const recheckRaw: number[] = [];
    const recheckHover: number[] = [];
    for (let r = 0; r < editReps * 2; r++) {
      const line = big.lineOf[(r * 37) % big.lineOf.length];
      const insert = r % 2 === 0;
      const tE = performance.now();
      const v = insert ? s.edit(ub, line, 0, 0, 'x') : s.edit(ub, line, 0, 1, '');
      await s.diagnosticsFor(ub, v);
      recheckRaw.push(performance.now() - tE);
    }
    if (hoverLine >= 0) {
      for (let r = 0; r < editReps * 2; r++) {
        const line = big.lineOf[(r * 53) % big.lineOf.length];
        const insert = r % 2 === 0;
        const tE = performance.now();
        const v = insert ? s.edit(ub, line, 0, 0, 'y') : s.edit(ub, line, 0, 1, '');
        await timed('hover', s.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: ub }, position: { line: hoverLine, character: hoverCol } }));
        recheckHover.push(performance.now() - tE);
        await s.diagnosticsFor(ub, v); // drain the debounced publish before the next edit
      }
    }
    const serverPeakRssMB = procPeakRssMB(s.client.proc.pid);
    await s.stop();

    const cacheDirAfterFirstRun = fs.existsSync(cacheDir);
    const cacheBytes = dirBytes(cacheDir);

    // ---- warm start: a second server on the same workspace ----
    const warmStartS: number[] = [];
    const warmIndexMs: number[] = [];
    const warmNotes: string[] = [];
    for (let w = 0; w < warmRuns; w++) {
      log(`  server: warm start ${w + 1}/${warmRuns}`);
      const tw = performance.now();
      const ws = await Session.start(spec);
      try {
        const u = ws.open(draftsA[0].name, draftsA[0].text);
        const wst = await ws.readyThenDiagnostics(u);
        warmStartS.push((performance.now() - tw) / 1000);
        warmIndexMs.push(wst.indexMs);
        const notes = ((ws.client as Client & { logs?: string[] }).logs ?? []).filter((l) => /cache/i.test(l));
        warmNotes.push(notes.join(' | ') || 'cache used');
      } finally {
        await ws.stop();
      }
    }

    return {
      coldStartS,
      coldIndexMs,
      warmStartS,
      warmIndexMs,
      warmNotes,
      coldNotes: ((s.client as Client & { logs?: string[] }).logs ?? []).filter((l) => /cache|Indexed/i.test(l)).slice(0, 5),
      cacheDirAfterFirstRun,
      cacheBytes,
      completion: dist(complMs),
      completionNoEdit: dist(complNoEditMs),
      completionNull: complNull,
      hover: dist(hoverMs),
      hoverNull,
      codeAction: dist(codeActionMs),
      diagAfterChangeRaw: dist(diagMs),
      debounceMs,
      draftDiag,
      draftDiagNew,
      recheckRaw: dist(recheckRaw),
      recheckViaHover: dist(recheckHover),
      serverPeakRssMB,
      quality: { completionAll: cAll, completionSameFigure: cSame, quickFixSameFigure: qfSame, quickFixAll: qfAll, noUncitedDiagnostic: noDiag },
      sources: st.sources,
      passages: st.passages,
    };
  } finally {
    if (s.client.proc.exitCode === null) await s.stop().catch(() => s.client.proc.kill('SIGKILL'));
  }
}

export type { Draft };
