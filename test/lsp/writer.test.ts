/**
 * The writer's flow (issue 15) over stdio: completion items a writer can read
 * and that leave the cursor after `]`, the Insert Citation candidates request,
 * definition ranges, the empty-corpus state, hovers on diagnostics, and
 * punctuation typed inside a citation.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CodeAction,
  CodeActionRequest,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  Diagnostic,
  Hover,
  HoverRequest,
  Location,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CitationCandidatesRequest, CitationCandidatesResult } from '../../server/src/protocol';
import { Client, ROOT, startServer, waitReady } from './harness';

const EDOMEX = '002_6a3627dfa4365ca5.txt';

function workspace(withSeeds: boolean): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-writer-'));
  if (withSeeds) fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
  return ws;
}

function apply(uri: string, text: string, edit: TextEdit): { text: string; cursor: number } {
  const doc = TextDocument.create(uri, 'markdown', 1, text);
  const out = TextDocument.applyEdits(doc, [edit]);
  // The client leaves the cursor at the end of the inserted text.
  const cursor = doc.offsetAt(edit.range.start) + edit.newText.length;
  return { text: out, cursor };
}

describe('writer flow over stdio', function () {
  this.timeout(30000);
  let ws: string;
  let client: Client;
  let n = 0;
  const open = (text: string) => client.open(path.join(ws, `w${++n}.md`), text);
  const complete = async (uri: string, line: number, character: number) =>
    (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } })) as CompletionList;

  before(async () => {
    ws = workspace(true);
    client = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    await waitReady(client);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('completion items show title and date in labelDetails, and "states 524" or a passage preview', async () => {
    const text = 'In 2020, 524 police officers were killed across the country [@';
    const list = await complete(open(text), 0, text.length);
    const first = list.items[0];
    assert.strictEqual(first.label, 'edomex-officers-killed-2021, para. 4');
    assert.strictEqual(first.labelDetails?.description, 'states 524 · 13 Edomex Officers Killed in Ambush · 2021-04-01');
    const sources = list.items.filter((i) => !String(i.label).includes(','));
    assert.ok(sources.length >= 5);
    for (const s of sources) {
      assert.match((s.labelDetails?.description ?? '').replace(/^states \S+ · /, ''), new RegExp(`^${(s.detail ?? '').slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `title for ${s.label}`);
      assert.ok(!/\n/.test(s.labelDetails!.description!), 'one line');
    }
    assert.ok(sources.filter((s) => / · \d{4}-\d\d/.test(s.labelDetails!.description!)).length >= 5, 'dates where the source has one');
    // A source whose best passage does not state 524 shows its opening words after the title instead.
    const other = sources.find((s) => s.label !== 'edomex-officers-killed-2021')!;
    assert.doesNotMatch(other.labelDetails!.description!, /^states/);
    assert.match(other.labelDetails!.description!, / — \S.{10,}/);
  });

  it('every item resolves to documentation: the passage with the figure in bold', async () => {
    const text = 'In 2020, 524 police officers were killed across the country [@';
    const list = await complete(open(text), 0, text.length);
    for (const item of list.items.slice(0, 12)) {
      assert.strictEqual(item.documentation, undefined, 'lazily: documentation comes with resolve');
      const r = (await client.conn.sendRequest(CompletionResolveRequest.type, item)) as CompletionItem;
      const md = (r.documentation as MarkupContent | undefined)?.value ?? '';
      assert.match(md, /para\. \d+ of \d+/, `documentation for ${item.label}`);
    }
    const r0 = (await client.conn.sendRequest(CompletionResolveRequest.type, list.items[0])) as CompletionItem;
    assert.match((r0.documentation as MarkupContent).value, /\*\*524\*\*/);
  });

  it('accepting an item leaves the cursor after the closing ]: auto-closed, missing, or mid-group', async () => {
    // VS Code auto-closes '[': the line holds "[@]" with the cursor before ']'.
    const closed = 'In 2020, 524 police officers were killed [@]';
    const u1 = open(closed);
    const l1 = await complete(u1, 0, closed.length - 1);
    const r1 = apply(u1, closed, l1.items[0].textEdit as TextEdit);
    assert.strictEqual(r1.text, 'In 2020, 524 police officers were killed [@edomex-officers-killed-2021, para. 4]');
    assert.strictEqual(r1.cursor, r1.text.length, 'cursor after ]');
    assert.strictEqual(r1.text.split(']').length, 2, 'one ] only');
    const src = l1.items.find((i) => i.label === 'edomex-officers-killed-2021')!;
    const r1b = apply(u1, closed, src.textEdit as TextEdit);
    assert.strictEqual(r1b.text.slice(r1b.cursor - 1), ']');
    // No ']' on the line: the item completes the brackets.
    const bare = 'In 2020, 524 police officers were killed [@edo';
    const u2 = open(bare);
    const l2 = await complete(u2, 0, bare.length);
    const r2 = apply(u2, bare, l2.items[0].textEdit as TextEdit);
    assert.match(r2.text, /\[@edomex-officers-killed-2021, para\. 4\]$/);
    assert.strictEqual(r2.cursor, r2.text.length);
    // Inside a group that goes on: only the key is replaced, nothing is added.
    const group = 'In 2020, 524 police officers were killed [@edo; @two-years-amlo-2021].';
    const u3 = open(group);
    const l3 = await complete(u3, 0, group.indexOf(';'));
    const r3 = apply(u3, group, l3.items[0].textEdit as TextEdit);
    assert.strictEqual(r3.text, 'In 2020, 524 police officers were killed [@edomex-officers-killed-2021, para. 4; @two-years-amlo-2021].');
  });

  it('flags a full stop inside a citation and the quick fix moves it after the ]', async () => {
    const text = 'Thirteen police officers were killed in the ambush [@edomex-officers-killed-2021, para. 1.]\n\nA real suffix [@edomex-officers-killed-2021, para. 1, emphasis added].\n';
    const uri = open(text);
    const ds = await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'punctuation-in-citation'));
    const p = ds.filter((d) => d.code === 'punctuation-in-citation');
    assert.strictEqual(p.length, 1, 'a real suffix is not flagged');
    assert.strictEqual(p[0].range.start.line, 0);
    assert.match(String(p[0].message), /Full stop inside the citation/);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: p[0].range, context: { diagnostics: [p[0]] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Move "." after the citation');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), actions[0].edit!.changes![uri]);
    assert.ok(fixed.startsWith('Thirteen police officers were killed in the ambush [@edomex-officers-killed-2021, para. 1].\n'), fixed);
  });

  it('Insert Citation candidates: ranked for the sentence at the cursor on open, "states 524", filtered by the query', async () => {
    const text = 'Intro sentence here.\n\nCausa En Común reports that 524 police officers were killed in 2020. Next one.\n';
    const uri = open(text);
    const cursor = { line: 2, character: text.split('\n')[2].indexOf(' Next') };
    const r = (await client.conn.sendRequest(CitationCandidatesRequest, { uri, position: cursor, query: '' })) as CitationCandidatesResult;
    assert.match(r.sentence, /524 police officers were killed in 2020/);
    assert.strictEqual(`${r.items[0].key}, para. ${r.items[0].n}`, 'edomex-officers-killed-2021, para. 4');
    assert.strictEqual(r.items[0].states, '524');
    assert.ok(r.items.length > 5);
    // Typing filters: the query's matches only, here the trainers article.
    const q = (await client.conn.sendRequest(CitationCandidatesRequest, { uri, position: cursor, query: 'military trainers' })) as CitationCandidatesResult;
    assert.ok(q.items.length > 0);
    assert.strictEqual(q.items[0].key, 'mexico-president-asks-2023');
    assert.ok(!q.items.some((i) => i.key === 'edomex-officers-killed-2021' && i.n === 4), 'para. 4 (first for the sentence) does not match the query: filtered out');
    // A figure query still marks the passage that states the sentence's figure.
    const f = (await client.conn.sendRequest(CitationCandidatesRequest, { uri, position: cursor, query: 'police killed' })) as CitationCandidatesResult;
    assert.strictEqual(f.items[0].states, '524');
    // A draft the server does not have open, or odd params: the query alone, never an error.
    const closed = (await client.conn.sendRequest(CitationCandidatesRequest, { uri: 'file:///nowhere/x.md', position: cursor, query: 'military trainers' })) as CitationCandidatesResult;
    assert.strictEqual(closed.sentence, '');
    assert.strictEqual(closed.items[0].key, 'mexico-president-asks-2023');
    const odd = (await client.conn.sendRequest(CitationCandidatesRequest.method, { uri: 42, query: null })) as CitationCandidatesResult;
    assert.ok(Array.isArray(odd.items));
  });

  it('definition selects the whole cited passage; without a locator, the passage the hover shows', async () => {
    const srcLines = fs.readFileSync(path.join(ws, 'seeds', EDOMEX), 'utf8').split('\n');
    const text = 'According to Justice in Mexico, 415 members were killed in 2019 [@edomex-officers-killed-2021, para. 3].\n\nIn 2020, 524 police officers were killed [@edomex-officers-killed-2021].\n';
    const uri = open(text);
    await client.waitDiagnostics(uri);
    const l1 = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.indexOf('@edomex') + 3 } })) as Location;
    assert.ok(l1.uri.endsWith(EDOMEX));
    assert.match(srcLines[l1.range.start.line], /^Statistics gathered by Justice in Mexico|414 members/);
    assert.strictEqual(l1.range.start.character, 0);
    assert.ok(l1.range.end.line > l1.range.start.line, 'the range covers the whole paragraph');
    const covered = srcLines.slice(l1.range.start.line, l1.range.end.line).join('\n');
    assert.match(covered, /414 members of police institutions/);
    // No locator: the passage stating 524 (the one the hover shows), not the title line.
    const line2 = text.split('\n')[2];
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: line2.indexOf('@edomex') + 3 } })) as Hover;
    const l2 = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 2, character: line2.indexOf('@edomex') + 3 } })) as Location;
    assert.ok(l2.range.start.line > 0, 'not the title line');
    const passage = srcLines.slice(l2.range.start.line, l2.range.end.line).join('\n');
    assert.match(passage, /524/);
    assert.match((hover.contents as MarkupContent).value, /para\. 4 of/);
  });

  it('hover on a wrong figure shows the cited passage with its figure in bold', async () => {
    const text = 'According to Justice in Mexico, 415 members of police institutions were killed in 2019 [@edomex-officers-killed-2021, para. 3].\n';
    const uri = open(text);
    const ds = await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'figure-not-in-source'));
    const d = ds.find((x) => x.code === 'figure-not-in-source')!;
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: d.range.start.character + 1 } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /source says 414/);
    assert.match(md, /\*\*414\*\* members of police institutions/);
    assert.match(md, /para\. 3 of/);
  });

  it('hover on an uncited figure shows the passage that states it, the figure in bold', async () => {
    const text = 'In 2020, 524 police officers were killed across the country.\n';
    const uri = open(text);
    await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'uncited-figure'));
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 10 } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*Uncited figure\*\* 524/);
    assert.match(md, /\*\*524\*\*/);
  });
});

