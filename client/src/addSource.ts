/**
 * `sourceLinked.addSourceFromUrl`: ask for a URL; the server fetches it, saves the
 * article (Markdown with front matter) or the PDF into the first corpus folder and
 * indexes it. Then the source opens beside the draft, and the writer may cite it
 * at the cursor (only if they choose to: the draft is never edited otherwise).
 */
import * as vscode from 'vscode';
import { AddSourceParams, AddSourceRequest, AddSourceResult, PageViewRequest } from '../../server/src/protocol';
import { validateUrl } from './textHelpers';
import { citeAtCursors } from './insertCitation';
import { errorMessage, ServerConnection } from './connection';

export const PAGE_VIEW_SCHEME = 'source-linked';

export async function addSourceFromUrl(server: ServerConnection): Promise<void> {
  const draft = vscode.window.activeTextEditor?.document.languageId === 'markdown' ? vscode.window.activeTextEditor : undefined;
  // Pre-fill a copied address; never wait on a clipboard the browser (code-server) does not grant.
  let clip = '';
  // (In the browser, code-server, reading it raises a permission error toast: skip it there.)
  if (vscode.env.uiKind === vscode.UIKind.Desktop) {
    try {
      clip = (await Promise.race([Promise.resolve(vscode.env.clipboard.readText()), new Promise<string>((r) => setTimeout(() => r(''), 300))])).trim();
    } catch {
      // no clipboard: start empty
    }
  }
  const url = await vscode.window.showInputBox({
    title: 'Source-Linked: Add Source from URL',
    prompt: 'The article (or PDF) is saved into your first corpus folder and indexed.',
    placeHolder: 'https://…',
    value: /^https?:\/\/\S+$/.test(clip) ? clip : undefined,
    ignoreFocusOut: true,
    validateInput: validateUrl,
  });
  if (!url) return;
  let added: AddSourceResult;
  try {
    const params: AddSourceParams = { url: url.trim(), uri: draft?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() };
    added = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Source-Linked: fetching ${url.trim()}`, cancellable: false },
      () => server.sendRequest(AddSourceRequest, params),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Source-Linked: could not add the source. ${errorMessage(err)}`);
    return;
  }
  const target = added.viewUri ? vscode.Uri.parse(added.viewUri) : vscode.Uri.file(added.file);
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: !!draft });
  const cite = draft ? 'Cite at Cursor' : undefined;
  const choice = await vscode.window.showInformationMessage(`Added "${added.title}" as @${added.key}.`, ...(cite ? [cite] : []));
  if (choice === cite && draft) {
    await citeAtCursors(server, draft, added.key, '');
  }
}

/** Serves `source-linked:` page views of PDFs (read-only) from the server. */
export function pageViewProvider(server: ServerConnection): vscode.TextDocumentContentProvider {
  return {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      try {
        const r = await server.sendRequest(PageViewRequest, { uri: uri.toString() });
        return r.text;
      } catch (err) {
        return `Source-Linked: this page could not be shown: ${errorMessage(err)}\n`;
      }
    },
  };
}
