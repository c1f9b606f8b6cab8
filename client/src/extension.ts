/**
 * Source-Linked Writing: the VS Code client. Thin on purpose: it starts the
 * language server (dist/server.js) and registers the commands; all checking
 * lives in the server. Settings are read by the server through
 * `workspace/configuration`, so no defaults are repeated here.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RequestParam,
  RequestType,
  ServerOptions,
  State,
  StateChangeEvent,
  TransportKind,
} from 'vscode-languageclient/node';
import { serverEnv, StatusNotification, StatusParams } from '../../server/src/protocol';
import { exportBibliography, openSourcePassage, rebuildIndex } from './commands';
import { ServerConnection } from './connection';
import { insertCitation } from './insertCitation';
import { addSourceFromUrl, PAGE_VIEW_SCHEME, pageViewProvider } from './addSource';
import { chooseSourcesFolder, NoCorpusPrompt } from './noCorpus';
import { openSample } from './sample';
import { SourceJumps } from './sourceJump';
import { ReportPanel } from './reportPanel';
import { SourceStatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Source-Linked Writing', { log: true });
  const statusBar = new SourceStatusBar();
  const jumps = new SourceJumps();
  const noCorpus = new NoCorpusPrompt();
  context.subscriptions.push(output, statusBar, jumps);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // serverEnv: the malloc setting that gives a cold build's freed memory back (server/src/protocol.ts).
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnv() } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnv(), execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'markdown', scheme: 'file' }],
    // No file watcher here: the server registers the one watcher it needs (client/registerCapability,
    // protocol.ts WATCHED_FILES_GLOB), so VS Code does not report each change twice.
    synchronize: {
      // Tell the server when settings change; it pulls the values itself.
      configurationSection: 'sourceLinked',
    },
    outputChannel: output,
    // Keep the index cache in VS Code's per-workspace storage rather than in the writer's folder
    // (other editors get `.source-linked/` in the workspace).
    // virtualDocuments: PDF sources open as `source-linked:` page views, served below.
    // clientShowsNoCorpus: the notification with Choose Sources Folder… comes from this client, not the server.
    initializationOptions: {
      cacheDir: context.storageUri ? vscode.Uri.joinPath(context.storageUri, 'index').fsPath : undefined,
      virtualDocuments: true,
      clientShowsNoCorpus: true,
    },
    middleware: {
      // F12 / Peek / Open Source Passage: remember the target so its editor lands on the passage (sourceJump.ts).
      provideDefinition: async (document, position, token, next) => {
        const result = await next(document, position, token);
        const first = Array.isArray(result) ? result[0] : result;
        if (first) {
          if ('targetUri' in first) jumps.expect(first.targetUri, first.targetSelectionRange ?? first.targetRange);
          else jumps.expect(first.uri, first.range);
        }
        return result;
      },
    },
  };

  // The id 'sourceLinked' makes the client honour `sourceLinked.trace.server`.
  const lc = new LanguageClient('sourceLinked', 'Source-Linked Writing', serverOptions, clientOptions);
  client = lc;

  context.subscriptions.push(
    lc.onDidChangeState((e: StateChangeEvent) => {
      if (e.newState === State.Running) statusBar.setHealth('running');
      else if (e.newState === State.Starting) statusBar.setHealth('starting');
      else statusBar.setHealth('stopped');
    }),
    lc.onNotification(StatusNotification, (s: StatusParams) => {
      logStatus(output, s);
      statusBar.update(s);
      noCorpus.onStatus(s);
    }),
  );

  let started: Promise<void> = Promise.resolve();
  const connection: ServerConnection = {
    async sendRequest<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, token?: vscode.CancellationToken): Promise<R> {
      await started;
      if (!lc.isRunning()) throw new Error('the Source-Linked language server is not running (see the "Source-Linked Writing" output)');
      return token ? lc.sendRequest(type, params, token) : lc.sendRequest(type, params);
    },
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('sourceLinked.insertCitation', () => insertCitation(connection)),
    vscode.commands.registerCommand('sourceLinked.openSourcePassage', () => openSourcePassage(jumps)),
    vscode.commands.registerCommand('sourceLinked.chooseSourcesFolder', () => chooseSourcesFolder()),
    vscode.commands.registerCommand('sourceLinked.openSample', () => openSample(context)),
    vscode.commands.registerCommand('sourceLinked.rebuildIndex', () => rebuildIndex(connection, statusBar.onDidChangeStatus)),
    vscode.commands.registerCommand('sourceLinked.exportBibliography', () => exportBibliography(connection)),
    vscode.commands.registerCommand('sourceLinked.showReport', (filter?: unknown) => ReportPanel.show(connection, filter)),
    vscode.commands.registerCommand('sourceLinked.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('sourceLinked.addSourceFromUrl', () => addSourceFromUrl(connection)),
    vscode.workspace.registerTextDocumentContentProvider(PAGE_VIEW_SCHEME, pageViewProvider(connection)),
  );

  if (!fs.existsSync(serverModule)) {
    output.appendLine(`[client] Language server not found at ${serverModule}. Run "npm run build" (or "node scripts/bundle.mjs").`);
    statusBar.setHealth('stopped');
    return;
  }
  started = lc.start().catch((err: unknown) => {
    output.appendLine(`[client] The language server failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    statusBar.setHealth('stopped');
  });
  await started;
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    if (c.needsStop()) await c.stop(2000);
  } catch {
    // The server may already be gone; nothing else to clean up.
  }
}

let lastLogged = '';
function logStatus(output: vscode.OutputChannel, s: StatusParams): void {
  if (s.state === 'indexing') return;
  const skipped = s.skipped;
  const lines = [
    `[status] ${s.state}: ${s.sources} sources, ${s.passages} passages, ${skipped.length} skipped (${s.indexMs} ms)`,
    ...(s.message ? [`  ${s.message}`] : []),
    ...(s.missingRoots?.length ? [`  corpus folders not found: ${s.missingRoots.join(', ')} (setting sourceLinked.corpus)`] : []),
    ...skipped.map((f) => `  skipped ${f.file}: ${f.reason}`),
  ].join('\n');
  if (lines === lastLogged) return;
  lastLogged = lines;
  output.appendLine(lines);
}
