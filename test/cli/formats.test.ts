/** The CLI on HTML and PDF sources: index, check (right/wrong figure, wrong page, bad locator), export, add URL. */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DOCX_KEY, fetchRoutes, formatsWorkspace, FORMATS_DRAFT, HTML_KEY, localServer, PDF_KEY } from '../helpers/formatsCorpus';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'source-linked.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Like run, but without blocking this process (the test's HTTP server must answer). */
function runAsync(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('source-linked CLI with HTML, PDF and Word sources', function () {
  this.timeout(30000);
  let ws: string;
  before(async () => {
    ws = await formatsWorkspace();
    fs.writeFileSync(path.join(ws, 'draft.md'), FORMATS_DRAFT);
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('sources: indexes the PDF (with pages) and the web page, and says why the others were skipped', () => {
    const r = run(['sources', '--json'], ws);
    assert.strictEqual(r.code, 0, r.err);
    // `sources --json` is {sources, skipped, missingRoots} (issue 9): the skip reasons are in the JSON too
    const out = JSON.parse(r.out) as { sources: { key: string; format?: string; pages?: number; url?: string; passages: number }[]; skipped: { file: string; reason: string }[] };
    const rows = out.sources;
    assert.ok(out.skipped.some((x) => /encrypted PDF that needs a password/.test(x.reason)));
    const pdf = rows.find((x) => x.key === PDF_KEY)!;
    assert.deepStrictEqual([pdf.format, pdf.pages, pdf.passages], ['pdf', 4, 8]);
    const html = rows.find((x) => x.key === HTML_KEY)!;
    assert.deepStrictEqual([html.format, html.url], ['html', 'https://ledger.example.com/2021/03/jalisco-homicides-fall']);
    const word = rows.find((x) => x.key === DOCX_KEY)!;
    assert.deepStrictEqual([word.format, word.passages], ['docx', 3]);
    assert.match(r.err, /skipped sources\/locked\.pdf: encrypted PDF that needs a password/);
    assert.match(r.err, /skipped sources\/scan\.pdf: no text layer \(a scanned PDF\?\); OCR is not supported/);
  });

  it('check: right page and ±1 pass; wrong page, wrong figure and page 90 are flagged; web page and Word figures checked', () => {
    const r = run(['check', '--format', 'json', 'draft.md'], ws);
    assert.strictEqual(r.code, 1, r.err);
    const found = (JSON.parse(r.out) as { line: number; code: string; message: string }[]).map((f) => [f.line, f.code, f.message]);
    assert.deepStrictEqual(
      found.map(([line, code]) => [line, code]),
      [
        [5, 'figure-not-in-source'],
        [7, 'figure-not-in-source'],
        [9, 'bad-locator'],
        [13, 'figure-not-in-source'],
        [17, 'figure-not-in-source'],
      ],
    );
    const m = found.map((f) => String(f[2]));
    // pages 3-5 are checked: they give 524 and 446 police officers killed, no homicide total (34,515 is on p. 1)
    assert.match(m[0], new RegExp(`^"34,515" is not stated in @${PDF_KEY} \\(p\\. 4\\); the cited text gives 524 .* none in the same role\\.$`));
    assert.match(m[1], new RegExp(`^"525" is not stated in @${PDF_KEY} \\(p\\. 3\\); .*\\b524\\b`));
    assert.strictEqual(m[2], `p. 90 is out of range: @${PDF_KEY} has 4 pages.`);
    assert.match(m[3], new RegExp(`^"1\\.5 billion pesos" is not stated in @${HTML_KEY}; source says 1\\.4 billion pesos`));
    assert.match(m[4], new RegExp(`^"3,540" is not stated in @${DOCX_KEY}; .*\\b3,450\\b`));
  });

  it('sources (table): a PDF shows its page count', () => {
    const r = run(['sources'], ws);
    assert.match(r.out, new RegExp(`^${PDF_KEY}\\s.*sources/report\\.pdf \\(4 pp\\.\\)$`, 'm'));
    assert.match(r.out, /sources\/page\.html:\d+$/m);
  });

  it('export: CSL JSON with the PDF as a report (pages) and the web page with its URL', () => {
    const r = run(['export', '--format', 'csl-json'], ws);
    assert.strictEqual(r.code, 0, r.err);
    const items = JSON.parse(r.out) as Record<string, unknown>[];
    const pdf = items.find((i) => i.id === PDF_KEY)!;
    assert.deepStrictEqual([pdf.type, pdf['number-of-pages'], pdf.author], ['report', 4, [{ literal: 'Justice in Mexico' }]]);
    const html = items.find((i) => i.id === HTML_KEY)!;
    assert.deepStrictEqual([html.URL, html['container-title']], ['https://ledger.example.com/2021/03/jalisco-homicides-fall', 'The Valley Ledger']);
    const word = items.find((i) => i.id === DOCX_KEY)!;
    assert.deepStrictEqual([word.title, word.author, word.issued], ['Border Deployment Briefing', [{ literal: 'Ministry Desk' }], { 'date-parts': [[2022, 3, 31]] }]);
  });

  it('add URL: saves the article into the corpus folder, then it can be cited; errors exit 1 with the reason', async () => {
    const server = await localServer(await fetchRoutes());
    try {
      const ok = await runAsync(['add', server.url + '/article', '--corpus', 'captured'], ws);
      assert.strictEqual(ok.code, 0, ok.err);
      assert.match(ok.out, /^Saved "Homicides Fall 12% in Jalisco as State Adds Patrols" to captured\/homicides-fall-12-2021\.md\nCite it as \[@homicides-fall-12-2021\]/);
      const cited = path.join(ws, 'cited.md');
      fs.writeFileSync(cited, 'Homicides in Jalisco fell 12% in 2020 [@homicides-fall-12-2021].\n');
      const r = run(['check', '--corpus', 'captured', 'cited.md'], ws);
      assert.strictEqual(r.code, 0, r.out + r.err);
      const bad = await runAsync(['add', server.url + '/missing', '--corpus', 'captured'], ws);
      assert.strictEqual(bad.code, 1);
      assert.match(bad.err, /^source-linked: could not add http:\/\/127\.0\.0\.1:\d+\/missing: The server answered 404 Not Found/);
    } finally {
      await server.close();
    }
  });
});
