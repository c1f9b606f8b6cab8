#!/usr/bin/env node
// End-to-end test of the packaged extension in a real VS Code (code-server 4.100.3,
// VS Code 1.100.3) driven by playwright-core in Debian's Chromium.
// Recipe: ../shared/notes/real-vscode.md (relative to the repository root)
//
// Usage:  node test/e2e/run.mjs            (after `npm run package`)
//         VSIX=path/to/x.vsix node test/e2e/run.mjs
//         E2E_NO_VSIX=1 node test/e2e/run.mjs   (harness smoke test without the extension)
//
// Env:
//   VSIX                  VSIX to install (default: newest source-linked-writing-*.vsix in the project root)
//   E2E_NO_VSIX=1         skip the VSIX install and the extension assertions; run harness smoke steps instead
//   E2E_FAKE_VSIX=1       harness self-test: install test/e2e/fixture-extension (a stand-in imitating the
//                         extension's UI) instead of the real VSIX and run the extension assertions against it
//   E2E_SKIP_SETUP=1      do not run setup.sh (then CODE_SERVER_BIN or the default cache path is used)
//   CODE_SERVER_BIN       code-server binary (default: from setup.sh)
//   SOURCE_LINKED_E2E_CACHE  cache root used by setup.sh (default ~/.cache/source-linked-e2e)
//   E2E_KEEP=1            keep the temp workspace / user-data / extensions dirs (kept anyway on failure)
//   E2E_TIMEOUT_SCALE     multiply all waits (default 1), e.g. 2 on a slow machine
//   E2E_HEADED=1          run Chromium headed (needs a display)
//   E2E_CITED_KEY, E2E_COMPLETION_KEY, E2E_HOVER_TEXT: override the EXPECT constants below

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { REPORT_FILES, reportSteps } from './steps-report.mjs';
import { writerSteps } from './steps-writer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
import { pdfSteps, preparePdfWorkspace } from './steps-pdf.mjs'; // issue 14
const env = process.env;

// ---------------------------------------------------------------------------------------------
// EXPECTATIONS - edit these when the extension's keys / wording are known.
// The draft (test/e2e/workspace/draft.md) is a template: every {{NAME}} is replaced by EXPECT[NAME].
// ---------------------------------------------------------------------------------------------
const EXPECT = {
  // Citation key of seeds/002_*.txt ("13 Edomex Officers Killed in Ambush"), used in the draft's cited sentence.
  CITED_KEY: env.E2E_CITED_KEY ?? 'edomex-officers-killed-2021',
  // Label of the first completion row after typing "[@" at the end of COMPLETION_LINE.
  COMPLETION_KEY: env.E2E_COMPLETION_KEY ?? 'edomex-officers-killed-2021, para. 4',
  // Text the hover over the citation must contain (from para. 1 of that source).
  HOVER_TEXT: env.E2E_HOVER_TEXT ?? '13 police officers were gunned down',
  // 1-based draft line with uncited figures, and a piece of its text to put the cursor on.
  UNCITED_LINE: 3,
  UNCITED_ANCHOR: '25 other suspects',
  // 1-based draft line holding the cited sentence (hover target is "@" + CITED_KEY).
  CITED_LINE: 5,
  // 1-based draft line ending with a figure sentence; " [@" is typed at its end.
  COMPLETION_LINE: 7,
  // Problems rows that count as an uncited-figure warning.
  UNCITED_RE: /uncited/i,
  // A figure-not-in-source warning (the draft's 415 where the source says 414).
  MISMATCH_RE: /source says 414/,
  // Quick-fix menu item to choose: first item whose label starts with this.
  QUICK_FIX_PREFIX: 'Cite',
  // Status bar text the extension shows.
  STATUS_RE: /\d+ sources/,
};

const NO_VSIX = env.E2E_NO_VSIX === '1';
const FAKE_VSIX = env.E2E_FAKE_VSIX === '1';
const SCALE = Number(env.E2E_TIMEOUT_SCALE || 1);
const T = (ms) => Math.round(ms * SCALE);
const SHOTS = path.join(HERE, 'screenshots');
const CODE_SERVER_VERSION = '4.100.3';
// code-server's CLI writes ~/.config/code-server/config.yaml and Chromium ~/.config/chromium/Crash Reports
// on first use; point both at a private folder so a test run leaves the home directory alone.
const PRIVATE_XDG = path.join(os.tmpdir(), 'source-linked-e2e-xdg');
const toolEnv = { ...env, XDG_CONFIG_HOME: PRIVATE_XDG };

