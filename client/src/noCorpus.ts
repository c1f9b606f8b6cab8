/**
 * The empty workspace: when a folder has no sources, one notification says so
 * with **Choose Sources Folder…** (writes `sourceLinked.corpus` for that
 * workspace folder) and **Open Settings**. Shown once per folder and session;
 * the status bar item offers the same choice afterwards.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';
import { corpusEntry } from './passageRange';

export const CHOOSE_SOURCES = 'Choose Sources Folder…';
export const OPEN_SETTINGS = 'Open Settings';

export class NoCorpusPrompt {
  private readonly shown = new Set<string>();

  onStatus(s: StatusParams): void {
    if (s.state !== 'noCorpus') return;
    const key = s.folder ?? '';
    if (this.shown.has(key)) return;
    this.shown.add(key);
    void this.prompt(s);
  }

  private async prompt(s: StatusParams): Promise<void> {
    const folder = folderOf(s.folder);
    const roots = s.roots?.length ? s.roots.map((r) => `"${r}"`).join(', ') : 'the folders of sourceLinked.corpus';
    const where = folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` of ${folder.name}` : '';
    const choice = await vscode.window.showWarningMessage(
      `Source-Linked: no sources found in ${roots}${where}. Choose the folder that holds your source articles (.txt, .md, .html, .pdf, .docx) to check citations against them.`,
      CHOOSE_SOURCES,
      OPEN_SETTINGS,
    );
    if (choice === CHOOSE_SOURCES) await chooseSourcesFolder(folder);
    else if (choice === OPEN_SETTINGS) await openCorpusSettings();
  }
}

function folderOf(uri: string | undefined): vscode.WorkspaceFolder | undefined {
  if (!uri) return undefined;
  try {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
  } catch {
    return undefined;
  }
}

export function openCorpusSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', 'sourceLinked.corpus');
}

/**
 * `sourceLinked.chooseSourcesFolder`: pick a folder and write it as
 * `sourceLinked.corpus` of the workspace folder (its `.vscode/settings.json`),
 * never the user's global settings. The server re-indexes on the change.
 */
export async function chooseSourcesFolder(folder?: vscode.WorkspaceFolder): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folder) {
    const active = vscode.window.activeTextEditor?.document.uri;
    folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? (folders.length === 1 ? folders[0] : undefined);
    if (!folder && folders.length > 1) folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder whose sources to set' });
  }
  if (!folder) {
    void vscode.window.showInformationMessage('Source-Linked: open the folder that holds your drafts first (File → Open Folder…), then choose its sources folder.');
    return false;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: folder.uri,
    openLabel: 'Use as Sources Folder',
    title: 'Choose the folder that holds your sources (.txt, .md, .html, .pdf, .docx)',
  });
  const chosen = picked?.[0];
  if (!chosen) return false;
  const entry = corpusEntry(folder.uri.fsPath, chosen.fsPath);
  await vscode.workspace.getConfiguration('sourceLinked', folder.uri).update('corpus', [entry], vscode.ConfigurationTarget.WorkspaceFolder);
  void vscode.window.setStatusBarMessage(`Source-Linked: sources set to "${entry}"; indexing…`, 5000);
  return true;
}
