import * as assert from 'assert';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { punctuationInCitations } from '../../../server/src/core/judgments/punctuation';
import { closingBracket, preview } from '../../../server/src/features/completion';

const flagged = (text: string) => punctuationInCitations(parseDraft(text)).map((j) => text.slice(j.start, j.end));

describe('punctuation typed inside a citation', () => {
  it('flags a full stop or comma after the locator or key, before the ]', () => {
    assert.deepStrictEqual(flagged('Killed 524 [@edomex-2021, para. 2.]'), ['.']);
    assert.deepStrictEqual(flagged('Killed 524 [@edomex-2021.]'), ['.']);
    assert.deepStrictEqual(flagged('Killed 524 [@a, para. 2; @b, p. 4 .]'), ['.']);
    assert.deepStrictEqual(flagged('Killed 524 [@a, para. 2,] and more'), [',']);
  });
  it('leaves real suffixes, keys with dots, author-in-text and well-placed stops alone', () => {
    assert.deepStrictEqual(flagged('Killed 524 [@a, para. 2, emphasis added].'), []);
    assert.deepStrictEqual(flagged('Killed 524 [@a, p. 3. See also].'), []);
    assert.deepStrictEqual(flagged('Killed 524 [@a.b, para. 2].'), []);
    assert.deepStrictEqual(flagged('As @a [para. 2] says.'), []);
    assert.deepStrictEqual(flagged('Killed 524 [@a, para. 2].'), []);
    assert.deepStrictEqual(flagged('Code `[@a, para. 2.]` is not prose.'), []);
  });
});

describe('completion edit ends', () => {
  it('consumes an auto-closed ], adds one when missing, and leaves a group that goes on', () => {
    assert.deepStrictEqual(closingBracket('x [@ab]', 6), { end: 7, add: ']' });
    assert.deepStrictEqual(closingBracket('x [@ab ] y', 6), { end: 8, add: ']' });
    assert.deepStrictEqual(closingBracket('x [@ab', 6), { end: 6, add: ']' });
    assert.deepStrictEqual(closingBracket('x [@ab, para. 3]', 6), { end: 6, add: '' });
    assert.deepStrictEqual(closingBracket('x [@ab; @c]', 6), { end: 6, add: '' });
    assert.deepStrictEqual(closingBracket('x [@ab\nnext [@c]', 6), { end: 6, add: ']' });
  });
  it('previews a passage on one line, cut at a word', () => {
    assert.strictEqual(preview('Short  text\nhere'), 'Short text here');
    const p = preview('The presence of U.S. military personnel on Mexican soil has long been a sensitive subject');
    assert.ok(p.length <= 61 && p.endsWith('…') && !p.includes('  '), p);
  });
});