// ---------------------------------------------------------------------------------------------
// Generic helpers
// ---------------------------------------------------------------------------------------------
const t0 = Date.now();
const logLines = []; // written to the kept temp dir on failure (e2e.log), with the step lines CI's tail leaves out
const log = (...a) => {
  const line = format(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  logLines.push(line);
  console.log(line);
};
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value; throw `what` (with the last value/error) after `timeout` ms. */
async function waitFor(what, fn, { timeout = 15000, interval = 100 } = {}) {
  const deadline = Date.now() + T(timeout);
  let last, lastErr;
  for (;;) {
    if (aborted) throw new Error('aborted');
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      const detail = lastErr ? ` (last error: ${lastErr.message.split('\n')[0]})` : last !== undefined ? ` (last value: ${JSON.stringify(last)})` : '';
      throw new Error(`Timed out after ${T(timeout)} ms waiting for: ${what}${detail}`);
    }
    await delay(interval);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(`Assertion failed: ${msg}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// State + cleanup (always runs: finally, SIGINT, SIGTERM, uncaught errors)
// ---------------------------------------------------------------------------------------------
let aborted = false;
let server = null; // ChildProcess of code-server (its own process group)
let browser = null;
let page = null;
let tmpRoot = null;
let failed = false;
let cleanedUp = false;

function serverAlive() {
  return server && server.exitCode === null && server.signalCode === null;
}

function killServerGroup(signal) {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, signal); // whole process group: code-server, extension host, language server
  } catch {
    /* already gone */
  }
}

let cleanupPromise = null;
let signalExitCode = null;
/** Idempotent: every caller (finally block, signal handler) awaits the same run. */
function cleanup() {
  cleanupPromise ??= doCleanup();
  return cleanupPromise;
}

async function doCleanup() {
  cleanedUp = true;
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    browser = null;
  }
  if (server?.pid) {
    const exited = serverAlive() ? new Promise((r) => server.once('exit', r)) : Promise.resolve();
    killServerGroup('SIGTERM');
    const ok = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    killServerGroup('SIGKILL'); // stragglers in the group (and the leader if it ignored SIGTERM)
    if (!ok) await Promise.race([exited, delay(2000)]);
    log(`code-server (pgid ${server.pid}) stopped`);
  }
  if (tmpRoot) {
    if (failed || env.E2E_KEEP === '1') log(`kept temp dir ${tmpRoot} (logs: ${path.join(tmpRoot, 'code-server.log')})`);
    else fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`received ${sig}, cleaning up`);
    aborted = true;
    failed = true;
    signalExitCode = sig === 'SIGINT' ? 130 : 143;
    cleanup().finally(() => process.exit(signalExitCode));
  });
}
// Last resort if the event loop dies before cleanup finished.
process.on('exit', () => killServerGroup('SIGKILL'));

// ---------------------------------------------------------------------------------------------
// Setup: code-server, workspace, VSIX, settings
// ---------------------------------------------------------------------------------------------
function runSetup() {
  if (env.E2E_SKIP_SETUP === '1') {
    const cache = env.SOURCE_LINKED_E2E_CACHE || path.join(os.homedir(), '.cache', 'source-linked-e2e');
    return env.CODE_SERVER_BIN || path.join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
  }
  log('running test/e2e/setup.sh');
  const r = spawnSync('bash', [path.join(HERE, 'setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(r.stdout || '');
  if (r.status !== 0) throw new Error(`setup.sh failed with exit code ${r.status}`);
  const m = /^CODE_SERVER_BIN=(.*)$/m.exec(r.stdout);
  return env.CODE_SERVER_BIN || m?.[1];
}

function findVsix() {
  if (env.VSIX) {
    const p = path.resolve(env.VSIX);
    if (!fs.existsSync(p)) throw new Error(`VSIX=${env.VSIX} does not exist`);
    return p;
  }
  const cands = fs
    .readdirSync(ROOT)
    .filter((f) => /^source-linked-writing-.*\.vsix$/.test(f))
    .map((f) => path.join(ROOT, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!cands.length)
    throw new Error(`No VSIX found: run \`npm run package\` first (expected ${ROOT}/source-linked-writing-*.vsix), set VSIX=..., or E2E_NO_VSIX=1 for a harness-only run`);
  return cands[0];
}

function renderDraft() {
  const tpl = fs.readFileSync(path.join(HERE, 'workspace', 'draft.md'), 'utf8');
  return tpl.replace(/\{\{(\w+)\}\}/g, (m, k) => {
    if (!(k in EXPECT)) throw new Error(`draft.md uses unknown placeholder ${m}`);
    return String(EXPECT[k]);
  });
}

function prepareDirs() {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'source-linked-e2e-'));
  const WS = path.join(tmpRoot, 'ws');
  const U = path.join(tmpRoot, 'user-data');
  const E = path.join(tmpRoot, 'extensions');
  fs.mkdirSync(WS);
  fs.mkdirSync(path.join(U, 'User'), { recursive: true });
  fs.mkdirSync(E);
  fs.cpSync(path.join(ROOT, 'seeds'), path.join(WS, 'seeds'), { recursive: true });
  fs.writeFileSync(path.join(WS, 'draft.md'), renderDraft());
  for (const [name, text] of Object.entries(REPORT_FILES)) fs.writeFileSync(path.join(WS, name), text);
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.editor.enablePreview': false,
    'extensions.ignoreRecommendations': true,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'chat.commandCenter.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'files.autoSave': 'off',
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
    ...(env.E2E_SETTINGS ? JSON.parse(env.E2E_SETTINGS) : {}),
  };
  fs.writeFileSync(path.join(U, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(path.join(tmpRoot, 'code-server.yaml'), ''); // keep ~/.config/code-server out of it
  return { WS, U, E };
}

function listExtensions(bin, U, E) {
  const r = spawnSync(bin, ['--user-data-dir', U, '--extensions-dir', E, '--list-extensions', '--show-versions'], { encoding: 'utf8', env: toolEnv });
  return r.stdout.split(/\s+/).filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
}

function installVsix(bin, vsix, U, E) {
  log(`installing ${path.relative(ROOT, vsix).startsWith('..') ? vsix : path.relative(ROOT, vsix)}`);
  const before = listExtensions(bin, U, E);
  const r = spawnSync(bin, ['--user-data-dir', U, '--extensions-dir', E, '--install-extension', vsix], { encoding: 'utf8', timeout: T(120000), env: toolEnv });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (out) console.log(out.replace(/^/gm, '  | '));
  if (r.status !== 0 || /fail|error/i.test(out)) throw new Error(`--install-extension ${vsix} failed (exit ${r.status})`);
  const added = listExtensions(bin, U, E).filter((x) => !before.includes(x));
  if (!added.length) throw new Error(`no extension listed by --list-extensions after installing ${vsix}`);
  log(`installed ${added.join(', ')}`);
}

/** E2E_FAKE_VSIX=1: pack test/e2e/fixture-extension (a stand-in that imitates the extension's UI) into a VSIX. */
async function packFixtureVsix() {
  const yazl = require('yazl');
  const dir = path.join(HERE, 'fixture-extension');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const manifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${pkg.name}" Version="${pkg.version}" Publisher="${pkg.publisher}"/>
    <DisplayName>${pkg.displayName}</DisplayName>
    <Description xml:space="preserve">${pkg.description}</Description>
    <Properties><Property Id="Microsoft.VisualStudio.Code.Engine" Value="${pkg.engines.vscode}"/></Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets><Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/></Assets>
</PackageManifest>
`;
  const types = '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension=".json" ContentType="application/json"/><Default Extension=".js" ContentType="application/javascript"/><Default Extension=".vsixmanifest" ContentType="text/xml"/></Types>';
  const out = path.join(tmpRoot, `${pkg.name}-${pkg.version}.vsix`);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(types), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(manifest), 'extension.vsixmanifest');
  for (const f of fs.readdirSync(dir)) zip.addFile(path.join(dir, f), `extension/${f}`);
  zip.end();
  await new Promise((res, rej) => zip.outputStream.pipe(fs.createWriteStream(out)).on('close', res).on('error', rej));
  return out;
}

async function startServer(bin, { WS, U, E }) {
  const port = await freePort();
  const logFile = path.join(tmpRoot, 'code-server.log');
  const fd = fs.openSync(logFile, 'a');
  const args = [
    '--config', path.join(tmpRoot, 'code-server.yaml'),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', U,
    '--extensions-dir', E,
    WS,
  ];
  log(`starting code-server on 127.0.0.1:${port} (log: ${logFile})`);
  server = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...toolEnv, VSCODE_PROXY_URI: '' } });
  fs.closeSync(fd);
  server.on('exit', (code, sig) => {
    if (!cleanedUp) log(`code-server exited unexpectedly (code ${code}, signal ${sig})`);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`code-server to answer on ${url}/healthz`, async () => {
    if (!serverAlive()) throw new Error(`code-server exited; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const res = await fetch(`${url}/healthz`).catch(() => null);
    return res?.ok;
  }, { timeout: 60000, interval: 200 });
  return url;
}

