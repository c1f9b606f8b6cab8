/**
 * Word sources (`.docx`): mammoth (in the document worker) turns the document
 * into HTML; its paragraphs, headings, lists and tables become Markdown blocks
 * (html.ts) and then passages, exactly as for Markdown sources. Title, author
 * and date come from docProps/core.xml, else the first heading.
 * Password-protected and old binary `.doc` files are skipped with a reason.
 */
import { htmlReader } from './formats';
import { pdfDate } from './pdfLayout';
import { ParsedArticle, splitFile } from './split';
import { callDocWorker } from './worker';

export function parseDocx(buf: Uint8Array, file: string): { articles: ParsedArticle[]; reason?: string } {
  const r = callDocWorker('docx', buf);
  if (!r.ok) return { articles: [], reason: r.reason };
  const { documentHtmlToMarkdown, webArticleToMarkdown } = htmlReader();
  const body = documentHtmlToMarkdown(r.html);
  if (!/\p{L}{2,}/u.test(body)) return { articles: [], reason: 'no text in the document' };
  const md = webArticleToMarkdown({ title: r.title, author: r.author, date: pdfDate(r.date), markdown: body });
  const articles = splitFile(md, file.replace(/\.docx$/i, '.md'));
  for (const a of articles) {
    a.format = 'docx';
    // Lines point into the generated Markdown, not the zip: send Definition to the file's start.
    for (const p of a.passages) p.startLine = p.endLine = p.startOffset = 0;
    a.startLine = a.endLine = 0;
  }
  return { articles };
}
