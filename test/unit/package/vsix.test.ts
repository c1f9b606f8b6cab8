/**
 * Packages the extension with vsce (into a temp folder) and checks the VSIX:
 * only the files allowed by .vscodeignore's allow-list, nothing from
 * node_modules, sources, out/ or tests, and small enough (< 2 MB).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const MAX_BYTES = 2 * 1024 * 1024;

/** Files allowed inside `extension/` of the VSIX (vsce renames README/CHANGELOG/LICENSE). */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^LICENSE(\.txt)?$/,
  /^images\/icon\.png$/,
  /^dist\/(extension|server|server-main|cli)\.js$/,
  /^dist\/doc-worker\.mjs$/,
  /^dist\/lazy\/[a-z-]+\.js$/,
  /^syntaxes\/[^/]+\.tmLanguage\.json$/,
  /^seeds\/[^/]+\.(txt|md)$/,
  /^seeds\/(citation-keys\.tsv|\.gitattributes|[^/]+\.meta\.yaml)$/,
  /^bin\/source-linked(-ls)?\.js$/,
  /^walkthrough\/[^/]+\.md$/,
  /^samples\/draft\.md$/,
];
const REQUIRED = ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/server-main.js', 'dist/doc-worker.mjs', 'dist/lazy/linkedom.js', 'dist/lazy/mozilla-readability.js', 'dist/lazy/citation-js-core.js', 'dist/lazy/citation-js-plugin-bibtex.js', 'syntaxes/pandoc-citations.tmLanguage.json', 'images/icon.png', 'samples/draft.md', 'walkthrough/sources.md'];
const FORBIDDEN = /(^|\/)(node_modules|src|out|test|\.git|\.vscode-test|client|server|scripts)\/|\.map$|\.ts$|\.vsix$/;

/** Entry names from a ZIP's central directory (no unzip binary needed). */
function zipEntries(file: string): { name: string; size: number }[] {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'VSIX is a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    assert.strictEqual(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('package: VSIX contents', function () {
  this.timeout(180_000);
  let tmp: string;
  let vsix: string;
  let entries: { name: string; size: number }[];

  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/extension.js')) || !fs.existsSync(path.join(ROOT, 'dist/server.js'))) {
      const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
      assert.ok(fs.existsSync(path.join(ROOT, 'dist/extension.js')), `bundle failed:\n${b.stdout}${b.stderr}`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-vsix-'));
    vsix = path.join(tmp, 'source-linked-writing.vsix');
    const r = spawnSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, CI: '1' },
      input: '', // never wait on a y/N prompt
    });
    assert.strictEqual(r.status, 0, `vsce package failed:\n${r.stdout}${r.stderr}`);
    entries = zipEntries(vsix);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('holds only allow-listed files', () => {
    const files = entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name);
    const meta = files.filter((f) => !f.startsWith('extension/'));
    assert.deepStrictEqual(meta.sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
    const inExt = files.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    const unexpected = inExt.filter((f) => !ALLOWED.some((re) => re.test(f)) || FORBIDDEN.test(f));
    assert.deepStrictEqual(unexpected, [], `unexpected files in the VSIX:\n${unexpected.join('\n')}`);
    for (const f of REQUIRED) assert.ok(inExt.includes(f), `VSIX contains ${f}`);
  });

  it('is smaller than 2 MB', () => {
    const bytes = fs.statSync(vsix).size;
    assert.ok(bytes < MAX_BYTES, `VSIX is ${(bytes / 1024 / 1024).toFixed(2)} MB`);
  });

  it('package.json in the VSIX points at the bundled client and contributes the grammar and commands', () => {
    const files = entries.map((e) => e.name);
    assert.ok(files.includes('extension/package.json'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.main, './dist/extension.js');
    const commands = (pkg.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    for (const id of ['insertCitation', 'openSourcePassage', 'rebuildIndex', 'exportBibliography', 'showReport', 'showOutput', 'addSourceFromUrl']) {
      assert.ok(commands.includes(`sourceLinked.${id}`), `command sourceLinked.${id}`);
    }
    assert.ok(pkg.activationEvents.includes('onLanguage:markdown'));
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), 'icon exists');
  });

  it('vsce ls agrees with .vscodeignore (no dependencies, no sources)', () => {
    const r = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', input: '' });
    assert.strictEqual(r.status, 0, r.stderr);
    const listed = r.stdout.split(/\r?\n/).filter(Boolean);
    const bad = listed.filter((f) => FORBIDDEN.test(f));
    assert.deepStrictEqual(bad, []);
    assert.ok(listed.includes('dist/extension.js'));
  });
});
