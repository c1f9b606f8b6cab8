import * as assert from 'assert';
import { parseDraft, splitChunks } from '../../../server/src/core/parse/draft';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { DraftModel } from '../../../server/src/core/types';

const sentenceTexts = (m: DraftModel): string[] => m.sentences.map((s) => m.text.slice(s.start, s.end));
const blockTexts = (m: DraftModel): string[] => m.blocks.map((b) => m.text.slice(b.start, b.end));

/** The prose must keep length and newlines, and only ever hold original characters or spaces. */
function assertProseShape(m: DraftModel): void {
  assert.strictEqual(m.prose.length, m.text.length);
  for (let i = 0; i < m.text.length; i++) {
    const p = m.prose[i];
    const t = m.text[i];
    if (t === '\n') assert.strictEqual(p, '\n', `newline kept at ${i}`);
    else assert.ok(p === t || p === ' ', `prose char at ${i} is original or space`);
  }
}

describe('parseDraft: blocks', () => {
  it('finds paragraphs, headings, list items, table cells and block quotes', () => {
    const text = [
      '# Title',
      '',
      'A paragraph.',
      '',
      '- first item',
      '- second item',
      '  1. nested item',
      '',
      '| Name | Count |',
      '|------|------:|',
      '| x    | 12    |',
      '',
      '> A quoted',
      '> paragraph.',
      '',
      '---',
      '',
      '```js',
      'code();',
      '```',
    ].join('\n');
    const m = parseDraft(text);
    assert.deepStrictEqual(
      m.blocks.map((b) => [b.kind, text.slice(b.start, b.end)]),
      [
        ['heading', 'Title'],
        ['paragraph', 'A paragraph.'],
        ['listItem', 'first item'],
        ['listItem', 'second item'],
        ['listItem', 'nested item'],
        ['tableCell', 'Name'],
        ['tableCell', 'Count'],
        ['tableCell', 'x'],
        ['tableCell', '12'],
        ['blockquote', 'A quoted\n> paragraph.'],
      ],
    );
    assertProseShape(m);
  });

  it('empty document and whitespace-only document', () => {
    for (const text of ['', '   \n\n  \n']) {
      const m = parseDraft(text);
      assert.strictEqual(m.prose, text.replace(/[^\n]/g, ' '));
      assert.deepStrictEqual(m.blocks, []);
      assert.deepStrictEqual(m.sentences, []);
      assert.deepStrictEqual(m.citations, []);
      assert.deepStrictEqual(m.quotes, []);
    }
  });

  it('a document that is only front matter has no prose', () => {
    const text = '---\ntitle: "Report 2020"\ncount: 25\n---\n';
    const m = parseDraft(text);
    assert.deepStrictEqual(m.blocks, []);
    assert.strictEqual(m.prose.trim(), '');
    assertProseShape(m);
  });
});

