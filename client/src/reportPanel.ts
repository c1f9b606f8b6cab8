import * as crypto from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { ReportParams, ReportRequest, ReportResult } from '../../server/src/protocol';
import { errorMessage, ServerConnection } from './connection';
import { REPORT_FILTERS, ReportFilter, renderReportHtml } from './reportHtml';
import { activeDraft } from './statusBar';

/** The citation report webview (one panel, reused; follows the draft it was opened for). */
export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'sourceLinked.report';
  private static current: ReportPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private report: ReportResult | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** The list filter, kept across refreshes (set by the status bar's parts and the panel's own select). */
  private filter: ReportFilter = 'all';

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly server: ServerConnection,
    private uri: vscode.Uri,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        // Diagnostics of the draft changed (it was edited or the index rebuilt): refresh, debounced.
        if (!e.uris.some((u) => u.toString() === this.uri.toString())) return;
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.refresh(), 400);
      }),
    );
  }

  /**
   * `sourceLinked.showReport`, optionally on a filter ('wrong', 'broken', 'uncited', 'cited': the
   * status bar's parts pass one). Other arguments (the editor title button passes a URI) are ignored.
   */
  static async show(server: ServerConnection, filter?: unknown): Promise<void> {
    const draft = activeDraft() ?? ReportPanel.current?.documentIfOpen();
    if (!draft) {
      void vscode.window.showInformationMessage('Open a Markdown draft to see its citation report.');
      return;
    }
    if (ReportPanel.current) {
      ReportPanel.current.uri = draft.uri;
      ReportPanel.current.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        ReportPanel.viewType,
        'Citation Report',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: false },
      );
      ReportPanel.current = new ReportPanel(panel, server, draft.uri);
    }
    if (typeof filter === 'string' && (REPORT_FILTERS as readonly string[]).includes(filter)) ReportPanel.current.filter = filter as ReportFilter;
    await ReportPanel.current.refresh();
  }

  private documentIfOpen(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
  }

  async refresh(): Promise<void> {
    const mine = ++this.generation;
    const name = path.basename(this.uri.fsPath);
    this.panel.title = `Citation Report: ${name}`;
    let report: ReportResult | undefined;
    let error: string | undefined;
    try {
      const params: ReportParams = { uri: this.uri.toString() };
      report = await this.server.sendRequest(ReportRequest, params);
    } catch (err) {
      error = `Could not get the report: ${errorMessage(err)}`;
    }
    if (mine !== this.generation) return; // a newer refresh is under way
    this.report = error ? undefined : report;
    const nonce = crypto.randomBytes(18).toString('base64');
    this.panel.webview.html = renderReportHtml(this.report, {
      nonce,
      cspSource: this.panel.webview.cspSource,
      title: name,
      error,
      filter: this.filter,
    });
  }

  private async onMessage(message: unknown): Promise<void> {
    const m = message as { type?: unknown; index?: unknown } | undefined;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'refresh') return this.refresh();
    if (m.type === 'filter') {
      const v = (m as { value?: unknown }).value;
      if (typeof v === 'string' && (REPORT_FILTERS as readonly string[]).includes(v)) this.filter = v as ReportFilter;
      return;
    }
    if (m.type !== 'reveal' || typeof m.index !== 'number' || !Number.isInteger(m.index)) return;
    const item = this.report?.items?.[m.index];
    if (!item) return;
    const range = new vscode.Range(
      Math.max(0, item.line | 0),
      Math.max(0, item.character | 0),
      Math.max(0, (item.endLine ?? item.line) | 0),
      Math.max(0, (item.endCharacter ?? item.character) | 0),
    );
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
      selection: range,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