// ---------------------------------------------------------------------------------------------
// Workbench helpers (all wait on conditions; the only delays are polling intervals)
// ---------------------------------------------------------------------------------------------
let shotNo = 0;
/** Save test/e2e/screenshots/NN-step.png */
async function screenshot(step) {
  if (!page) return null;
  shotNo++;
  const name = `${String(shotNo).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
  log(`screenshot ${path.relative(ROOT, file)}`);
  return file;
}

const visible = (sel) => page.locator(sel).first().isVisible().catch(() => false);

/** Open the command palette (F1) and wait for its input. */
async function openPalette(prefix = '>') {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    const ok = await waitFor('command palette to open', () => input.isVisible(), { timeout: 3000 }).catch(() => false);
    if (ok) break;
    if (attempt === 2) throw new Error('F1 did not open the command palette');
  }
  await input.fill(prefix);
  return input;
}

async function closePalette() {
  if (await visible('.quick-input-widget .quick-input-box input')) await page.keyboard.press('Escape');
  await waitFor('command palette to close', async () => !(await visible('.quick-input-widget .quick-input-box input')), { timeout: 3000 });
}

/** Rows of the open quick pick: [{label, aria}] */
function quickPickRows() {
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
    rows.map((r) => ({ label: (r.querySelector('.label-name')?.textContent || r.textContent || '').trim(), aria: r.getAttribute('aria-label') || '', index: Number(r.getAttribute('data-index')) })),
  );
}

/** Move the keyboard focus in the list under `container` to the row with `data-index` = index (arrow keys). */
async function focusListRow(container, index, what) {
  await waitFor(`keyboard focus on ${what}`, async () => {
    const f = await page.$eval(`${container} .monaco-list-row.focused`, (r) => Number(r.getAttribute('data-index'))).catch(() => null);
    if (f === index) return true;
    await page.keyboard.press(f === null || f < index ? 'ArrowDown' : 'ArrowUp');
    return false;
  }, { timeout: 5000, interval: 50 });
}

/** Run a command by its palette label (exact label preferred, else first row containing it). */
async function runCommand(label) {
  const input = await openPalette('>');
  await input.fill(`>${label}`);
  const lc = label.toLowerCase();
  const row = await waitFor(`command "${label}" in the palette`, async () => {
    const rows = await quickPickRows();
    return rows.find((r) => r.label.toLowerCase() === lc) || rows.find((r) => r.label.toLowerCase().includes(lc));
  }, { timeout: 5000 });
  await focusListRow('.quick-input-widget .quick-input-list', row.index, `command "${row.label}"`);
  await page.keyboard.press('Enter');
  await waitFor('command palette to close', async () => !(await visible('.quick-input-widget .quick-input-box input')), { timeout: 5000 });
}

/** Status bar item texts (non-empty). */
function readStatusBar() {
  return page.$$eval('#workbench\\.parts\\.statusbar .statusbar-item', (items) =>
    items.map((i) => (i.innerText || i.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim()).filter(Boolean),
  );
}

/** Move the cursor with "Go to Line/Column..." (":line:col" in the palette); col omitted = start of line. */
async function gotoLine(line, col) {
  const input = await openPalette('>');
  const q = col ? `:${line}:${col}` : `:${line}`;
  await input.fill(q);
  // The go-to-line picker shows its hint ("Go to line N...") once it has parsed the input.
  await waitFor(`go-to-line picker for ${q}`, async () => {
    const txt = await page.locator('.quick-input-widget').innerText().catch(() => '');
    return new RegExp(`line ${line}\\b`, 'i').test(txt);
  }, { timeout: 5000 });
  await page.keyboard.press('Enter');
  await waitFor('palette to close after go-to-line', async () => !(await visible('.quick-input-widget .quick-input-box input')), { timeout: 5000 });
  const want = col ? new RegExp(`Ln ${line}, Col ${col}\\b`) : new RegExp(`Ln ${line}, Col \\d+`);
  await waitFor(`status bar to show ${want}`, async () => (await readStatusBar()).some((s) => want.test(s)), { timeout: 5000 });
}

/** Go to `line`, put the cursor at its end (or at `col`), and type `text` on the keyboard. */
async function typeAt(line, text, { col } = {}) {
  await gotoLine(line, col);
  if (!col) await page.keyboard.press('End');
  await page.keyboard.type(text, { delay: 20 });
}

/** Visible lines of the active editor, in order (line numbers from the gutter). */
function readEditorLines() {
  return page.evaluate(() => {
    const ed = document.querySelector('.editor-group-container.active .monaco-editor') || document.querySelector('.monaco-editor');
    if (!ed) return [];
    const byTop = (sel, fn) => [...ed.querySelectorAll(sel)].map((n) => [parseFloat(n.style.top || n.parentElement?.style.top || '0'), fn(n)]);
    const nums = new Map(byTop('.margin-view-overlays > div', (n) => n.textContent.trim()));
    return byTop('.view-lines .view-line', (n) => n.textContent.replace(/\u00a0/g, ' '))
      .sort((a, b) => a[0] - b[0])
      .map(([top, text]) => ({ line: Number(nums.get(top)) || null, text }));
  });
}
const editorText = async () => (await readEditorLines()).map((l) => l.text).join('\n');

/**
 * Screen point of character `offset` inside the first rendered occurrence of `needle` in the
 * active editor's `.view-lines` (optionally only on 1-based `line`). Maps text offsets to the
 * token spans Monaco renders and measures the character with a DOM Range.
 */
async function textPoint(needle, { line, offset } = {}) {
  const pt = await page.evaluate(({ needle, line, offset }) => {
    const ed = document.querySelector('.editor-group-container.active .monaco-editor') || document.querySelector('.monaco-editor');
    if (!ed) return null;
    const tops = new Map([...ed.querySelectorAll('.margin-view-overlays > div')].map((n) => [n.style.top, n.textContent.trim()]));
    // A wrapped line shows its number only on its first visual line: later visual lines belong to it too.
    const visual = [...ed.querySelectorAll('.view-lines .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    let current = '';
    for (const vl of visual) {
      const num = tops.get(vl.style.top);
      if (num) current = num;
      if (line && current !== String(line)) continue;
      const walker = document.createTreeWalker(vl, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let full = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push([n, full.length]);
        full += n.data.replace(/\u00a0/g, ' ');
      }
      const idx = full.indexOf(needle);
      if (idx < 0) continue;
      const target = idx + (offset ?? Math.min(1, needle.length - 1));
      for (const [n, start] of nodes) {
        if (target >= start && target < start + n.data.length) {
          const r = document.createRange();
          r.setStart(n, target - start);
          r.setEnd(n, target - start + 1);
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
    }
    return null;
  }, { needle, line, offset });
  return pt;
}

/** Visible editor hover texts (editor content hovers only; workbench tooltips are ignored). */
function readHovers() {
  return page.$$eval('.monaco-editor .monaco-hover', (els) =>
    els
      // Fully faded in (opacity 1), so a screenshot taken right after shows it crisply.
      .filter((e) => !e.classList.contains('hidden') && !e.closest('.hidden') && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden' && Number(getComputedStyle(e).opacity) > 0.99)
      .map((e) => e.innerText.replace(/\s+/g, ' ').trim())
      .filter(Boolean),
  );
}

/** Move the mouse somewhere neutral (closes editor hovers). */
const mouseAway = () => page.mouse.move(200, 600);

/**
 * Move the mouse over `needle` in the editor and wait for a hover containing `expect` (string or RegExp).
 * Re-hovers (away and back) every 2.5 s: a hover computed before the provider was ready (server still
 * indexing, links not yet computed) is not recomputed while the mouse stays on the same word.
 */
async function hoverText(needle, expect, { line, timeout = 15000 } = {}) {
  const match = (s) => (expect instanceof RegExp ? expect.test(s) : s.includes(expect));
  await waitFor(`"${needle}" to be rendered in the editor`, () => textPoint(needle, { line }), { timeout: 10000 });
  let lastMove = 0;
  return waitFor(`hover over "${needle}" containing ${expect}`, async () => {
    if (Date.now() - lastMove > T(2500)) {
      const pt = await textPoint(needle, { line });
      if (!pt) return false;
      await mouseAway();
      await page.mouse.move(pt.x, pt.y, { steps: 4 });
      lastMove = Date.now();
    }
    return (await readHovers()).find(match);
  }, { timeout });
}

/** Click on `needle` in the editor (places the cursor there). */
async function clickText(needle, { line, offset } = {}) {
  const pt = await waitFor(`"${needle}" to be rendered in the editor`, () => textPoint(needle, { line, offset }), { timeout: 10000 });
  await page.mouse.click(pt.x, pt.y);
  return pt;
}

/** Suggest widget rows: [{label, aria}] (null if the widget is not visible). */
async function readSuggestions() {
  if (!(await visible('.suggest-widget.visible'))) return null;
  return page.$$eval('.suggest-widget.visible .monaco-list-row', (rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((r) => ({ label: (r.querySelector('.label-name')?.textContent || '').trim(), aria: r.getAttribute('aria-label') || '' })),
  );
}

/** Open the Problems panel and wait for it. */
async function openProblemsPanel() {
  if (await visible('.markers-panel')) return;
  await page.keyboard.press('Control+Shift+M');
  const ok = await waitFor('Problems panel (Ctrl+Shift+M)', () => visible('.markers-panel'), { timeout: 3000 }).catch(() => false);
  if (!ok) {
    log('Ctrl+Shift+M did not open Problems; using the command palette');
    await runCommand('Problems: Focus on Problems View');
    await waitFor('Problems panel', () => visible('.markers-panel'), { timeout: 5000 });
  }
}

/** Text rows of the Problems panel (file rows and marker rows), e.g. "Thirteen ... uncited-figure [Ln 3, Col 1]". */
function readProblems() {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((r) => `${r.innerText.replace(/\s+/g, ' ').trim()}${r.getAttribute('aria-label') ? ` {${r.getAttribute('aria-label')}}` : ''}`),
  );
}

/** Visible code-action menu items: [{label, index}] */
function readActionMenu() {
  return page.$$eval('.action-widget .monaco-list-row', (rows) =>
    rows
      .filter((r) => !r.classList.contains('group-header') && !r.classList.contains('separator'))
      .map((r) => ({ label: (r.querySelector('.title')?.textContent || r.textContent || '').trim(), index: Number(r.getAttribute('data-index')), disabled: r.classList.contains('option-disabled') })),
  );
}

/**
 * Open quick fixes at the cursor (Ctrl+. ; falls back to the "Quick Fix..." command) and choose
 * the first item whose label starts with `prefix` (string) or matches it (RegExp). Returns its label.
 */
async function applyQuickFix(prefix) {
  const matches = (l) => (prefix instanceof RegExp ? prefix.test(l) : l.startsWith(prefix));
  await page.keyboard.press('Control+Period');
  let open = await waitFor('quick-fix menu (Ctrl+.)', () => visible('.action-widget'), { timeout: 4000 }).catch(() => false);
  if (!open) {
    log('Ctrl+. did not open the quick-fix menu; using the command palette');
    await runCommand('Quick Fix...');
    await waitFor('quick-fix menu', () => visible('.action-widget'), { timeout: 5000 });
  }
  const item = await waitFor(`quick-fix item starting with ${prefix}`, async () => (await readActionMenu()).find((i) => !i.disabled && matches(i.label)), { timeout: 10000 });
  await screenshot('quick-fix-menu');
  // The menu sits under a pointer-blocking overlay: choose with the keyboard, as a writer would.
  await focusListRow('.action-widget', item.index, `quick-fix item "${item.label}"`);
  await page.keyboard.press('Enter');
  await waitFor('quick-fix menu to close', async () => !(await visible('.action-widget')), { timeout: 5000 });
  return item.label;
}

/** Open a workspace file by clicking its row in the Explorer (shows the Explorer first if needed). */
async function openFromExplorer(name) {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"], .explorer-folders-view .monaco-list-row:has(.label-name:text-is("${name}"))`).first();
  if (!(await row.isVisible().catch(() => false))) {
    const shown = await waitFor(`Explorer row ${name}`, () => row.isVisible(), { timeout: 5000 }).catch(() => false);
    if (!shown) {
      log('Explorer not visible; showing it via the command palette');
      await runCommand('View: Show Explorer');
      await waitFor(`Explorer row ${name}`, () => row.isVisible(), { timeout: 10000 });
    }
  }
  await row.click();
  await waitFor(`editor tab for ${name}`, () => visible(`.tabs-container .tab[aria-label^="${name}"], .tabs-container .tab:has(.label-name:text-is("${name}"))`), { timeout: 10000 });
  await waitFor(`${name} text in the editor`, async () => (await readEditorLines()).length > 0, { timeout: 10000 });
  // Give the editor keyboard focus (clicking the row focuses the Explorer). While code-server is still laying the editor
  // out, the point clicked can lie outside it (CI once saw "<html> intercepts pointer events" for 10 s at step 2): then
  // focus the first editor group from the keyboard instead.
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  try {
    await lines.click({ position: { x: 5, y: 5 }, timeout: 5000 });
  } catch (e) {
    log(`  clicking the editor failed (${String(e.message).split('\n')[0]}); focusing it with Ctrl+1`);
    await page.keyboard.press('Control+1');
    await waitFor(`${name}: the editor to have focus`, () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), { timeout: 10000 });
  }
}