describe('parseDraft: prose masking', () => {
  it('masks code, URLs, HTML, link destinations and citations; keeps link text', () => {
    const text =
      'In 2020 `x = 42` and [the report](http://example.com/2019 "Title 7") said 13 ' +
      'died <b>now</b> at https://example.org/2018 [@smith2020, para. 3] per mail a1@b2.org.';
    const m = parseDraft(text);
    assertProseShape(m);
    const p = m.prose;
    assert.ok(p.includes('In 2020'));
    assert.ok(p.includes('the report'), 'link text is prose');
    assert.ok(p.includes(' said 13 '));
    assert.ok(p.includes('now'), 'text between inline HTML tags stays');
    for (const gone of ['42', '`', 'example', '2019', 'Title', '<b>', '</b>', '2018', '@', 'smith', 'para', 'a1', 'b2.org', '(', ']']) {
      assert.ok(!p.includes(gone), `masked: ${gone} in ${JSON.stringify(p)}`);
    }
  });

  it('masks front matter, fenced and indented code, HTML blocks and definitions', () => {
    const text = '---\nyear: 1999\n---\n\nText 5.\n\n```\nlet n = 77;\n```\n\n    indented 88\n\n<div>\n66\n</div>\n\n[ref]: http://x.org/55\n';
    const m = parseDraft(text);
    assertProseShape(m);
    assert.deepStrictEqual(m.prose.match(/\d+/g), ['5']);
  });

  it('masks list markers, heading markers, section numbers, table pipes and block quote markers', () => {
    const text = '## 2.1 Results\n\n1. One 11\n2. Two 22\n\n| a | b |\n|---|---|\n| 3 | 4 |\n\n> Quote\n> more 9\n';
    const m = parseDraft(text);
    assertProseShape(m);
    assert.deepStrictEqual(m.prose.match(/\S+/g), ['Results', 'One', '11', 'Two', '22', 'a', 'b', '3', '4', 'Quote', 'more', '9']);
  });

  it('keeps a number that opens a heading when it is a figure', () => {
    const m = parseDraft('## 2.5 million displaced\n\n## 3. Method\n');
    assert.ok(m.prose.includes('2.5 million displaced'));
    assert.ok(!m.prose.includes('3.'));
  });

  it('masks footnote labels and escapes but keeps footnote text', () => {
    const text = 'Claim 12.[^n1] Price \\$5.\n\n[^n1]: Note with 34 [@k].\n';
    const m = parseDraft(text);
    assertProseShape(m);
    assert.ok(!m.prose.includes('n1'));
    assert.ok(!m.prose.includes('\\'));
    assert.ok(m.prose.includes('Note with 34'));
    assert.deepStrictEqual(m.citations.map((c) => c.items[0].key), ['k']);
  });

  it('masks author-in-text citations with their suffix and Quarto references', () => {
    const text = '@smith04 [p. 33] says 25; see @fig-map.';
    const m = parseDraft(text);
    assert.strictEqual(m.prose, ' '.repeat(16) + ' says 25; see ' + ' '.repeat(8) + '.');
  });

  it('CRLF text keeps offsets and line breaks', () => {
    const text = '# Head\r\n\r\nFirst 1. Second [@a].\r\n\r\n- item [@b]\r\n';
    const m = parseDraft(text);
    assertProseShape(m);
    assert.ok(m.prose.includes('\r\n'));
    assert.deepStrictEqual(m.citations.map((c) => text.slice(c.start, c.end)), ['[@a]', '[@b]']);
    assert.deepStrictEqual(blockTexts(m), ['Head', 'First 1. Second [@a].', 'item [@b]']);
  });
});

describe('parseDraft: sentences', () => {
  it('does not break after U.S., Mr., Dr., e.g. or an initial', () => {
    const m = parseDraft('The U.S. Army said so. Mr. Smith and Dr. J. Jones agreed, e.g. on Jan. 5. It ended.');
    assert.deepStrictEqual(sentenceTexts(m), ['The U.S. Army said so.', 'Mr. Smith and Dr. J. Jones agreed, e.g. on Jan. 5.', 'It ended.']);
  });

  it('a citation after the full stop belongs to the sentence before it', () => {
    const m = parseDraft('Thirteen officers were killed. [@a, para. 1] Twenty-five were detained. [@b]');
    assert.deepStrictEqual(sentenceTexts(m), ['Thirteen officers were killed. [@a, para. 1]', 'Twenty-five were detained. [@b]']);
  });

  it('a sentence opening with a numeral or an author-in-text citation starts a sentence', () => {
    const m = parseDraft('Some 25 were detained. 415 were killed. @smith says more.');
    assert.deepStrictEqual(sentenceTexts(m), ['Some 25 were detained.', '415 were killed.', '@smith says more.']);
  });

  it('each list item and table cell is at least its own sentence; headings are one sentence', () => {
    const text = '# A heading. With dots\n\n- one\n- two. Three.\n\n| x | y |\n|---|---|\n| 1 | 2 |\n';
    const m = parseDraft(text);
    assert.deepStrictEqual(sentenceTexts(m), ['A heading. With dots', 'one', 'two.', 'Three.', 'x', 'y', '1', '2']);
    for (const s of m.sentences) {
      const b = m.blocks[s.block];
      assert.ok(b.start <= s.start && s.end <= b.end, 'sentence within its block');
    }
  });

  it('a paragraph holding only a citation is one sentence', () => {
    const m = parseDraft('[@only]');
    assert.deepStrictEqual(sentenceTexts(m), ['[@only]']);
  });
});

