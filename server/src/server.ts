/**
 * The language server: binds the pure core to an LSP connection. Runs over
 * stdio (`node dist/server.js --stdio`, or `source-linked-ls`) or IPC (the VS
 * Code client). It only wires: features live in ./features (functions from the
 * index, document, position and settings to LSP types), the workspace folders'
 * corpus state in ./core/folder, each draft's analysis in ./lsp/analysis.ts.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import {
  CancellationToken,
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { exportCslJson } from './core/export/csl';
import { CorpusIndex } from './core/index/index';
import { resolveSettings } from './core/settings';
import { Folder } from './core/folder/folder';
import { FileEvent, Folders, uriToPath } from './core/folder/folders';
import { addSource } from './features/addSource';
import { pageViewFor } from './features/pageView';
import { countAsync, DraftChecker } from './core/judgments/incremental';
import { provideCodeActions, SHOW_PASSAGE_COMMAND } from './features/codeActions';
import { provideCompletion, resolveCompletion } from './features/completion';
import { provideDefinition } from './features/definition';
import { provideDiagnostics } from './features/diagnostics';
import { provideHover } from './features/hover';
import { provideReferences } from './features/references';
import { provideWorkspaceSymbols } from './features/symbols';
import { citationAt } from './features/common';
import { buildReport } from './features/report';
import { citationCandidates, searchPassages } from './features/search';
import { cursorCitationEdits } from './features/citationInsert';
import { createTransport } from './lsp/transport';
import { Analyses } from './lsp/analysis';
import { afterCheckSlackMB, applyHeapPolicy, collectAfterLoad, gcIdleMs, IdleCollector } from './heap';
import {
  AddSourceParams,
  AddSourceRequest,
  AddSourceResult,
  PageViewParams,
  PageViewRequest,
  PageViewResult,
  CitationCandidatesRequest,
  CitationInsertRequest,
  ExportCslParams,
  ExportCslRequest,
  RebuildIndexRequest,
  ReportParams,
  ReportRequest,
  SearchPassagesParams,
  SearchPassagesRequest,
  StatusNotification,
  WATCHED_FILES_GLOB,
} from './protocol';

// Before anything is allocated: how far V8 lets the heap grow between collections (server/src/heap.ts).
applyHeapPolicy();

// Every message in counts as activity: the collection after checks waits for a quiet server (heap.ts IdleCollector).
const transport = createTransport((s) => process.stderr.write(s + '\n'), () => idleCollector.activity());
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

interface ClientCaps {
  configuration: boolean;
  relatedInformation: boolean;
  workDoneProgress: boolean;
  dynamicWatch: boolean;
  workspaceFolders: boolean;
  labelDetails: boolean;
}
let caps: ClientCaps = { configuration: false, relatedInformation: false, workDoneProgress: false, dynamicWatch: false, workspaceFolders: false, labelDetails: false };
let initOptions: { cacheDir?: unknown; virtualDocuments?: unknown; clientShowsNoCorpus?: unknown } | undefined;
/** Settings pushed by clients without `workspace/configuration`. */
let pushedSettings: unknown;

/** The workspace folders and their corpus state (core/folder/). */
const folders = new Folders({
  readSettings: (uri) =>
    caps.configuration
      ? connection.workspace
          .getConfiguration({ scopeUri: uri, section: 'sourceLinked' })
          .then((raw) => resolveSettings(raw ?? pushedSettings ?? initOptions))
          .catch(() => resolveSettings(pushedSettings ?? initOptions))
      : Promise.resolve(resolveSettings(pushedSettings ?? initOptions)),
  cacheDir: cacheDirFor,
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m) => connection.console.error(m),
  status: (f) => sendStatus(f),
  recheckAll: () => recheckAll(),
  idle: () => checksDone(),
  progress: async () => {
    if (!caps.workDoneProgress) return undefined;
    const p = await connection.window.createWorkDoneProgress();
    return { begin: (title, percent, message) => p.begin(title, percent, message, false), report: (percent, message) => p.report(percent, message), done: () => p.done() };
  },
  noCorpus: (message) => {
    // A client with its own prompt (VS Code: Choose Sources Folder… / Open Settings) shows it from the status.
    if (initOptions?.clientShowsNoCorpus !== true) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  },
});
const workspaceFor = (uri: string): Folder => folders.folderFor(uri);
const settingsFor = (uri: string) => folders.settingsFor(uri);
const sendStatus = (f: Folder) => void connection.sendNotification(StatusNotification, f.status());