/** Command palette labels the helpers use as fallbacks (checked by the E2E_NO_VSIX smoke run). */
const FALLBACK_COMMANDS = ['Problems: Focus on Problems View', 'Quick Fix...', 'View: Show Explorer'];

const countUncited = async () => (await readProblems()).filter((r) => EXPECT.UNCITED_RE.test(r)).length;

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------
let stepNo = 0;
async function step(name, fn) {
  stepNo++;
  const label = `${stepNo}. ${name}`;
  log(`STEP ${label}`);
  const started = Date.now();
  try {
    await fn();
  } catch (e) {
    e.step = label;
    throw e;
  }
  await screenshot(name);
  log(`  ok (${Date.now() - started} ms)`);
}

async function extensionSteps() {
  await step('a-problems-list-uncited-figure', async () => {
    await openProblemsPanel();
    const rows = await waitFor('an uncited-figure warning in Problems', async () => {
      const rows = await readProblems();
      return rows.some((r) => EXPECT.UNCITED_RE.test(r)) && rows.some((r) => EXPECT.MISMATCH_RE.test(r)) && rows;
    }, { timeout: 90000, interval: 250 });
    log(`  problems:\n    ${rows.join('\n    ')}`);
  });

  await step('e-status-bar-sources', async () => {
    const s = await waitFor(`status bar item matching ${EXPECT.STATUS_RE}`, async () => (await readStatusBar()).find((t) => EXPECT.STATUS_RE.test(t)), { timeout: 30000 });
    log(`  status bar: "${s}"`);
  });

  await step('c-hover-citation-shows-passage', async () => {
    const h = await hoverText(`@${EXPECT.CITED_KEY}`, EXPECT.HOVER_TEXT, { line: EXPECT.CITED_LINE, timeout: 20000 });
    log(`  hover: ${h.slice(0, 200)}`);
    await screenshot('hover-shown');
    await mouseAway();
  });

  await step('b-completion-after-figure', async () => {
    await typeAt(EXPECT.COMPLETION_LINE, ' [@');
    const rows = await waitFor('suggest widget with rows', async () => {
      const r = await readSuggestions();
      return r?.length && r[0].label && r;
    }, { timeout: 20000 });
    await screenshot('completion-open');
    log(`  suggestions: ${rows.slice(0, 5).map((r) => r.label).join(', ')}`);
    assert(rows[0].label === EXPECT.COMPLETION_KEY, `first completion is "${rows[0].label}", expected "${EXPECT.COMPLETION_KEY}"`);
    // Leave the draft as it was: close the widget and undo the typing.
    await page.keyboard.press('Escape');
    await waitFor('suggest widget to close', async () => !(await visible('.suggest-widget.visible')), { timeout: 5000 });
    const want = renderDraft().split('\n')[EXPECT.COMPLETION_LINE - 1];
    await waitFor('undo of the typed " [@"', async () => {
      const l = (await readEditorLines()).find((x) => x.line === EXPECT.COMPLETION_LINE);
      if (l?.text.trimEnd() === want.trimEnd()) return true;
      await page.keyboard.press('Control+Z');
      return false;
    }, { timeout: 5000, interval: 200 });
  });

  await step('d-quick-fix-cites-figure', async () => {
    await openProblemsPanel();
    const before = await waitFor('uncited warnings to be listed', countUncited, { timeout: 30000 });
    await clickText(EXPECT.UNCITED_ANCHOR, { line: EXPECT.UNCITED_LINE });
    const label = await applyQuickFix(EXPECT.QUICK_FIX_PREFIX);
    log(`  applied quick fix "${label}"`);
    await waitFor(`citation inserted on line ${EXPECT.UNCITED_LINE}`, async () => {
      const l = (await readEditorLines()).find((x) => x.line === EXPECT.UNCITED_LINE);
      return l && /\[@[^\]]+\]/.test(l.text);
    }, { timeout: 10000 });
    const after = await waitFor(`uncited warning count to drop below ${before}`, async () => {
      const n = await countUncited();
      return n < before ? { n } : false;
    }, { timeout: 30000, interval: 250 });
    log(`  uncited warnings: ${before} -> ${after.n}`);
  });

  await reportSteps({ step, page, waitFor, openFromExplorer, runCommand, readStatusBar, clickText, applyQuickFix, visible, screenshot, log, assert });
}

