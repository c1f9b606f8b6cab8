/** Issue 9: a 5,000-character source line went into a hover in full; it is cut around the figure, and the hover says so. */
import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { MAX_PASSAGE_CHARS, passageMarkdown } from '../../../server/src/lsp/markdown';

describe('hostile input: long passages in hovers (issue 9)', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ');
  const text = `${filler(500)} officials counted 7,654 rifles at the port ${filler(500)}`;
  const figs = extractFigures(text).filter((f) => f.text === '7,654');

  it('shows a window around the figure with the figure in bold, and a note', () => {
    assert.ok(text.length > 5000);
    const md = passageMarkdown(text, figs);
    assert.ok(md.length < MAX_PASSAGE_CHARS + 300, `hover is ${md.length} characters`);
    assert.match(md, /\*\*7,654\*\*/);
    assert.match(md, /^… /);
    assert.match(md, / …\n\n\*\(shortened: showing [\d,]+ of [\d,]+ characters around the figure\)\*$/);
  });

  it('cuts from the start when no figure is bold, and leaves short passages alone', () => {
    const md = passageMarkdown(text, []);
    assert.ok(md.startsWith('word0 word1'));
    assert.match(md, /shortened: showing/);
    assert.strictEqual(passageMarkdown('Officials counted 7,654 rifles.', extractFigures('Officials counted 7,654 rifles.')), 'Officials counted **7,654** rifles.');
  });
});
