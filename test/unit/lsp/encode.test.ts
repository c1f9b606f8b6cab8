import * as assert from 'assert';
import * as fc from 'fast-check';
import { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { provideDiagnostics } from '../../../server/src/features/diagnostics';
import { PassThrough } from 'stream';
import { encodeMessage, groupDiagnostics, StdioMessageWriter } from '../../../server/src/lsp/encode';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

/** What vscode-jsonrpc's own encoder writes. */
const plain = (msg: object) => Buffer.from(JSON.stringify(msg, undefined, 0), 'utf-8');
const publish = (uri: string, version: number, diagnostics: Diagnostic[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } });

const PARAGRAPHS = [
  'In 2020, 524 police officers were killed.',
  'Thirteen officers died in the ambush [@ambush-2021, para. 1].',
  'The budget grew by 4.5 percent “in real terms” [@budget-2021].',
  'Aid of 4 billion dollars was discussed [@nobody-2020].',
  'He said "the officers were ambushed" at night.',
  'Café prices rose 12% — ¿por qué? [@aid-2021, para. 2].',
  '# Heading with 3 figures, 7 and 9',
  'Plain prose without figures.',
];

describe('lsp/encode: the stdio encoder', () => {
  const index = indexOf(AMBUSH, AID, BUDGET);

  it('writes the same bytes as JSON.stringify for a draft, and again after an edit (chunks reused)', () => {
    const text = PARAGRAPHS.join('\n\n') + '\n';
    const checker = new DraftChecker();
    let doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    const first = provideDiagnostics(doc, checker.check(text, index, DEFAULT_SETTINGS), { relatedInformation: true });
    assert.ok(first.length >= 4, `diagnostics: ${first.length}`);
    assert.deepStrictEqual(encodeMessage(publish(doc.uri, 1, first), 'utf-8'), plain(publish(doc.uri, 1, first)));
    doc = TextDocument.update(doc, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }], 2);
    const second = provideDiagnostics(doc, checker.check(doc.getText(), index, DEFAULT_SETTINGS), { relatedInformation: true });
    // Unchanged paragraphs keep their Diagnostic objects (and so their encoded bytes).
    assert.ok(second.some((d) => first.includes(d)), 'some diagnostics reused');
    assert.deepStrictEqual(encodeMessage(publish(doc.uri, 2, second), 'utf-8'), plain(publish(doc.uri, 2, second)));
  });

  it('handles lists that cut, filter or add to a chunk’s group, and other messages', async () => {
    const a: Diagnostic[] = [0, 1, 2].map((i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } }, message: `a${i} “é”`, source: 's' }));
    const b: Diagnostic[] = [0, 1].map((i) => ({ range: { start: { line: 9 + i, character: 0 }, end: { line: 9, character: 2 } }, message: `b${i}`, data: { k: [i] } }));
    groupDiagnostics(a);
    groupDiagnostics(b);
    const extra: Diagnostic = { range: a[0].range, message: 'extra' };
    for (const list of [[...a, ...b], a.slice(0, 2), [extra, ...a, ...b.slice(1)], [a[1], a[2], b[0]], [b[0], a[0], a[1], a[2]], [], [...b, ...b]]) {
      const msg = publish('file:///x.md', 3, list);
      assert.deepStrictEqual(encodeMessage(msg, 'utf-8'), plain(msg));
    }
    const others = [
      { jsonrpc: '2.0', id: 1, result: { contents: 'x' } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.md', diagnostics: 'odd' } },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: '\u0000source-linked-diagnostics\u0000' } },
      publish('file:///\u0000source-linked-diagnostics\u0000.md', 1, a),
    ];
    for (const msg of others) assert.deepStrictEqual(encodeMessage(msg as never, 'utf-8'), plain(msg));
  });

  it('the stdio writer frames each message as vscode-jsonrpc does, in order', async () => {
    const out = new PassThrough();
    const got: Buffer[] = [];
    out.on('data', (b: Buffer) => got.push(b));
    const writer = new StdioMessageWriter(out);
    const a: Diagnostic[] = [0, 1].map((i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } }, message: `“${i}”` }));
    groupDiagnostics(a);
    const msgs = [publish('file:///a.md', 1, a), { jsonrpc: '2.0', id: 7, result: null }, publish('file:///a.md', 2, [...a, { ...a[0] }])];
    await Promise.all(msgs.map((m) => writer.write(m as never)));
    const expected = Buffer.concat(msgs.flatMap((m) => [Buffer.from(`Content-Length: ${plain(m).byteLength}\r\n\r\n`, 'ascii'), plain(m)]));
    assert.deepStrictEqual(Buffer.concat(got), expected);
  });

  it('property: random drafts and edits encode exactly as JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PARAGRAPHS), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ para: fc.nat(), text: fc.constantFrom('x', '', '\n', '\n\n', 'In 1999 ', '5 ') }), { maxLength: 5 }),
        (paras, edits) => {
          const checker = new DraftChecker();
          let doc = TextDocument.create('file:///p.md', 'markdown', 1, paras.join('\n\n') + '\n');
          const check = () => {
            const list = provideDiagnostics(doc, checker.check(doc.getText(), index, DEFAULT_SETTINGS), { relatedInformation: true, max: 6 });
            const msg = publish(doc.uri, doc.version, list);
            assert.deepStrictEqual(encodeMessage(msg, 'utf-8'), plain(msg));
          };
          check();
          for (const e of edits) {
            const line = e.para % doc.lineCount;
            doc = TextDocument.update(doc, [{ range: { start: { line, character: 0 }, end: { line, character: e.text ? 0 : 1 } }, text: e.text }], doc.version + 1);
            check();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
