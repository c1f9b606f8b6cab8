import * as assert from 'assert';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { expandNumbers, parseLocator } from '../../../server/src/core/citations/parse';
import { Citation } from '../../../server/src/core/types';

function cites(text: string): Citation[] {
  return parseDraft(text).citations;
}

function keys(text: string): string[] {
  return cites(text).flatMap((c) => c.items.map((i) => i.key));
}

describe('citations: bracketed', () => {
  it('parses [@key] with exact offsets', () => {
    const text = 'Officers were killed [@smith2020].';
    const [c] = cites(text);
    assert.strictEqual(c.bracketed, true);
    assert.strictEqual(c.start, text.indexOf('['));
    assert.strictEqual(c.end, text.indexOf(']') + 1);
    assert.strictEqual(c.items.length, 1);
    const it = c.items[0];
    assert.strictEqual(it.key, 'smith2020');
    assert.strictEqual(text.slice(it.keyStart, it.keyEnd), 'smith2020');
    assert.strictEqual(text.slice(it.start, it.end), '@smith2020');
    assert.strictEqual(it.suppressAuthor, false);
    assert.strictEqual(it.locator, undefined);
    assert.strictEqual(it.prefix, undefined);
  });

  it('parses several items [@a; @b]', () => {
    const text = 'Claim [@a; @b2:x].';
    const [c] = cites(text);
    assert.deepStrictEqual(c.items.map((i) => i.key), ['a', 'b2:x']);
    assert.strictEqual(text.slice(c.items[1].keyStart, c.items[1].keyEnd), 'b2:x');
    assert.strictEqual(text.slice(c.items[1].start, c.items[1].end), '@b2:x');
  });

  it('keeps prefix and paragraph locator: [see @key, para. 4]', () => {
    const text = 'Text [see @doe99, para. 4] more.';
    const [c] = cites(text);
    const it = c.items[0];
    assert.strictEqual(it.prefix, 'see');
    assert.strictEqual(it.key, 'doe99');
    assert.strictEqual(text.slice(it.start, it.end), 'see @doe99, para. 4');
    const loc = it.locator!;
    assert.strictEqual(loc.label, 'paragraph');
    assert.strictEqual(loc.term, 'para.');
    assert.strictEqual(loc.value, '4');
    assert.deepStrictEqual(loc.paragraphs, [4]);
    assert.strictEqual(text.slice(loc.start, loc.end), 'para. 4');
  });

  it('keeps suffix text after a locator: [@key, para. 3, emphasis added]', () => {
    const text = 'A “quoted phrase” [@key, para. 3, emphasis added].';
    const it = cites(text)[0].items[0];
    assert.strictEqual(it.locator!.value, '3');
    assert.deepStrictEqual(it.locator!.paragraphs, [3]);
    assert.strictEqual(it.suffix, ', para. 3, emphasis added');
  });

  it('suppress author [-@key]', () => {
    const text = 'Smith says so [-@smith04, p. 33].';
    const it = cites(text)[0].items[0];
    assert.strictEqual(it.suppressAuthor, true);
    assert.strictEqual(it.key, 'smith04');
    assert.strictEqual(text.slice(it.start, it.end), '-@smith04, p. 33');
    assert.strictEqual(it.locator!.label, 'page');
    assert.strictEqual(it.locator!.term, 'p.');
  });

  it('mixed group with prefixes, locators and suppression', () => {
    const text = 'X [see @doe99, pp. 33-35, 38-39 and passim; also -@roe, chap. 1].';
    const [c] = cites(text);
    assert.strictEqual(c.items.length, 2);
    assert.strictEqual(c.items[0].locator!.value, '33-35, 38-39');
    assert.strictEqual(c.items[0].locator!.label, 'page');
    assert.strictEqual(c.items[0].locator!.paragraphs, undefined);
    assert.strictEqual(c.items[1].prefix, 'also');
    assert.strictEqual(c.items[1].suppressAuthor, true);
    assert.strictEqual(c.items[1].locator!.label, 'chapter');
    assert.strictEqual(c.items[1].locator!.value, '1');
  });

  it('expands paragraph ranges and lists (hyphen, en dash, pilcrows)', () => {
    const t1 = 'A [@k, paras. 3-5].';
    assert.deepStrictEqual(cites(t1)[0].items[0].locator!.paragraphs, [3, 4, 5]);
    const t2 = 'A [@k, para. 3, 7].';
    const l2 = cites(t2)[0].items[0].locator!;
    assert.strictEqual(l2.value, '3, 7');
    assert.deepStrictEqual(l2.paragraphs, [3, 7]);
    const t3 = 'A [@k, ¶¶ 3–5].';
    const l3 = cites(t3)[0].items[0].locator!;
    assert.strictEqual(l3.term, '¶¶');
    assert.strictEqual(l3.label, 'paragraph');
    assert.strictEqual(l3.value, '3–5');
    assert.deepStrictEqual(l3.paragraphs, [3, 4, 5]);
    const t4 = 'A [@k, ¶2].';
    assert.deepStrictEqual(cites(t4)[0].items[0].locator!.paragraphs, [2]);
  });

  it('a bare locator value defaults to page', () => {
    const text = 'A [@key, 33].';
    const loc = cites(text)[0].items[0].locator!;
    assert.strictEqual(loc.label, 'page');
    assert.strictEqual(loc.term, '');
    assert.strictEqual(loc.value, '33');
    assert.strictEqual(text.slice(loc.start, loc.end), '33');
  });

  it('normalises every locator term family', () => {
    const cases: [string, string][] = [
      ['book 2', 'book'], ['chap. 3', 'chapter'], ['chapter 3', 'chapter'], ['col. 2', 'column'], ['fig. 4', 'figure'],
      ['fol. 9', 'folio'], ['no. 12', 'number'], ['l. 7', 'line'], ['n. 5', 'note'], ['op. 6', 'opus'], ['p. 4', 'page'],
      ['pp. 4-6', 'page'], ['para. 2', 'paragraph'], ['paras. 2-3', 'paragraph'], ['¶ 2', 'paragraph'], ['pt. 1', 'part'],
      ['sec. 4', 'section'], ['§ 4', 'section'], ['§§ 4-5', 'section'], ['s.v. 1', 'sub-verbo'], ['v. 3', 'verse'],
      ['vv. 3-4', 'verse'], ['vol. 2', 'volume'], ['section 2.1', 'section'], ['p. iv', 'page'],
    ];
    for (const [loc, label] of cases) {
      const l = parseLocator(', ' + loc);
      assert.ok(l, loc);
      assert.strictEqual(l!.label, label, loc);
    }
    assert.strictEqual(parseLocator(', para. mid-way'), undefined);
    assert.strictEqual(parseLocator(', emphasis added'), undefined);
  });

  it('expandNumbers', () => {
    assert.deepStrictEqual(expandNumbers('3-5'), [3, 4, 5]);
    assert.deepStrictEqual(expandNumbers('3, 7'), [3, 7]);
    assert.deepStrictEqual(expandNumbers('3–5 and 9'), [3, 4, 5, 9]);
    assert.deepStrictEqual(expandNumbers('iv'), []);
  });

  it('braced keys @{…}', () => {
    const text = 'A [@{Smith & Co. 2020}, p. 3] and @{x y}.';
    const cs = cites(text);
    assert.strictEqual(cs.length, 2);
    const it = cs[0].items[0];
    assert.strictEqual(it.key, 'Smith & Co. 2020');
    assert.strictEqual(text.slice(it.keyStart, it.keyEnd), 'Smith & Co. 2020');
    assert.strictEqual(it.locator!.value, '3');
    assert.strictEqual(cs[1].items[0].key, 'x y');
  });

  it('trailing punctuation is not part of a key', () => {
    assert.deepStrictEqual(keys('As @smith. said and @doe: yes, and @a-b-c.'), ['smith', 'doe', 'a-b-c']);
  });

  it('offsets survive emphasis in the suffix and CRLF before it', () => {
    const text = 'First line.\r\nClaim [@key, para. 2, *my* emphasis].\r\n';
    const [c] = cites(text);
    assert.strictEqual(text.slice(c.start, c.end), '[@key, para. 2, *my* emphasis]');
    assert.strictEqual(c.items[0].suffix, ', para. 2, *my* emphasis');
  });
});

