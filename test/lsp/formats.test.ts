/** The language server over stdio with HTML and PDF sources: diagnostics, completion, hover, quick fix, definition/page view, add from URL. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, CodeActionRequest, CompletionItem, CompletionList, CompletionRequest, CompletionResolveRequest, DefinitionRequest, Diagnostic, Hover, HoverRequest, Location, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DOCX_KEY, fetchRoutes, formatsWorkspace, FORMATS_DRAFT, HTML_KEY, localServer, PDF_KEY } from '../helpers/formatsCorpus';
import { Client, startServer, waitReady } from './harness';

const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server with HTML, PDF and Word sources', function () {
  this.timeout(30000);
  let ws: string;
  let client: Client;
  let draftUri: string;
  const lines = FORMATS_DRAFT.split('\n');
  const pos = (line: number, needle: string, delta = 0) => ({ line, character: lines[line].indexOf(needle) + delta });

  before(async () => {
    ws = await formatsWorkspace();
    client = await startServer({ workspace: ws, settings: { corpus: ['sources'], virtualDocuments: true } });
    await waitReady(client);
    draftUri = client.open(path.join(ws, 'draft.md'), FORMATS_DRAFT);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('lists the scanned and encrypted PDFs as skipped, with reasons', () => {
    const s = client.statuses.find((x) => (x as { state: string }).state === 'ready') as { sources: number; skipped: { file: string; reason: string }[] };
    assert.strictEqual(s.sources, 3);
    assert.deepStrictEqual(s.skipped.map((x) => [x.file, x.reason]).sort(), [
      [path.join('sources', 'locked.pdf'), 'encrypted PDF that needs a password'],
      [path.join('sources', 'scan.pdf'), 'no text layer (a scanned PDF?); OCR is not supported'],
    ]);
  });

  it('diagnostics: wrong page, wrong figure and page 90 of 4 on the PDF; a wrong figure on the web page and in the Word file', async () => {
    const ds = await client.waitDiagnostics(draftUri, (d) => d.length > 0);
    const doc = TextDocument.create(draftUri, 'markdown', 1, FORMATS_DRAFT);
    assert.deepStrictEqual(
      ds.map((d) => [d.range.start.line, d.code, doc.getText(d.range)]),
      [
        [4, 'figure-not-in-source', '34,515'],
        [6, 'figure-not-in-source', '525'],
        [8, 'bad-locator', 'p. 90'],
        [12, 'figure-not-in-source', '1.5 billion pesos'],
        [16, 'figure-not-in-source', '3,540'],
      ],
    );
    assert.strictEqual(msg(ds[2]), `p. 90 is out of range: @${PDF_KEY} has 4 pages.`);
    // Related information of a PDF passage opens its page view (not the binary PDF) at the passage.
    const rel = ds[1].relatedInformation![0];
    assert.match(rel.location.uri, /^source-linked:\/report\.pdf%20\(p\.%203%20of%204\)\?src=[\w-]+&page=3$/);
    assert.match(rel.message, /^Organized Crime and Violence in Mexico, p\. 3: "At least 524 police officers/);
    const view = (await client.conn.sendRequest('sourceLinked/pageView', { uri: rel.location.uri })) as { text: string };
    assert.ok(view.text.split('\n')[rel.location.range.start.line].includes('At least 524 police officers'));
    // A web page's related information stays a file location.
    assert.ok(ds[3].relatedInformation![0].location.uri.startsWith('file://'));
  });

  // The whole loop per format: completion, hover, a right figure, a bad locator.
  const loops = [
    { name: 'PDF', key: PDF_KEY, sentence: 'At least 524 police officers were killed in 2020', first: `${PDF_KEY}, p. 3`, bold: '**524**', bad: 'p. 9', badMsg: `p. 9 is out of range: @${PDF_KEY} has 4 pages.` },
    { name: 'HTML', key: HTML_KEY, sentence: 'The state spent 1.4 billion pesos on the new patrols', first: `${HTML_KEY}, para. 2`, bold: '**1\\.4 billion pesos**' /* Markdown-escaped */, bad: 'para. 40', badMsg: `para. 40 is out of range: @${HTML_KEY} has 10 paragraphs.` },
    { name: 'Word', key: DOCX_KEY, sentence: 'The briefing says 3,450 troops were deployed to the border', first: `${DOCX_KEY}, para. 1`, bold: '**3,450**', bad: 'para. 9', badMsg: `para. 9 is out of range: @${DOCX_KEY} has 3 paragraphs.` },
  ];
  for (const f of loops) {
    it(`${f.name} source: completion, hover, a backed figure and a bad locator`, async () => {
      const typing = `${f.sentence} [@`;
      const u1 = client.open(path.join(ws, `loop-${f.name}-1.md`), typing);
      const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u1 }, position: { line: 0, character: typing.length } })) as CompletionList;
      assert.strictEqual(list.items[0].label, f.first);
      const text = `${f.sentence} [@${f.key}]. See also [@${f.key}, ${f.bad}].`;
      const u2 = client.open(path.join(ws, `loop-${f.name}-2.md`), text);
      const ds = await client.waitDiagnostics(u2, (d) => d.length > 0);
      assert.deepStrictEqual(ds.map((d) => [d.code, msg(d)]), [['bad-locator', f.badMsg]]);
      const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u2 }, position: { line: 0, character: text.indexOf('@') + 2 } })) as Hover;
      assert.ok((hover.contents as MarkupContent).value.includes(f.bold), (hover.contents as MarkupContent).value);
    });
  }

  it('completion offers "key, p. N" for the PDF passage that states the figure', async () => {
    const text = 'At least 524 police officers were killed in 2020 [@';
    const uri = client.open(path.join(ws, 'typing.md'), text);
    const list = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionList;
    assert.strictEqual(list.items[0].label, `${PDF_KEY}, p. 3`);
    // No "]" on the line yet: the item completes the brackets, so the cursor ends after it (issue 15).
    assert.strictEqual(list.items[0].textEdit && 'newText' in list.items[0].textEdit ? list.items[0].textEdit.newText : '', `${PDF_KEY}, p. 3]`);
    const resolved = (await client.conn.sendRequest(CompletionResolveRequest.type, list.items[0])) as CompletionItem;
    assert.match((resolved.documentation as MarkupContent).value, /p\. 3 of 4/);
  });

  it('hover on a page citation shows the passage on that page, figure in bold, "p. 3 of 4"', async () => {
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: draftUri }, position: pos(0, '@organized', 3) })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Organized Crime and Violence in Mexico/);
    assert.match(md, /report\.pdf, 4 pages/);
    assert.match(md, /At least \*\*524\*\* police officers/);
    assert.match(md, /\*p\. 3 of 4\*/);
    assert.ok(!md.includes('Guanajuato'), 'only the cited page');
  });

  it('hover on para. of a PDF says paragraphs count across the whole PDF', async () => {
    const text = `Police killings rose to 524 in 2020 [@${PDF_KEY}, para. 5].`;
    const uri = client.open(path.join(ws, 'para.md'), text);
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: text.indexOf('@') + 3 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /para\. 5 of 8, counted across the whole PDF \\?\(p\. 3 of 4\\?\)/);
  });

  it('hover on a web-page citation shows its passage', async () => {
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: draftUri }, position: pos(10, '@homicides', 3) })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Homicides in Jalisco fell \*\*12%\*\* in 2020/);
    assert.match(md, /Ana Ruiz, Tom Beck/);
  });

  it('the quick fix for an uncited figure cites the PDF page', async () => {
    const text = 'Guanajuato recorded 4,490 homicides.';
    const uri = client.open(path.join(ws, 'fix.md'), text);
    const [d] = await client.waitDiagnostics(uri, (ds) => ds.length === 1);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Cite Organized Crime and Violence in Mexico, p. 2');
    assert.strictEqual(actions[0].edit!.changes![uri][0].newText, ` [@${PDF_KEY}, p. 2]`);
  });

  it('definition on a PDF citation opens a read-only page view at the passage', async () => {
    const loc = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: draftUri }, position: pos(0, '@organized', 3) })) as Location;
    assert.match(loc.uri, /^source-linked:\/report\.pdf%20\(p\.%203%20of%204\)\?src=[\w-]+&page=3$/);
    const view = (await client.conn.sendRequest('sourceLinked/pageView', { uri: loc.uri })) as { text: string };
    const viewLines = view.text.split('\n');
    assert.match(viewLines[0], /^Organized Crime and Violence in Mexico — p\. 3 of 4/);
    assert.ok(viewLines[loc.range.start.line].startsWith('At least 524 police officers'), viewLines[loc.range.start.line]);
    // VS Code sends the URI back with its query percent-encoded: the same view must come back.
    const encoded = loc.uri.replace(/\?(.*)$/, (_m, q: string) => '?' + encodeURIComponent(q));
    assert.notStrictEqual(encoded, loc.uri);
    const again = (await client.conn.sendRequest('sourceLinked/pageView', { uri: encoded })) as { text: string };
    assert.strictEqual(again.text, view.text);
  });

  it('definition on a web-page citation opens the HTML file near the passage', async () => {
    const loc = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: draftUri }, position: pos(10, '@homicides', 3) })) as Location;
    assert.ok(loc.uri.endsWith('/sources/page.html'));
  });

  it('sourceLinked/addSource fetches from a local server, saves into the corpus folder and indexes it at once', async () => {
    const server = await localServer(await fetchRoutes());
    try {
      fs.rmSync(path.join(ws, 'sources', 'page.html')); // so the captured copy keeps the plain key
      const added = (await client.conn.sendRequest('sourceLinked/addSource', { url: server.url + '/article' })) as { file: string; key: string; format: string };
      assert.strictEqual(added.file, path.join(ws, 'sources', `${HTML_KEY}.md`));
      assert.strictEqual(added.format, 'md');
      assert.ok(added.key.startsWith(HTML_KEY), added.key);
      // The saved source is not a draft: opened in the editor, it gets no diagnostics.
      const sourceUri = client.open(added.file, fs.readFileSync(added.file, 'utf8'));
      assert.deepStrictEqual(await client.waitDiagnostics(sourceUri, () => true), []);
      const text = `Homicides in Jalisco fell 12% in 2020 [@${added.key}].`;
      const uri = client.open(path.join(ws, 'captured.md'), text);
      await client.waitDiagnostics(uri, (d) => d.length === 0);
      await assert.rejects(client.conn.sendRequest('sourceLinked/addSource', { url: server.url + '/image' }), /The URL returned image\/png, not a web page \(HTML\) or a PDF\./);
    } finally {
      await server.close();
    }
  });
});
