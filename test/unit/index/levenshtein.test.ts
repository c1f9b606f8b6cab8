import * as assert from 'assert';
import { levenshtein } from '../../../server/src/core/index/levenshtein';

describe('index: levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.strictEqual(levenshtein('kitten', 'sitting'), 3);
    assert.strictEqual(levenshtein('ambush-2021', 'ambsh-2021'), 1);
    assert.strictEqual(levenshtein('abc', 'abc'), 0);
    assert.strictEqual(levenshtein('', 'abc'), 3);
    assert.strictEqual(levenshtein('abc', ''), 3);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['flaw', 'lawn'], ['mexico-2021', 'mexican-2020'], ['a', 'xyz']]) assert.strictEqual(levenshtein(a, b), levenshtein(b, a));
  });
});
