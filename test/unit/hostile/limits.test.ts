/**
 * Issue 9: deep nesting overflowed the stack (2,500 `>`: "Maximum call stack size
 * exceeded"), 500 nested list levels took seconds, and a draft of any size was parsed.
 * Past a documented limit a block is not parsed and says so; the rest is still checked.
 */
import * as assert from 'assert';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { blockTooComplex, MAX_DRAFT_CHARS, MAX_NESTING } from '../../../server/src/core/parse/limits';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { wholeCheck } from '../../helpers/wholeCheck';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { AMBUSH, indexOf } from '../../helpers/fixtures';

const index = indexOf(AMBUSH);
const view = (js: { code: string; start: number; end: number; message: string }[]) => js.map((j) => [j.code, j.start, j.end, j.message]);

describe('hostile input: nesting and size limits (issue 9)', () => {
  it('2,500 `>` on one line: no stack overflow, a not-checked judgment, and the next paragraph is still checked', () => {
    const deep = '>'.repeat(2500) + ' 415 were killed.';
    const text = `${deep}\n\nIn 2020, 524 police officers were killed [@nope-2020].\n`;
    const res = wholeCheck(text, index, DEFAULT_SETTINGS);
    const codes = res.judgments.map((j) => j.code);
    assert.deepStrictEqual(codes.sort(), ['not-checked', 'unknown-source']);
    const nc = res.judgments.find((j) => j.code === 'not-checked')!;
    assert.strictEqual(nc.start, 0);
    assert.strictEqual(nc.end, deep.length);
    assert.match(nc.message, /more than 32 levels/);
    assert.deepStrictEqual(view(new DraftChecker().check(text, index, DEFAULT_SETTINGS).judgments), view(res.judgments), 'incremental equals fresh');
  });

  it('500 nested list levels are not parsed; 20 levels are', () => {
    const nested = (n: number) => Array.from({ length: n }, (_, i) => ' '.repeat(i * 2) + `- item with 41${i} people`).join('\n');
    assert.match(blockTooComplex(nested(200))!, /levels deep/);
    assert.match(blockTooComplex(nested(500))!, /levels deep|without a blank line/);
    assert.strictEqual(blockTooComplex(nested(MAX_NESTING / 2)), undefined);
    const m = parseDraft(nested(500));
    assert.strictEqual(m.blocks.length, 0);
    assert.strictEqual(m.unchecked!.length, 1);
    assert.ok(parseDraft(nested(20)).blocks.length >= 20, 'ordinary nesting is parsed as before');
  });

  it('emphasis and bracket floods in one paragraph are not parsed (the parser is quadratic there)', () => {
    assert.match(blockTooComplex('*a '.repeat(3000) + 'x' + '*'.repeat(3000))!, /emphasis markers/);
    assert.match(blockTooComplex('[a'.repeat(3000) + ']'.repeat(3000) + '(u)')!, /brackets/);
    // but a long list, one citation per item, is fine: each item is its own paragraph
    assert.strictEqual(blockTooComplex(Array.from({ length: 3000 }, (_, i) => `- item *${i}* [@a-2020]`).join('\n')), undefined);
  });

  it('a draft over 5 MB gets one "too large to check" judgment and is not parsed', () => {
    const para = 'In 2020, 524 police officers were killed [@nope-2020].\n\n';
    const text = 'Title line\n\n' + para.repeat(Math.ceil(MAX_DRAFT_CHARS / para.length) + 10);
    for (const res of [wholeCheck(text, index, DEFAULT_SETTINGS), new DraftChecker().check(text, index, DEFAULT_SETTINGS)]) {
      assert.strictEqual(res.judgments.length, 1);
      const [j] = res.judgments;
      assert.strictEqual(j.code, 'not-checked');
      assert.deepStrictEqual([j.start, j.end], [0, 'Title line'.length]);
      assert.match(j.message, /too large to check: 5\.0 MB, over the 5 MB limit/);
    }
  });
});

describe('hostile input: diagnostics cap (issue 9)', () => {
  it('publishes at most MAX_DIAGNOSTICS, then one note with the total', async () => {
    const { provideDiagnostics, MAX_DIAGNOSTICS } = await import('../../../server/src/features/diagnostics.js');
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says ${100 + i} and ${200 + i} and ${300 + i}.`).join('\n\n');
    const doc = TextDocument.create('file:///c.md', 'markdown', 1, text);
    const check = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
    assert.strictEqual(check.judgments.length, 90);
    const ds = provideDiagnostics(doc, check, { relatedInformation: false, max: 50 });
    assert.strictEqual(ds.length, 51);
    assert.strictEqual(ds[50].code, 'too-many-problems');
    assert.match(String(ds[50].message), /first 50 of 90 problems/);
    assert.strictEqual(provideDiagnostics(doc, check, { relatedInformation: false }).length, 90, `under the default cap of ${MAX_DIAGNOSTICS}`);
  });
});

describe('incremental checker memory (issue 9)', () => {
  it('keeps parsed chunks across an index change and re-runs only the checks', () => {
    const ix = indexOf(AMBUSH);
    const checker = new DraftChecker();
    const text = 'In 2020, 524 police officers were killed [@aid-2021].\n\nA second paragraph with 25 suspects.\n';
    const a = checker.check(text, ix, DEFAULT_SETTINGS);
    assert.deepStrictEqual(a.judgments.map((j) => j.code).sort(), ['uncited-figure', 'unknown-source']);
    const { AID } = require('../../helpers/fixtures') as typeof import('../../helpers/fixtures');
    ix.addSources([JSON.parse(JSON.stringify(AID))]);
    const b = checker.check(text, ix, DEFAULT_SETTINGS);
    assert.strictEqual(b.fresh, 2, 'both chunks checked again against the new index');
    assert.strictEqual(b.parts[0].res.model.blocks, a.parts[0].res.model.blocks, 'without parsing them again (the parsed chunk is reused)');
    assert.ok(!b.judgments.some((j) => j.code === 'unknown-source'), 'the new source is known');
    assert.deepStrictEqual(view(b.judgments), view(wholeCheck(text, ix, DEFAULT_SETTINGS).judgments));
  });
});
