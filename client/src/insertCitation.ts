import * as vscode from 'vscode';
import { CitationCandidate, CitationCandidatesParams, CitationCandidatesRequest, CitationInsertRequest, PassageResult } from '../../server/src/protocol';
import { errorMessage, isCancellation, ServerConnection } from './connection';

const DEBOUNCE_MS = 100;
const LIMIT = 50;

interface HitItem extends vscode.QuickPickItem {
  hit: PassageResult;
}

/**
 * `sourceLinked.insertCitation`: opens with the passages ranked for the
 * sentence at the cursor ("states 524" where a passage states its figure);
 * typing filters them (on the server); Enter inserts `[@key, para. N]`.
 */
export async function insertCitation(server: ServerConnection): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Open a Markdown draft to insert a citation.');
    return;
  }
  const hit = await pickPassage(server, editor, initialQuery(editor));
  if (!hit) return;
  try {
    await citeAtCursors(server, editor, hit.key, hit.locator ?? `para. ${hit.n}`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Source-Linked: could not insert the citation: ${errorMessage(err)}`);
  }
}

function initialQuery(editor: vscode.TextEditor): string {
  const sel = editor.selection;
  if (sel.isEmpty || sel.start.line !== sel.end.line) return '';
  return editor.document.getText(sel).trim().slice(0, 200);
}

export function toItem(hit: CitationCandidate): HitItem {
  const states = hit.states?.trim() ? `states ${hit.states.trim()}` : '';
  const description = [states, hit.title, hit.date].filter((s) => !!s?.trim()).join(' · ');
  return {
    label: `${hit.key}, ${hit.locator ?? `para. ${hit.n}`}`,
    description,
    detail: hit.snippet,
    // The server ranks the passages; do not let the QuickPick filter them again by label.
    alwaysShow: true,
    hit,
  };
}

/** The picker's title: the sentence the passages are ranked for. */
export function pickerTitle(sentence: string | undefined): string {
  const s = (sentence ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return 'Insert Citation';
  return `Insert Citation for “${s.length > 70 ? s.slice(0, 69).trimEnd() + '…' : s}”`;
}

function pickPassage(server: ServerConnection, editor: vscode.TextEditor, value: string): Promise<PassageResult | undefined> {
  const uri = editor.document.uri.toString();
  const pos = editor.selection.active;
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
      const params: CitationCandidatesParams = { uri, position: { line: pos.line, character: pos.character }, query, limit: LIMIT };
      server.sendRequest(CitationCandidatesRequest, params, token).then(
        (res) => {
          if (done || mine !== seq || token.isCancellationRequested) return;
          const list = res.items;
          qp.items = list.map(toItem);
          qp.busy = false;
          qp.title = list.length ? pickerTitle(res.sentence) : `Insert Citation: no passage matches${query ? ` “${query}”` : ''}`;
        },
        (err) => {
          if (done || mine !== seq || isCancellation(err)) return;
          qp.busy = false;
          qp.items = [];
          qp.title = `Insert Citation: search failed (${errorMessage(err)})`;
        },
      );
    };

    const finish = (hit: PassageResult | undefined) => {
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

/**
 * Cite `key, locator` at every cursor of the editor: the server computes the edits (joined
 * into the citation group a cursor is in, else a new `[@key, locator]`), applied here as
 * one edit the writer chose. False when the editor refused the edit.
 */
export async function citeAtCursors(server: ServerConnection, editor: vscode.TextEditor, key: string, locator: string): Promise<boolean> {
  const doc = editor.document;
  const positions = editor.selections.map((s) => ({ line: s.active.line, character: s.active.character }));
  const version = doc.version;
  const edits = await server.sendRequest(CitationInsertRequest, { uri: doc.uri.toString(), positions, key, locator });
  if (doc.version !== version) return false; // the draft changed while the server answered
  return editor.edit((b) => {
    for (const e of edits) b.replace(new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  });
}