describe('citations: author-in-text', () => {
  it('@key', () => {
    const text = '@smith04 says 25 were detained.';
    const [c] = cites(text);
    assert.strictEqual(c.bracketed, false);
    assert.strictEqual(c.start, 0);
    assert.strictEqual(c.end, 8);
    assert.strictEqual(c.items[0].key, 'smith04');
    assert.strictEqual(c.items[0].keyStart, 1);
  });

  it('@key [p. 3] includes the locator suffix', () => {
    const text = 'As @smith04 [p. 33] says.';
    const [c] = cites(text);
    assert.strictEqual(text.slice(c.start, c.end), '@smith04 [p. 33]');
    const it = c.items[0];
    assert.strictEqual(it.suffix, 'p. 33');
    assert.strictEqual(it.locator!.label, 'page');
    assert.strictEqual(text.slice(it.locator!.start, it.locator!.end), 'p. 33');
  });

  it('@key followed by a bracketed citation keeps them separate', () => {
    const text = 'As @smith [@doe] says.';
    const cs = cites(text);
    assert.strictEqual(cs.length, 2);
    assert.strictEqual(text.slice(cs[0].start, cs[0].end), '@smith');
    assert.strictEqual(text.slice(cs[1].start, cs[1].end), '[@doe]');
  });

  it('works in list items, table cells, headings and block quotes', () => {
    const text = '# Title @h\n\n- item [@li]\n\n| a [@tc] | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n> text [@bq]\n';
    assert.deepStrictEqual(keys(text), ['h', 'li', 'tc', 'bq']);
  });

  it('link text is prose: [see @key](url) finds only the key in the text', () => {
    const text = 'A [see @key](http://x/@y) z.';
    assert.deepStrictEqual(keys(text), ['key']);
  });
});