describe('parseDraft: quotes', () => {
  it('finds curly and straight double quotes with inner offsets', () => {
    const text = 'He said “the worst attack” and "never again" [@k].';
    const m = parseDraft(text);
    assert.deepStrictEqual(m.quotes.map((q) => q.text), ['the worst attack', 'never again']);
    for (const q of m.quotes) assert.strictEqual(text.slice(q.start, q.end), q.text);
  });

  it('single curly quotes only when they are quotations, not apostrophes', () => {
    const m = parseDraft('The officers’ union didn’t call it ‘a massacre’ in the ’90s.');
    assert.deepStrictEqual(m.quotes.map((q) => q.text), ['a massacre']);
  });

  it('ignores quotes in code and normalises emphasis and line breaks', () => {
    const text = 'Use `"x"` here. She called it “the *worst*\ncrisis”.';
    const m = parseDraft(text);
    assert.deepStrictEqual(m.quotes.map((q) => q.text), ['the worst crisis']);
  });
});

describe('parseDraft: odd Markdown', () => {
  it('an unclosed fence swallows the rest of the document', () => {
    const m = parseDraft('Intro [@a].\n\n```\ncode [@b]\n\nMore [@c]\n');
    assert.deepStrictEqual(m.citations.map((c) => c.items[0].key), ['a']);
    assertProseShape(m);
  });

  it('nested lists and block quotes inside lists', () => {
    const text = '- a [@x]\n  - b\n    - c [@y]\n\n  > quoted [@z]\n  > more\n';
    const m = parseDraft(text);
    assert.deepStrictEqual(m.blocks.map((b) => b.kind), ['listItem', 'listItem', 'listItem', 'blockquote']);
    assert.deepStrictEqual(m.citations.map((c) => c.items[0].key), ['x', 'y', 'z']);
    assert.ok(!m.prose.includes('>'));
  });

  it('reference links resolve across chunks and their labels are masked', () => {
    const text = 'See [the report][r1] for 12.\n\nMore text.\n\n[r1]: http://x.org/99\n';
    const m = parseDraft(text);
    assert.ok(m.prose.includes('the report'));
    assert.ok(!m.prose.includes('r1'));
    assert.ok(!m.prose.includes('99'));
  });

  it('parses a 10,000-line draft', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2500; i++) {
      lines.push(i % 50 === 0 ? `## Section ${i}` : `Paragraph ${i} says ${i * 3} were detained [@k${i % 7}, para. ${i % 9 + 1}].`, '');
      lines.push(`- item with *emphasis* ${i}`, '');
    }
    const text = lines.join('\n');
    assert.ok(text.split('\n').length >= 10000);
    const m = parseDraft(text);
    assertProseShape(m);
    assert.strictEqual(m.blocks.length, 5000);
    assert.strictEqual(m.citations.length, 2450);
  });
});

