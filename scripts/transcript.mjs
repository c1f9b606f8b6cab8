#!/usr/bin/env node
// Prints a trimmed LSP transcript of the server on the sample draft: diagnostics,
// completion, hover and a quick fix, as an editor would see them over stdio.
//   npm run build && node scripts/transcript.mjs
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { startServer } = require(join(root, 'out/test/lsp/harness.js'));
const { TextDocument } = require('vscode-languageserver-textdocument');

const ws = mkdtempSync(join(tmpdir(), 'sl-transcript-'));
cpSync(join(root, 'seeds'), join(ws, 'seeds'), { recursive: true });
const text = readFileSync(join(root, 'samples/draft.md'), 'utf8');
writeFileSync(join(ws, 'draft.md'), text);
const show = (dir, method, body) => console.log(`${dir} ${method}\n${JSON.stringify(body, null, 1).replace(/\n\s*/g, ' ')}\n`);

const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
try {
  await c.waitFor('ready', () => c.statuses.find((s) => s.state === 'ready'));
  show('<-', 'sourceLinked/status', c.statuses.find((s) => s.state === 'ready'));
  const uri = c.open(join(ws, 'draft.md'), text);
  show('->', 'textDocument/didOpen', { uri: 'file:///…/draft.md', languageId: 'markdown', version: 1 });
  const diags = await c.waitDiagnostics(uri, (d) => d.length > 0);
  show('<-', 'textDocument/publishDiagnostics', diags.map((d) => ({ range: `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`, severity: d.severity, code: d.code, message: d.message })));

  const lines = text.split('\n');
  const typed = 'In 2020, 524 police officers were killed across the country [@';
  const u2 = c.open(join(ws, 'typing.md'), typed);
  const pos = { line: 0, character: typed.length };
  show('->', 'textDocument/completion', { text: typed, position: pos });
  const list = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: u2 }, position: pos });
  show('<-', 'textDocument/completion', { isIncomplete: list.isIncomplete, items: list.items.slice(0, 4).map((i) => ({ label: i.label, detail: i.detail, description: i.labelDetails?.description, newText: i.textEdit?.newText })) });

  const hl = lines.findIndex((l) => l.includes('415 members'));
  const hpos = { line: hl, character: lines[hl].indexOf('@edomex') + 3 };
  show('->', 'textDocument/hover', { on: '[@edomex-officers-killed-2021, para. 3]', position: hpos });
  const hover = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: hpos });
  // Trim the passage to the sentence around the bolded figure.
  const md = hover.contents.value;
  const b = md.indexOf('**', md.indexOf('---'));
  const shown = b < 0 ? md : md.slice(0, md.indexOf('---') + 5) + '… ' + md.slice(Math.max(md.indexOf('---') + 5, b - 60), b + 90) + ' …' + md.slice(md.lastIndexOf('\n\n*para'));
  console.log(`<- textDocument/hover (markdown)\n${shown}\n`);

  const uncited = diags.find((d) => d.code === 'uncited-figure' && d.message.includes('"524"'));
  show('->', 'textDocument/codeAction', { range: uncited.range, diagnostics: [uncited.code] });
  const actions = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: uncited.range, context: { diagnostics: [uncited] } });
  show('<-', 'textDocument/codeAction', actions.map((a) => ({ title: a.title, isPreferred: a.isPreferred, edit: a.edit.changes[uri].map((e) => ({ at: `${e.range.start.line}:${e.range.start.character}`, newText: e.newText })) })));
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), actions[0].edit.changes[uri]);
  await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  show('->', 'textDocument/didChange', { applied: actions[0].title, line: fixed.split('\n')[hl].slice(-90) });
  const after = await c.waitDiagnostics(uri, (d) => !d.some((x) => x.message.includes('"524"')));
  show('<-', 'textDocument/publishDiagnostics', { count: after.length, uncited: after.filter((d) => d.code === 'uncited-figure').map((d) => d.message) });
} finally {
  await c.stop();
  rmSync(ws, { recursive: true, force: true });
}
