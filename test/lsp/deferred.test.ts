/**
 * Issue 9 over stdio: the server checks a long draft's paragraphs past its first 1,000 judgments
 * only as far as counting them, and in full when something reads them. The client must see what an
 * eager check gives: the first 1,000 diagnostics and the total, a hover at the end of the draft, and
 * the citation report of every claim.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { withSeedsServer } from './harness';
import { loadIndex } from '../../server/src/core/indexLoad';
import { DraftChecker } from '../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { provideDiagnostics } from '../../server/src/features/diagnostics';
import { ReportRequest, ReportResult } from '../../server/src/protocol';
import { heavyQuotes } from '../bench/stress';

describe('language server: a long draft\'s paragraphs past the first diagnostics are checked when read (issue 9)', function () {
  this.timeout(120000);
  it('publishes the eager diagnostics and total, hovers at the end, and reports every claim as an eager check does', async () => {
    await withSeedsServer(async (c, ws) => {
      const text = heavyQuotes(800000); // past the size checked in one go, about 24,000 judgments
      const { index } = await loadIndex(['seeds'], ws);
      const eager = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
      assert.ok(eager.judgmentCount > 3000, `${eager.judgmentCount} judgments`);
      const doc = TextDocument.create('file:///x.md', 'markdown', 1, text);
      const expected = provideDiagnostics(doc, eager, { relatedInformation: true });

      const uri = c.open(path.join(ws, 'long.md'), text);
      // First the first 1,000 with the rest still being counted, then the total.
      const first = await c.waitDiagnostics(uri, () => true, 110000);
      assert.strictEqual(first.length, 1001);
      assert.match(String(first[1000].message), /first 1,000 (problems in this draft \(counting the rest\)|of [0-9,]+ problems)/);
      const got = await c.waitDiagnostics(uri, (ds) => / of [0-9,]+ problems/.test(String(ds[ds.length - 1]?.message)), 110000);
      const visible = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.range, d.message, (d.relatedInformation ?? []).map((r) => [r.location.range, r.message])]);
      assert.strictEqual(got.length, 1001);
      assert.match(String(got[1000].message), new RegExp(`first 1,000 of ${eager.judgmentCount.toLocaleString('en-US')} problems`));
      assert.deepStrictEqual(visible(got), visible(expected));

      // A hover on the last paragraph's figure reads that paragraph's judgment (checked on demand).
      const last = eager.judgments.filter((j) => j.code === 'figure-not-in-source').pop()!;
      const pos = doc.positionAt(last.start + 1);
      const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos })) as Hover | null;
      const md = hover ? (hover.contents as MarkupContent).value : '';
      assert.ok(md.includes(`**${last.figure!.text}**`), md.slice(0, 400));

      // The report reads every judgment: the same items and messages as the eager analysis. The
      // waiting paragraphs are checked in time slices, so a completion in another draft asked just
      // after the report is answered before it.
      const small = 'In 2020, 524 police officers were killed [@';
      const smallUri = c.open(path.join(ws, 'small.md'), small);
      const complete = () => c.conn.sendRequest('textDocument/completion', { textDocument: { uri: smallUri }, position: { line: 0, character: small.length } });
      await complete();
      let reportedAt = 0;
      let completedAt = 0;
      const asked = c.conn.sendRequest(ReportRequest, { uri }).then((r) => ((reportedAt = performance.now()), r));
      await complete().then(() => (completedAt = performance.now()));
      const report = (await asked) as ReportResult;
      assert.ok(completedAt < reportedAt, `completion answered ${(completedAt - reportedAt).toFixed(0)} ms relative to the report`);
      assert.strictEqual(report.items.length, eager.figures.length + eager.quotes.length);
      assert.strictEqual(report.mismatched, eager.figures.filter((f) => f.status === 'mismatched').length + eager.quotes.filter((q) => q.status === 'mismatched').length);
      const messages = new Map(eager.judgments.map((j) => [`${j.start}:${j.end}`, j.message]));
      const tail = report.items.slice(-30);
      for (const item of tail) {
        const start = doc.offsetAt({ line: item.line, character: item.character });
        const end = doc.offsetAt({ line: item.endLine, character: item.endCharacter });
        assert.strictEqual(item.message, messages.get(`${start}:${end}`), `item at ${item.line}:${item.character}`);
      }
    }, { prefix: 'sl-deferred-' });
  });
});
