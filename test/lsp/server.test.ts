/**
 * Protocol tests: the built server (dist/server.js) spawned over stdio and
 * driven with a real JSON-RPC client, as an editor would.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  Hover,
  HoverRequest,
  Location,
  MarkupContent,
  ReferencesRequest,
  TextEdit,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Client, ROOT, startServer, waitReady } from './harness';
import { CACHE_FILE } from '../../server/src/core/index/cache';

function makeWorkspace(withSeeds = true): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-lsp-'));
  if (withSeeds) fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
  return ws;
}

const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

describe('language server over stdio', function () {
  this.timeout(30000);
  let ws: string;
  let client: Client;
  let draftUri: string;
  let draftText: string;

  before(async () => {
    ws = makeWorkspace();
    draftText = fs.readFileSync(path.join(ROOT, 'samples', 'draft.md'), 'utf8');
    fs.writeFileSync(path.join(ws, 'draft.md'), draftText);
    fs.writeFileSync(path.join(ws, 'other.md'), 'Another draft cites [@edomex-officers-killed-2021, para. 2] too.\n');
    client = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    await waitReady(client);
    draftUri = client.open(path.join(ws, 'draft.md'), draftText);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('sends a status with sources and passages once indexed', () => {
    const s = client.statuses.find((x) => (x as { state: string }).state === 'ready') as { sources: number; passages: number };
    assert.strictEqual(s.sources, 9);
    assert.ok(s.passages > 50);
  });

  it('publishes the sample draft diagnostics with codes, ranges and related information', async () => {
    const ds = await client.waitDiagnostics(draftUri, (d) => d.length > 0);
    assert.deepStrictEqual(codes(ds), ['bad-locator', 'figure-not-in-source', 'quote-not-in-source', 'uncited-figure', 'uncited-figure', 'unknown-source']);
    const doc = TextDocument.create(draftUri, 'markdown', 1, draftText);
    const textOf = (code: string) => ds.filter((d) => d.code === code).map((d) => doc.getText(d.range));
    assert.deepStrictEqual(textOf('uncited-figure'), ['25', '524']);
    assert.deepStrictEqual(textOf('figure-not-in-source'), ['415']);
    assert.ok(ds.every((d) => d.source === 'source-linked'));
    const mismatch = ds.find((d) => d.code === 'figure-not-in-source')!;
    assert.match(msg(mismatch), /source says 414/);
    const rel = mismatch.relatedInformation?.[0];
    assert.ok(rel && rel.location.uri.endsWith('002_6a3627dfa4365ca5.txt'), 'related information points into the source file');
  });

  it('completes citations ranked by the sentence: the source stating 524 first', async () => {
    const text = 'In 2020, 524 police officers were killed across the country [@';
    const uri = client.open(path.join(ws, 'typing.md'), text);
    const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
    assert.ok(list.isIncomplete, 'server-side matching: isIncomplete');
    assert.strictEqual(list.items[0].label, 'edomex-officers-killed-2021, para. 4');
    const firstSource = list.items.find((i) => !String(i.label).includes(','))!;
    assert.strictEqual(firstSource.label, 'edomex-officers-killed-2021');
    assert.match(firstSource.detail!, /13 Edomex Officers Killed in Ambush · 2021-04-01/);
    assert.strictEqual(firstSource.documentation, undefined, 'documentation comes with completionItem/resolve');
    const resolved = await client.conn.sendRequest(CompletionResolveRequest.type, firstSource);
    assert.match((resolved.documentation as MarkupContent).value, /\*\*524\*\*/);
    assert.match((resolved.documentation as MarkupContent).value, /para\. 4 of 5/);
    const edit = list.items[0].textEdit as TextEdit;
    assert.strictEqual(edit.newText, 'edomex-officers-killed-2021, para. 4]', 'no ] yet on the line: the item completes the brackets');
    assert.deepStrictEqual(edit.range.start, { line: 0, character: text.length });
  });

  it('offers no passage that only shares the number (completion needs the sentence\'s words)', async () => {
    const text = 'The orchestra sold 524 tickets for its spring concert [@';
    const uri = client.open(path.join(ws, 'typing-unrelated.md'), text);
    const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
    assert.ok(list.items.length > 0, 'sources are still offered');
    assert.ok(!list.items.some((i) => /, para\. \d+$/.test(String(i.label))), list.items.map((i) => i.label).join(' | '));
  });

  it('a citation typed after the full stop is ranked for the sentence before it', async () => {
    const text = 'Causa En Común reports that 524 police officers were killed in 2020. [@';
    const uri = client.open(path.join(ws, 'typing-after.md'), text);
    const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
    assert.strictEqual(list.items[0].label, 'edomex-officers-killed-2021, para. 4');
  });

  it('matches a typed query fuzzily on title, not only the key', async () => {
    const text = 'The trainers arrive in 2024 [@militry';
    const uri = client.open(path.join(ws, 'typing2.md'), text);
    const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
    assert.strictEqual(list.items[0]?.label, 'mexico-president-asks-2023');
  });

  it('offers no completion inside an e-mail address or code', async () => {
    const text = 'Write to desk@edo and `[@edo`';
    const uri = client.open(path.join(ws, 'typing3.md'), text);
    for (const character of [17, text.length - 1]) {
      const r = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character } })) as CompletionList | null;
      assert.ok(!r || r.items.length === 0, `completion at ${character}`);
    }
  });

  it('hovers a citation with the passage at its locator, the figure in bold, and para. N of M', async () => {
    const line = draftText.split('\n').findIndex((l) => l.includes('415 members'));
    const character = draftText.split('\n')[line].indexOf('@edomex') + 3;
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: draftUri }, position: { line, character } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /13 Edomex Officers Killed in Ambush/);
    assert.match(md, /2021-04-01/);
    assert.match(md, /002\\_6a3627dfa4365ca5\.txt/);
    assert.match(md, /\*\*414\*\* members of police institutions/, 'the draft says 415: the 414 of the passage is in bold');
    assert.match(md, /para\. 3 of \d+/);
  });

  it('hovers a wrong figure with the draft sentence and the source sentence, both numbers in bold', async () => {
    const line = draftText.split('\n').findIndex((l) => l.includes('415 members'));
    const character = draftText.split('\n')[line].indexOf('415') + 1;
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: draftUri }, position: { line, character } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /source says 414/);
    assert.match(md, /Draft: .*\*\*415\*\* members of police institutions/);
    assert.match(md, /Source, para\. 3: .*\*\*414\*\* members of police institutions were killed in 2019\./);
  });

  it('hover without a locator shows the passage that best matches the sentence, figure bolded', async () => {
    const text = 'In 2020, 524 police officers were killed [@edomex-officers-killed-2021].';
    const uri = client.open(path.join(ws, 'hover2.md'), text);
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 45 } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*524\*\*/);
    assert.match(md, /para\. 4 of/);
  });

  it('a quick fix inserts the citation and the warning goes away', async () => {
    const ds = await client.waitDiagnostics(draftUri, (d) => d.length > 0);
    const uncited = ds.find((d) => d.code === 'uncited-figure' && msg(d).includes('"524"'))!;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: draftUri },
      range: uncited.range,
      context: { diagnostics: [uncited] },
    })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Cite 13 Edomex Officers Killed in Ambush, para. 4');
    const edits = actions[0].edit!.changes![draftUri];
    const doc = TextDocument.create(draftUri, 'markdown', 1, draftText);
    const fixed = TextDocument.applyEdits(doc, edits);
    assert.ok(fixed.includes('killed across the country [@edomex-officers-killed-2021, para. 4].'), 'inserted before the full stop');
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: draftUri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.waitDiagnostics(draftUri, (d) => !d.some((x) => msg(x).includes('"524"')));
    assert.strictEqual(after.filter((d) => d.code === 'uncited-figure').length, 1);
    draftText = fixed;
  });

  it('quick fixes for a wrong figure and an unknown key', async () => {
    const ds = await client.waitDiagnostics(draftUri, (d) => d.length > 0);
    const mismatch = ds.find((d) => d.code === 'figure-not-in-source')!;
    const unknown = ds.find((d) => d.code === 'unknown-source')!;
    const a1 = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: draftUri }, range: mismatch.range, context: { diagnostics: [mismatch] } })) as CodeAction[];
    assert.strictEqual(a1[0].title, 'Change 415 to 414 (as in source)');
    const a2 = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: draftUri }, range: unknown.range, context: { diagnostics: [unknown] } })) as CodeAction[];
    assert.strictEqual(a2[0].title, 'Replace with @mexico-president-asks-2023');
    assert.strictEqual(a2[0].edit!.changes![draftUri][0].newText, 'mexico-president-asks-2023');
  });

  it('a misquote: error severity, related info at the closest passage, and a fix with the source words', async () => {
    const ds = await client.waitDiagnostics(draftUri, (d) => d.length > 0);
    const mis = ds.find((d) => d.code === 'quote-not-in-source')!;
    assert.strictEqual(mis.severity, 1);
    assert.match(msg(mis), /Misquotation of @edomex-officers-killed-2021 \(para\. \d+\)\. Source says ".*with total force and with the backing/);
    const src = fs.readFileSync(path.join(ws, 'seeds', '002_6a3627dfa4365ca5.txt'), 'utf8').split('\n');
    const rel = mis.relatedInformation![0].location;
    assert.match(src[rel.range.start.line], /total force and with the backing of the law/);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: draftUri }, range: mis.range, context: { diagnostics: [mis] } })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith("Replace the quotation with the source's words"))!;
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(fix.edit!.changes![draftUri][0].newText, /^we will respond with total force and with the backing of the law$/i);
  });

  it('an uncited quotation in the corpus gets a "Cite" fix; an uncertain figure gets "Show the source passage"', async () => {
    const text = [
      'Officials said “we will respond with total force and with the backing of the law” after the ambush.',
      '',
      'Police said 600 officers were killed [@edomex-officers-killed-2021, para. 3].',
    ].join('\n');
    const uri = client.open(path.join(ws, 'quotes.md'), text);
    const ds = await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'uncited-quote'));
    const q = ds.find((d) => d.code === 'uncited-quote')!;
    assert.strictEqual(q.severity, 2);
    assert.match(msg(q), /It is in \[@edomex-officers-killed-2021, para\. \d+\]/);
    const qa = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: q.range, context: { diagnostics: [q] } })) as CodeAction[];
    assert.match(qa[0].title, /^Cite /);
    assert.match(qa[0].edit!.changes![uri][0].newText, /\[@edomex-officers-killed-2021, para\. \d+\]/);
    // 600 "officers were killed": para. 3-4 give 524 and 14 police officers killed, so the alignment is uncertain.
    const f = ds.find((d) => d.code === 'figure-not-in-source')!;
    assert.match(msg(f), /uncertain/);
    assert.strictEqual((f.data as { replacement?: unknown }).replacement, undefined);
    {
      const fa = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: f.range, context: { diagnostics: [f] } })) as CodeAction[];
      const show = fa.find((a) => a.title === 'Show the source passage')!;
      assert.ok(show?.command, fa.map((a) => a.title).join(' | '));
      await client.conn.sendRequest('workspace/executeCommand', show.command);
      await client.waitFor('window/showDocument', () => client.shownDocuments.find((d) => d.uri.endsWith('002_6a3627dfa4365ca5.txt')));
    }
  });

  it('definition opens the source file at the cited passage', async () => {
    const lines = draftText.split('\n');
    const line = lines.findIndex((l) => l.includes('415 members'));
    const loc = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: draftUri }, position: { line, character: lines[line].indexOf('@edomex') + 2 } })) as Location;
    assert.ok(loc.uri.endsWith('seeds/002_6a3627dfa4365ca5.txt'));
    const src = fs.readFileSync(path.join(ws, 'seeds', '002_6a3627dfa4365ca5.txt'), 'utf8').split('\n');
    assert.match(src[loc.range.start.line], /414 members of police institutions/);
  });

  it('references list every citation of the source across the workspace drafts', async () => {
    const lines = draftText.split('\n');
    const line = lines.findIndex((l) => l.includes('415 members'));
    const refs = (await client.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: draftUri },
      position: { line, character: lines[line].indexOf('@edomex') + 2 },
      context: { includeDeclaration: true },
    })) as Location[];
    const files = refs.map((r) => path.basename(r.uri));
    assert.ok(files.filter((f) => f === 'draft.md').length >= 4, files.join(','));
    assert.ok(files.includes('other.md'));
  });

  it('workspace symbols search sources by title', async () => {
    const syms = (await client.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'Cienfuegos' })) as { name: string; containerName?: string }[];
    assert.match(syms[0].name, /Cienfuegos/);
    assert.strictEqual(syms[0].containerName?.split(' ')[0], '@mexico-clears-former-2021');
  });

  it('re-indexes a changed corpus file and re-checks open drafts', async () => {
    const text = 'Officials counted 9,876 checkpoints on the border.';
    const uri = client.open(path.join(ws, 'change.md'), text);
    const first = await client.waitDiagnostics(uri, (d) => d.length === 1);
    assert.match(msg(first[0]), /No source passage/);
    const file = path.join(ws, 'seeds', 'checkpoints.txt');
    fs.writeFileSync(file, 'Border Checkpoints Counted\n\nOfficials counted 9,876 checkpoints along the border in 2022.\n');
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).toString(), type: FileChangeType.Created }] });
    const after = await client.waitDiagnostics(uri, (d) => d.length === 1 && /Stated in/.test(msg(d[0])));
    assert.match(msg(after[0]), /\[@border-checkpoints-counted(-2022)?, para\. 1\]/);
  });

  it('renders source text in hovers as inert, escaped text', async () => {
    const file = path.join(ws, 'seeds', 'hostile.md');
    fs.writeFileSync(
      file,
      '# Hostile Source\n\n[click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code` 4,321 attacks were reported. command:evil.run\n',
    );
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).toString(), type: FileChangeType.Created }] });
    const text = 'There were 4,321 attacks [@hostile-source].';
    const uri = client.open(path.join(ws, 'hostile-draft.md'), text);
    await client.waitDiagnostics(uri, (d) => d.length === 0);
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 30 } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /4,321/);
    assert.doesNotMatch(md, /\]\(command:/);
    assert.doesNotMatch(md, /(^|[^\\])<img/);
    assert.doesNotMatch(md, /(^|[^\\])command:/);
    assert.match(md, /\\\[click me\\\]\\\(command\\:workbench/);
  });
});

