// Harness fixture, NOT the real extension: imitates its UI just enough for test/e2e/run.mjs
// (E2E_FAKE_VSIX=1) to exercise every helper end to end. Keys/texts match run.mjs EXPECT defaults.
const vscode = require('vscode');

const KEY = process.env.E2E_FAKE_KEY || 'scortez2021edomex';
const PASSAGE = 'On March 18, 13 police officers were gunned down by suspected drug gang members in the State of México.';

function activate(context) {
  const diags = vscode.languages.createDiagnosticCollection('source-linked');
  const check = (doc) => {
    if (doc.languageId !== 'markdown') return;
    const out = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const text = doc.lineAt(i).text;
      if (text.startsWith('#') || text.includes('[@')) continue;
      for (const m of text.matchAll(/\b(\d[\d,]*|Thirteen)\b/g)) {
        const d = new vscode.Diagnostic(new vscode.Range(i, m.index, i, m.index + m[0].length), `Figure "${m[0]}" is uncited`, vscode.DiagnosticSeverity.Warning);
        d.code = 'uncited-figure';
        d.source = 'source-linked';
        out.push(d);
      }
    }
    diags.set(doc.uri, out);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(
    diags,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.languages.registerCompletionItemProvider('markdown', {
      provideCompletionItems(doc, pos) {
        if (!doc.lineAt(pos.line).text.slice(0, pos.character).endsWith('[@')) return [];
        return [KEY, 'other2020key'].map((k, i) => Object.assign(new vscode.CompletionItem(k, vscode.CompletionItemKind.Reference), { sortText: String(i) }));
      },
    }, '@'),
    vscode.languages.registerHoverProvider('markdown', {
      provideHover(doc, pos) {
        const r = doc.getWordRangeAtPosition(pos, /@[\w-]+/);
        if (!r || doc.getText(r) !== `@${KEY}`) return;
        return new vscode.Hover(new vscode.MarkdownString(`**13 Edomex Officers Killed in Ambush**, para. 1\n\n> ${PASSAGE}`), r);
      },
    }),
    vscode.languages.registerCodeActionsProvider('markdown', {
      provideCodeActions(doc, range, ctx) {
        return ctx.diagnostics.filter((d) => d.code === 'uncited-figure').slice(0, 1).map((d) => {
          const line = doc.lineAt(d.range.start.line).text;
          const end = line.endsWith('.') ? line.length - 1 : line.length;
          const a = new vscode.CodeAction(`Cite ${KEY}, para. 3`, vscode.CodeActionKind.QuickFix);
          a.edit = new vscode.WorkspaceEdit();
          a.edit.insert(doc.uri, new vscode.Position(d.range.start.line, end), ` [@${KEY}, para. 3]`);
          a.diagnostics = [d];
          a.isPreferred = true;
          return a;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  item.text = '$(book) 5 sources';
  item.show();
  context.subscriptions.push(item);
}

module.exports = { activate, deactivate() {} };
