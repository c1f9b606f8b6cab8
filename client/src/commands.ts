import * as vscode from 'vscode';
import { bibliographyBytes, entryCount } from './exportText';
import { ExportCslParams, ExportCslRequest, RebuildIndexRequest, StatusParams } from '../../server/src/protocol';
import { errorMessage, ServerConnection } from './connection';
import { SourceJumps } from './sourceJump';
import { activeDraft } from './statusBar';

/** `sourceLinked.openSourcePassage`: open the cited passage beside the draft, selected, centred, highlighted, wrapped. */
export async function openSourcePassage(jumps: SourceJumps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const results = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>(
    'vscode.executeDefinitionProvider',
    editor.document.uri,
    editor.selection.active,
  );
  const first = results?.[0];
  if (!first) {
    void vscode.window.showInformationMessage('Place the cursor on a citation such as [@key, para. 3] to open its source passage.');
    return;
  }
  const uri = 'targetUri' in first ? first.targetUri : first.uri;
  const range = 'targetUri' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
  jumps.forget();
  const doc = await vscode.workspace.openTextDocument(uri);
  const shown = await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: false,
    preview: true,
    selection: new vscode.Range(range.start, range.start),
  });
  await jumps.land(shown, range);
}

/** `sourceLinked.rebuildIndex`, with a progress notification fed by status notifications. */
export async function rebuildIndex(server: ServerConnection, onStatus: vscode.Event<StatusParams>): Promise<void> {
  let last: StatusParams | undefined;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Source-Linked: rebuilding the source index', cancellable: false },
      async (progress) => {
        let reported = 0;
        const sub = onStatus((s) => {
          last = s;
          if (s.state === 'indexing' && typeof s.percent === 'number' && s.percent > reported) {
            progress.report({ increment: s.percent - reported, message: `${Math.round(s.percent)}%` });
            reported = s.percent;
          }
        });
        try {
          await server.sendRequest(RebuildIndexRequest, null);
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Source-Linked: rebuilding the index failed: ${errorMessage(err)}`);
    return;
  }
  if (last && last.state !== 'indexing') {
    const skipped = last.skipped?.length ? `, ${last.skipped.length} skipped` : '';
    void vscode.window.showInformationMessage(`Source-Linked: index rebuilt: ${last.sources} sources, ${last.passages} passages${skipped}.`);
  } else {
    void vscode.window.showInformationMessage('Source-Linked: index rebuilt.');
  }
}

/**
 * `sourceLinked.exportBibliography`: write the corpus as CSL JSON (for pandoc --citeproc).
 * The server sends the file's exact text (the same function as `source-linked export`),
 * written as is, so the two files are byte-identical.
 */
export async function exportBibliography(server: ServerConnection): Promise<void> {
  const draft = activeDraft();
  const params: ExportCslParams = draft ? { uri: draft.uri.toString() } : {};
  let data: string;
  try {
    data = await server.sendRequest(ExportCslRequest, params);
  } catch (err) {
    void vscode.window.showErrorMessage(`Source-Linked: export failed: ${errorMessage(err)}`);
    return;
  }
  const folder = (draft && vscode.workspace.getWorkspaceFolder(draft.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const defaultUri = folder
    ? vscode.Uri.joinPath(folder.uri, 'references.json')
    : draft
      ? vscode.Uri.joinPath(draft.uri, '..', 'references.json')
      : undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: { 'CSL JSON': ['json'] },
    saveLabel: 'Export Bibliography',
    title: 'Export Bibliography (CSL JSON)',
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, bibliographyBytes(data));
  } catch (err) {
    void vscode.window.showErrorMessage(`Source-Linked: could not write ${target.fsPath}: ${errorMessage(err)}`);
    return;
  }
  const n = entryCount(data);
  const choice = await vscode.window.showInformationMessage(
    `Exported ${n === undefined ? 'the bibliography' : `${n} reference${n === 1 ? '' : 's'}`} to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (choice === 'Open') await vscode.window.showTextDocument(target);
}
