import * as assert from 'assert';
import { checkText } from '../../../server/src/core/judgments/draftCheck';
import { DEFAULT_SETTINGS, resolveSettings } from '../../../server/src/core/settings';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';
import { Judgment } from '../../../server/src/core/types';

const index = indexOf(AMBUSH, AID, BUDGET);
const codes = (js: Judgment[]) => js.map((j) => j.code);
const check = (text: string, settings = DEFAULT_SETTINGS) => checkText(text, index, settings);

describe('judgments', () => {
  describe('uncited-figure', () => {
    it('flags a figure whose sentence has no citation, at the figure', () => {
      const text = 'In 2020, 524 police officers were killed across the country.';
      const { judgments } = check(text);
      assert.deepStrictEqual(codes(judgments), ['uncited-figure']);
      const j = judgments[0];
      assert.strictEqual(text.slice(j.start, j.end), '524');
      assert.strictEqual(j.severity, 'warning');
    });
    it('suggests the passages that state the figure in context; one sharing only the number and a word is not offered', () => {
      const { judgments } = check('In 2020, 524 police officers were killed across the country.');
      const s = judgments[0].suggestions!;
      // budget-2021 para. 2 ("524 arrests") shares the number and "police" only.
      assert.deepStrictEqual(s.map((x) => [x.key, x.locator]), [['ambush-2021', 'para. 4']]);
    });
    it('offers no suggestion when no passage states the figure, and says so', () => {
      const { judgments } = check('Officials counted 9,999 checkpoints.');
      assert.deepStrictEqual(codes(judgments), ['uncited-figure']);
      assert.deepStrictEqual(judgments[0].suggestions, []);
      assert.match(judgments[0].message, /No source passage/);
    });
    it('a citation after the full stop covers the sentence before it', () => {
      const { judgments } = check('In 2020, 524 police officers were killed. [@ambush-2021]');
      assert.deepStrictEqual(codes(judgments), []);
    });
    it('scope: a citation elsewhere in the paragraph covers a figure only with citationScope paragraph', () => {
      const text = 'Some 25 suspects were detained. The attack was condemned [@ambush-2021].';
      assert.deepStrictEqual(codes(check(text).judgments), ['uncited-figure']);
      assert.deepStrictEqual(codes(check(text, resolveSettings({ citationScope: 'paragraph' })).judgments), []);
    });
    it('severity off silences a code', () => {
      const { judgments } = check('In 2020, 524 police officers were killed.', resolveSettings({ severity: { 'uncited-figure': 'off' } }));
      assert.deepStrictEqual(judgments, []);
    });
  });

  describe('figure-not-in-source', () => {
    it('says what the source says: 415 vs 414', () => {
      const text = '415 members of police institutions were killed in 2019 [@ambush-2021, para. 3].';
      const { judgments } = check(text);
      assert.deepStrictEqual(codes(judgments), ['figure-not-in-source']);
      assert.match(judgments[0].message, /source says 414/);
      assert.strictEqual(text.slice(judgments[0].start, judgments[0].end), '415');
      assert.deepStrictEqual(judgments[0].sourceFigure, { text: '414' });
    });
    it('accepts rounding covered by the draft precision: $3 billion vs US$2.9 billion', () => {
      assert.deepStrictEqual(codes(check('Mexico got $3 billion [@aid-2021, para. 3].').judgments), []);
    });
    it('matches across spellings: thirteen vs 13, 65.333 billion pesos vs 65,333 million pesos', () => {
      assert.deepStrictEqual(codes(check('Thirteen officers were gunned down [@ambush-2021].').judgments), []);
      assert.deepStrictEqual(codes(check('The budget grew by MXN$65.333 billion [@budget-2021].').judgments), []);
    });
    it('with a paragraph locator, only that passage and its neighbours count', () => {
      // 524 is in para. 4; para. 1's neighbours are 1-2 only.
      const { judgments } = check('In 2020, 524 police officers were killed [@ambush-2021, para. 1].');
      assert.deepStrictEqual(codes(judgments), ['figure-not-in-source']);
      assert.deepStrictEqual(codes(check('In 2020, 524 police officers were killed [@ambush-2021, para. 3].').judgments), []);
    });
  });

  describe('quote-not-in-source', () => {
    it('flags a 5+ word quotation the cited source does not contain', () => {
      const text = 'He said “we will respond with overwhelming force and the backing of the law” [@ambush-2021].';
      const { judgments } = check(text);
      assert.deepStrictEqual(codes(judgments), ['quote-not-in-source']);
      assert.ok(text.slice(judgments[0].start, judgments[0].end).startsWith('we will respond'));
    });
    it('normalises quote marks, whitespace and case', () => {
      const text = 'He said "We will  respond with TOTAL force and with the backing of the law" [@ambush-2021].';
      assert.deepStrictEqual(codes(check(text).judgments), []);
    });
    it('ignores short quotations', () => {
      assert.deepStrictEqual(codes(check('It was “an affront” [@ambush-2021].').judgments), []);
    });
  });

  describe('unknown-source and bad-locator', () => {
    it('an unknown key is an error with the nearest keys', () => {
      const text = 'The attack was condemned [@ambush-2012].';
      const { judgments } = check(text);
      assert.deepStrictEqual(codes(judgments), ['unknown-source']);
      assert.strictEqual(judgments[0].severity, 'error');
      assert.strictEqual(text.slice(judgments[0].start, judgments[0].end), '@ambush-2012');
      assert.strictEqual(judgments[0].nearestKeys![0], 'ambush-2021');
    });
    it('paragraph 40 of a 5-paragraph source is a bad locator', () => {
      const text = 'The attack was condemned [@ambush-2021, para. 40].';
      const { judgments } = check(text);
      assert.deepStrictEqual(codes(judgments), ['bad-locator']);
      assert.match(judgments[0].message, /has 5 paragraphs/);
      assert.strictEqual(text.slice(judgments[0].start, judgments[0].end).replace(/\s+/g, ' '), 'para. 40');
    });
    it('an in-range locator is fine', () => {
      assert.deepStrictEqual(codes(check('The attack was condemned [@ambush-2021, para. 5].').judgments), []);
    });
  });

  it('reports every figure with its status', () => {
    const res = check('Some 25 suspects were detained. 415 were killed [@ambush-2021]. 524 officers died [@ambush-2021].');
    assert.deepStrictEqual(
      res.figures.map((f) => [f.figure.text, f.status]),
      [
        ['25', 'uncited'],
        ['415', 'mismatched'],
        ['524', 'cited'],
      ],
    );
  });
});
