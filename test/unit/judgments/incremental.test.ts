import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chunkDraft, DraftChecker } from '../../../server/src/core/judgments/incremental';
import { wholeCheck } from '../../helpers/wholeCheck';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';
import { Judgment } from '../../../server/src/core/types';
import { extractFigures } from '../../../server/src/core/figures';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const index = indexOf(AMBUSH, AID, BUDGET);
const view = (js: Judgment[]) => js.map((j) => [j.code, j.start, j.end, j.message]);

describe('incremental checking', () => {
  it('cuts at blank lines but never inside fences, front matter, comments or before indented continuations', () => {
    const text = ['---', 'title: x', '', 'a: 1', '---', '', 'Para one.', '', '```', 'code', '', 'more 524', '```', '', '- item', '', '    continued 25', '', '<!--', '', '-->', '', 'Last.'].join('\n');
    const pieces = chunkDraft(text).map((c) => text.slice(c.start, c.end));
    assert.deepStrictEqual(pieces, ['---\ntitle: x\n\na: 1\n---', 'Para one.', '```\ncode\n\nmore 524\n```', '- item\n\n    continued 25', '<!--\n\n-->', 'Last.']);
  });

  const drafts: [string, string][] = [
    ['the sample draft', fs.readFileSync(path.join(ROOT, 'samples', 'draft.md'), 'utf8')],
    [
      'odd Markdown',
      '# 2.1 Results\n\n1. In 2020, 524 officers died.\n\n   Some 25 suspects were held.\n\n> 415 were killed [@ambush-2021].\n\n```\n524\n```\n\n| a | b |\n|---|---|\n| 524 | [@aid-2021] |\n',
    ],
  ];
  for (const [name, text] of drafts) {
    it(`gives the same judgments as a whole-document check: ${name}`, () => {
      const whole = wholeCheck(text, index, DEFAULT_SETTINGS);
      const inc = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
      assert.deepStrictEqual(view(inc.judgments), view(whole.judgments));
      assert.strictEqual(inc.model.prose.length, text.length);
      assert.deepStrictEqual(inc.model.citations.map((c) => [c.start, c.end]), whole.model.citations.map((c) => [c.start, c.end]));
      assert.deepStrictEqual(
        inc.figures.map((f) => [f.figure.start, f.status]),
        whole.figures.map((f) => [f.figure.start, f.status]),
      );
    });
  }

  it('after a one-character edit, only the edited chunk is checked again', () => {
    const paras = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} says ${100 + i} officers were killed [@ambush-2021].`);
    const checker = new DraftChecker();
    const first = checker.check(paras.join('\n\n'), index, DEFAULT_SETTINGS);
    assert.strictEqual(first.fresh, 50);
    paras[20] = paras[20].replace('120', '524');
    const second = checker.check(paras.join('\n\n'), index, DEFAULT_SETTINGS);
    assert.strictEqual(second.fresh, 1);
    assert.strictEqual(second.judgments.filter((j) => j.code === 'figure-not-in-source').length, 49);
    const whole = wholeCheck(paras.join('\n\n'), index, DEFAULT_SETTINGS);
    assert.deepStrictEqual(view(second.judgments), view(whole.judgments));
  });

  it('re-checks everything when the index changes', () => {
    const checker = new DraftChecker();
    const ix = indexOf(JSON.parse(JSON.stringify(AMBUSH)));
    checker.check('Some 7,777 guards.', ix, DEFAULT_SETTINGS);
    ix.addSources([{ ...JSON.parse(JSON.stringify(AID)), key: 'g', file: '/g.txt', passages: [{ id: -1, n: 1, text: 'There were 7,777 guards.', startLine: 0, endLine: 0, startOffset: 0, figures: extractFigures('There were 7,777 guards.') }] }]);
    const r = checker.check('Some 7,777 guards.', ix, DEFAULT_SETTINGS);
    assert.strictEqual(r.fresh, 1);
    assert.strictEqual(r.judgments[0].suggestions?.[0]?.key, 'g');
  });
});