/**
 * Where a workspace folder's index cache lives: under the client's storage
 * folder when it passes `initializationOptions.cacheDir` (VS Code does), one
 * subfolder per workspace folder; else `.source-linked/` in the folder.
 */
function cacheDirFor(root: string): string {
  const base = initOptions?.cacheDir;
  if (typeof base === 'string' && base) return path.join(base, createHash('sha1').update(root).digest('hex').slice(0, 12));
  return path.join(root, '.source-linked');
}

// ---- analysis cache and diagnostics -------------------------------------------

/** Per-draft analyses: small drafts checked at once, large ones in time slices (lsp/analysis.ts). */
const analyses = new Analyses<Folder>({
  workspaceFor,
  settingsFor,
  currentVersion: (uri) => documents.get(uri)?.version,
});
const analyze = (doc: TextDocument, token?: CancellationToken) => analyses.analyze(doc, token);
const checkInSlices = (doc: TextDocument) => analyses.checkInSlices(doc);

const timers = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 150;
/** After checks, a full collection once the server is idle and memory grew past the slack (heap.ts). */
const idleCollector = new IdleCollector(afterCheckSlackMB(), () => checking > 0 || timers.size > 0, gcIdleMs());
/** Checks running now, and who waits for none to be scheduled or running (a warm start's reconcile, core/folder/folder.ts). */
let checking = 0;
let idleWaiters: (() => void)[] = [];

function checksDone(): Promise<void> {
  if (checking === 0 && timers.size === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

function maybeIdle(): void {
  if (checking > 0 || timers.size > 0 || !idleWaiters.length) return;
  const waiters = idleWaiters;
  idleWaiters = [];
  for (const w of waiters) w();
}

function scheduleCheck(doc: TextDocument, delay = DEBOUNCE_MS): void {
  const prev = timers.get(doc.uri);
  if (prev) clearTimeout(prev);
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      checking++;
      void publish(doc.uri, doc.version).finally(() => {
        checking--;
        maybeIdle();
      });
    }, delay),
  );
}

