import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { quoteRuns } from '../../../server/src/core/judgments/quoteWords';
import { findInCorpus } from '../../../server/src/core/judgments/quotes';
import { suggestInContext } from '../../../server/src/core/judgments/suggest';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';

/** suggestInContext is memoised per index version (issue 13, check speed at 100 MB): the memo must never change an answer. */
describe('judgments/suggest: the memo of suggestions', () => {
  const sentence = 'In 2020, some 524 police officers were killed, the organization reported.';
  const fig = extractFigures(sentence).find((f) => f.value === 524)!;

  it('answers a question asked again as the first time, with objects of its own', () => {
    const ix = indexOf(AMBUSH, AID, BUDGET);
    const first = suggestInContext(ix, fig, sentence, fig.start, fig.end);
    assert.ok(first.suggestions.length > 0, 'the ambush source states 524 with these words');
    assert.strictEqual(first.suggestions[0].key, 'ambush-2021');
    first.suggestions[0].key = 'changed by a caller';
    first.suggestions.pop();
    let ranked = 0;
    const rank = ix.rankCandidates.bind(ix);
    ix.rankCandidates = (...args) => (ranked++, rank(...args));
    const again = suggestInContext(ix, fig, sentence, fig.start, fig.end);
    assert.strictEqual(ranked, 0, 'answered from the memo: no ranking');
    assert.strictEqual(again.suggestions[0].key, 'ambush-2021', 'a caller changing its answer does not change the next one');
    assert.deepStrictEqual(again, suggestInContext(indexOf(AMBUSH, AID, BUDGET), fig, sentence, fig.start, fig.end), 'as a fresh index answers');
  });

  it('keys on what the answer depends on: the figure, its place in the sentence, the limit', () => {
    const ix = indexOf(AMBUSH, AID, BUDGET);
    const other = 'Police recorded 524 arrests in the capital during the operation.';
    const otherFig = extractFigures(other).find((f) => f.value === 524)!;
    suggestInContext(ix, fig, sentence, fig.start, fig.end);
    const fresh = indexOf(AMBUSH, AID, BUDGET);
    assert.deepStrictEqual(suggestInContext(ix, otherFig, other, otherFig.start, otherFig.end), suggestInContext(fresh, otherFig, other, otherFig.start, otherFig.end));
    assert.deepStrictEqual(suggestInContext(ix, fig, sentence, fig.start, fig.end, 1), suggestInContext(fresh, fig, sentence, fig.start, fig.end, 1));
    const f2020 = extractFigures(sentence).find((f) => f.value === 2020);
    if (f2020) assert.deepStrictEqual(suggestInContext(ix, f2020, sentence, f2020.start, f2020.end), suggestInContext(fresh, f2020, sentence, f2020.start, f2020.end));
  });

  it('forgets its answers when the index changes', () => {
    const ix = indexOf(AID, BUDGET);
    const before = suggestInContext(ix, fig, sentence, fig.start, fig.end);
    assert.ok(!before.suggestions.some((s) => s.key === 'ambush-2021'));
    ix.addSources([AMBUSH]);
    const after = suggestInContext(ix, fig, sentence, fig.start, fig.end);
    assert.strictEqual(after.suggestions[0]?.key, 'ambush-2021', 'the source added since is suggested');
    ix.addSources([source('late-2022', 'Late', ['In 2020, 524 police officers were killed, the organization reported again.'])]);
    assert.ok(suggestInContext(ix, fig, sentence, fig.start, fig.end).statedAnywhere > after.statedAnywhere);
  });
});

describe('judgments/quotes: the memo of quotations found in the corpus', () => {
  const quote = quoteRuns('This aggression is an affront to the Mexican state');

  it('answers a quotation asked again as the first time, without ranking, with an object of its own', () => {
    const ix = indexOf(AMBUSH, AID, BUDGET);
    const first = findInCorpus(ix, quote)!;
    assert.strictEqual(first.key, 'ambush-2021');
    assert.strictEqual(first.n, 5);
    first.key = 'changed by a caller';
    let ranked = 0;
    const rank = ix.rankPassages.bind(ix);
    ix.rankPassages = (...args) => (ranked++, rank(...args));
    const again = findInCorpus(ix, quote)!;
    assert.strictEqual(ranked, 0, 'answered from the memo');
    assert.deepStrictEqual(again, findInCorpus(indexOf(AMBUSH, AID, BUDGET), quote));
    assert.strictEqual(findInCorpus(ix, quoteRuns('an affront to the Mexican budget')), undefined, 'another quotation is searched for itself');
  });

  it('forgets its answers when the index changes, a quotation found nowhere included', () => {
    const ix = indexOf(AID, BUDGET);
    assert.strictEqual(findInCorpus(ix, quote), undefined);
    ix.addSources([AMBUSH]);
    assert.strictEqual(findInCorpus(ix, quote)?.key, 'ambush-2021');
  });
});
