/** Cases the fuzz suite found (issue 9): an incremental check must equal a fresh one. */
import * as assert from 'assert';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { wholeCheck } from '../../helpers/wholeCheck';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { splitChunks } from '../../../server/src/core/parse/draft';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

const view = (js: { code: string; start: number; end: number }[]) => js.map((j) => `${j.code}|${j.start}|${j.end}`);
const same = (text: string, index = indexOf(AMBUSH, AID, BUDGET)) => {
  const fresh = wholeCheck(text, index, DEFAULT_SETTINGS);
  assert.deepStrictEqual(view(new DraftChecker().check(text, index, DEFAULT_SETTINGS).judgments), view(fresh.judgments));
  return fresh.judgments;
};

describe('fuzz regressions (issue 9)', () => {
  it('a chunk that starts with a BOM mid-document parses as in the whole document (not as a document start)', () => {
    const js = same('\n\uFEFF~~~[-@aid-2024]', new CorpusIndex());
    assert.deepStrictEqual(js.map((j) => j.code), ['unknown-source']);
  });

  it('a fence opened on a bare-CR line is not split into chunks', () => {
    const text = '~~~ info\r\r[@nope-2020] 415\r\r~~~\r\rAfter 524 [@nope-2021].';
    assert.deepStrictEqual(splitChunks(text), [0, text.indexOf('After')]);
    same(text);
  });

  it('a fence whose info string holds U+2028 is seen as a fence when cutting chunks', () => {
    const text = '~~~]\u2028U.S.\t\r\r_[@ambush-2021, para. 3] 415';
    assert.deepStrictEqual(splitChunks(text), [0]);
    same(text, new CorpusIndex());
  });

  it('a block quotation ends at its last non-blank character, however the draft was cut', () => {
    const js = same('>>>> "thirteen officers were killed in an ambush"](http://x.org))414**# \n', indexOf(AMBUSH));
    const q = js.find((j) => j.code === 'uncited-quote');
    assert.ok(q, 'the block quotation is reported');
  });

  it('a figure or a date never spans a blank line', () => {
    assert.deepStrictEqual(same('In 2020 about 60 to 70\n\npercent were there.').map((j) => j.code), ['uncited-figure']);
    assert.deepStrictEqual(same('ce99 out of 26\n\nMarch 2021').map((j) => j.code), ['uncited-figure']);
  });

  it('chunks are trimmed only of Markdown blanks (NBSP and BOM are text)', () => {
    same('\uFEFFp[see @b*udget-2021, p. 2; @aid-2021]\uFEFF');
  });
});
