/** PDF sources: layout to paragraphs within pages, metadata, scanned/encrypted/damaged files, lazy worker. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { parsePdf, readPdfSync, stopPdfWorker } from '../../../server/src/core/corpus/pdf';
import { bodyLines, pdfDate, PdfItem, PdfPage, pdfToArticle } from '../../../server/src/core/corpus/pdfLayout';
import { encryptedPdf, reportPdf, scannedPdf, twoColumnPdf } from '../../helpers/pdfs';
import { REPORT_PAGES, reportPdfBytes } from '../../helpers/formatsCorpus';

const item = (str: string, x: number, y: number, size = 11): PdfItem => ({ str, x, y, size, width: str.length * size * 0.5 });

describe('PDF layout (pure)', () => {
  const pages: PdfPage[] = [1, 2, 3].map((n) => ({
    width: 612,
    height: 792,
    items: [
      item('Annual Report 2021', 72, 760, 9),
      item(`Page ${n} of 3`, 280, 30, 9),
      item('The ministry counted 1,200 arrests in the first quarter and a further 900 in the sec-', 72, 700),
      item('ond, most of them in the northern border states.', 72, 686),
      item('A new paragraph starts after a wider gap and states 45 percent.', 72, 660),
      item('Regional trends', 72, 620, 11),
    ],
  }));

  it('drops running headers, footers and page numbers', () => {
    const lines = bodyLines(pages).flat().map((l) => l.text);
    assert.ok(!lines.some((l) => /Annual Report 2021|Page \d of 3/.test(l)), lines.join('\n'));
  });

  it('rebuilds paragraphs from positions, joining hyphenated line breaks', () => {
    const a = pdfToArticle(pages, {})!;
    assert.strictEqual(a.passages.length, 6);
    assert.strictEqual(a.passages[0].text, 'The ministry counted 1,200 arrests in the first quarter and a further 900 in the second, most of them in the northern border states.');
    assert.strictEqual(a.passages[1].text, 'A new paragraph starts after a wider gap and states 45 percent.');
    assert.deepStrictEqual(a.passages.map((p) => [p.n, p.page]), [[1, 1], [2, 1], [3, 2], [4, 2], [5, 3], [6, 3]]);
    assert.ok(!a.passages.some((p) => p.text === 'Regional trends'), 'a short line without a figure is a heading, not a passage');
  });

  it('keeps hyphens that are not line-break hyphenation', () => {
    const a = pdfToArticle([{ width: 612, height: 792, items: [item('Spending on anti-', 72, 700), item('Corruption units rose 12 percent this year in all the states.', 72, 686)] }], {})!;
    assert.strictEqual(a.passages[0].text, 'Spending on anti- Corruption units rose 12 percent this year in all the states.');
  });

  it('takes the title from the info dictionary, else the first heading on page 1', () => {
    assert.strictEqual(pdfToArticle(pages, { title: 'Info Title', author: 'A. Author', date: "D:20210401120000+01'00'" })!.title, 'Info Title');
    const withHeading: PdfPage[] = [{ width: 612, height: 792, items: [item('Violence in Numbers', 72, 720, 20), item('Body text of the report states 15 killings in the period under review.', 72, 690)] }];
    assert.strictEqual(pdfToArticle(withHeading, { title: 'Microsoft Word - draft3.docx' })!.title, 'Violence in Numbers');
    assert.strictEqual(pdfDate("D:20210401120000+01'00'"), '2021-04-01');
    assert.strictEqual(pdfDate('D:2019'), '2019');
  });

  it('returns nothing for pages without text', () => {
    assert.strictEqual(pdfToArticle([{ width: 612, height: 792, items: [] }], {}), undefined);
  });
});

describe('PDF files (pdf.js in a worker)', function () {
  this.timeout(20000);
  after(() => stopPdfWorker());

  it('reads a generated report: pages, paragraphs per page, figures where they were written, metadata', async () => {
    const r = parsePdf(await reportPdfBytes());
    assert.strictEqual(r.reason, undefined);
    const a = r.articles[0];
    assert.strictEqual(a.title, 'Organized Crime and Violence in Mexico');
    assert.strictEqual(a.author, 'Justice in Mexico');
    assert.strictEqual(a.date, '2021-04-01');
    assert.strictEqual(a.pages, 4);
    assert.strictEqual(a.format, 'pdf');
    const got = a.passages.map((p) => [p.page, p.text]);
    const want = REPORT_PAGES.flatMap((ps, i) => ps.map((t) => [i + 1, t.replace('be-\nfore', 'before').replace(/\s+/g, ' ')]));
    assert.deepStrictEqual(got, want);
  });

  it('falls back to XMP metadata when the info dictionary has no title or author', async () => {
    const bytes = await reportPdf([['A page stating that 61 municipalities reported no homicides during the whole year.']], { xmp: { title: 'Municipal Violence Atlas', creator: 'Atlas Team' } });
    const [a] = parsePdf(bytes).articles;
    assert.deepStrictEqual([a.title, a.author], ['Municipal Violence Atlas', 'Atlas Team']);
  });

  it('reads a two-column page column by column, and keeps one-column table rows whole', async () => {
    const left = ['The left column opens with 120 arrests made in the first week of the operation in the port city.', 'A second left paragraph reports that 14 vessels were inspected by the navy in the same period.'];
    const right = ['The right column says 35 percent of the seized cargo was bound for the United States market.', 'Its last paragraph notes that prosecutors charged 61 people, most of them dock workers.'];
    const [a] = parsePdf(await twoColumnPdf(left, right)).articles;
    assert.deepStrictEqual(a.passages.map((p) => p.text), [...left, ...right]);
    const table = await reportPdf([['Homicides by state in the year under review, as the state prosecutors reported them:', 'Guanajuato                                  4,490\nBaja California                          2,944']]);
    const [t] = parsePdf(table).articles;
    assert.ok(t.passages.some((p) => /^Guanajuato 4,490 Baja California 2,944$/.test(p.text)), t.passages.map((p) => p.text).join(' | '));
  });

  it('skips a scanned PDF (no text layer) and an encrypted PDF with clear reasons', async () => {
    assert.deepStrictEqual(parsePdf(await scannedPdf()), { articles: [], reason: 'no text layer (a scanned PDF?); OCR is not supported' });
    assert.deepStrictEqual(parsePdf(await encryptedPdf()), { articles: [], reason: 'encrypted PDF that needs a password' });
  });

  it('reports damaged and non-PDF bytes without throwing', () => {
    assert.deepStrictEqual(readPdfSync(Buffer.from('%PDF-1.7\ngarbage')), { ok: false, reason: 'not a valid PDF file (damaged or truncated)' });
    assert.deepStrictEqual(readPdfSync(Buffer.from('hello')), { ok: false, reason: 'not a PDF file (no %PDF- header)' });
  });

  it('loads PDFs in a corpus folder next to text sources, listing skipped PDFs with reasons', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-pdf-'));
    try {
      fs.writeFileSync(path.join(dir, 'report.PDF'), await reportPdf([['A single page that states 77 detentions in the port of Veracruz during the year.']], { title: 'Port Report' }));
      fs.writeFileSync(path.join(dir, 'scan.pdf'), await scannedPdf());
      fs.writeFileSync(path.join(dir, 'note.txt'), 'A note\n\nThe note says 12 boats were seized in the port.\n');
      const r = await loadCorpus(['.'], { baseDir: dir });
      const pdf = r.sources.find((s) => s.format === 'pdf')!;
      assert.strictEqual(pdf.title, 'Port Report');
      assert.strictEqual(pdf.pages, 1);
      assert.strictEqual(pdf.passages[0].page, 1);
      assert.deepStrictEqual(pdf.passages[0].figures.map((f) => f.value), [77]);
      assert.strictEqual(r.sources.length, 2);
      assert.deepStrictEqual(r.skipped.map((s) => [path.basename(s.file), s.reason]), [['scan.pdf', 'no text layer (a scanned PDF?); OCR is not supported']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
