/**
 * Issue 9: lines ending in a bare CR were mis-numbered by LineIndex (it split on \n only),
 * so diagnostics landed outside their line. LSP treats \r, \n and \r\n all as line ends.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../server/src/core/text/lines';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { provideDiagnostics } from '../../../server/src/features/diagnostics';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { indexOf, AMBUSH } from '../../helpers/fixtures';

describe('hostile input: line ends (issue 9)', () => {
  it('numbers a bare-CR draft like LSP: the repro lands on line 1, inside the line', () => {
    const text = 'First line\rSecond 415 [@nope]\r';
    const li = new LineIndex(text);
    const at = text.indexOf('@nope');
    assert.deepStrictEqual(li.positionAt(at), { line: 1, character: 12 });
    assert.strictEqual(li.lineCount, 3);
    assert.strictEqual(li.offsetAt(1, 1000), text.length - 1, 'a line ends before its CR');
  });

  it('diagnostics of the repro lie inside their line (server path)', () => {
    const text = 'First line\rSecond 415 [@nope]\r';
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    const check = new DraftChecker().check(text, indexOf(AMBUSH), DEFAULT_SETTINGS);
    const diags = provideDiagnostics(doc, check, { relatedInformation: false });
    assert.ok(diags.length > 0);
    const lines = text.split(/\r\n|\r|\n/);
    for (const d of diags) {
      assert.ok(d.range.end.line < lines.length, JSON.stringify(d.range));
      assert.ok(d.range.end.character <= lines[d.range.end.line].length, `${JSON.stringify(d.range)} on a ${lines[d.range.end.line].length}-character line`);
    }
  });

  it('agrees with the LSP reference (TextDocument) on every offset of mixed CR/LF/CRLF text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\r', '\n', '\r\n', 'é', '😀'), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const li = new LineIndex(text);
        const doc = TextDocument.create('file:///x', 'markdown', 1, text);
        assert.strictEqual(li.lineCount, doc.lineCount);
        for (let o = 0; o <= text.length; o++) assert.deepStrictEqual(li.positionAt(o), doc.positionAt(o), `offset ${o}`);
        for (let l = 0; l < doc.lineCount; l++) for (const ch of [0, 1, 3, 100]) assert.strictEqual(li.offsetAt(l, ch), doc.offsetAt({ line: l, character: ch }), `line ${l} char ${ch}`);
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('finds line starts on demand: any order of questions gets the reference answers', () => {
    const piece = fc.constantFrom('a', 'b', '\r', '\n', '\r\n', 'é');
    const ask = fc.oneof(fc.record({ offset: fc.nat(60) }), fc.record({ line: fc.nat(30), character: fc.nat(5) }), fc.constant('count' as const));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }), fc.array(ask, { maxLength: 12 }), (parts, asks) => {
        const text = parts.join('');
        const li = new LineIndex(text);
        const doc = TextDocument.create('file:///x', 'markdown', 1, text);
        for (const q of asks) {
          if (q === 'count') assert.strictEqual(li.lineCount, doc.lineCount);
          else if ('offset' in q) assert.deepStrictEqual(li.positionAt(q.offset), doc.positionAt(q.offset), `offset ${q.offset}`);
          else assert.strictEqual(li.offsetAt(q.line, q.character), doc.offsetAt({ line: q.line, character: q.character }), `line ${q.line}`);
        }
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('answers a position on the first line of a long text without reading past it', () => {
    const text = 'Title line\n' + 'x'.repeat(1000) + '\n';
    const li = new LineIndex(text);
    assert.deepStrictEqual(li.positionAt(3), { line: 0, character: 3 });
    assert.ok((li as unknown as { scanned: number }).scanned <= 12, 'scanned past the first line start');
    assert.strictEqual(li.lineCount, 3);
  });
});