describe('citations: not citations', () => {
  it('e-mail addresses', () => {
    assert.deepStrictEqual(keys('Write to name@example.com or a.b@c.org today.'), []);
    assert.deepStrictEqual(keys('Write to <name@example.com>.'), []);
  });

  it('@ preceded by a letter or digit', () => {
    assert.deepStrictEqual(keys('foo@bar and 3@x'), []);
  });

  it('escaped \\@key', () => {
    assert.deepStrictEqual(keys('Not a cite \\@key here.'), []);
  });

  it('Quarto cross-references', () => {
    assert.deepStrictEqual(keys('See @fig-map, @tbl-1, @sec-intro, @eq-x, @lst-a and @thm-b, [@fig-two].'), []);
    // a cross-reference next to a real citation does not hide the citation
    assert.deepStrictEqual(keys('See @fig-map [@real].'), ['real']);
  });

  it('code spans and fenced code', () => {
    assert.deepStrictEqual(keys('Use `[@key]` and `@x` here.'), []);
    assert.deepStrictEqual(keys('```\n[@key]\n@x\n```\n'), []);
    assert.deepStrictEqual(keys('~~~md\n[@key]\n~~~\n\n    [@indented]\n'), []);
  });

  it('URLs and link destinations', () => {
    assert.deepStrictEqual(keys('See https://example.com/@user and www.x.com/@y now.'), []);
    assert.deepStrictEqual(keys('See [text](http://x/@y) and [t2](</a b/@z> "t @w").'), []);
    assert.deepStrictEqual(keys('See <https://x.org/@y>.'), []);
  });

  it('reference definitions, images and HTML', () => {
    assert.deepStrictEqual(keys('[ref]: http://x/@y\n\n![alt @img](p.png)\n\n<div>[@html]</div>\n\nInline <span data-x="@y">t</span>.'), []);
  });

  it('front matter', () => {
    assert.deepStrictEqual(keys('---\nauthor: "@someone"\ncite: [@key]\n---\n\nBody.'), []);
    assert.deepStrictEqual(keys('+++\nx = "@k"\n+++\n\nBody.'), []);
  });

  it('brackets without a key, and footnote labels', () => {
    assert.deepStrictEqual(keys('A [note] and [^1] here.\n\n[^1]: Footnote.'), []);
  });
});
