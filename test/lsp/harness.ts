/**
 * Drives the built language server (dist/server.js) over stdio with a real
 * JSON-RPC client, the way an editor does. No function of the server is
 * called directly.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { serverEnv } from '../../server/src/protocol';
import {
  createProtocolConnection,
  Diagnostic,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShowMessageNotification,
  ShowMessageParams,
  StreamMessageReader,
  StreamMessageWriter,
  ConfigurationRequest,
  WorkDoneProgressCreateRequest,
  RegistrationRequest,
  DidOpenTextDocumentNotification,
  InitializedNotification,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface Client {
  conn: ProtocolConnection;
  proc: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  messages: ShowMessageParams[];
  statuses: unknown[];
  /** `window/showDocument` requests the server made (answered with success). */
  shownDocuments: { uri: string; selection?: { start: { line: number } } }[];
  /** `client/registerCapability` registrations the server asked for. */
  registrations: { id: string; method: string; registerOptions?: unknown }[];
  /** Resolves with the next diagnostics for `uri` that satisfy `pred`. */
  waitDiagnostics(uri: string, pred?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  open(file: string, text: string, version?: number): string;
  stop(): Promise<void>;
  stderr: string[];
}

export interface StartOptions {
  workspace: string;
  settings?: Record<string, unknown>;
  /** Answer workspace/configuration (true) or pass settings as initializationOptions only (false). */
  configuration?: boolean;
  /** Extra workspace folders (multi-root), after `workspace`. */
  moreFolders?: string[];
  /** Working directory of the server process (default: the workspace). */
  cwd?: string;
}

export async function startServer(opts: StartOptions): Promise<Client> {
  // Started with the environment the VS Code client gives it (server/src/protocol.ts); BENCH_PLAIN_ENV=1
  // leaves it out (before/after measurements of issue 13, test/bench/memtrace.ts).
  const env = process.env.BENCH_PLAIN_ENV === '1' ? process.env : serverEnv();
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: opts.cwd ?? opts.workspace, stdio: ['pipe', 'pipe', 'pipe'], env });
  const stderr: string[] = [];
  proc.stderr!.on('data', (d) => stderr.push(String(d)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const messages: ShowMessageParams[] = [];
  const statuses: unknown[] = [];
  const shownDocuments: Client['shownDocuments'] = [];
  const registrations: Client['registrations'] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p);
    wake();
  });
  conn.onNotification(ShowMessageNotification.type, (p) => {
    messages.push(p);
    wake();
  });
  conn.onNotification('sourceLinked/status', (p) => {
    statuses.push(p);
    wake();
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => opts.settings ?? null));
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, (p) => {
    registrations.push(...p.registrations);
    wake();
  });
  conn.onRequest('window/showMessageRequest', () => null);
  conn.onRequest('window/showDocument', (p: Client['shownDocuments'][number]) => {
    shownDocuments.push(p);
    return { success: true };
  });
  conn.onNotification('$/progress', () => undefined);
  conn.listen();
  const uri = pathToFileURL(opts.workspace).toString();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [opts.workspace, ...(opts.moreFolders ?? [])].map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })),
    initializationOptions: opts.settings,
    capabilities: {
      workspace: { configuration: opts.configuration !== false, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true }, completion: { completionItem: { snippetSupport: false } } },
      window: { workDoneProgress: true },
    },
  });
  await conn.sendNotification(InitializedNotification.type, {});

  const waitFor = <T>(what: string, probe: () => T | undefined, timeoutMs = 15000): Promise<T> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      // Woken by every message from the server, and polled every 100 ms by one timer of its own
      // (a timer per wake-up made each waiter's timers multiply: two waiters at once doubled them
      // every 100 ms and starved the client).
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        const k = waiters.indexOf(check);
        if (k >= 0) waiters.splice(k, 1);
      };
      const check = () => {
        let v: T | undefined;
        try {
          v = probe();
        } catch (e) {
          done();
          return reject(e);
        }
        if (v !== undefined) {
          done();
          return resolve(v);
        }
        if (Date.now() - t0 > timeoutMs) {
          done();
          return reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr.join('').slice(-2000)}`));
        }
        if (!waiters.includes(check)) waiters.push(check);
        timer ??= setTimeout(() => {
          timer = undefined;
          check();
        }, 100);
      };
      check();
    });

  return {
    conn,
    proc,
    diagnostics,
    messages,
    statuses,
    shownDocuments,
    registrations,
    stderr,
    waitFor,
    waitDiagnostics(uri, pred = () => true, timeoutMs) {
      return waitFor(`diagnostics for ${uri}`, () => {
        const d = diagnostics.get(uri);
        return d && pred(d.diagnostics) ? d.diagnostics : undefined;
      }, timeoutMs);
    },
    open(file, text, version = 1) {
      const u = pathToFileURL(file).toString();
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'markdown', version, text } });
      return u;
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      conn.dispose();
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, 3000);
        proc.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}

/** The server's `sourceLinked/status` once the corpus is indexed. */
export interface ReadyStatus {
  state: 'ready';
  sources: number;
  skipped: { file: string; reason: string }[];
}

/** Resolves with the first status `ready` the server sent. */
export function waitReady(c: Client, timeoutMs?: number): Promise<ReadyStatus> {
  return c.waitFor('ready', () => c.statuses.find((s) => (s as { state?: string }).state === 'ready') as ReadyStatus | undefined, timeoutMs);
}

export interface SeedsServerOptions {
  /** Prefix of the temporary workspace's name (default `sl-seeds-`). */
  prefix?: string;
  /** Called with the workspace after seeds/ is copied in, before the server starts. */
  prepare?: (ws: string) => void;
  /** Wait for the status `ready` before calling the test (default true). */
  ready?: boolean;
}

/**
 * A server over a fresh copy of seeds/ in a temporary workspace (corpus `seeds`), ready; stopped and the
 * workspace removed afterwards, whether the test passed or not.
 */
export async function withSeedsServer(f: (c: Client, ws: string) => Promise<void>, opts: SeedsServerOptions = {}): Promise<void> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'sl-seeds-'));
  try {
    fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
    opts.prepare?.(ws);
    const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    try {
      if (opts.ready !== false) await waitReady(c);
      await f(c, ws);
    } finally {
      await c.stop();
    }
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
