/**
 * PDF fixtures written at test time with pdf-lib: multi-page reports with known
 * figures per page, running headers/footers and page numbers; a scanned-style
 * PDF with no text layer; an encrypted PDF that needs a password.
 */
import { PDFDocument, PDFName, PDFHexString, StandardFonts, rgb } from 'pdf-lib';

export interface ReportPdfOptions {
  title?: string;
  author?: string;
  /** Info-dictionary creation date. */
  date?: Date;
  /** Running header on every page (the page number is added to the footer). */
  header?: string;
  /** A bigger-font heading at the top of page 1 (the title fallback). */
  heading?: string;
  /** An XMP metadata stream with dc:title / dc:creator (no info-dictionary title is set then). */
  xmp?: { title: string; creator: string };
}

/** Wrap text to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? line + ' ' + w : w;
  }
  if (line) out.push(line);
  return out;
}

/** A report: `pages[i]` is the paragraphs of page i+1. Lines may be given pre-broken with "\n". */
export async function reportPdf(pages: string[][], opts: ReportPdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (opts.title) doc.setTitle(opts.title);
  if (opts.author) doc.setAuthor(opts.author);
  if (opts.date) doc.setCreationDate(opts.date);
  if (opts.xmp) {
    const x = opts.xmp;
    const packet =
      '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x.title}</rdf:li></rdf:Alt></dc:title>` +
      `<dc:creator><rdf:Seq><rdf:li>${x.creator}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const stream = doc.context.stream(packet, { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  }
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  pages.forEach((paras, i) => {
    const page = doc.addPage([612, 792]);
    if (opts.header) page.drawText(opts.header, { x: 72, y: 760, size: 9, font });
    let y = 700;
    if (i === 0 && opts.heading) {
      page.drawText(opts.heading, { x: 72, y: 720, size: 18, font: bold });
      y = 680;
    }
    for (const para of paras) {
      // Each "\n"-separated segment is wrapped too (text past the page edge is clipped by readers).
      const lines = para.split('\n').flatMap((seg) => wrap(seg, 90));
      for (const l of lines) {
        page.drawText(l, { x: 72, y, size: 11, font });
        y -= 14;
      }
      y -= 12;
    }
    page.drawText(String(i + 1), { x: 300, y: 36, size: 9, font });
  });
  return doc.save();
}

/** One page with a drawn "scan" (a grey rectangle) and no text at all. */
export async function scannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawRectangle({ x: 50, y: 50, width: 500, height: 700, color: rgb(0.8, 0.8, 0.8) });
  return doc.save();
}

/**
 * A PDF whose trailer names a Standard security handler with a user password
 * (the /U entry does not match the empty password), so readers must ask for one.
 */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([612, 792]).drawText('Secret figures: 4,100 officers.', { x: 72, y: 700, size: 11, font });
  const junk = PDFHexString.of('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
  const enc = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44 });
  enc.set(PDFName.of('O'), junk);
  enc.set(PDFName.of('U'), junk);
  doc.context.trailerInfo.Encrypt = doc.context.register(enc);
  doc.context.trailerInfo.ID = doc.context.obj([junk, junk]);
  return doc.save({ useObjectStreams: false });
}

/** One page in two columns: `left` paragraphs down the left column, then `right` down the right one. */
export async function twoColumnPdf(left: string[], right: string[], title = 'Two Column Report'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText(title, { x: 50, y: 740, size: 16, font });
  for (const [x, paras] of [[50, left], [320, right]] as [number, string[]][]) {
    let y = 700;
    for (const para of paras) {
      for (const l of wrap(para, 45)) {
        page.drawText(l, { x, y, size: 10, font });
        y -= 12;
      }
      y -= 10;
    }
  }
  return doc.save();
}