describe('writer flow with an empty corpus', function () {
  this.timeout(30000);
  it('reports no unknown keys; one warning at the first citation says to set sourceLinked.corpus', async () => {
    const ws = workspace(false);
    const client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
    try {
      await client.waitFor('noCorpus status', () => client.statuses.find((s) => (s as { state: string }).state === 'noCorpus'));
      const text = 'First claim [@a-key, para. 2]. Second [@b-key; @c-key].\n\nAnd 524 officers [@d-key].\n';
      const uri = client.open(path.join(ws, 'd.md'), text);
      const ds: Diagnostic[] = await client.waitDiagnostics(uri);
      assert.ok(!ds.some((d) => d.code === 'unknown-source'), JSON.stringify(ds.map((d) => d.code)));
      const none = ds.filter((d) => d.code === 'no-sources');
      assert.strictEqual(none.length, 1);
      assert.match(String(none[0].message), /^No sources indexed; set sourceLinked\.corpus/);
      assert.match(String(none[0].message), /"sources"/);
      assert.deepStrictEqual(none[0].range.start, { line: 0, character: text.indexOf('@a-key') });
      const status = client.statuses.find((s) => (s as { state: string }).state === 'noCorpus') as { folder?: string; roots?: string[] };
      assert.ok(status.folder?.startsWith('file://'), 'the status names its workspace folder');
      assert.deepStrictEqual(status.roots, ['sources']);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('leaves the no-corpus prompt to a client that says it shows its own', async () => {
    const ws = workspace(false);
    const client = await startServer({ workspace: ws, settings: { corpus: ['sources'], clientShowsNoCorpus: true }, configuration: true });
    try {
      await client.waitFor('noCorpus status', () => client.statuses.find((s) => (s as { state: string }).state === 'noCorpus'));
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual(client.messages.filter((m) => /sourceLinked\.corpus/.test(m.message)).length, 0);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