/** Harness self-test without the extension: exercises every helper against built-in VS Code UI. */
async function smokeSteps() {
  await step('smoke-command-palette-go-to-line', async () => {
    await gotoLine(5, 3);
    await closePalette();
  });

  await step('smoke-problems-panel-opens', async () => {
    await openProblemsPanel();
    log(`  problems rows: ${JSON.stringify(await readProblems())}`);
    const txt = await page.locator('.markers-panel').first().innerText();
    log(`  problems panel text: ${JSON.stringify(txt.slice(0, 200))}`);
  });

  await step('smoke-type-and-hover-link', async () => {
    await typeAt(EXPECT.COMPLETION_LINE, ' See https://example.com/report.');
    await waitFor('typed text in the editor', async () => (await editorText()).includes('https://example.com/report'), { timeout: 5000 });
    const h = await hoverText('example.com', /follow link/i, { line: EXPECT.COMPLETION_LINE });
    log(`  hover: ${h}`);
    await screenshot('hover-shown');
    await mouseAway();
  });

  await step('smoke-suggest-widget', async () => {
    await typeAt(EXPECT.COMPLETION_LINE, ' Thirt');
    await page.keyboard.press('Control+Space');
    const rows = await waitFor('suggest widget with rows', async () => {
      const r = await readSuggestions();
      return r?.length && r[0].label && r;
    }, { timeout: 10000 });
    await screenshot('suggest-open');
    log(`  suggestions: ${rows.map((r) => r.label).join(', ')}`);
    assert(rows[0].label === 'Thirteen', `first suggestion "${rows[0].label}", expected "Thirteen"`);
    await page.keyboard.press('Escape');
    await waitFor('suggest widget to close', async () => !(await visible('.suggest-widget.visible')), { timeout: 5000 });
  });

  await step('smoke-quick-fix-key', async () => {
    await clickText(EXPECT.UNCITED_ANCHOR, { line: EXPECT.UNCITED_LINE });
    await page.keyboard.press('Control+Period');
    // No extension => no code actions: VS Code answers with an overlay message (or an empty menu).
    const what = await waitFor('quick-fix response (menu or "No code actions" message)', async () => {
      if (await visible('.action-widget')) return `menu: ${JSON.stringify(await readActionMenu())}`;
      const msg = await page.locator('.monaco-editor-overlaymessage').first().innerText().catch(() => '');
      return msg.trim() && `message: ${msg.trim()}`;
    }, { timeout: 10000 });
    log(`  ${what}`);
    await page.keyboard.press('Escape');
  });

  await step('smoke-fallback-command-labels', async () => {
    // Labels the helpers fall back to when a shortcut is swallowed; make sure they exist in this VS Code.
    for (const label of FALLBACK_COMMANDS) {
      const input = await openPalette('>');
      await input.fill(`>${label}`);
      await waitFor(`palette row "${label}"`, async () => (await quickPickRows()).some((r) => r.label === label), { timeout: 5000 });
      await closePalette();
    }
    // And that running one through the palette works: Problems via the palette instead of Ctrl+Shift+M.
    await runCommand('View: Toggle Panel Visibility'); // visible -> hidden
    await waitFor('Problems panel to close', async () => !(await visible('.markers-panel')), { timeout: 5000 });
    await runCommand('Problems: Focus on Problems View');
    await waitFor('Problems panel via the palette', () => visible('.markers-panel'), { timeout: 5000 });
  });

  await step('smoke-status-bar', async () => {
    const items = await readStatusBar();
    log(`  status bar: ${JSON.stringify(items)}`);
    assert(items.some((s) => /Ln \d+, Col \d+/.test(s)), 'status bar shows the cursor position');
    assert(items.some((s) => /^Markdown$/.test(s)), 'status bar shows the Markdown language mode');
  });
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));

  const bin = runSetup();
  if (!bin || !fs.existsSync(bin)) throw new Error(`code-server binary not found (${bin}); run test/e2e/setup.sh`);
  const version = /^(\d+\.\d+\.\d+)/m.exec(spawnSync(bin, ['--version'], { encoding: 'utf8', env: toolEnv }).stdout)?.[1];
  if (version !== CODE_SERVER_VERSION) log(`warning: code-server ${version}, harness written for ${CODE_SERVER_VERSION}`);

  let vsix = NO_VSIX || FAKE_VSIX ? null : findVsix(); // fail fast, before making temp dirs
  const dirs = prepareDirs();
  log(`workspace ${dirs.WS}`);
  if (!NO_VSIX && !FAKE_VSIX) await preparePdfWorkspace(dirs.WS, ROOT); // issue 14
  if (FAKE_VSIX) vsix = await packFixtureVsix();
  if (vsix) installVsix(bin, vsix, dirs.U, dirs.E);
  else log('E2E_NO_VSIX=1: skipping the VSIX install and the extension assertions');

  const url = await startServer(bin, dirs);

  browser = await chromium.launch({
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: env.E2E_HEADED !== '1',
    // Our own SIGINT/SIGTERM handlers close the browser *and* stop code-server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: toolEnv,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(T(10000)); // Playwright actions (click, fill); conditions use waitFor()
  const consoleLog = fs.createWriteStream(path.join(tmpRoot, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

  await step('workbench-loads', async () => {
    await page.goto(`${url}/?folder=${encodeURIComponent(dirs.WS)}`);
    await waitFor('.monaco-workbench', () => visible('.monaco-workbench'), { timeout: 60000 });
    await waitFor('Explorer to list the workspace', () => visible('.explorer-folders-view .monaco-list-row'), { timeout: 30000 });
  });

  await step('open-draft-from-explorer', async () => {
    await openFromExplorer('draft.md');
    await waitFor('draft text in the editor', async () => (await editorText()).includes('police officers'), { timeout: 10000 });
  });

  if (NO_VSIX) await smokeSteps();
  else await extensionSteps();
  if (!NO_VSIX && !FAKE_VSIX) await pdfSteps({ page, step, waitFor, log, assert, screenshot, openFromExplorer, openProblemsPanel, readProblems, hoverText, clickText, mouseAway, editorText, openPalette, quickPickRows }); // issue 14
  // Issue 15 (writer's flow): test/e2e/steps-writer.mjs. Runs last: it ends in another (empty) workspace.
  if (!NO_VSIX && !FAKE_VSIX) await writerSteps({ page, step, waitFor, assert, log, screenshot, visible, gotoLine, typeAt, readEditorLines, readSuggestions, readStatusBar, textPoint, clickText, openFromExplorer, openProblemsPanel, readProblems, mouseAway, renderDraft, runCommand, EXPECT, url, dirs, root: ROOT });
}

function dumpLogsOnFailure() {
  if (!tmpRoot) return;
  const tail = (f, n = 40) => {
    try {
      const lines = fs.readFileSync(f, 'utf8').trimEnd().split('\n');
      console.log(`--- ${f} (last ${Math.min(n, lines.length)} lines)\n${lines.slice(-n).join('\n')}`);
    } catch {
      /* missing */
    }
  };
  tail(path.join(tmpRoot, 'code-server.log'), 20);
  // Extension host + output channels (the extension's language server log lands here).
  const logs = path.join(tmpRoot, 'user-data', 'logs');
  const walk = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : []);
  for (const f of walk(logs).filter((f) => /exthost|output_|source.?linked/i.test(f) && f.endsWith('.log') && fs.statSync(f).size > 1)) tail(f, 30);
}

let exitCode = 0;
let failure = ''; // repeated as the last line: CI shows only the tail of the output, after the log dump
try {
  await main();
  log(`PASS (${stepNo} steps, screenshots in ${path.relative(ROOT, SHOTS)}/)`);
} catch (e) {
  failed = true;
  exitCode = 1;
  if (!aborted) {
    await screenshot(`FAILED-${e.step ? e.step.replace(/^\d+\.\s*/, '') : 'setup'}`);
    failure = `E2E FAILED${e.step ? ` at step ${e.step}` : ' before the first step'}:\n  ${e.message}`;
    console.error(`\n${failure}\n`);
    if (tmpRoot) fs.writeFileSync(path.join(tmpRoot, 'e2e.log'), `${logLines.join('\n')}\n\n${failure}\n\n${e.stack}\n`);
    if (env.E2E_DEBUG === '1') console.error(e.stack);
    dumpLogsOnFailure();
  }
} finally {
  await cleanup();
}
if (failure) console.error(`\n${failure}`);
process.exit(signalExitCode ?? exitCode);
