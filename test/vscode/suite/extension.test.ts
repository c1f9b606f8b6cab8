/**
 * End-to-end checks of the extension inside VS Code: the client starts the
 * bundled server, and completion, hover, diagnostics and quick fixes work on a draft.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'source-linked.source-linked-writing';
const SOURCE = 'source-linked';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function hoverText(h: vscode.Hover): string {
  return h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

describe('Source-Linked Writing in VS Code', () => {
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'draft.md'));
    editor = await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    await waitFor('activation', () => ext.isActive || undefined);
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['insertCitation', 'openSourcePassage', 'chooseSourcesFolder', 'openSample', 'rebuildIndex', 'exportBibliography', 'showReport', 'showOutput']) {
      assert.ok(all.includes(`sourceLinked.${id}`), `command sourceLinked.${id}`);
    }
  });

  it('reports the uncited figure as a diagnostic', async () => {
    const diags = await waitFor('uncited-figure diagnostic', () => {
      const d = ours(doc.uri).filter((x) => codeOf(x) === 'uncited-figure');
      return d.length ? d : undefined;
    });
    assert.ok(diags.some((d) => doc.getText(d.range).includes('524')), 'the diagnostic is on "524"');
  });

  it('completes citation keys after [@ and hovers the inserted citation', async () => {
    const line = doc.lineCount - 1;
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), 'Another claim [@'));
    const pos = new vscode.Position(line, 'Another claim [@'.length);
    const list = await waitFor('completions', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      return l && l.items.length ? l : undefined;
    });
    const first = list.items[0];
    const key = (typeof first.insertText === 'string' ? first.insertText : first.insertText?.value ?? String(first.label))
      .replace(/^@/, '')
      .split(/[,\s\]$]/)[0];
    assert.ok(key.length > 0, 'a key was offered');

    const text = `${key}, para. 1]`;
    await editor.edit((b) => b.insert(pos, text));
    const hovers = await waitFor('hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(line, pos.character + 1),
      );
      return h && h.length ? h : undefined;
    });
    assert.ok(hovers.map(hoverText).join('\n').trim().length > 0, 'the hover shows the passage');
    assert.ok(
      !ours(doc.uri).some((d) => codeOf(d) === 'unknown-source' && d.range.start.line === line),
      'the completed key is known',
    );
  });

  it('fixes the uncited figure with a quick fix', async () => {
    const diag = await waitFor('uncited-figure diagnostic', () => ours(doc.uri).find((d) => codeOf(d) === 'uncited-figure'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions?.find((a) => a.edit && a.diagnostics?.some((d) => codeOf(d) === 'uncited-figure'));
    assert.ok(fix?.edit, `a quick fix with an edit among: ${actions?.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(diag.range.start.line).text, /\[@[^\]]+\]/, 'a citation was inserted');
    await waitFor('the warning to go away', () =>
      ours(doc.uri).some((d) => codeOf(d) === 'uncited-figure' && d.range.start.line === diag.range.start.line) ? undefined : true,
    );
  });

  it('opens the source passage of a citation', async () => {
    const line = doc.getText().split('\n').findIndex((l) => /\[@/.test(l));
    assert.ok(line >= 0);
    const ch = doc.lineAt(line).text.indexOf('[@') + 2;
    editor.selection = new vscode.Selection(line, ch, line, ch);
    await vscode.commands.executeCommand('sourceLinked.openSourcePassage');
    const opened = await waitFor('the source editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath.includes(`${path.sep}seeds${path.sep}`)),
    );
    assert.ok(opened.document.getText().length > 0);
    assert.ok(!opened.selection.isEmpty && opened.selection.end.line >= opened.selection.start.line, 'the cited passage is selected');
  });
});
