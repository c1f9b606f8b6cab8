/** The `source-linked` command line, run as a real process on the sample draft and seeds/. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'source-linked.js');

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, input: opts.input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  figure?: string;
  suggestions?: { key: string; locator: string; title: string }[];
}

describe('source-linked CLI', () => {
  const draft = fs.readFileSync(path.join(ROOT, 'samples', 'draft.md'), 'utf8').split('\n');

  describe('check on the sample draft (end to end)', () => {
    const r = run(['check', '--corpus', 'seeds', '--format', 'json', 'samples/draft.md']);
    const findings: JsonFinding[] = JSON.parse(r.out);
    const at = (f: JsonFinding) => draft[f.line - 1].slice(f.column - 1, f.endLine === f.line ? f.endColumn - 1 : undefined);

    it('exits 1 with findings', () => assert.strictEqual(r.code, 1));
    it('shows every judgment at least once', () => {
      const codes = new Set(findings.map((f) => f.code));
      for (const c of ['uncited-figure', 'figure-not-in-source', 'quote-not-in-source', 'unknown-source', 'bad-locator']) assert.ok(codes.has(c), `missing ${c}`);
    });
    it('places each finding on the exact text (1-based, end exclusive)', () => {
      const byCode = (c: string) => findings.filter((f) => f.code === c).map(at);
      assert.deepStrictEqual(byCode('uncited-figure'), ['25', '524']);
      assert.deepStrictEqual(byCode('figure-not-in-source'), ['415']);
      assert.deepStrictEqual(byCode('unknown-source'), ['@mexico-military-trainers-2023']);
      assert.deepStrictEqual(byCode('bad-locator'), ['para. 40']);
      assert.ok(byCode('quote-not-in-source')[0].startsWith('we will respond'));
    });
    it('says what the source says, and suggests the passage that states an uncited figure', () => {
      const mismatch = findings.find((f) => f.code === 'figure-not-in-source')!;
      assert.match(mismatch.message, /source says 414/);
      assert.strictEqual(mismatch.figure, '415');
      const u = findings.find((f) => f.code === 'uncited-figure' && f.figure === '524')!;
      assert.deepStrictEqual(u.suggestions![0], { key: 'edomex-officers-killed-2021', locator: 'para. 4', title: '13 Edomex Officers Killed in Ambush' });
      const unknown = findings.find((f) => f.code === 'unknown-source')!;
      assert.strictEqual(unknown.severity, 'error');
      assert.match(unknown.message, /@mexico-president-asks-2023/);
    });
    it('does not flag dates, years, small written numbers, code or e-mail', () => {
      const flagged = findings.filter((f) => f.figure).map((f) => f.figure);
      for (const not of ['2021', '18', '2019', 'three', '500', '2023']) assert.ok(!flagged.includes(not), `flagged ${not}`);
    });
  });

  it('stylish output is readable, with a summary line', () => {
    const r = run(['check', '--corpus', 'seeds', 'samples/draft.md']);
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /samples\/draft\.md/);
    assert.match(r.out, /\d+:\d+\s+warning\s+Uncited figure "524"/);
    assert.match(r.out, /\d+:\d+\s+error\s+"415" is not stated/);
    assert.match(r.out, /✖ 6 problems \(3 errors, 3 warnings\): 2 wrong, 2 broken citations, 2 uncited/);
  });

  it('--severity changes or silences a check, and the summary and exit code follow', () => {
    const r = run(['check', '--corpus', 'seeds', '--severity', 'figure-not-in-source=warning', '--severity', 'quote-not-in-source=off', 'samples/draft.md']);
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /\d+:\d+\s+warning\s+"415" is not stated/);
    assert.doesNotMatch(r.out, /quote-not-in-source/);
    assert.match(r.out, /✖ 5 problems \(1 error, 4 warnings\): 1 wrong, 2 broken citations, 2 uncited/);
    const bad = run(['check', '--corpus', 'seeds', '--severity', 'uncited-figure=loud', 'samples/draft.md']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--severity needs CODE=LEVEL/);
  });

  it('sarif output is SARIF 2.1.0 with rule ids and regions', () => {
    const r = run(['check', '--corpus', 'seeds', '--format', 'sarif', 'samples/draft.md']);
    const sarif = JSON.parse(r.out);
    assert.strictEqual(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.strictEqual(results.length, 6);
    assert.ok(results.every((x: { ruleId: string; locations: unknown[] }) => x.ruleId && x.locations.length === 1));
    assert.strictEqual(results.find((x: { ruleId: string }) => x.ruleId === 'unknown-source').level, 'error');
    // SARIF levels follow the severities: contradictions are errors, omissions warnings.
    assert.strictEqual(results.find((x: { ruleId: string }) => x.ruleId === 'figure-not-in-source').level, 'error');
    assert.strictEqual(results.find((x: { ruleId: string }) => x.ruleId === 'quote-not-in-source').level, 'error');
    assert.strictEqual(results.find((x: { ruleId: string }) => x.ruleId === 'uncited-figure').level, 'warning');
    assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'uncited-quote'));
  });

  it('github output is workflow annotations', () => {
    const r = run(['check', '--corpus', 'seeds', '--format', 'github', 'samples/draft.md']);
    const lines = r.out.trim().split('\n');
    assert.strictEqual(lines.length, 6);
    assert.ok(lines.every((l) => /^::(warning|error) file=samples\/draft\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=source-linked /.test(l)), lines.join('\n'));
  });

  it('exits 0 on a clean draft', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-cli-'));
    const f = path.join(dir, 'clean.md');
    fs.writeFileSync(f, 'In 2020, 524 police officers were killed [@edomex-officers-killed-2021, para. 4].\n');
    const r = run(['check', '--corpus', path.join(ROOT, 'seeds'), f]);
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.match(r.out, /No problems/);
  });

  it('exits 2 on usage errors and on an unusable corpus, without a stack trace', () => {
    for (const args of [['check'], ['check', '--format', 'xml', 'samples/draft.md'], ['frobnicate'], ['check', '--scope', 'page', 'samples/draft.md']]) {
      const r = run(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, /source-linked: /);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-empty-'));
    fs.writeFileSync(path.join(empty, 'x.md'), 'In 2020, 524 officers were killed.\n');
    const r = run(['check', 'x.md'], { cwd: empty });
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /No corpus found.*\n.*--corpus/);
    const missing = run(['check', '--corpus', 'no-such-folder', 'samples/draft.md']);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /corpus root not found: no-such-folder/);
  });

  it('sources --json lists keys, metadata, lines and passage counts', () => {
    const r = run(['sources', '--corpus', 'seeds', '--json']);
    assert.strictEqual(r.code, 0);
    const { sources: rows, skipped } = JSON.parse(r.out);
    assert.deepStrictEqual(skipped, []);
    assert.strictEqual(rows.length, 9);
    const edomex = rows.find((x: { key: string }) => x.key === 'edomex-officers-killed-2021');
    assert.deepStrictEqual(
      { title: edomex.title, date: edomex.date, author: edomex.author, publisher: edomex.publisher, file: edomex.file, startLine: edomex.startLine },
      // "scortez" is a site username, not an author; the publisher comes from the seed's sidecar.
      { title: '13 Edomex Officers Killed in Ambush', date: '2021-04-01', author: null, publisher: 'Justice in Mexico', file: 'seeds/002_6a3627dfa4365ca5.txt', startLine: 1 },
    );
    assert.ok(edomex.passages >= 4 && edomex.endLine > edomex.startLine);
    const table = run(['sources', '--corpus', 'seeds']);
    assert.match(table.out, /^KEY\s+DATE/);
    assert.match(table.out, /9 sources, \d+ passages/);
  });

  it('figures reads TEXT or stdin and prints normalised figures', () => {
    const r = run(['figures', '--json', 'They spent US$2.9 billion and 15.1% more on 1,059 officers in 2019.']);
    const figs = JSON.parse(r.out);
    assert.deepStrictEqual(
      figs.map((f: { text: string; value: number; unit: string; kind: string }) => [f.text, f.value, f.unit, f.kind]),
      [
        ['US$2.9 billion', 2.9e9, 'USD', 'money'],
        ['15.1%', 15.1, '%', 'percent'],
        ['1,059', 1059, '', 'count'],
      ],
    );
    const s = run(['figures', '--json'], { input: 'thirteen officers and £600m' });
    assert.deepStrictEqual(JSON.parse(s.out).map((f: { value: number }) => f.value), [13, 6e8]);
  });

  it('figures takes a leading "-" as text (with or without --), "-" for stdin, and --lang', () => {
    for (const args of [['figures', '--json', '--', '-3C'], ['figures', '--json', '-3C']]) {
      const r = run(args);
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(
        JSON.parse(r.out).map((f: { text: string; value: number; unit: string; dimension: string }) => [f.text, f.value, f.unit, f.dimension]),
        [['-3C', -3, 'C', 'temperature']],
      );
    }
    const s = run(['figures', '--json', '-'], { input: 'minus 5 degrees and −4.5%' });
    assert.deepStrictEqual(JSON.parse(s.out).map((f: { value: number }) => f.value), [-5, -4.5]);
    const es = run(['figures', '--json', '--lang', 'es'], { input: 'más de 500 familias, 15,1 % y 65.333 millones de pesos' });
    assert.deepStrictEqual(
      JSON.parse(es.out).map((f: { value: number; unit: string; hedge?: string }) => [f.value, f.unit, f.hedge ?? '']),
      [
        [500, '', 'min'],
        [15.1, '%', ''],
        [6.5333e10, 'MXN', ''],
      ],
    );
    const bad = run(['figures', '--bogus']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /put -- before it/);
  });

  it('export --format csl-json writes a bibliography pandoc can use', () => {
    const r = run(['export', '--format', 'csl-json', '--corpus', 'seeds']);
    assert.strictEqual(r.code, 0);
    const items = JSON.parse(r.out);
    assert.strictEqual(items.length, 9);
    const e = items.find((x: { id: string }) => x.id === 'edomex-officers-killed-2021');
    assert.deepStrictEqual(e.issued, { 'date-parts': [[2021, 4, 1]] });
    assert.strictEqual(e.title, '13 Edomex Officers Killed in Ambush');
  });

  it('pandoc --citeproc resolves every citation of a clean draft (when pandoc is installed)', function () {
    const which = spawnSync('pandoc', ['--version']);
    if (which.status !== 0) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-pandoc-'));
    const refs = path.join(dir, 'refs.json');
    assert.strictEqual(run(['export', '--format', 'csl-json', '--corpus', 'seeds', '--output', refs]).code, 0);
    const keys = JSON.parse(fs.readFileSync(refs, 'utf8')).map((x: { id: string }) => x.id);
    const md = path.join(dir, 'd.md');
    fs.writeFileSync(md, keys.map((k: string, i: number) => `Claim ${i} [@${k}, para. 1].`).join('\n\n') + '\n');
    const p = spawnSync('pandoc', ['--citeproc', '--bibliography', refs, md, '-t', 'plain'], { encoding: 'utf8' });
    assert.strictEqual(p.status, 0, p.stderr);
    assert.doesNotMatch(p.stderr, /not found/i, p.stderr);
    assert.doesNotMatch(p.stdout, /\?\?/);
  });
});

describe('source-linked CLI on hostile corpora (issue 9)', () => {
  (process.platform !== 'win32' ? it : it.skip)('sources --json does not hang on a FIFO and lists the skip reason', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-fifo-'));
    try {
      fs.mkdirSync(path.join(tmp, 's'));
      spawnSync('mkfifo', [path.join(tmp, 's', 'x.txt')]);
      fs.writeFileSync(path.join(tmp, 's', 'a.txt'), 'Police Officers Killed in Ambush\n\nThirteen officers were killed and 415 people were questioned.\n');
      const r = spawnSync(process.execPath, [BIN, 'sources', '--json', '--corpus', 's'], { cwd: tmp, encoding: 'utf8', timeout: 15000 });
      assert.strictEqual(r.signal, null, 'the CLI hung on the FIFO and was killed');
      assert.strictEqual(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.strictEqual(out.sources.length, 1);
      assert.deepStrictEqual(out.skipped, [{ file: path.join('s', 'x.txt'), reason: 'not a regular file: a FIFO (named pipe)' }]);
      // a corpus of nothing but the FIFO: exit 2, and the JSON still says why
      fs.rmSync(path.join(tmp, 's', 'a.txt'));
      const empty = spawnSync(process.execPath, [BIN, 'sources', '--json', '--corpus', 's'], { cwd: tmp, encoding: 'utf8', timeout: 15000 });
      assert.strictEqual(empty.status, 2);
      assert.strictEqual(JSON.parse(empty.stdout).skipped.length, 1);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('source-linked CLI on hostile drafts (issue 9)', () => {
  (process.platform !== 'win32' ? it : it.skip)('refuses a FIFO given as the draft instead of blocking on it', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-dfifo-'));
    try {
      spawnSync('mkfifo', [path.join(tmp, 'd.md')]);
      const r = spawnSync(process.execPath, [BIN, 'check', '--corpus', path.join(ROOT, 'seeds'), 'd.md'], { cwd: tmp, encoding: 'utf8', timeout: 15000 });
      assert.strictEqual(r.signal, null, 'the CLI hung on the FIFO and was killed');
      assert.strictEqual(r.status, 2);
      assert.match(r.stderr, /cannot read draft d\.md: not a regular file/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('2,500 nested `>` is a not-checked finding, not an internal error; the rest is checked', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-deep-'));
    try {
      fs.writeFileSync(path.join(tmp, 'd.md'), '>'.repeat(2500) + ' 415\n\nIn 2020, 524 police officers were killed [@nope-2020].\n');
      const r = run(['check', '--corpus', path.join(ROOT, 'seeds'), '--format', 'json', 'd.md'], { cwd: tmp });
      assert.strictEqual(r.code, 1, r.err);
      assert.doesNotMatch(r.err, /internal error/);
      const codes = (JSON.parse(r.out) as JsonFinding[]).map((f) => `${f.line}:${f.code}`).sort();
      assert.deepStrictEqual(codes, ['1:not-checked', '3:unknown-source']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
