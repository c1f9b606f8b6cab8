import * as assert from 'assert';
import { diagnosticCode, validateUrl } from '../../../client/src/textHelpers';
import { escapeHtml, renderBar, renderReportHtml, reportModel } from '../../../client/src/reportHtml';
import type { ReportItem, ReportResult } from '../../../server/src/protocol';

describe('client: Add Source from URL', () => {
  it('accepts only http(s) addresses', () => {
    assert.strictEqual(validateUrl(' https://example.com/a '), undefined);
    assert.strictEqual(validateUrl('http://127.0.0.1:8080/x.pdf'), undefined);
    assert.match(validateUrl('ftp://example.com/a')!, /Only http and https/);
    assert.match(validateUrl('example.com')!, /not a web address/);
    assert.match(validateUrl('')!, /Paste the address/);
  });
});

describe('client: helpers', () => {
  it('escapeHtml escapes markup and quotes', () => {
    assert.strictEqual(escapeHtml(`<img src=x onerror="a('b')">&\``), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;&#96;');
  });
  it('diagnosticCode reads string, number and {value} codes', () => {
    assert.strictEqual(diagnosticCode('uncited-figure'), 'uncited-figure');
    assert.strictEqual(diagnosticCode(3), '3');
    assert.strictEqual(diagnosticCode({ value: 'bad-locator', target: {} }), 'bad-locator');
    assert.strictEqual(diagnosticCode(undefined), undefined);
  });
});

describe('client: report webview HTML', () => {
  const evil = '<script>alert(1)</script>';
  const report: ReportResult = {
    uri: 'file:///d.md',
    figures: 3,
    cited: 1,
    uncited: 1,
    mismatched: 1,
    citations: 2,
    unknownKeys: 0,
    items: [
      { figure: '524', status: 'uncited', line: 2, character: 28, endLine: 2, endCharacter: 31, sentence: evil, keys: [] },
      { figure: '415', status: 'mismatched', line: 4, character: 0, endLine: 4, endCharacter: 3, sentence: 's', message: evil, keys: ['a"b'] },
      { figure: '13', status: 'cited', line: 5, character: 0, endLine: 5, endCharacter: 2, sentence: 's', keys: ['k'] },
    ],
  };
  const html = renderReportHtml(report, { nonce: 'N0nce', cspSource: 'vscode-resource:', title: `${evil}.md` });

  it('has a strict CSP with a nonce for the only script and style', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-N0nce'/);
    assert.match(csp, /style-src 'nonce-N0nce'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, ['<script nonce="N0nce">']);
    assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (blocked by the CSP)');
    assert.doesNotMatch(html, /\son[a-z]+="/i, 'no inline event handlers');
  });

  it('escapes all text from the server', () => {
    assert.ok(!html.includes(evil), 'no raw <script> from user text');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('@a&quot;b'));
  });

  it('shows counts, a proportion bar and one clickable item per figure', () => {
    assert.strictEqual((html.match(/data-index="\d+"/g) ?? []).length, 3);
    assert.match(html, />3<\/span><span class="lbl">Claims checked/);
    const bar = renderBar(reportModel({ ...report, items: [report.items[2], report.items[1], report.items[1], report.items[0]] }));
    assert.match(bar, /class="cited" x="0\.000" y="0" width="25\.000"/);
    assert.match(bar, /class="mismatched" x="25\.000" y="0" width="50\.000"/);
    assert.match(bar, /class="uncited" x="75\.000" y="0" width="25\.000"/);
  });

  describe('report data model (what the webview shows)', () => {
    const item = (status: ReportItem['status'], kind: 'figure' | 'quote' = 'figure'): ReportItem => ({ figure: 'x', status, kind, line: 0, character: 0, endLine: 0, endCharacter: 1, sentence: '', keys: ['k'] });
    // A draft someone else wrote: 1 backed, 2 figures cited to an unknown key, 1 to para. 9 of 4, 1 wrong, 1 misquote, 2 uncited.
    const r: ReportResult = {
      uri: 'file:///d.md',
      figures: 7,
      quotes: 1,
      // The server's summary claims more "cited" than there are: the model must count from the items.
      cited: 6,
      uncited: 2,
      mismatched: 0,
      citations: 5,
      unknownKeys: 1,
      items: [item('cited'), item('unknown-key'), item('unknown-key'), item('bad-locator'), item('mismatched'), item('mismatched', 'quote'), item('uncited'), item('uncited')],
    };
    const m = reportModel(r);
    const card = (s: string) => m.cards.find((c) => c.status === s)!.count;

    it('counts broken citations and disagreeing sources apart from cited ones', () => {
      assert.deepStrictEqual(
        m.cards.map((c) => [c.status, c.count]),
        [['cited', 1], ['mismatched', 2], ['unknown-key', 2], ['bad-locator', 1], ['uncited', 2]],
      );
      assert.strictEqual(card('cited'), 1);
    });
    it('cards and bar add up to the list below them', () => {
      assert.strictEqual(m.total, m.items.length);
      assert.strictEqual(m.cards.reduce((n, c) => n + c.count, 0), m.items.length);
      assert.strictEqual(m.bar.reduce((n, b) => n + b.count, 0), m.items.length);
      assert.ok(Math.abs(m.bar.reduce((n, b) => n + b.width, 0) - 100) < 1e-9);
      assert.strictEqual(m.bar.find((b) => b.status === 'cited')!.width, 12.5);
      assert.deepStrictEqual(m.groups, { wrong: 2, broken: 3, uncited: 2, cited: 1 });
    });
    it('lists quotations with their own state label, and renders each state with its colour class', () => {
      assert.strictEqual(m.items[5].label, 'Misquoted');
      assert.strictEqual(m.items[4].label, 'Wrong figure');
      const h = renderReportHtml(r, { nonce: 'n', cspSource: 'x', title: 't', filter: 'wrong' });
      for (const cls of ['cited', 'mismatched', 'unknown-key', 'bad-locator', 'uncited']) assert.match(h, new RegExp(`<rect class="${cls}"`));
      assert.match(h, /<option value="wrong" selected>Wrong \(2\)<\/option>/);
      assert.match(h, /<option value="broken">Broken citations \(3\)<\/option>/);
      assert.strictEqual((h.match(/<li data-status="unknown-key" data-group="broken"/g) ?? []).length, 2);
    });
  });

  it('renders an error safely', () => {
    const h = renderReportHtml(undefined, { nonce: 'n', cspSource: 'x', title: 't', error: evil });
    assert.ok(!h.includes(evil));
  });
});