describe('parseDraft: chunking, the analysis and fast path agree with one whole parse', () => {
  const docs = [
    'Plain paragraph one says 5 [@a].\n\nPlain two, said Mr. Smith. [@b, paras. 3-5]\n\n- list\n- items\n\n1. ordered\n\n2. loose\n',
    '---\ntitle: x\n\nmore: y\n---\n\nBody @k [p. 2].\n\n<!--\n\ncomment [@no]\n\n-->\n\nAfter [@yes].\n',
    '> quote\n\n> again [@q]\n\n```\n\n[@no]\n\n```\n\nText “quoted words” here.\n\n[^1]: Note [@f].\n\nUse [^1].\n',
    'Para\n\n    code [@no]\n\nnext\n\n- item\n\n  continued [@c]\n\nend [x]\n\n[x]: http://u/@no\n',
    'Line one\r\nline two [@a].\r\n\r\n# Head 2.1\r\n\r\nIt said "25 died" (per #3) and 50% [@b, ¶ 2].\r\n',
    // nested block quotes: the quoted fast path (parse/fastpath.ts) and its fall-backs
    '> > Some 415 officers [@a, para. 2].\n> > were counted.\n\n>>> Deep 12 [@b]\n\n> uneven\n> > depth 3\n\n> lazy\nline 4\n\n>  two spaces 5\n\n> end  \n> hard break\n\n> > last 6 ',
    '> One 1.\r\n> Two 2 [@a].\r\n\r\n> > - list 3\r\n\r\n> > # heading 4\r\n\r\n> > x\r\n> > ===\r\n\r\n>\r\n> after blank\r\n\r\n> trailing   \r\n',
  ];
  for (const [i, text] of docs.entries()) {
    it(`document ${i}`, () => {
      const whole = parseDraft(text, { chunk: false, fastPath: false });
      const chunked = parseDraft(text);
      const checker = new DraftChecker();
      const ix = new CorpusIndex();
      assert.deepStrictEqual(chunked, whole);
      assert.deepStrictEqual(checker.check(text, ix, DEFAULT_SETTINGS).model, whole, 'the analysis');
      const again = checker.check(text, ix, DEFAULT_SETTINGS); // every chunk from the analysis's cache
      assert.strictEqual(again.fresh, 0);
      assert.deepStrictEqual(again.model, whole, 'the analysis, from its cache');
      assert.ok(splitChunks(text).length > 1);
    });
  }
});

describe('parseDraft: randomised agreement of the chunked/fast parse and the analysis with one whole parse', () => {
  const pieces = [
    'Plain text says 25 [@a, para. 2].', 'Mr. Smith said so. [@b]', '@c argues 3-5 in "quotes".', 'A *strong* claim `code [@x]`.',
    '- item [@d]', '1. ordered 7', '  continued line', '    indented code [@no]', '> quote [@e]', '```', '~~~', '<!--', '-->',
    '<div>', '</div>', '| a [@f] | b |', '|---|---|', '## 2.1 Heading [@g]', '---', '===', '[r]: http://x/@no', 'Link [r] and [t][r].',
    '[^1]: Note [@h].', 'Ref[^1].', 'mail a@b.com and https://x.org/@no', '', '', '', '', '   ', '\t- tab item',
    '<script>', '</script>', '+++', 'title = "x"', '* star item', '2) paren', '   > lazy', 'text  ', 'back\\', '- [ ] task @t',
    '[@open', 'close]', '`', '``', '- > nested [@n]', '    - deep', 'Term *a', 'b* end', '<?php', '?>', '![img](x.png)', 'www.x.com/@w',
    '> > Some 415 [@q, para. 2].', '> > more text 7', '>> tight 8', '> > > deep [@r]', '>  spaced', '> > - item', '> one  ', '>',
  ];
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let d = 0; d < 100; d++) {
    const lines: string[] = [];
    const count = 5 + rnd(40);
    for (let i = 0; i < count; i++) lines.push(pieces[rnd(pieces.length)]);
    const text = lines.join(rnd(4) === 0 ? '\r\n' : '\n');
    it(`random document ${d}`, () => {
      const whole = parseDraft(text, { chunk: false, fastPath: false });
      assert.deepStrictEqual(parseDraft(text), whole, JSON.stringify(text));
      const checker = new DraftChecker();
      assert.deepStrictEqual(checker.check(text, new CorpusIndex(), DEFAULT_SETTINGS).model, whole, 'analysis: ' + JSON.stringify(text));
      // a new index: checks are redone, parsed chunks come from the analysis's cache
      const again = checker.check(text, new CorpusIndex(), DEFAULT_SETTINGS);
      assert.deepStrictEqual(again.model, whole, 'analysis, cached parse: ' + JSON.stringify(text));
      assertProseShape(whole);
    });
  }
});
