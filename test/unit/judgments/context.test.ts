import * as assert from 'assert';
import fc from 'fast-check';
import { clauseTerms, contentTerms, contentTermsOf } from '../../../server/src/core/judgments/context';

/** Words and separators that exercise the tokenizer's edges: stems, stop words, years, digits, non-ASCII letters, length-changing and context-dependent lower-casing. */
const PIECES = ['Police', 'officers', 'killed', 'the', 'and', 'in', '2019', '524', '£106m', 'fuel', 'costs', 'rose', 'ΟΔΟΣ', 'İstanbul', 'café', 'x', 'U.S.', "it's", 'percent', 'million', ', ', '; ', ' - ', ' ', ' ', '(', ')', '45-year-old', 'cancelled'];
const textArb = fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 30 }).map((ps) => ps.join(''));

describe('judgments/context: content terms of a part of a text', () => {
  it('contentTermsOf(text, a, b) is contentTerms(text.slice(a, b)), also when the part cuts a word (property)', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.boolean(), (text, x, y, years) => {
        const a = text.length ? x % (text.length + 1) : 0;
        const b = a + (text.length - a ? y % (text.length - a + 1) : 0);
        assert.deepStrictEqual(contentTermsOf(text, a, b, years), contentTerms(text.slice(a, b), years));
        // Asked again for the same text (the runs are remembered): the same answer.
        assert.deepStrictEqual(contentTermsOf(text, a, b, years), contentTerms(text.slice(a, b), years));
      }),
      { seed: 20261203, numRuns: 3000 },
    );
  });

  it('a part that cuts a word reads the piece it holds, as tokenising the part would', () => {
    const text = 'Officers cancelled 45-year-old plans';
    assert.deepStrictEqual(contentTermsOf(text, 2, 18), contentTerms('ficers cancelled'));
    assert.deepStrictEqual(contentTermsOf(text, 2, 18), ['ficer', 'cancel']);
  });

  it('clauseTerms of a figure are the content terms of its clause without the figure', () => {
    const s = 'Fuel costs rose £106m, while revenue fell 3%.';
    assert.deepStrictEqual(clauseTerms(s, s.indexOf('£106m'), s.indexOf('£106m') + 5), contentTerms('Fuel costs rose '));
    assert.deepStrictEqual(clauseTerms(s, s.indexOf('3%'), s.indexOf('3%') + 2), contentTerms(' revenue fell  .'));
  });
});
