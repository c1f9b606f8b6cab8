// End-to-end steps for the writer's flow (issue 15), run by run.mjs after its own steps:
// completion rows that show titles, the cursor after "]", Insert Citation ranked on open,
// F12 selecting the passage with word wrap on, the citation key coloured by the theme, and an
// empty workspace's notification, tooltip and "Choose Sources Folder…" button.
import fs from 'node:fs';
import path from 'node:path';

export async function writerSteps(h) {
  const { page, step, waitFor, assert, log, screenshot, visible, runCommand, gotoLine, typeAt, readEditorLines, readSuggestions, readStatusBar, textPoint, clickText, openFromExplorer, openProblemsPanel, readProblems, mouseAway, renderDraft, EXPECT, url, dirs, root } = h;
  const LINE = EXPECT.COMPLETION_LINE; // "Causa En Común reports that 524 police officers were killed in 2020."
  const original = renderDraft().split('\n');
  const lineText = async (n) => (await readEditorLines()).find((x) => x.line === n)?.text ?? '';

  /** Undo until line `n` reads as in the template again. */
  async function restoreLine(n) {
    await waitFor(`undo on line ${n}`, async () => {
      if ((await lineText(n)).trimEnd() === original[n - 1].trimEnd()) return true;
      await page.keyboard.press('Control+Z');
      return false;
    }, { timeout: 8000, interval: 200 });
  }

  /** Suggest rows with their full text (label, labelDetails) as rendered. */
  const suggestRows = () =>
    page.$$eval('.suggest-widget.visible .monaco-list-row', (rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((r) => ({
          label: (r.querySelector('.label-name')?.textContent || '').trim(),
          detail: (r.querySelector('.signature-label')?.textContent || '').trim(),
          description: (r.querySelector('.qualifier-label')?.textContent || '').trim(),
          text: r.innerText.replace(/\s+/g, ' ').trim(),
        })),
    );

  await step('writer-completion-labels-show-titles', async () => {
    // Earlier steps (the report's, the PDF's, Add Source) leave other files and a second editor group open:
    // back to the draft, alone and full width, so "End" reaches the end of the line rather than of a wrapped row.
    await openFromExplorer('draft.md');
    await runCommand('View: Close Editors in Other Groups');
    await waitFor('one editor group', async () => (await page.locator('.part.editor .editor-group-container').count()) === 1, { timeout: 10000 });
    await typeAt(LINE, ' [@');
    const rows = await waitFor('suggest widget with rows', async () => {
      const r = await readSuggestions();
      return r?.length && r[0].label && (await suggestRows());
    }, { timeout: 20000 });
    log(`  rows: ${rows.slice(0, 4).map((r) => JSON.stringify(r.text)).join('\n         ')}`);
    assert(rows[0].label === EXPECT.COMPLETION_KEY, `first row "${rows[0].label}"`);
    assert(/13 Edomex Officers Killed in Ambush/.test(rows[0].text), `first row shows the title: ${rows[0].text}`);
    assert(/states 524/.test(rows[0].text), `first row says "states 524": ${rows[0].text}`);
    // Rendered, not only present: "states 524" lies inside the visible part of its (clipping) label, in the
    // first source row (key only). The passage row's longer label ("key, para. 4") leaves it ~10 characters
    // at the default list width, so there it is logged, not asserted.
    const visibility = (index) =>
      page.evaluate((index) => {
        const row = [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].find((r) => r.getAttribute('data-index') === String(index));
        for (const el of row ? row.querySelectorAll('.signature-label, .qualifier-label, .details-label') : []) {
          const i = el.textContent.indexOf('states 524');
          if (i < 0 || !el.firstChild) continue;
          const r = document.createRange();
          r.setStart(el.firstChild, i);
          r.setEnd(el.firstChild, i + 'states 524'.length);
          const t = r.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          return { visible: t.width > 0 && t.right <= box.right + 1, cls: el.className };
        }
        return { visible: false, cls: 'none' };
      }, index);
    const sourceRow = rows.findIndex((r) => r.label === EXPECT.CITED_KEY);
    const [inPassage, inSource] = [await visibility(0), await visibility(sourceRow)];
    log(`  "states 524": passage row ${inPassage.visible ? 'visible' : 'clipped'} (${inPassage.cls}), source row ${inSource.visible ? 'visible' : 'clipped'} (${inSource.cls})`);
    assert(sourceRow >= 0 && inSource.visible, '"states 524" is visible in the source row, not cut off');
    const titled = rows.filter((r) => r.detail.length > 5 || /·/.test(r.text));
    assert(titled.length >= Math.min(5, rows.length), `every row shows a title and date (${titled.length}/${rows.length})`);
  });

  await step('writer-cursor-after-bracket', async () => {
    // The suggest widget is still open from the previous step: accept the first item, then type a full stop.
    await page.keyboard.press('Enter');
    await waitFor('suggest widget to close', async () => !(await visible('.suggest-widget.visible')), { timeout: 5000 });
    await page.keyboard.type('.', { delay: 20 });
    const text = await waitFor('the accepted citation and the full stop', async () => {
      const t = await lineText(LINE);
      return t.includes(`[@${EXPECT.COMPLETION_KEY}`) && t.trimEnd().endsWith('.') && t;
    }, { timeout: 5000 });
    log(`  line ${LINE}: ${text}`);
    assert(text.trimEnd().endsWith(`[@${EXPECT.COMPLETION_KEY}].`), `the full stop lands after "]": ${text}`);
    assert(!/\.\]/.test(text), 'no full stop inside the brackets');
    await screenshot('cursor-after-bracket-typed');
    await restoreLine(LINE);
  });

  await step('writer-insert-citation-ranked-on-open', async () => {
    await gotoLine(LINE);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Alt+KeyC');
    const rowsOf = () =>
      page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
          .map((r) => ({ label: (r.querySelector('.label-name')?.textContent || '').trim(), text: r.innerText.replace(/\s+/g, ' ').trim() })),
      );
    const rows = await waitFor('Insert Citation picker with ranked rows', async () => {
      const r = await rowsOf().catch(() => []);
      return r.length > 3 && r[0].label && r;
    }, { timeout: 15000 });
    const title = await page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => '');
    log(`  title: ${title}\n  rows: ${rows.slice(0, 3).map((r) => r.text.slice(0, 140)).join('\n        ')}`);
    assert(rows[0].label === EXPECT.COMPLETION_KEY, `first row on open "${rows[0].label}"`);
    assert(/states 524/.test(rows[0].text), `first row says "states 524": ${rows[0].text}`);
    assert(/524 police officers/.test(title), `the title names the sentence: ${title}`);
    await screenshot('insert-citation-on-open');
    await page.keyboard.type('military trainers', { delay: 20 });
    const filtered = await waitFor('rows filtered by the typed query', async () => {
      const r = await rowsOf().catch(() => []);
      return r[0]?.label.startsWith('mexico-president-asks-2023') && r;
    }, { timeout: 10000 });
    log(`  after typing: ${filtered.slice(0, 2).map((r) => r.label).join(', ')}`);
    await screenshot('insert-citation-filtered');
    // Enter inserts the citation the server computed (sourceLinked/citationInsert) at the cursor.
    await page.keyboard.press('Enter');
    await waitFor('picker to close', async () => !(await visible('.quick-input-widget .quick-input-box input')), { timeout: 5000 });
    const inserted = await waitFor('the citation inserted at the end of the line', async () => {
      const t = await lineText(LINE);
      return /\.\s+\[@mexico-president-asks-2023, para\. \d+\]$/.test(t.trimEnd()) && t;
    }, { timeout: 8000 });
    log(`  inserted: ${inserted.trimEnd().slice(-60)}`);
    await restoreLine(LINE);
  });

  await step('writer-f12-selects-passage-with-wrap', async () => {
    // Markdown wraps: the citation of the "415 members" line may sit on a continuation row, so aim at
    // its locator text, which only that citation has.
    await clickText('para. 3]', { offset: 1 });
    await page.keyboard.press('F12');
    await waitFor('the source file as the active editor', () => visible('.tabs-container .tab.active[aria-label^="002_"]'), { timeout: 10000 });
    const sel = await waitFor('a multi-line selection in the status bar', async () => (await readStatusBar()).find((s) => /\(\d+ selected\)/.test(s)), { timeout: 8000 });
    log(`  status bar: ${sel}`);
    const n = Number(/\((\d+) selected\)/.exec(sel)[1]);
    assert(n > 200, `the whole passage is selected (${n} characters)`);
    const rows = await waitFor('wrapped rows in the source editor', async () => {
      const r = await readEditorLines();
      return r.some((x) => x.line === null && x.text.trim()) && r;
    }, { timeout: 5000 });
    assert(rows.some((r) => r.text.includes('414')), 'the cited passage (it states 414) is on screen');
    const user = fs.readFileSync(path.join(dirs.U, 'User', 'settings.json'), 'utf8');
    assert(!/wordWrap/.test(user), 'the writer\'s settings are not changed');
    await mouseAway();
  });

  await step('writer-citation-key-coloured', async () => {
    await openFromExplorer('draft.md');
    const line = EXPECT.CITED_LINE;
    const colours = await waitFor('tokens of the cited line rendered', async () => {
      const key = await textPoint(EXPECT.CITED_KEY, { line, offset: 2 });
      const word = await textPoint('police', { line, offset: 2 });
      if (!key || !word) return false;
      return page.evaluate(({ key, word }) => {
        const at = (p) => getComputedStyle(document.elementFromPoint(p.x, p.y)).color;
        return { key: at(key), word: at(word) };
      }, { key, word });
    }, { timeout: 10000 });
    log(`  key colour ${colours.key}, prose colour ${colours.word}`);
    assert(colours.key !== colours.word, `the citation key has its own colour (${colours.key} vs ${colours.word})`);
  });

  // ---- An empty workspace: no sources folder -------------------------------------------------
  const EMPTY = path.join(path.dirname(dirs.WS), 'empty-ws');
  fs.mkdirSync(EMPTY, { recursive: true });
  fs.writeFileSync(path.join(EMPTY, 'draft.md'), `# Draft\n\nThirteen police officers were killed [@${EXPECT.CITED_KEY}, para. 1]. Later [@another-key].\n`);
  fs.cpSync(path.join(root, 'seeds'), path.join(EMPTY, 'articles'), { recursive: true });
  const toast = '.notifications-toasts .notification-toast';

  await step('writer-empty-workspace-notification', async () => {
    // Leave this window without a "changes may not be saved" prompt: revert the draft the quick fix edited.
    await h.runCommand('File: Revert File').catch((e) => log(`  revert: ${e.message}`));
    page.once('dialog', (d) => d.accept().catch(() => {}));
    await page.goto(`${url}/?folder=${encodeURIComponent(EMPTY)}`);
    await waitFor('.monaco-workbench', () => visible('.monaco-workbench'), { timeout: 60000 });
    await waitFor('Explorer to list the empty workspace', () => visible('.explorer-folders-view .monaco-list-row'), { timeout: 30000 });
    await openFromExplorer('draft.md');
    const text = await waitFor('the no-sources notification', async () => {
      const ts = await page.$$eval(toast, (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim())).catch(() => []);
      return ts.find((t) => /no sources found/i.test(t));
    }, { timeout: 30000 });
    log(`  notification: ${text}`);
    assert(text.includes('Choose Sources Folder…') && text.includes('Open Settings'), 'both buttons');
    await openProblemsPanel();
    const rows = await waitFor('the one no-sources warning in Problems', async () => {
      const r = await readProblems();
      return r.some((x) => /No sources indexed; set sourceLinked\.corpus/.test(x)) && r;
    }, { timeout: 20000 });
    log(`  problems: ${rows.join(' | ').slice(0, 400)}`);
    assert(!rows.some((x) => /Unknown source/.test(x)), 'no unknown-source errors while the corpus is empty');
    assert(rows.filter((x) => /No sources indexed/.test(x)).length === 1, 'exactly one no-sources warning');
  });

  await step('writer-empty-status-tooltip', async () => {
    const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'No sources found' }).first();
    await waitFor('the status bar empty state', () => item.isVisible(), { timeout: 10000 });
    const tip = await waitFor('the status bar tooltip', async () => {
      await item.hover();
      const t = await page.$$eval('.workbench-hover, .monaco-hover', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean)).catch(() => []);
      return t.find((x) => /No sources indexed/.test(x));
    }, { timeout: 10000, interval: 500 });
    log(`  tooltip: ${tip}`);
    assert(/Searched for .*sources, seeds/.test(tip), 'the tooltip names the folders searched');
    assert((tip.match(/sourceLinked\.corpus/g) || []).length === 1, 'the setting is named once');
  });

  await step('writer-choose-sources-folder-button', async () => {
    await mouseAway();
    let button = page.locator(`${toast} .monaco-button`, { hasText: 'Choose Sources Folder' }).first();
    if (!(await button.isVisible().catch(() => false))) {
      log('  toast hidden; opening the notification center');
      await page.keyboard.press('Escape');
      await h.runCommand('Notifications: Show Notifications');
      button = page.locator('.notifications-center .monaco-button', { hasText: 'Choose Sources Folder' }).first();
    }
    await button.click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await waitFor('the folder dialog', () => input.isVisible(), { timeout: 10000 });
    await input.fill(path.join(EMPTY, 'articles') + '/');
    // The dialog moves into a typed folder a moment after the text changes; accepting before that picks the folder
    // it was showing (the workspace folder: CI once wrote ["."]). This dialog lists folders only: inside articles/
    // (no subfolders) the list is just "..", while the workspace folder lists "articles".
    const listsArticles = async () => {
      const rows = (await page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row',
        (els) => els.map((r) => (r.textContent || '').trim())).catch(() => []));
      return rows.includes('..') && !rows.includes('articles');
    };
    await waitFor('the folder dialog to show the contents of articles/', listsArticles, { timeout: 10000, interval: 200 });
    await screenshot('choose-sources-dialog');
    const settingsFile = path.join(EMPTY, '.vscode', 'settings.json');
    await waitFor('sourceLinked.corpus written for the workspace folder', async () => {
      if (fs.existsSync(settingsFile)) return true;
      if (await input.isVisible().catch(() => false) && await listsArticles()) {
        const ok = page.locator('.quick-input-widget .monaco-button', { hasText: 'Use as Sources Folder' }).first();
        if (await ok.isVisible().catch(() => false)) await ok.click();
        else await page.keyboard.press('Enter');
      }
      return false;
    }, { timeout: 15000, interval: 1000 });
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    log(`  .vscode/settings.json: ${JSON.stringify(written)}`);
    assert(JSON.stringify(written['sourceLinked.corpus']) === '["articles"]', 'corpus set to the chosen folder, relative');
    const s = await waitFor('the status bar to count the sources', async () => (await readStatusBar()).find((t) => /9 sources/.test(t)), { timeout: 30000 });
    log(`  status bar: ${s}`);
    const user = fs.readFileSync(path.join(dirs.U, 'User', 'settings.json'), 'utf8');
    assert(!/sourceLinked/.test(user), 'the user (global) settings are not changed');
  });
}
