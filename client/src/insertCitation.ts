import * as vscode from 'vscode';
import { PassageHit, SearchPassagesParams, SearchPassagesRequest } from '../../server/src/protocol';
import { citationInsertion } from './citationText';
import { errorMessage, isCancellation, ServerConnection } from './connection';

const DEBOUNCE_MS = 100;
const LIMIT = 50;

interface HitItem extends vscode.QuickPickItem {
  hit: PassageHit;
}

/** `sourceLinked.insertCitation`: search passages as you type, insert `[@key, para. N]`. */
export async function insertCitation(server: ServerConnection): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Open a Markdown draft to insert a citation.');
    return;
  }
  const hit = await pickPassage(server, initialQuery(editor));
  if (!hit) return;
  await insertHit(editor, hit);
}

function initialQuery(editor: vscode.TextEditor): string {
  const sel = editor.selection;
  if (sel.isEmpty || sel.start.line !== sel.end.line) return '';
  return editor.document.getText(sel).trim().slice(0, 200);
}

export function toItem(hit: PassageHit): HitItem {
  const description = [hit.title, hit.date].filter((s) => typeof s === 'string' && s.trim()).join(' · ');
  return {
    label: `${hit.key}, ${hit.locator ?? `para. ${hit.n}`}`,
    description,
    detail: hit.snippet,
    // The server ranks the passages; do not let the QuickPick filter them again by label.
    alwaysShow: true,
    hit,
  };
}

function pickPassage(server: ServerConnection, value: string): Promise<PassageHit | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<HitItem>();
    qp.title = 'Insert Citation';
    qp.placeholder = 'Search the sources: words, names or figures from the passage';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.value = value;
    let timer: NodeJS.Timeout | undefined;
    let cts: vscode.CancellationTokenSource | undefined;
    let seq = 0;
    let done = false;

    const search = (query: string) => {
      cts?.cancel();
      cts?.dispose();
      cts = new vscode.CancellationTokenSource();
      const token = cts.token;
      const mine = ++seq;
      qp.busy = true;
      const params: SearchPassagesParams = { query, limit: LIMIT };
      server.sendRequest<PassageHit[] | null>(SearchPassagesRequest, params, token).then(
        (hits) => {
          if (done || mine !== seq || token.isCancellationRequested) return;
          const list = Array.isArray(hits) ? hits : [];
          qp.items = list.map(toItem);
          qp.busy = false;
          qp.title = list.length ? 'Insert Citation' : `Insert Citation: no passage matches${query ? ` “${query}”` : ''}`;
        },
        (err) => {
          if (done || mine !== seq || isCancellation(err)) return;
          qp.busy = false;
          qp.items = [];
          qp.title = `Insert Citation: search failed (${errorMessage(err)})`;
        },
      );
    };

    const finish = (hit: PassageHit | undefined) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      cts?.cancel();
      cts?.dispose();
      resolve(hit);
      qp.dispose();
    };

    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => search(v), DEBOUNCE_MS);
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.hit ?? qp.activeItems[0]?.hit));
    qp.onDidHide(() => finish(undefined));
    qp.show();
    search(value);
  });
}

export async function insertHit(editor: vscode.TextEditor, hit: PassageHit): Promise<boolean> {
  const doc = editor.document;
  const ok = await editor.edit((b) => {
    for (const sel of editor.selections) {
      const pos = sel.active;
      const line = doc.lineAt(pos.line).text;
      const ins = citationInsertion(line, pos.character, hit.key, hit.n, hit.locator);
      b.insert(new vscode.Position(pos.line, ins.character), ins.text);
    }
  });
  return ok;
}
