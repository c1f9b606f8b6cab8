import * as assert from 'assert';
import { termMemoSize, termOfWord, termOfWordFresh, tokenize } from '../../../server/src/core/text/tokens';
import { buildPostings, TermDict } from '../../../server/src/core/index/postings';

describe('text: tokens (termOfWordFresh)', () => {
  it('gives termOfWord\'s term (or null for a stop word) for every word', () => {
    const words = ['the', 'officers', 'detained', 'studies', 'classes', 'boxes', 'running', 'ran', 'is', 'us', 'boss', 'mr', '1987', 'sixty', 'a1', 'countries'];
    for (const w of words) assert.strictEqual(termOfWordFresh(w), termOfWord(w), w);
  });

  it('an index build leaves words out of termOfWord\'s memo (the word table keeps its own), with tokenize\'s terms', () => {
    const uniq = `zqx${Date.now().toString(36)}`;
    const texts = [`Officers of ${uniq}alpha detained ${uniq}betas`, `The ${uniq}gammas and ${uniq}alpha, again.`];
    const before = termMemoSize();
    const dict = new TermDict();
    const t = buildPostings(Uint32Array.from([0, 1]), (id) => texts[id], () => {}, dict);
    assert.strictEqual(termMemoSize(), before, 'no word memoised by the build');
    for (const text of texts) for (const term of tokenize(text)) assert.ok(t.has(term), term);
    assert.ok(t.has(`${uniq}beta`), 'stemmed as tokenize stems');
  });
});
