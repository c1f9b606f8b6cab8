/**
 * `sourceLinked.openSample` (the walkthrough's first step): copies the bundled
 * sample, a draft and the nine articles it cites, into a new folder the writer
 * picks the place of, and opens that folder. Nothing existing is overwritten.
 */
import * as vscode from 'vscode';

const SAMPLE_FOLDER = 'source-linked-sample';

export async function openSample(context: vscode.ExtensionContext): Promise<void> {
  const parent = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Create Sample Here',
    title: `Where to create the sample project (a "${SAMPLE_FOLDER}" folder)`,
  });
  if (!parent?.[0]) return;
  const target = vscode.Uri.joinPath(parent[0], SAMPLE_FOLDER);
  const fs = vscode.workspace.fs;
  const exists = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    const open = await vscode.window.showInformationMessage(`"${SAMPLE_FOLDER}" already exists there; it is left as it is.`, 'Open It');
    if (open !== 'Open It') return;
  } else {
    try {
      await fs.copy(vscode.Uri.joinPath(context.extensionUri, 'seeds'), vscode.Uri.joinPath(target, 'sources'), { overwrite: false });
      await fs.copy(vscode.Uri.joinPath(context.extensionUri, 'samples', 'draft.md'), vscode.Uri.joinPath(target, 'draft.md'), { overwrite: false });
    } catch (err) {
      void vscode.window.showErrorMessage(`Source-Linked: could not create the sample in ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
  }
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: false });
}