describe('language server index cache', function () {
  this.timeout(30000);
  const ready = (c: Client) => c.waitFor('ready', () => c.statuses.find((x) => (x as { state: string }).state === 'ready') as { sources: number; fromCache: boolean } | undefined);

  it('starts warm from .source-linked/, re-indexes only changed files, and rebuilds a corrupt cache', async () => {
    const ws = makeWorkspace();
    let c: Client | undefined;
    try {
      c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
      assert.strictEqual((await ready(c)).fromCache, false);
      const cacheFile = path.join(ws, '.source-linked', CACHE_FILE);
      await c.waitFor('cache written', () => fs.existsSync(cacheFile) || undefined);
      await c.stop();

      fs.writeFileSync(path.join(ws, 'seeds', 'new.txt'), 'Fresh Report on Ports\n\nCustoms seized 7,654 rifles at the ports in 2022.\n');
      const w = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
      c = w;
      const warm = await ready(w);
      assert.strictEqual(warm.fromCache, true);
      // Answers start from the cache; the new file is found when the cache is reconciled with the disk.
      await w.waitFor('the new file indexed on top of the cache', () => w.statuses.find((x) => (x as { sources: number }).sources === 10));
      const uri = c.open(path.join(ws, 'd.md'), 'Customs seized 7,654 rifles.');
      const ds = await c.waitDiagnostics(uri, (d) => d.length === 1);
      assert.match(msg(ds[0]), /Stated in \[@fresh-report-ports, para\. 1\]/);
      await c.stop();

      // A byte of the blocks read at load (the first after the header): the cache is not trusted.
      let buf = fs.readFileSync(cacheFile);
      buf[12 + buf.readUInt32LE(8) + 8] ^= 0x55;
      fs.writeFileSync(cacheFile, buf);
      c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
      const rebuilt = await ready(c);
      assert.strictEqual(rebuilt.fromCache, false, 'a corrupt cache is not trusted');
      assert.strictEqual(rebuilt.sources, 10);
      await c.waitFor('cache rewritten', () => (fs.readFileSync(cacheFile).equals(buf) ? undefined : true));
      await c.stop();
      // A byte of every page of the passage texts (read when first needed, each page checked, cache format 8): the
      // warm start uses the cache; the first passage read refuses its page, and the server re-indexes from the sources.
      buf = fs.readFileSync(cacheFile);
      const textLength = (JSON.parse(buf.subarray(12, 12 + buf.readUInt32LE(8)).toString('utf8')) as { text: { length: number } }).text.length;
      const pages = Math.ceil(textLength / 16384);
      const textAt = buf.length - 28 - 16 * pages - textLength;
      for (let p = 0; p < pages; p++) buf[textAt + p * 16384 + 1] ^= 0x55;
      fs.writeFileSync(cacheFile, buf);
      const t = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
      c = t;
      assert.strictEqual((await ready(t)).fromCache, true, 'the blocks read at load check out');
      const uri1 = t.open(path.join(ws, 'd1.md'), 'Customs seized 7,654 rifles.');
      await t.waitFor('re-indexed without the cache', () => t.statuses.find((x) => (x as { state: string; fromCache: boolean }).state === 'ready' && !(x as { fromCache: boolean }).fromCache));
      const ds1 = await t.waitDiagnostics(uri1, (d) => d.length === 1 && /Stated in/.test(msg(d[0])));
      assert.match(msg(ds1[0]), /fresh-report-ports/);
      await t.stop();
      // A changed source file is re-indexed on top of a warm cache.
      fs.writeFileSync(path.join(ws, 'seeds', 'new.txt'), 'Fresh Report on Ports\n\nCustoms seized 7,655 rifles at the ports in 2022.\n');
      c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
      await ready(c);
      const uri2 = c!.open(path.join(ws, 'd2.md'), 'Customs seized 7,655 rifles.');
      const ds2 = await c!.waitDiagnostics(uri2, (d) => d.length === 1 && /Stated in/.test(msg(d[0])));
      assert.match(msg(ds2[0]), /fresh-report-ports/);
    } finally {
      await c?.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('language server cache location', function () {
  this.timeout(30000);
  it('keeps the cache in the client storage folder when initializationOptions.cacheDir is given', async () => {
    const ws = makeWorkspace();
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-storage-'));
    const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'], cacheDir: storage } });
    try {
      const found = await c.waitFor('cache in storage', () => {
        const sub = fs.readdirSync(storage).find((d) => fs.existsSync(path.join(storage, d, CACHE_FILE)));
        return sub;
      });
      assert.match(found, /^[0-9a-f]{12}$/);
      assert.ok(!fs.existsSync(path.join(ws, '.source-linked')), 'nothing written into the workspace');
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});

describe('language server without a corpus', function () {
  this.timeout(30000);
  it('says so once, naming the setting to change, and completion explains why it is empty', async () => {
    const ws = makeWorkspace(false);
    const client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
    try {
      await client.waitFor('no-corpus message', () => client.messages.find((m) => /sourceLinked\.corpus/.test(m.message)));
      const text = 'In 2020, 524 officers were killed [@';
      const uri = client.open(path.join(ws, 'd.md'), text);
      const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
      assert.strictEqual(list.items.length, 1);
      assert.match((list.items[0].documentation as MarkupContent).value, /sourceLinked\\?\.corpus/);
      assert.strictEqual(client.messages.filter((m) => /sourceLinked\.corpus/.test(m.message)).length, 1);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('takes settings from initializationOptions when the client has no configuration capability', async () => {
    const ws = makeWorkspace(false);
    fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'library'), { recursive: true });
    const client = await startServer({ workspace: ws, settings: { corpus: ['library'] }, configuration: false });
    try {
      const s = await client.waitFor('ready', () => client.statuses.find((x) => (x as { state: string }).state === 'ready') as { sources: number } | undefined);
      assert.strictEqual(s.sources, 9);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
