/**
 * Issue 8 §3: the one Markdown builder (lsp/markdown.ts) hovers and completion docs are
 * written with. Text is escaped by construction; structure comes only from its methods.
 */
import * as assert from 'assert';
import { MarkupKind } from 'vscode-languageserver';
import { extractFigures } from '../../../server/src/core/figures';
import { MarkdownBuilder } from '../../../server/src/lsp/markdown';

describe('lsp/markdown: MarkdownBuilder', () => {
  it('escapes text, bold and italics so no link, image, HTML or command URI can form', () => {
    const evil = '[click](command:workbench.action.terminal.new) ![x](http://a/i.png) <img src=x> *not bold*';
    const md = new MarkdownBuilder().text(evil).paragraph().bold(evil).paragraph().italic(evil).toString();
    assert.doesNotMatch(md, /(?<!\\)\[click(?<!\\)\]\(/);
    assert.doesNotMatch(md, /(?<!\\)!\[/);
    assert.doesNotMatch(md, /(?<!\\)<img/);
    assert.doesNotMatch(md, /(?<!\\)\(command:/);
    assert.strictEqual(md.split('\n\n').length, 3);
  });

  it('a leading block marker in text is neutralised; newlines in text cannot start a block', () => {
    assert.strictEqual(new MarkdownBuilder().text('# Heading').toString(), '\\# Heading');
    assert.strictEqual(new MarkdownBuilder().text('- item').toString(), '\\- item');
    assert.strictEqual(new MarkdownBuilder().text('1. first').toString(), '1\\. first');
    assert.strictEqual(new MarkdownBuilder().text('a\n\n# b').toString(), 'a \\# b');
  });

  it('a colon is escaped where it could start a URI, not before a space', () => {
    assert.strictEqual(new MarkdownBuilder().text('Draft: command:x').toString(), 'Draft: command\\:x');
    assert.strictEqual(new MarkdownBuilder().italic('Stated in:').toString(), '*Stated in\\:*');
  });

  it('code spans cannot be closed early', () => {
    assert.strictEqual(new MarkdownBuilder().code('@k`ey\n[x](command:y)').toString(), '`@key [x](command:y)`');
  });

  it('builds paragraphs, rules, lists and passages with their figure in bold', () => {
    const text = 'Officials counted 7,654 rifles [a](b).';
    const md = new MarkdownBuilder()
      .bold('Title *1*')
      .text(' · 2021-03-04')
      .rule()
      .passage(text, extractFigures(text))
      .paragraph()
      .italic('para. 3 of 5')
      .paragraph()
      .text('Did you mean ')
      .list(['@a_b', '@c'], ', ', (m, k) => m.text(k))
      .text('?');
    assert.strictEqual(
      md.toString(),
      '**Title \\*1\\*** · 2021-03-04\n\n---\n\nOfficials counted **7,654** rifles \\[a\\]\\(b\\).\n\n*para. 3 of 5*\n\nDid you mean @a\\_b, @c?',
    );
    assert.deepStrictEqual(new MarkdownBuilder().bold('x').toMarkup(), { kind: MarkupKind.Markdown, value: '**x**' });
  });

  it('empty bold and italics write nothing (no stray ** or *)', () => {
    assert.strictEqual(new MarkdownBuilder().bold('').italic('').text('x').toString(), 'x');
  });
});