async function publish(uri: string, version: number): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return; // stale: a newer change is scheduled
  // While the corpus is (re)indexing, keys not loaded yet would read as unknown: hold
  // diagnostics until the index is complete (the load re-checks every open draft).
  if (workspaceFor(uri).state === 'indexing') return;
  // A Markdown source in the corpus (e.g. one just saved by Add Source from URL) is not a draft: no checks.
  const file = uriToPath(uri);
  if (file && workspaceFor(uri).inCorpus(file)) {
    await connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  try {
    const res = await checkInSlices(doc);
    if (!res) return; // stopped: a newer version or index is being checked
    const { check } = res;
    const now = documents.get(uri);
    if (!now || now.version !== version) return; // cancelled: the draft changed while we checked
    const ws = workspaceFor(uri);
    const noSources = ws.index.sourceCount === 0 ? { roots: ws.roots } : undefined;
    const virtualDocuments = !!initOptions?.virtualDocuments;
    const send = () => connection.sendDiagnostics({ uri, version, diagnostics: provideDiagnostics(doc, check, { relatedInformation: caps.relatedInformation, noSources, virtualDocuments }) });
    await send();
    // A long draft's first diagnostics go out before its total is counted; the total follows.
    const stale = () => documents.get(uri)?.version !== version || workspaceFor(uri).index !== ws.index;
    if (!check.judgmentCountKnown && (await countAsync(check, stale)) && !stale()) await send();
    // Checks (a long draft's above all) promote their results and intermediates: collect once they add up
    // and the server is idle (heap.ts), so the pause does not land on the next request.
    idleCollector.afterCheck();
  } catch (e) {
    connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? e}`);
  }
}

function recheckAll(): void {
  for (const d of documents.all()) scheduleCheck(d, 0);
  // A load's garbage (a cold build's spent arrays) goes once the drafts are checked (heap.ts collectAfterLoad).
  void checksDone().then(() => setImmediate(collectAfterLoad));
}


// ---- lifecycle ------------------------------------------------------------------

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const c = params.capabilities;
  caps = {
    configuration: !!c.workspace?.configuration,
    relatedInformation: !!c.textDocument?.publishDiagnostics?.relatedInformation,
    workDoneProgress: !!c.window?.workDoneProgress,
    dynamicWatch: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workspaceFolders: !!c.workspace?.workspaceFolders,
    labelDetails: !!c.textDocument?.completion?.completionItem?.labelDetailsSupport,
  };
  initOptions = params.initializationOptions ?? undefined;
  const roots = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  if (!roots.length) {
    const root = params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined;
    if (root) roots.push(root);
  }
  for (const r of roots) folders.add(r);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['@', '[', ';'], resolveProvider: true },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [SHOW_PASSAGE_COMMAND] },
      definitionProvider: true,
      referencesProvider: true,
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'source-linked-ls', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // The one file watcher (the VS Code client sets up none of its own): sources, key files, sidecars, bibliographies.
  if (caps.dynamicWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES_GLOB }] });
  if (folders.size === 0) folders.add(process.cwd());
  for (const f of folders.all()) void f.load();
  // Initialise the Markdown parser and the checks while the index loads, so
  // the first draft is not also paying for that.
  setImmediate(() => new DraftChecker().check('Warm-up: 12 [@a, para. 1] "one two three four five" 3%.', new CorpusIndex(), resolveSettings(undefined)));
  if (caps.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const f of e.removed) {
      const p = uriToPath(f.uri);
      if (p) folders.remove(p);
    }
    for (const f of e.added) {
      const p = uriToPath(f.uri);
      if (p && !folders.get(p)) void folders.add(p).load();
    }
  });
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | undefined)?.sourceLinked;
  if (pushed) pushedSettings = pushed;
  void folders.configurationChanged();
});

// Fires on open too: a draft never checked before is checked at once, edits are debounced.
documents.onDidChangeContent((e) => scheduleCheck(e.document, analyses.has(e.document.uri) ? DEBOUNCE_MS : 0));
documents.onDidClose((e) => {
  analyses.delete(e.document.uri);
  folders.forget(e.document.uri);
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  maybeIdle();
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles((params) => {
  const events: FileEvent[] = [];
  for (const ch of params.changes) {
    const file = uriToPath(ch.uri);
    if (file) events.push({ file, deleted: ch.type === FileChangeType.Deleted });
  }
  folders.fileEvents(events);
});

// ---- requests -----------------------------------------------------------------------

function cancelled(token: CancellationToken): ResponseError<void> | undefined {
  return token.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled') : undefined;
}

connection.onCompletion(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, settings, check } = await analyze(doc, token);
  if (token.isCancellationRequested) return null;
  const hint = ws.state === 'indexing' ? `Indexing sources (${ws.percent}%)…` : ws.state === 'noCorpus' ? ws.noCorpusMessage() : undefined;
  return provideCompletion(ws.index, doc, params.position, settings, check, hint, caps.labelDetails);
});

connection.onCompletionResolve((item) => {
  // Only items shaped like a completion item are resolved; anything else is refused, not echoed.
  if (!item || typeof item !== 'object' || Array.isArray(item) || typeof item.label !== 'string') {
    return new ResponseError(ErrorCodes.InvalidParams, 'completionItem/resolve expects a CompletionItem with a string label');
  }
  const raw = (item.data as { key?: unknown } | undefined)?.key;
  const key = typeof raw === 'string' ? raw : undefined;
  for (const ws of folders.all()) if (key && ws.index.byKey(key)) return resolveCompletion(ws.index, item);
  return item;
});

connection.onHover(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, settings, check } = await analyze(doc, token);
  if (token.isCancellationRequested) return null;
  return provideHover(ws.index, doc, params.position, settings, check, ws.root);
});

connection.onCodeAction(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, check } = await analyze(doc, token);
  if (token.isCancellationRequested) return null;
  return provideCodeActions(ws.index, doc, params.context.diagnostics, check);
});

// "Show the source passage" (a code action's command): ask the client to open the source at the passage.
connection.onExecuteCommand(async (params) => {
  if (params.command !== SHOW_PASSAGE_COMMAND) return null;
  const [uri, startLine, endLine] = params.arguments ?? [];
  if (typeof uri !== 'string' || !uri.startsWith('file:') || typeof startLine !== 'number' || typeof endLine !== 'number') return null;
  const selection = { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } };
  try {
    await connection.window.showDocument({ uri, selection, takeFocus: true });
  } catch (e) {
    connection.console.warn(`could not show ${uri}: ${(e as Error).message}`);
  }
  return null;
});

connection.onDefinition(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, check } = await analyze(doc, token);
  if (token.isCancellationRequested) return null;
  return provideDefinition(ws.index, doc, params.position, check, !!initOptions?.virtualDocuments);
});

connection.onReferences(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, check } = await analyze(doc, token);
  const at = citationAt(check.model, doc.offsetAt(params.position));
  if (!at) return null;
  const open = documents.all().map((d) => ({ uri: d.uri, text: d.getText() }));
  const drafts = await folders.drafts(ws, open, () => token.isCancellationRequested);
  if (token.isCancellationRequested) return null;
  return provideReferences(at.item.key, drafts);
});

connection.onWorkspaceSymbol((params, token) => {
  const out = [];
  for (const ws of folders.all()) {
    if (token.isCancellationRequested) return null;
    out.push(...provideWorkspaceSymbols(ws.index, params.query));
  }
  return out;
});

connection.onRequest(SearchPassagesRequest, (params: SearchPassagesParams, token) => {
  const ws = folders.first();
  if (!ws) return [];
  return cancelled(token) ?? searchPassages(ws.index, params.query, params.limit ?? 50);
});

connection.onRequest(CitationCandidatesRequest, async (params, token) => {
  const query = typeof params?.query === 'string' ? params.query : '';
  const limit = typeof params?.limit === 'number' && params.limit > 0 ? Math.min(200, params.limit) : 50;
  const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!doc || !params.position) {
    // Not an open draft: no sentence to rank for, the query alone.
    const ws = folders.folderOrFirst(typeof params?.uri === 'string' ? params.uri : undefined);
    return cancelled(token) ?? { sentence: '', items: ws ? searchPassages(ws.index, query, limit) : [] };
  }
  const { ws, check } = await analyze(doc);
  return cancelled(token) ?? citationCandidates(ws.index, check, doc.offsetAt(params.position), query, limit);
});

connection.onRequest(CitationInsertRequest, async (params, token) => {
  const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!doc) return new ResponseError(LSPErrorCodes.RequestFailed, 'The draft is not open in the editor (save it as a Markdown file first).');
  if (typeof params.key !== 'string' || !params.key || !Array.isArray(params.positions)) return new ResponseError(ErrorCodes.InvalidParams, 'citationInsert expects a key and cursor positions');
  const { check } = await analyze(doc, token);
  return cancelled(token) ?? cursorCitationEdits(doc, check.model, params.positions, params.key, typeof params.locator === 'string' ? params.locator : '');
});

connection.onRequest(ReportRequest, async (params: ReportParams, token) => {
  const doc = documents.get(params.uri);
  if (!doc) return new ResponseError(LSPErrorCodes.RequestFailed, 'The draft is not open.');
  const { check } = await analyses.analyzeWhole(doc, token);
  return cancelled(token) ?? buildReport(doc, check);
});

connection.onRequest(RebuildIndexRequest, async () => {
  const statuses = await folders.rebuildAll();
  analyses.clear();
  return statuses;
});

connection.onRequest(PageViewRequest, async (params: PageViewParams): Promise<PageViewResult | ResponseError<void>> => {
  for (const ws of folders.all()) await ws.loading;
  const text = pageViewFor(folders.all().map((w) => w.index), params.uri);
  return text === undefined ? new ResponseError(LSPErrorCodes.RequestFailed, 'That PDF is no longer in the index.') : { text };
});

connection.onRequest(AddSourceRequest, async (params: AddSourceParams): Promise<AddSourceResult | ResponseError<void>> => {
  const ws = folders.folderOrFirst(params.uri);
  if (!ws) return new ResponseError(LSPErrorCodes.RequestFailed, 'Open a workspace folder first: sources are saved into its first corpus folder.');
  await ws.loading;
  const r = await addSource(ws, params.url);
  sendStatus(ws);
  recheckAll();
  return 'error' in r ? new ResponseError(LSPErrorCodes.RequestFailed, r.error) : r;
});

connection.onRequest(ExportCslRequest, async (params: ExportCslParams) => {
  const ws = folders.folderOrFirst(params.uri);
  if (!ws) return exportCslJson([], (f) => f); // no folder: an empty bibliography, as text like every answer
  await ws.loading;
  const keys = ws.keys;
  // The file's exact text, from the same function as `source-linked export`: byte-identical files.
  return exportCslJson(ws.index.sources(), (f) => (keys ? keys.displayPath(f) : path.relative(ws.root, f)));
});

process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unexpected rejection: ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();
