/**
 * Markdown for hovers and completion documentation, built so that every piece of text is
 * escaped by construction: features add text, bold, italics, code, passages with their
 * figures in bold, rules and paragraph breaks; only this file writes Markdown syntax.
 * Source files are user data: no link, image, HTML or `command:` URI can come from them.
 */
import { MarkupContent, MarkupKind } from 'vscode-languageserver';
import { Figure } from '../core/types';

/** Markdown built piece by piece: text is always escaped, structure comes from the methods. */
export class MarkdownBuilder {
  private readonly blocks: string[] = [];
  private current = '';

  /** Plain text, escaped. */
  text(s: string): this {
    this.current += escapeMarkdown(s);
    return this;
  }

  bold(s: string): this {
    if (s) this.current += `**${escapeMarkdown(s)}**`;
    return this;
  }

  italic(s: string): this {
    if (s) this.current += `*${escapeMarkdown(s)}*`;
    return this;
  }

  /** A code span; backticks and line breaks in `s` are dropped so the span cannot be closed early. */
  code(s: string): this {
    this.current += '`' + s.replace(/`/g, '').replace(/[\r\n]+/g, ' ') + '`';
    return this;
  }

  /** Items joined by `sep` (text, escaped), each written by `write`. */
  list<T>(items: readonly T[], sep: string, write: (md: this, item: T) => void): this {
    items.forEach((item, i) => {
      if (i) this.text(sep);
      write(this, item);
    });
    return this;
  }

  /** A source passage, escaped, with the given figure spans (offsets into `text`) in bold; long passages are windowed. */
  passage(text: string, bold: readonly Figure[]): this {
    this.current += passageMarkdown(text, bold);
    return this;
  }

  /** End the current paragraph. */
  paragraph(): this {
    if (this.current) this.blocks.push(this.current);
    this.current = '';
    return this;
  }

  /** A horizontal rule between sections. */
  rule(): this {
    this.paragraph();
    this.blocks.push('---');
    return this;
  }

  /** The Markdown: paragraphs separated by blank lines. */
  toString(): string {
    this.paragraph();
    return this.blocks.join('\n\n');
  }

  toMarkup(): MarkupContent {
    return { kind: MarkupKind.Markdown, value: this.toString() };
  }
}

/**
 * Escape untrusted text (source files are user data) for Markdown: every
 * character that can start a link, image, autolink, HTML tag, entity,
 * emphasis, code span, table or math gets a backslash, and so does a colon
 * unless a space follows it (`Draft: ` cannot start a URI), so no
 * link and no `command:` URI can form; a leading block marker (`#`, `-`, `1.`) is
 * neutralised. Newlines become spaces.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\](){}<>#!|~&$^=]|:(?!\s)/g, (c) => '\\' + c)
    .replace(/^(\s*)([-+]|\d+(?=[.)]))/, (_m, sp: string, mark: string) => (/\d/.test(mark) ? `${sp}${mark}\\` : `${sp}\\${mark}`));
}

/** Passages longer than this are shown as a window around the (first bold) figure. */
export const MAX_PASSAGE_CHARS = 1200;

/** Escaped passage text with the given figure spans (offsets into `text`) in bold. */
export function passageMarkdown(text: string, bold: readonly Figure[]): string {
  const spans = [...bold].sort((a, b) => a.start - b.start);
  // A long source line (a data dump, a page without paragraph breaks) is cut to a window
  // around the figure, at word boundaries, and the hover says so.
  let from = 0;
  let to = text.length;
  if (text.length > MAX_PASSAGE_CHARS) {
    const anchor = spans.find((f) => f.end <= text.length);
    const half = MAX_PASSAGE_CHARS >> 1;
    from = anchor ? Math.max(0, Math.min(anchor.start - half, text.length - MAX_PASSAGE_CHARS)) : 0;
    to = Math.min(text.length, from + MAX_PASSAGE_CHARS);
    if (anchor && to < anchor.end) to = anchor.end;
    const ws = text.lastIndexOf(' ', from);
    if (from > 0 && ws > from - 40) from = ws + 1;
    const we = text.indexOf(' ', to);
    if (to < text.length && we >= 0 && we < to + 40) to = we;
  }
  let out = '';
  let at = from;
  for (const f of spans) {
    if (f.start < at || f.end > to) continue;
    out += escapeMarkdown(text.slice(at, f.start)) + '**' + escapeMarkdown(text.slice(f.start, f.end)) + '**';
    at = f.end;
  }
  out += escapeMarkdown(text.slice(at, to));
  if (from === 0 && to === text.length) return out;
  const note = `*(shortened: showing ${(to - from).toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters${spans.length ? ' around the figure' : ''})*`;
  return `${from > 0 ? '… ' : ''}${out}${to < text.length ? ' …' : ''}\n\n${note}`;
}
