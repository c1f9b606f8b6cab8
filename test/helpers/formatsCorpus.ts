/**
 * A temporary workspace with sources in every format issue 14 reads: a 4-page
 * PDF report with known figures per page (plus running header and page
 * numbers), a saved web page with boilerplate and JSON-LD, a scanned-style PDF
 * and an encrypted PDF. Text is written for the tests; no corpus text.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { docx } from './docx';
import { encryptedPdf, reportPdf, scannedPdf } from './pdfs';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');
export const PDF_KEY = 'organized-crime-violence-2021';
export const HTML_KEY = 'homicides-fall-12-2021';
export const DOCX_KEY = 'border-deployment-briefing-2022';

/** A Word briefing: heading, two paragraphs with figures, a table. */
export function briefingDocx(): Promise<Buffer> {
  return docx(
    [
      { h1: 'Border Deployment Briefing' },
      { p: 'The briefing says 3,450 troops were deployed to the northern border in March, more than in any month before.' },
      { table: [['State', 'Troops'], ['Sonora', '1,200'], ['Chihuahua', '900']] },
      { p: 'A second paragraph notes that 14 checkpoints were added along the highways leading north.' },
    ],
    { title: 'Border Deployment Briefing', creator: 'Ministry Desk', created: '2022-03-31T10:00:00Z' },
  );
}

/** Paragraphs per page; the figures the tests cite are noted. */
export const REPORT_PAGES: string[][] = [
  [
    'The federal security secretariat reported 34,515 victims of intentional homicide in 2020, a rate of 27 per 100,000 inhabitants, slightly below the year be-\nfore.', // p. 1: 34,515
    'Most of the killings were concentrated in six states, which together accounted for nearly half of the national total.',
  ],
  [
    'Guanajuato recorded 4,490 homicides, the most of any state for the third year running, followed by Baja California with 2,944.', // p. 2: 4,490
    'Officials in both states attributed the violence to disputes between criminal groups over fuel theft and drug routes.',
  ],
  [
    'At least 524 police officers were killed in 2020, up from 446 the year before, according to a civil society count of press reports.', // p. 3: 524
    'State and municipal police accounted for most of the victims; federal agents were a small share of the total.',
  ],
  [
    'Spending on the National Guard reached 35.7 billion pesos, while funding for municipal police was cut by 18 percent.', // p. 4: 35.7 billion pesos
    'The report recommends restoring the municipal security subsidy and publishing police casualty data every month.',
  ],
];

export function reportPdfBytes(): Promise<Uint8Array> {
  return reportPdf(REPORT_PAGES, {
    title: 'Organized Crime and Violence in Mexico',
    author: 'Justice in Mexico',
    date: new Date('2021-04-01T12:00:00Z'),
    header: 'Organized Crime and Violence in Mexico 2021',
  });
}

/** Creates `<tmp>/sources/` with report.pdf, page.html, briefing.docx, scan.pdf, locked.pdf. Returns the workspace folder. */
export async function formatsWorkspace(): Promise<string> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-formats-'));
  const src = path.join(ws, 'sources');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'report.pdf'), await reportPdfBytes());
  fs.copyFileSync(path.join(FIXTURES, 'saved-page.html'), path.join(src, 'page.html'));
  fs.writeFileSync(path.join(src, 'briefing.docx'), await briefingDocx());
  fs.writeFileSync(path.join(src, 'scan.pdf'), await scannedPdf());
  fs.writeFileSync(path.join(src, 'locked.pdf'), await encryptedPdf());
  return ws;
}

/** A draft exercising each check on the PDF and the web page (line per claim). */
export const FORMATS_DRAFT = [
  `Police killings rose to 524 in 2020 [@${PDF_KEY}, p. 3].`, // right page
  `Guanajuato recorded 4,490 homicides [@${PDF_KEY}, p. 3].`, // next page: allowed (±1)
  `There were 34,515 homicide victims [@${PDF_KEY}, p. 4].`, // wrong page: figure-not-in-source
  `Police killings rose to 525 in 2020 [@${PDF_KEY}, p. 3].`, // wrong figure
  `The report is long [@${PDF_KEY}, p. 90].`, // bad-locator
  `Homicides in Jalisco fell 12% in 2020 [@${HTML_KEY}].`, // right figure, web page
  `The state spent 1.5 billion pesos on patrols [@${HTML_KEY}].`, // wrong figure, web page
  `In March, 3,450 troops went north [@${DOCX_KEY}].`, // right figure, Word
  `In March, 3,540 troops went north [@${DOCX_KEY}].`, // wrong figure, Word
  '',
].join('\n\n');

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (random port) answering from a route table. Never the internet. */
export async function localServer(routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>): Promise<TestServer> {
  const sockets = new Set<import('net').Socket>();
  const server = http.createServer((req, res) => {
    const h = routes[(req.url ?? '/').split('?')[0]];
    if (h) h(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Not found</h1></body></html>');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Routes for the fetch tests: an article, a 404, a paywall, a PNG, an empty page, a PDF, a slow page, a big page. */
export async function fetchRoutes(): Promise<Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>> {
  const article = fs.readFileSync(path.join(FIXTURES, 'saved-page.html'));
  const pdf = Buffer.from(await reportPdfBytes());
  return {
    '/article': (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      r.end(article);
    },
    '/redirect': (_q, r) => {
      r.writeHead(302, { location: '/article' });
      r.end();
    },
    '/forbidden': (_q, r) => {
      r.writeHead(403, { 'content-type': 'text/html' });
      r.end('<html><body>Subscribe</body></html>');
    },
    '/paywall': (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(
        '<html><head><title>Cartel finances revealed</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Cartel finances revealed","isAccessibleForFree":false}</script></head>' +
          '<body><article><h1>Cartel finances revealed</h1><p>The first lines of a long investigation into how criminal groups move their money through front companies are visible here.</p>' +
          '<p>Subscribe to continue reading. Already a subscriber? Sign in to continue reading this article.</p></article></body></html>',
      );
    },
    '/image': (_q, r) => {
      r.writeHead(200, { 'content-type': 'image/png' });
      r.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    },
    '/empty': (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end('<html><head><title>Nothing</title></head><body><nav><a href="/">Home</a></nav></body></html>');
    },
    '/report.pdf': (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/pdf' });
      r.end(pdf);
    },
    '/slow': () => {
      // never answers: the fetch must time out
    },
    '/big': (_q, r) => {
      const body = Buffer.from('<html><body><p>' + 'x'.repeat(64 * 1024) + '</p></body></html>');
      r.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length });
      r.end(body);
    },
    '/big-chunked': (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' }); // no length: the limit applies while reading
      r.write('<html><body><p>' + 'x'.repeat(32 * 1024));
      r.end('x'.repeat(32 * 1024) + '</p></body></html>');
    },
  };
}
