/**
 * The language server: binds the pure core to an LSP connection. Runs over
 * stdio (`node dist/server.js --stdio`, or `source-linked-ls`) or IPC (the VS
 * Code client). Every feature lives in ./features as a function from (index,
 * document, position, settings) to LSP types; this file wires them to the
 * connection and keeps the per-folder corpus state they read.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
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
import { resolveSettings, Settings } from './core/settings';
import { SkippedFile } from './core/types';
import { isSourceFileName } from './core/corpus/formats';
import { addSource } from './features/addSource';
import { pageViewFor } from './features/pageView';
import { attachKeyTrace, loadIndex, reindexFiles } from './core/indexLoad';
import { KeyRegistry } from './core/corpus/registry';
import { Bibliography } from './core/corpus/bibliography';
import { DraftChecker } from './core/judgments/incremental';
import { provideCodeActions, SHOW_PASSAGE_COMMAND } from './features/codeActions';
import { provideCompletion, resolveCompletion } from './features/completion';
import { provideDefinition } from './features/definition';
import { provideDiagnostics } from './features/diagnostics';
import { provideHover } from './features/hover';
import { provideReferences, DraftText } from './features/references';
import { provideWorkspaceSymbols } from './features/symbols';
import { citationAt } from './features/common';
import { buildReport } from './features/report';
import { citationCandidates, searchPassages } from './features/search';
import { createTransport } from './lsp/transport';
import { watchedFileProblem } from './core/corpus/walk';
import { Analyses } from './lsp/analysis';
import {
  AddSourceParams,
  AddSourceRequest,
  AddSourceResult,
  PageViewParams,
  PageViewRequest,
  PageViewResult,
  CitationCandidatesRequest,
  ExportCslParams,
  ExportCslRequest,
  RebuildIndexRequest,
  ReportParams,
  ReportRequest,
  SearchPassagesParams,
  SearchPassagesRequest,
  StatusNotification,
  StatusParams,
} from './protocol';

const transport = createTransport((s) => process.stderr.write(s + '\n'));
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
let initOptions: unknown;
/** Settings pushed by clients without `workspace/configuration`. */
let pushedSettings: unknown;

/** One workspace folder: its corpus, index and state. */
class Workspace {
  index = new CorpusIndex();
  state: StatusParams['state'] = 'indexing';
  skipped: SkippedFile[] = [];
  missingRoots: string[] = [];
  indexMs = 0;
  fromCache = false;
  percent = 0;
  roots: string[] = [];
  maxFileSizeMB = 10;
  followExternalLinks = false;
  bibliography: string[] = [];
  loading: Promise<void> | undefined;
  /** True from the start of a load until it (and its cache reconcile) is done. */
  busy = false;
  /** Corpus files reported changed or deleted while busy: re-read from disk once the load is done. */
  readonly pending = new Set<string>();
  /** The key files' registry of the last load: live file events assign keys through it. */
  keys: KeyRegistry | undefined;
  bib: Bibliography | undefined;
  private noCorpusShown = false;
  private generation = 0;

  constructor(
    readonly root: string,
    readonly uri: string,
  ) {}

  status(): StatusParams {
    return {
      folder: this.uri,
      roots: this.roots,
      state: this.state,
      sources: this.index.sourceCount,
      passages: this.index.passageCount,
      skipped: this.skipped.map((s) => ({ file: path.relative(this.root, s.file) || s.file, reason: s.reason })),
      missingRoots: this.missingRoots,
      indexMs: Math.round(this.indexMs),
      fromCache: this.fromCache,
      percent: this.state === 'indexing' ? this.percent : undefined,
      message: this.state === 'noCorpus' ? this.noCorpusMessage() : undefined,
    };
  }

  noCorpusMessage(): string {
    return (
      `Source-Linked Writing found no source files in ${this.roots.map((r) => `"${r}"`).join(', ') || 'the configured corpus'} ` +
      `(relative to ${this.root}). Set "sourceLinked.corpus" to the folders or globs that hold your sources (.txt, .md, .html, .pdf, .docx).`
    );
  }

