/**
 * Citation keys through the real `source-linked` process: the same from any working
 * directory, never moved by another file, kept across renames, and a key file that
 * two git branches merge without conflict.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'source-linked.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** file (relative to the corpus folder) -> key, from `sources --json`. */
function keysOf(corpus: string, cwd: string): Map<string, string> {
  const r = run(['sources', '--json', '--corpus', corpus], cwd);
  assert.strictEqual(r.code, 0, r.err);
  const base = path.resolve(cwd, corpus);
  const rows = (JSON.parse(r.out) as { sources: { key: string; file: string; startLine: number }[] }).sources;
  return new Map(rows.map((x) => [`${path.relative(base, path.resolve(cwd, x.file)).split(path.sep).join('/')}:${x.startLine}`, x.key]));
}

const ARTICLE = (title: string, body: string) => `${title}\n\nMarch 3, 2024\n\n${body}\n`;

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', '-c', 'merge.conflictstyle=merge', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('citation keys (CLI)', function () {
  this.timeout(30000);
  let tmp: string;
  let ws: string;
  let src: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-keys-'));
    ws = path.join(tmp, 'ws');
    src = path.join(ws, 'sources');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'b.txt'), ARTICLE('Security Pact Signed', 'The pact covers 12 agencies, officials said.'));
    fs.writeFileSync(path.join(src, 'd.txt'), ARTICLE('Security Pact Signed', 'A second story on the pact names 40 officers.'));
    fs.mkdirSync(path.join(src, 'sub'));
    fs.writeFileSync(path.join(src, 'sub', 'z.txt'), ARTICLE('Water Prices Rise', 'Prices rose 12% in March, the utility said.'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives identical keys from three working directories, with or without a key file', () => {
    const copy = (name: string) => {
      const dst = path.join(tmp, name);
      fs.cpSync(ws, dst, { recursive: true });
      return dst;
    };
    // Fresh copies (no key file yet): the workspace, the corpus folder itself, and an unrelated folder.
    const a = keysOf('sources', copy('w1'));
    const b = keysOf('.', path.join(copy('w2'), 'sources'));
    const c = keysOf(path.join(copy('w3'), 'sources'), os.tmpdir());
    assert.strictEqual(a.size, 3);
    assert.deepStrictEqual([...b], [...a]);
    assert.deepStrictEqual([...c], [...a]);
    assert.strictEqual(new Set(a.values()).size, 3);
    // And the same tree read from three places after the key file exists.
    const first = keysOf('sources', ws);
    assert.ok(fs.existsSync(path.join(src, 'citation-keys.tsv')));
    assert.deepStrictEqual([...keysOf('.', src)], [...first]);
    assert.deepStrictEqual([...keysOf(src, path.join(src, 'sub'))], [...first]);
    assert.deepStrictEqual([...first], [...a]);
  });

  it('adding a colliding file leaves every existing key alone, and a draft citing them stays clean', () => {
    const before = keysOf('sources', ws);
    fs.writeFileSync(path.join(src, '0-first.txt'), ARTICLE('Security Pact Signed', 'A third story, 7 pages long.'));
    fs.writeFileSync(path.join(src, 'c.txt'), ARTICLE('Water Prices Rise', 'Another water story with 3 figures.'));
    const after = keysOf('sources', ws);
    for (const [f, k] of before) assert.strictEqual(after.get(f), k, f);
    assert.strictEqual(after.size, 5);
    assert.strictEqual(new Set(after.values()).size, 5);
    fs.writeFileSync(path.join(ws, 'draft.md'), [...before.values()].map((k) => `See [@${k}].`).join('\n\n') + '\n');
    const check = run(['check', '--corpus', 'sources', 'draft.md'], ws);
    assert.strictEqual(check.code, 0, check.out + check.err);
  });

  it('renaming or moving a file keeps its key, and the key file follows the file', () => {
    const before = keysOf('sources', ws);
    fs.renameSync(path.join(src, 'b.txt'), path.join(src, 'sub', 'renamed-b.txt'));
    const after = keysOf('sources', ws);
    assert.strictEqual(after.get('sub/renamed-b.txt:1'), before.get('b.txt:1'));
    assert.strictEqual(after.get('d.txt:1'), before.get('d.txt:1'));
    const keyFile = fs.readFileSync(path.join(src, 'citation-keys.tsv'), 'utf8');
    assert.match(keyFile, new RegExp(`^${before.get('b.txt:1')}\\t[0-9a-f]{16}\\tsub/renamed-b\\.txt$`, 'm'));
    assert.doesNotMatch(keyFile, /\tb\.txt$/m);
  });

  it('offers the key that the same content has now when a source was re-keyed, in check output', () => {
    fs.writeFileSync(path.join(src, 'note.md'), '# Border Trade Notes\n\nTrade rose 4% in the first quarter, officials said.\n');
    const old = keysOf('sources', ws).get('note.md:1')!;
    fs.writeFileSync(path.join(ws, 'draft.md'), `Trade rose 4% in the first quarter [@${old}].\n`);
    assert.strictEqual(run(['check', '--corpus', 'sources', 'draft.md'], ws).code, 0);
    fs.writeFileSync(path.join(src, 'note.md'), '---\nid: trade-notes\n---\n# Border Trade Notes\n\nTrade rose 4% in the first quarter, officials said.\n');
    const r = run(['check', '--corpus', 'sources', '--format', 'json', 'draft.md'], ws);
    const [f] = JSON.parse(r.out) as { code: string; message: string }[];
    assert.strictEqual(f.code, 'unknown-source');
    assert.match(f.message, /Its source now has the key @trade-notes\./);
    const stylish = run(['check', '--corpus', 'sources', 'draft.md'], ws);
    assert.match(stylish.out, /now has the key @trade-notes/);
  });

  it('two branches that each add a source merge the key file without conflict, and both keep their keys', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    assert.strictEqual(git(ws, 'init', '-q').code, 0);
    keysOf('sources', ws);
    assert.strictEqual(fs.readFileSync(path.join(src, '.gitattributes'), 'utf8'), 'citation-keys.tsv merge=union\n');
    git(ws, 'add', '-A');
    assert.strictEqual(git(ws, 'commit', '-qm', 'base').code, 0);
    // Both branches add a source whose key sorts into the same place in the key file
    // (between security-pact-signed… and water-prices-rise-2024).
    git(ws, 'checkout', '-qb', 'one');
    fs.writeFileSync(path.join(src, 'one.txt'), ARTICLE('Trade Talks Stall', 'Branch one adds 5 facts.'));
    const one = keysOf('sources', ws).get('one.txt:1')!;
    git(ws, 'add', '-A');
    git(ws, 'commit', '-qm', 'one');
    git(ws, 'checkout', '-q', 'main');
    git(ws, 'checkout', '-qb', 'two');
    fs.writeFileSync(path.join(src, 'two.txt'), ARTICLE('Transit Fares Rise', 'Branch two adds 6 facts.'));
    const two = keysOf('sources', ws).get('two.txt:1')!;
    git(ws, 'add', '-A');
    git(ws, 'commit', '-qm', 'two');
    const merge = git(ws, 'merge', '-q', '--no-edit', 'one');
    assert.strictEqual(merge.code, 0, merge.out);
    const text = fs.readFileSync(path.join(src, 'citation-keys.tsv'), 'utf8');
    assert.doesNotMatch(text, /^(<<<<<<<|=======|>>>>>>>)/m);
    const merged = keysOf('sources', ws);
    assert.strictEqual(merged.get('one.txt:1'), one);
    assert.strictEqual(merged.get('two.txt:1'), two);
    assert.deepStrictEqual([one, two], ['trade-talks-stall-2024', 'transit-fares-rise-2024']);
    assert.strictEqual(new Set(merged.values()).size, merged.size);
    // Control: without the union-merge attribute the same merge conflicts, so the test above can fail.
    git(ws, 'reset', '-q', '--hard', 'HEAD~1');
    fs.rmSync(path.join(src, '.gitattributes'));
    git(ws, 'commit', '-qam', 'no attributes');
    const control = git(ws, 'merge', '-q', '--no-edit', 'one');
    assert.notStrictEqual(control.code, 0, control.out + git(ws, 'log', '--oneline', '--all', '--graph').out + git(ws, 'status').out);
  });

  it('a Zotero-style CSL JSON bibliography (--bibliography) gives matched sources its keys and metadata', () => {
    const bib = path.join(ws, 'team.json');
    fs.writeFileSync(
      bib,
      JSON.stringify([
        { id: 'doeWater2024', type: 'article-newspaper', title: 'Water Prices Rise', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2024, 3, 4]] }, 'container-title': 'El Norte', URL: 'https://example.org/water' },
        { id: 'unmatched2020', type: 'report', title: 'Nothing In The Corpus Has This Title' },
      ]),
    );
    const r = run(['sources', '--json', '--corpus', 'sources', '--bibliography', 'team.json'], ws);
    assert.strictEqual(r.code, 0, r.err);
    const row = (JSON.parse(r.out) as { sources: { key: string; author: string; date: string; url: string; file: string }[] }).sources.find((x) => x.file.endsWith('z.txt'))!;
    assert.deepStrictEqual([row.key, row.author, row.date, row.url], ['doeWater2024', 'Jane Doe', '2024-03-04', 'https://example.org/water']);
    const exp = JSON.parse(run(['export', '--corpus', 'sources', '--bibliography', 'team.json'], ws).out) as { id: string; 'container-title'?: string; author?: unknown }[];
    const item = exp.find((i) => i.id === 'doeWater2024')!;
    assert.deepStrictEqual([item['container-title'], item.author], ['El Norte', [{ family: 'Doe', given: 'Jane' }]]);
    assert.ok(!exp.some((i) => i.id === 'unmatched2020'), 'only sources in the corpus are exported');
  });

  it('says when it remembered new keys (so CI tells a team to commit the key file), and is silent when nothing changed', () => {
    const first = run(['sources', '--corpus', 'sources'], ws);
    assert.match(first.err, /remembered 3 new citation keys in sources\/citation-keys\.tsv; commit it/);
    const second = run(['sources', '--corpus', 'sources'], ws);
    assert.doesNotMatch(second.err, /remembered/);
    fs.writeFileSync(path.join(src, 'new.txt'), ARTICLE('Brand New Story', 'It has 9 facts.'));
    assert.match(run(['check', '--corpus', 'sources', '--format', 'json', path.join(src, 'new.txt')], ws).err, /remembered 1 new citation key in/);
  });
});
