// End-to-end steps for the Citation Report and the status bar counts (issue 12), run by run.mjs after its
// own steps. A second draft, written into the workspace by prepareDirs, holds one claim of each state:
// backed, cited to an unknown key, cited to para. 9 of a 5-paragraph source, wrong figure, misquote, uncited.

const KEY = 'edomex-officers-killed-2021';

export const REPORT_FILES = {
  'report-draft.md': `# Broken citations

On March 18, 13 police officers were gunned down by suspected gang members [@${KEY}, para. 1].

In 2019, 414 members of police institutions were killed [@edomex-officers-killed-2012, para. 3].

Three suspects were charged and 25 other suspects were detained [@${KEY}, para. 9].

In 2020, 600 police officers were killed [@${KEY}, para. 4].

Causa En Común reports that 86 agents have been murdered across the country this year.

Martínez-Celis said “we will respond with overwhelming force and the full backing of the law” [@${KEY}].
`,
};

// What the report must show for report-draft.md: one claim per state, six in all.
const WANT = { total: 6, cited: 1, mismatched: 2, 'unknown-key': 1, 'bad-locator': 1, uncited: 1 };

/** The frame of the Citation Report webview (code-server nests it in two iframes), or undefined. */
async function reportFrame(page) {
  for (const f of page.frames()) {
    const ok = await f.$('.counts [data-card]').then((x) => !!x).catch(() => false);
    if (ok) return f;
  }
  return undefined;
}

/** Cards, list and filter as the webview renders them. */
async function readReport(frame) {
  return frame.evaluate(() => {
    const num = (sel) => Number(document.querySelector(sel)?.querySelector('.num')?.textContent ?? NaN);
    const cards = {};
    document.querySelectorAll('.counts [data-card]').forEach((c) => (cards[c.getAttribute('data-card')] = Number(c.querySelector('.num').textContent)));
    const total = num('.counts .count:first-child');
    const items = [...document.querySelectorAll('li[data-status]')].map((li) => ({ status: li.getAttribute('data-status'), hidden: li.classList.contains('hidden'), text: li.innerText.replace(/\s+/g, ' ').slice(0, 120) }));
    const bar = [...document.querySelectorAll('svg.bar rect')].map((r) => ({ cls: r.getAttribute('class'), width: Number(r.getAttribute('width')) }));
    const filter = document.getElementById('filter')?.value;
    const title = document.querySelector('h1')?.textContent;
    return { cards, total, items, bar, filter, title };
  });
}

export async function reportSteps(h) {
  const { step, page, waitFor, openFromExplorer, runCommand, readStatusBar, clickText, applyQuickFix, visible, log, assert } = h;

  await step('f-report-counts-broken-citations', async () => {
    await openFromExplorer('report-draft.md');
    // Diagnostics first (the status bar parts count them), then the report.
    const parts = await waitFor('status bar parts "· 2 wrong", "· 2 broken", "· 1 uncited"', async () => {
      const items = await readStatusBar();
      const want = ['· 2 wrong', '· 2 broken', '· 1 uncited'];
      return want.every((w) => items.includes(w)) && items;
    }, { timeout: 60000, interval: 250 });
    log(`  status bar: ${JSON.stringify(parts.filter((s) => /sources|wrong|broken|uncited/.test(s)))}`);
    await runCommand('Source-Linked: Show Citation Report');
    const frame = await waitFor('the Citation Report webview', () => reportFrame(page), { timeout: 20000, interval: 250 });
    const r = await waitFor('report counts for report-draft.md', async () => {
      const x = await readReport(frame).catch(() => undefined);
      return x && x.title?.includes('report-draft.md') && x.total === WANT.total && x;
    }, { timeout: 20000, interval: 250 });
    log(`  report: total ${r.total}, cards ${JSON.stringify(r.cards)}, bar ${JSON.stringify(r.bar.map((b) => `${b.cls}:${b.width.toFixed(1)}`))}`);
    for (const [k, v] of Object.entries(WANT)) if (k !== 'total') assert(r.cards[k] === v, `card ${k} shows ${r.cards[k]}, expected ${v}`);
    const sum = Object.values(r.cards).reduce((a, b) => a + b, 0);
    assert(sum === r.total && r.items.length === r.total, `cards add up to ${sum}, list has ${r.items.length}, total ${r.total}`);
    assert(Math.abs(r.bar.reduce((a, b) => a + b.width, 0) - 100) < 0.01, 'the bar covers 100%');
    const cited = r.items.filter((i) => i.status === 'cited');
    assert(cited.length === 1 && cited[0].text.startsWith('13'), `only "13" is cited and backed: ${JSON.stringify(cited)}`);
    assert(r.items.some((i) => i.status === 'unknown-key' && i.text.startsWith('414')), '414 is listed as cited to an unknown key');
    assert(r.items.some((i) => i.status === 'mismatched' && /Misquoted/.test(i.text)), 'the misquote is listed');
  });

  await step('g-status-bar-wrong-opens-filter', async () => {
    // Click the "· 2 wrong" part: the report shows only the wrong claims.
    await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: '· 2 wrong' }).first().click();
    const r = await waitFor('the report filtered to wrong claims', async () => {
      const frame = await reportFrame(page);
      const x = frame && (await readReport(frame).catch(() => undefined));
      return x && x.filter === 'wrong' && x;
    }, { timeout: 20000, interval: 250 });
    const shown = r.items.filter((i) => !i.hidden);
    log(`  filter "${r.filter}": ${shown.map((i) => i.text.slice(0, 40)).join(' | ')}`);
    assert(shown.length === 2 && shown.every((i) => i.status === 'mismatched'), `2 wrong claims shown, got ${JSON.stringify(shown)}`);
  });

  await step('h-uncertain-figure-shows-source-passage', async () => {
    // 600 police officers killed: para. 3-5 give 524 and 14 police officers killed, so the alignment is
    // uncertain and the fix is to read the source, not to change the number.
    await clickText('600', { line: 9 });
    const label = await applyQuickFix('Show the source passage');
    log(`  applied quick fix "${label}"`);
    const src = '002_6a3627dfa4365ca5.txt';
    await waitFor(`the source ${src} opened in an editor`, () => visible(`.tabs-container .tab:has(.label-name:text-is("${src}"))`), { timeout: 15000 });
  });

  // Leave the workbench as we found it: later steps expect the draft editor at full width.
  await step('i-close-report-and-source', async () => {
    for (const label of ['Citation Report', '002_6a3627dfa4365ca5.txt']) {
      const tab = page.locator('.tabs-container .tab', { hasText: label }).first();
      if (!(await tab.isVisible().catch(() => false))) continue;
      await tab.hover();
      await tab.locator('.codicon-close').first().click();
      await waitFor(`the "${label}" tab to close`, async () => !(await tab.isVisible().catch(() => false)), { timeout: 5000 });
    }
  });
}