  /** (Re)build the index. Requests keep being served from the current index meanwhile. */
  load(): Promise<void> {
    const gen = ++this.generation;
    this.busy = true;
    this.loading = (async () => {
      const settings = await settingsFor(this.uri);
      this.roots = settings.corpus;
      this.maxFileSizeMB = settings.maxFileSizeMB;
      this.followExternalLinks = settings.followExternalLinks;
      this.bibliography = settings.bibliography;
      this.state = 'indexing';
      this.percent = 0;
      sendStatus(this);
      const progress = caps.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
      progress?.begin('Source-Linked: indexing sources', 0, this.roots.join(', '), false);
      const fresh = this.index.sourceCount === 0 ? this.index : new CorpusIndex();
      let lastReport = 0;
      try {
        const res = await loadIndex(this.roots, this.root, {
          maxFileSizeMB: this.maxFileSizeMB,
          followExternalLinks: this.followExternalLinks,
          index: fresh,
          cacheDir: cacheDirFor(this.root),
          deferReconcile: true,
          writeKeys: true,
          bibliography: this.bibliography,
          onProgress: (done, total) => {
            this.percent = total ? Math.floor((done / total) * 100) : 100;
            const now = Date.now();
            if (now - lastReport > 200) {
              lastReport = now;
              progress?.report(this.percent, `${done}/${total} files`);
              sendStatus(this);
            }
          },
        });
        if (gen !== this.generation) return; // superseded by a newer load
        this.index = res.index;
        this.keys = res.keys;
        this.bib = res.bibliography;
        for (const n of res.notes) connection.console.warn(n);
        this.skipped = res.skipped;
        this.missingRoots = res.missingRoots;
        this.indexMs = res.ms;
        this.fromCache = res.fromCache;
        if (res.cacheNote && !res.fromCache) connection.console.info(`Index cache not used: ${res.cacheNote}`);
        void res.cacheWritten?.then((err) => err && connection.console.warn(err));
        this.state = this.index.sourceCount ? 'ready' : 'noCorpus';
        this.reconciling = !!res.reconcile;
        if (res.reconcile) {
          // Answer from the cache first; then compare it with the files on disk.
          const reconcile = res.reconcile;
          setTimeout(() => {
            if (gen !== this.generation) return;
            this.reconciling = false;
            const rec = reconcile();
            if (rec.tooMany) {
              connection.console.info(`${rec.changed} source files changed since the index cache was written: re-indexing all.`);
              this.index = new CorpusIndex();
              void this.load();
              return;
            }
            this.skipped = res.skipped;
            this.missingRoots = res.missingRoots;
            this.state = this.index.sourceCount ? 'ready' : 'noCorpus';
            this.settle();
            if (rec.changed) {
              connection.console.info(`Re-indexed ${rec.changed} source files changed since the index cache was written.`);
              recheckAll();
            }
            void res.cacheWritten?.then((err) => err && connection.console.warn(err));
            sendStatus(this);
          }, RECONCILE_DELAY_MS);
        }
      } catch (e) {
        this.state = 'error';
        connection.console.error(`Indexing failed: ${(e as Error).message}`);
      } finally {
        progress?.done();
      }
      if (gen === this.generation && !this.reconciling) this.settle();
      for (const s of this.skipped) connection.console.warn(`Skipped ${s.file}: ${s.reason}`);
      connection.console.info(`Indexed ${this.index.sourceCount} sources, ${this.index.passageCount} passages in ${Math.round(this.indexMs)} ms from ${this.roots.join(', ')}`);
      // A client with its own prompt (VS Code: Choose Sources Folder… / Open Settings) shows it from the status.
      const clientPrompts = (initOptions as { clientShowsNoCorpus?: unknown } | undefined)?.clientShowsNoCorpus === true;
      if (this.state === 'noCorpus' && !this.noCorpusShown && !clientPrompts) {
        this.noCorpusShown = true;
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: this.noCorpusMessage() });
      }
      sendStatus(this);
      recheckAll();
    })();
    return this.loading;
  }

  private reconciling = false;

  /**
   * The load is complete: re-read every file reported changed or deleted meanwhile, so the
   * index converges to what a fresh load of the disk would give.
   */
  settle(): void {
    this.busy = false;
    if (!this.pending.size) return;
    const files = [...this.pending];
    this.pending.clear();
    const changed = files.filter((f) => fs.existsSync(f));
    const kept = new Set(changed);
    const deleted = files.filter((f) => !kept.has(f));
    try {
      this.reindexFiles(changed, deleted);
    } catch (e) {
      connection.console.error(`Re-indexing ${files.length} files changed during indexing failed: ${(e as Error).message}`);
    }
    connection.console.info(`Re-read ${files.length} source files changed while indexing.`);
    sendStatus(this);
    recheckAll();
  }

  /** True when `file` is a team bibliography this workspace reads. */
  isBibliography(file: string): boolean {
    if (this.bibliography.some((b) => path.resolve(this.root, b) === file)) return true;
    return /\.bib$|\.csl\.json$|(^|[\\/])bibliography\.json$/i.test(file) && !!this.keys?.dirs.includes(path.dirname(file));
  }

  /** True when a file belongs to this workspace's corpus. */
  inCorpus(file: string): boolean {
    if (!isSourceFileName(file)) return false;
    for (const r of this.roots) {
      const abs = path.resolve(this.root, r);
      if (/[*?[{]/.test(r)) {
        const matches = (path as unknown as { matchesGlob?: (p: string, g: string) => boolean }).matchesGlob;
        if (matches ? matches(file, abs) : file.startsWith(abs.slice(0, abs.search(/[*?[{]/)))) return true;
      } else if (file === abs || file.startsWith(abs + path.sep)) return true;
    }
    return false;
  }

  /** Re-index a batch of changed corpus files: deletions first, then one pass over the rest. */
  reindexFiles(changed: string[], deleted: string[]): void {
    const gone = new Set([...changed, ...deleted]);
    this.skipped = this.skipped.filter((s) => !gone.has(s.file));
    if (!this.keys) {
      this.keys = new KeyRegistry(this.roots, this.root);
      this.keys.read();
      this.keys.adopt(this.index.sources());
      attachKeyTrace(this.index, this.keys);
    }
    for (const file of deleted) this.index.removeFile(file);
    // The walker's link policy holds for watched files too: a link leaving the corpus is not read.
    const rootDirs = this.roots.map((r) => path.resolve(this.root, r.split(/[*?[{]/)[0] || '.'));
    const readable: string[] = [];
    for (const file of changed) {
      const problem = watchedFileProblem(file, rootDirs, this.followExternalLinks);
      if (!problem) readable.push(file);
      else {
        this.index.removeFile(file);
        this.skipped.push({ file, reason: problem });
      }
    }
    this.keys.release(deleted);
    this.skipped.push(...reindexFiles(this.index, readable, this.root, this.maxFileSizeMB, this.keys, true, this.bib));
    if (this.index.sourceCount > 0 && this.state === 'noCorpus') this.state = 'ready';
  }
}

const workspaces = new Map<string, Workspace>();

/** `a.meta.yaml` -> the source file it describes (`a.txt` or `a.md`) when one exists. */
function sourceOfSidecar(file: string): string | undefined {
  const m = /^(.*)\.meta\.ya?ml$/i.exec(file);
  if (!m) return undefined;
  for (const ext of ['.txt', '.md', '.html', '.htm', '.pdf', '.docx', '.TXT', '.MD']) if (fs.existsSync(m[1] + ext)) return m[1] + ext;
  return undefined;
}

/**
 * Where a workspace folder's index cache lives: under the client's storage
 * folder when it passes `initializationOptions.cacheDir` (VS Code does), one
 * subfolder per workspace folder; else `.source-linked/` in the folder.
 */
function cacheDirFor(root: string): string {
  const base = (initOptions as { cacheDir?: unknown } | undefined)?.cacheDir;
  if (typeof base === 'string' && base) return path.join(base, createHash('sha1').update(root).digest('hex').slice(0, 12));
  return path.join(root, '.source-linked');
}
/** After a warm start, how long to keep answering from the cache before checking the files on disk. */
const RECONCILE_DELAY_MS = 300;

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function addWorkspace(root: string): Workspace {
  let ws = workspaces.get(root);
  if (!ws) {
    ws = new Workspace(root, pathToFileURL(root).toString());
    workspaces.set(root, ws);
  }
  return ws;
}

/** The workspace folder holding a document: the longest matching root, else the first, else the document's folder. */
function workspaceFor(uri: string): Workspace {
  const p = uriToPath(uri);
  let best: Workspace | undefined;
  for (const ws of workspaces.values()) {
    if (p && (p === ws.root || p.startsWith(ws.root + path.sep)) && (!best || ws.root.length > best.root.length)) best = ws;
  }
  if (best) return best;
  if (workspaces.size) return workspaces.values().next().value!;
  const ws = addWorkspace(p ? path.dirname(p) : process.cwd());
  void ws.load();
  return ws;
}

// ---- settings ---------------------------------------------------------------

const settingsCache = new Map<string, Promise<Settings>>();

function settingsFor(uri: string): Promise<Settings> {
  let s = settingsCache.get(uri);
  if (!s) {
    if (caps.configuration) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'sourceLinked' })
        .then((raw) => resolveSettings(raw ?? pushedSettings ?? initOptions))
        .catch(() => resolveSettings(pushedSettings ?? initOptions));
    } else s = Promise.resolve(resolveSettings(pushedSettings ?? initOptions));
    settingsCache.set(uri, s);
  }
  return s;
}

// ---- analysis cache and diagnostics -------------------------------------------

/** Per-draft analyses: small drafts checked at once, large ones in time slices (lsp/analysis.ts). */
const analyses = new Analyses<Workspace>({
  workspaceFor,
  settingsFor,
  currentVersion: (uri) => documents.get(uri)?.version,
});
const analyze = (doc: TextDocument, token?: CancellationToken) => analyses.analyze(doc, token);
const checkInSlices = (doc: TextDocument) => analyses.checkInSlices(doc);

const timers = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 150;

function scheduleCheck(doc: TextDocument, delay = DEBOUNCE_MS): void {
  const prev = timers.get(doc.uri);
  if (prev) clearTimeout(prev);
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      void publish(doc.uri, doc.version);
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
    const virtualDocuments = !!(initOptions as { virtualDocuments?: unknown } | undefined)?.virtualDocuments;
    const diagnostics = provideDiagnostics(doc, check, { relatedInformation: caps.relatedInformation, noSources, virtualDocuments });
    await connection.sendDiagnostics({ uri, version, diagnostics });
  } catch (e) {
    connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? e}`);
  }
}

function recheckAll(): void {
  for (const d of documents.all()) scheduleCheck(d, 0);
}

function sendStatus(ws: Workspace): void {
  void connection.sendNotification(StatusNotification, ws.status());
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
  initOptions = params.initializationOptions;
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  if (!folders.length) {
    const root = params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined;
    if (root) folders.push(root);
  }
  for (const f of folders) addWorkspace(f);
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
  if (caps.dynamicWatch) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{txt,md,html,htm,pdf,docx,TXT,MD,HTML,HTM,PDF,DOCX}' }] });
  }
  if (workspaces.size === 0) addWorkspace(process.cwd());
  for (const ws of workspaces.values()) void ws.load();
  // Initialise the Markdown parser and the checks while the index loads, so
  // the first draft is not also paying for that.
  setImmediate(() => new DraftChecker().check('Warm-up: 12 [@a, para. 1] "one two three four five" 3%.', new CorpusIndex(), resolveSettings(undefined)));
  if (caps.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const f of e.removed) {
      const p = uriToPath(f.uri);
      if (p) workspaces.delete(p);
    }
    for (const f of e.added) {
      const p = uriToPath(f.uri);
      if (p && !workspaces.has(p)) void addWorkspace(p).load();
    }
  });
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | undefined)?.sourceLinked;
  if (pushed) pushedSettings = pushed;
  settingsCache.clear();
  // Corpus or size limit may have changed: reload each folder whose corpus settings differ.
  for (const ws of workspaces.values()) {
    void settingsFor(ws.uri).then((s) => {
      if (s.corpus.join('\n') !== ws.roots.join('\n') || s.maxFileSizeMB !== ws.maxFileSizeMB || s.followExternalLinks !== ws.followExternalLinks || s.bibliography.join('\n') !== ws.bibliography.join('\n')) void ws.load();
      else recheckAll();
    });
  }
});

// Fires on open too: a draft never checked before is checked at once, edits are debounced.
documents.onDidChangeContent((e) => scheduleCheck(e.document, analyses.has(e.document.uri) ? DEBOUNCE_MS : 0));
documents.onDidClose((e) => {
  analyses.delete(e.document.uri);
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles((params) => {
  const batches = new Map<Workspace, { changed: string[]; deleted: string[] }>();
  const reload = new Set<Workspace>();
  for (const ch of params.changes) {
    const file = uriToPath(ch.uri);
    if (!file) continue;
    for (const ws of workspaces.values()) {
      // A key file changed by someone else (git pull, the CLI, a hand edit), or a team
      // bibliography changed: reload with it. A sidecar re-indexes its source file.
      if (ws.keys?.isForeignChange(file) || ws.isBibliography(file)) reload.add(ws);
      const source = sourceOfSidecar(file);
      if (source && ws.inCorpus(source)) {
        let b = batches.get(ws);
        if (!b) batches.set(ws, (b = { changed: [], deleted: [] }));
        b.changed.push(source);
      }
      if (!ws.inCorpus(file)) continue;
      if (ws.busy) {
        ws.pending.add(file); // applied when the load is done (Workspace.settle)
        continue;
      }
      let b = batches.get(ws);
      if (!b) batches.set(ws, (b = { changed: [], deleted: [] }));
      if (ch.type === FileChangeType.Deleted || !fs.existsSync(file)) b.deleted.push(file);
      else b.changed.push(file);
    }
  }
  for (const [ws, b] of batches) {
    try {
      ws.reindexFiles(b.changed, b.deleted);
    } catch (e) {
      connection.console.error(`Re-indexing ${[...b.changed, ...b.deleted].join(', ')} failed: ${(e as Error).message}`);
    }
    sendStatus(ws);
  }
  for (const ws of reload) {
    connection.console.info('A citation key file changed on disk: re-indexing with its keys.');
    ws.index = new CorpusIndex();
    void ws.load();
  }
  if (batches.size) recheckAll();
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
  for (const ws of workspaces.values()) if (key && ws.index.byKey(key)) return resolveCompletion(ws.index, item);
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
  return provideDefinition(ws.index, doc, params.position, check, !!(initOptions as { virtualDocuments?: unknown } | undefined)?.virtualDocuments);
});

connection.onReferences(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { ws, check } = await analyze(doc, token);
  const at = citationAt(check.model, doc.offsetAt(params.position));
  if (!at) return null;
  const drafts = await workspaceDrafts(ws, token);
  if (token.isCancellationRequested) return null;
  return provideReferences(at.item.key, drafts);
});

connection.onWorkspaceSymbol((params, token) => {
  const out = [];
  for (const ws of workspaces.values()) {
    if (token.isCancellationRequested) return null;
    out.push(...provideWorkspaceSymbols(ws.index, params.query));
  }
  return out;
});

connection.onRequest(SearchPassagesRequest, (params: SearchPassagesParams, token) => {
  const ws = workspaces.values().next().value;
  if (!ws) return [];
  return cancelled(token) ?? searchPassages(ws.index, params.query, params.limit ?? 50);
});

connection.onRequest(CitationCandidatesRequest, async (params, token) => {
  const query = typeof params?.query === 'string' ? params.query : '';
  const limit = typeof params?.limit === 'number' && params.limit > 0 ? Math.min(200, params.limit) : 50;
  const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!doc || !params.position) {
    // Not an open draft: no sentence to rank for, the query alone.
    const ws = typeof params?.uri === 'string' ? workspaceFor(params.uri) : workspaces.values().next().value;
    return cancelled(token) ?? { sentence: '', items: ws ? searchPassages(ws.index, query, limit) : [] };
  }
  const { ws, check } = await analyze(doc);
  return cancelled(token) ?? citationCandidates(ws.index, check.model, doc.offsetAt(params.position), query, limit);
});

connection.onRequest(ReportRequest, async (params: ReportParams, token) => {
  const doc = documents.get(params.uri);
  if (!doc) return new ResponseError(LSPErrorCodes.RequestFailed, 'The draft is not open.');
  const { check } = await analyze(doc, token);
  return cancelled(token) ?? buildReport(doc, check);
});

connection.onRequest(RebuildIndexRequest, async () => {
  for (const ws of workspaces.values()) {
    ws.index = new CorpusIndex();
    await ws.load();
  }
  analyses.clear();
  return [...workspaces.values()].map((w) => w.status());
});

connection.onRequest(PageViewRequest, async (params: PageViewParams): Promise<PageViewResult | ResponseError<void>> => {
  for (const ws of workspaces.values()) await ws.loading;
  const text = pageViewFor([...workspaces.values()].map((w) => w.index), params.uri);
  return text === undefined ? new ResponseError(LSPErrorCodes.RequestFailed, 'That PDF is no longer in the index.') : { text };
});

connection.onRequest(AddSourceRequest, async (params: AddSourceParams): Promise<AddSourceResult | ResponseError<void>> => {
  const ws = params.uri ? workspaceFor(params.uri) : workspaces.values().next().value;
  if (!ws) return new ResponseError(LSPErrorCodes.RequestFailed, 'Open a workspace folder first: sources are saved into its first corpus folder.');
  await ws.loading;
  const r = await addSource(ws, params.url);
  sendStatus(ws);
  recheckAll();
  return 'error' in r ? new ResponseError(LSPErrorCodes.RequestFailed, r.error) : r;
});

connection.onRequest(ExportCslRequest, async (params: ExportCslParams) => {
  const ws = params.uri ? workspaceFor(params.uri) : workspaces.values().next().value;
  if (!ws) return exportCslJson([], (f) => f); // no folder: an empty bibliography, as text like every answer
  await ws.loading;
  const keys = ws.keys;
  // The file's exact text, from the same function as `source-linked export`: byte-identical files.
  return exportCslJson(ws.index.sources(), (f) => (keys ? keys.displayPath(f) : path.relative(ws.root, f)));
});

/** Markdown drafts of a workspace: open documents first, then files on disk outside the corpus. */
async function workspaceDrafts(ws: Workspace, token: CancellationToken): Promise<DraftText[]> {
  const out = new Map<string, DraftText>();
  for (const d of documents.all()) out.set(d.uri, { uri: d.uri, text: d.getText() });
  const stack = [ws.root];
  let seen = 0;
  while (stack.length && seen < 5000 && !token.isCancellationRequested) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(md|markdown)$/i.test(e.name) && !ws.inCorpus(p)) {
        seen++;
        const uri = pathToFileURL(p).toString();
        if (out.has(uri)) continue;
        try {
          const st = await fs.promises.stat(p);
          if (!st.isFile() || st.size > 5 * 1024 * 1024) continue; // never a FIFO or device: reading one blocks
          out.set(uri, { uri, text: await fs.promises.readFile(p, 'utf8') });
        } catch {
          /* unreadable drafts are simply not searched */
        }
      }
    }
  }
  return [...out.values()];
}

process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unexpected rejection: ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();
