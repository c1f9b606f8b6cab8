// E2E steps for PDF sources (issue 14): a page citation, its hover ("p. 3 of 4"), the squiggle
// when the cited page does not state the figure, page 90 of 4, and Go to Definition opening the
// read-only page view (source-linked: scheme). The PDF is written at run time by pdf-lib
// (out/test/helpers/pdfs.js, built by `npm run package`), never kept in the repo.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PDF_KEY = 'prosecutions-disappearances-report-2022';

// Figures chosen not to compete with the seeds' (the main steps expect seed passages first).
const PAGES = [
  ['Federal and state prosecutors registered 2,310 complaints of disappearance in 2021, according to the annual statistics of the attorney general.'],
  ['The commission for searching for missing persons found 187 clandestine graves during the year, most of them in the state of Sonora.'],
  ['Federal prosecutors opened 1,187 investigations into disappearances committed by public officials, of which only 36 reached a court.'],
  ['The report recommends a national registry of unidentified remains and more funding for forensic laboratories in every state.'],
];

const DRAFT = `# PDF sources

Prosecutors opened 1,187 investigations into disappearances [@${PDF_KEY}, p. 3].

Complaints of disappearance reached 2,310 in 2021 [@${PDF_KEY}, p. 4].

The registry is still missing [@${PDF_KEY}, p. 90].
`;

let workspace;
let root;

/** Writes sources/prosecutions-report.pdf and pdf-draft.md into the workspace. */
export async function preparePdfWorkspace(WS, ROOT) {
  workspace = WS;
  root = ROOT;
  const require = createRequire(path.join(ROOT, 'package.json'));
  const { reportPdf } = require(path.join(ROOT, 'out', 'test', 'helpers', 'pdfs.js'));
  const bytes = await reportPdf(PAGES, {
    title: 'Prosecutions and Disappearances Report',
    author: 'Example Institute',
    date: new Date('2022-06-01T12:00:00Z'),
    header: 'Prosecutions and Disappearances Report 2022',
  });
  fs.mkdirSync(path.join(WS, 'sources'), { recursive: true });
  fs.writeFileSync(path.join(WS, 'sources', 'prosecutions-report.pdf'), bytes);
  fs.writeFileSync(path.join(WS, 'pdf-draft.md'), DRAFT);
}

/** h: helpers from run.mjs ({ page, step, waitFor, log, assert, screenshot, openFromExplorer, openProblemsPanel, readProblems, hoverText, clickText, mouseAway, editorText, openPalette, quickPickRows }). */
export async function pdfSteps(h) {
  await h.step('pdf-open-draft', async () => {
    await h.openFromExplorer('pdf-draft.md');
    await h.waitFor('pdf draft text in the editor', async () => (await h.editorText()).includes('1,187 investigations'), { timeout: 10000 });
  });

  await h.step('pdf-squiggle-on-wrong-page', async () => {
    await h.openProblemsPanel();
    const rows = await h.waitFor('wrong-page and page-90 warnings in Problems', async () => {
      const r = await h.readProblems();
      const wrong = r.find((x) => x.includes(`"2,310" is not stated in @${PDF_KEY} (p. 4)`));
      const bad = r.find((x) => x.includes(`p. 90 is out of range: @${PDF_KEY} has 4 pages.`));
      return wrong && bad && [wrong, bad];
    }, { timeout: 90000, interval: 250 });
    h.log(`  problems:\n    ${rows.join('\n    ')}`);
    h.assert(!(await h.readProblems()).some((x) => x.includes('"1,187"')), 'the figure on the cited page is not flagged');
    await h.waitFor('a warning squiggle in the editor', () => h.page.locator('.squiggly-warning').first().isVisible().catch(() => false), { timeout: 10000 });
  });

  await h.step('pdf-hover-page-citation', async () => {
    const text = await h.hoverText(`@${PDF_KEY}`, 'p. 3 of 4', { line: 3, timeout: 20000 });
    h.log(`  hover: ${text.slice(0, 240)}`);
    h.assert(text.includes('Federal prosecutors opened 1,187 investigations'), 'hover shows the passage on page 3');
    await h.screenshot('pdf-hover-shown');
    await h.mouseAway();
  });

  await h.step('pdf-definition-opens-page-view', async () => {
    await h.clickText(`@${PDF_KEY}`, { line: 3 });
    await h.page.keyboard.press('F12');
    await h.waitFor('a page-view tab named after the page', () => h.page.locator('.tabs-container .tab[aria-label*="p. 3 of 4"]').first().isVisible().catch(() => false), { timeout: 15000 });
    await h.waitFor('the extracted page text', async () => (await h.editorText()).includes('Federal prosecutors opened 1,187 investigations'), { timeout: 10000 });
  });

  await h.step('add-source-from-url', async () => {
    // A local server on 127.0.0.1 serves the saved-page fixture; the command fetches and saves it.
    const html = fs.readFileSync(path.join(root, 'test', 'fixtures', 'formats', 'saved-page.html'));
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}/story`;
    try {
      const input = await h.openPalette('>');
      await input.fill('>Source-Linked: Add Source from URL');
      await h.waitFor('the Add Source from URL command', async () => (await h.quickPickRows()).some((r) => /Add Source from URL/.test(r.label)), { timeout: 5000 });
      await h.page.keyboard.press('Enter');
      await h.waitFor('the URL input box', async () => ((await input.getAttribute('placeholder').catch(() => '')) ?? '').startsWith('https://'), { timeout: 10000 });
      await input.fill(url);
      await h.page.keyboard.press('Enter');
      const note = await h.waitFor('the "Added … as @key" notification', async () => {
        const t = await h.page.locator('.notifications-toasts').first().innerText().catch(() => '');
        return t.includes('as @homicides-fall-12-2021') && t;
      }, { timeout: 30000 });
      h.log(`  notification: ${note.replace(/\s+/g, ' ').slice(0, 160)}`);
      const saved = path.join(workspace, 'sources', 'homicides-fall-12-2021.md');
      h.assert(fs.existsSync(saved), `saved ${saved}`);
      h.assert(/^url: "?https:\/\/ledger\.example\.com\/2021\/03\/jalisco-homicides-fall"?$/m.test(fs.readFileSync(saved, 'utf8')), 'front matter has the canonical URL');
      await h.waitFor('the saved source open in an editor', async () => (await h.editorText()).includes('Homicides in Jalisco fell 12%'), { timeout: 10000 });
    } finally {
      server.close();
    }
  });
}
