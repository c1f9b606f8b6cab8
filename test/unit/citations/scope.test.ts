import * as assert from 'assert';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { citationContextAt, citationsForRange, sentenceAt } from '../../../server/src/core/citations/scope';

const keysOf = (cs: { items: { key: string }[] }[]): string[] => cs.flatMap((c) => c.items.map((i) => i.key));

describe('scope: sentenceAt and citationsForRange', () => {
  const text = 'Some 25 suspects were detained. The attack was condemned [@ambush]. Another 13 died. [@other]\n\nNew paragraph with 7 cases.';
  const model = parseDraft(text);
  const at = (s: string): number => text.indexOf(s);

  it('sentenceAt returns the sentence index or -1', () => {
    assert.strictEqual(sentenceAt(model, at('25')), 0);
    assert.strictEqual(sentenceAt(model, at('attack')), 1);
    assert.strictEqual(sentenceAt(model, at('[@other]') + 2), 2);
    assert.strictEqual(sentenceAt(model, at('7 cases')), 3);
    assert.strictEqual(sentenceAt(model, text.indexOf('\n\n') + 1), -1);
  });

  it('sentence scope: only citations of the same sentence', () => {
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('25'), at('25') + 2, 'sentence')), []);
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('13'), at('13') + 2, 'sentence')), ['other']);
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('7 cases'), at('7 cases') + 1, 'sentence')), []);
  });

  it('paragraph scope: every citation of the same block, not other blocks', () => {
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('25'), at('25') + 2, 'paragraph')), ['ambush', 'other']);
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('7 cases'), at('7 cases') + 1, 'paragraph')), []);
  });

  it('a claim spanning two sentences gets citations of both', () => {
    assert.deepStrictEqual(keysOf(citationsForRange(model, at('25'), at('attack') + 3, 'sentence')), ['ambush']);
  });

  it('outside any block there are no citations', () => {
    const m = parseDraft('```\n25 [@a]\n```\n');
    assert.deepStrictEqual(citationsForRange(m, 4, 6, 'sentence'), []);
    assert.deepStrictEqual(citationsForRange(m, 4, 6, 'paragraph'), []);
  });
});

describe('scope: citationContextAt', () => {
  /** `|` marks the cursor. */
  const ctx = (withCursor: string) => {
    const offset = withCursor.indexOf('|');
    const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
    return { text, offset, c: citationContextAt(text, offset) };
  };

  it('after [@ (empty query), inside an unterminated bracket', () => {
    const { text, offset, c } = ctx('Officers were killed [@|');
    assert.ok(c);
    assert.strictEqual(c!.kind, 'bracket');
    assert.strictEqual(c!.query, '');
    assert.strictEqual(c!.replaceStart, offset);
    assert.strictEqual(c!.replaceEnd, offset);
    assert.strictEqual(text.slice(c!.sentenceStart, c!.sentenceEnd), 'Officers were killed [@');
  });

  it('after [@partial with text following on the line', () => {
    const { text, c } = ctx('Killed [@amb|] in 2020.\n\nNext.');
    assert.strictEqual(c!.kind, 'bracket');
    assert.strictEqual(c!.query, 'amb');
    assert.strictEqual(text.slice(c!.replaceStart, c!.replaceEnd), 'amb');
  });

  it('cursor in the middle of a key replaces the whole key', () => {
    const { text, c } = ctx('Killed [@amb|ush-2021, para. 2].');
    assert.strictEqual(c!.query, 'amb');
    assert.strictEqual(text.slice(c!.replaceStart, c!.replaceEnd), 'ambush-2021');
  });

  it('after a prefix and after a semicolon in a group', () => {
    assert.strictEqual(ctx('Text [see @par|').c!.kind, 'bracket');
    const { c } = ctx('Text [@a, para. 2; @b|]');
    assert.strictEqual(c!.kind, 'bracket');
    assert.strictEqual(c!.query, 'b');
    assert.strictEqual(ctx('Text [@a; -@b|').c!.query, 'b');
  });

  it('author-in-text at a word start', () => {
    const { c } = ctx('As @smi| argues');
    assert.strictEqual(c!.kind, 'inText');
    assert.strictEqual(c!.query, 'smi');
    assert.strictEqual(ctx('@|').c!.kind, 'inText');
    assert.strictEqual(ctx('- item @x|').c!.kind, 'inText');
    // a closed bracket before the @ does not make it a bracket context
    assert.strictEqual(ctx('See [@a] and @b|').c!.kind, 'inText');
  });

  it('sentence bounds come from the model', () => {
    const { text, c } = ctx('First one. Second with [@k|. Third.');
    assert.strictEqual(text.slice(c!.sentenceStart, c!.sentenceEnd), 'Second with [@k.');
  });

  it('uses a given model for the same text', () => {
    const text = 'Code `x` and [@ab';
    const model = parseDraft(text);
    const c = citationContextAt(text, text.length, model);
    assert.strictEqual(c!.query, 'ab');
  });

  it('undefined in e-mail addresses, code, URLs, link destinations, HTML and front matter', () => {
    const negatives = [
      'Mail name@exam|',
      'Mail x.y@|',
      'Code `[@ab|` here',
      'Code `@ab|` here',
      '```\n[@ab|\n```\n',
      '    [@ab|\n',
      'See https://example.com/@us| now',
      'See [text](http://x/@y|) now',
      'See [text](http://x/@y|',
      '<div>\n[@ab|\n</div>\n',
      'Inline <span title="@ab|">x</span>.',
      '---\nauthor: [@ab|]\n---\n\nBody.',
      'Escaped \\@ab|',
      'See @fig-|',
      'No at sign here|',
    ];
    for (const n of negatives) assert.strictEqual(ctx(n).c, undefined, n);
  });

  it('offset 0 and out of range', () => {
    assert.strictEqual(citationContextAt('[@a', 0), undefined);
    assert.strictEqual(citationContextAt('[@a', 99), undefined);
  });
});
