import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCorpus, loadFile } from '../../../server/src/core/corpus/load';
import { makeKey } from '../../../server/src/core/corpus/keys';

const ROOT = path.resolve(__dirname, '../../../..');
const FIX = path.join(ROOT, 'test/fixtures/corpus');
const PANDOC_KEY = /^[A-Za-z0-9_](?:[A-Za-z0-9_]|[:.#$%&\-+?<>~/](?=[A-Za-z0-9_]))*$/;

const ARTICLE = (title: string, body: string) => `${title}\n\n${body}\n`;

function mkTmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'slw-corpus-'));
}

function write(dir: string, rel: string, data: string | Uint8Array): string {
  const f = path.join(dir, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
  return f;
}

describe('loadCorpus', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkTmp();
  });
  afterEach(() => {
    // restore permissions so cleanup works
    try {
      for (const f of fs.readdirSync(path.join(tmp, 'src'))) fs.chmodSync(path.join(tmp, 'src', f), 0o644);
    } catch {
      // ignore
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads the seeds: 9 sources with unique valid keys in sorted file order', async () => {
    const r = await loadCorpus(['seeds'], { baseDir: ROOT });
    assert.deepStrictEqual(r.missingRoots, []);
    assert.deepStrictEqual(r.skipped, []);
    assert.strictEqual(r.files.length, 5);
    assert.strictEqual(r.sources.length, 9);
    const keys = r.sources.map((s) => s.key);
    assert.strictEqual(new Set(keys).size, keys.length);
    for (const k of keys) assert.match(k, PANDOC_KEY);
    assert.strictEqual(keys[0], 'zacatecas-us-security-2025');
    assert.ok(keys.includes('edomex-officers-killed-2021'));
    const files = r.sources.map((s) => path.basename(s.file));
    assert.deepStrictEqual(files, [...files].sort());
    for (const s of r.sources) {
      assert.ok(path.isAbsolute(s.file));
      assert.ok(s.passages.length > 0);
      s.passages.forEach((p, i) => assert.strictEqual(p.n, i + 1));
    }
  });

  it('reads UTF-8, UTF-8 BOM, UTF-16 LE/BE and CRLF files into the same passages', async () => {
    const text = ARTICLE('Peso Gains Against Dollar', 'The peso gained 2.3% on Monday, traders said.\n\nAnalysts expect 18.5 pesos per dollar by June.');
    write(tmp, 'src/a-utf8.txt', text);
    write(tmp, 'src/b-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    write(tmp, 'src/c-utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const le = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
    write(tmp, 'src/d-utf16be-crlf.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    write(tmp, 'src/e-crlf.txt', text.replace(/\n/g, '\r\n'));
    write(tmp, 'src/f-latin1.txt', Buffer.from(text.replace('Monday', 'lunes, café'), 'latin1'));
    const r = await loadCorpus(['src'], { baseDir: tmp });
    assert.deepStrictEqual(r.skipped, []);
    assert.strictEqual(r.sources.length, 6);
    const shape = (i: number) => r.sources[i].passages.map((p) => [p.n, p.text, p.startLine, p.endLine]);
    for (let i = 1; i < 5; i++) assert.deepStrictEqual(shape(i), shape(0), path.basename(r.sources[i].file));
    assert.ok(r.sources[5].passages[0].text.includes('lunes, café'));
    // identical titles + no date -> all six collide; one keeps the base key, the others get distinct suffixes
    assert.strictEqual(new Set(r.sources.map((s) => s.key)).size, 6);
    assert.strictEqual(r.sources.filter((s) => s.key === 'peso-gains-against').length, 1);
    for (const s of r.sources) assert.match(s.key, /^peso-gains-against(?:-[0-9a-z]{4})?(?:-\d+)?$/);
  });

  it('skips bad files with reasons and never throws', async () => {
    write(tmp, 'src/good.txt', ARTICLE('Good File Here', 'A real paragraph with 3 facts.'));
    write(tmp, 'src/binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    write(tmp, 'src/empty.md', '');
    write(tmp, 'src/blank.txt', '\n \n\t\n');
    write(tmp, 'src/big.txt', 'x'.repeat(1024 * 1024 + 10));
    write(tmp, 'src/nav-only.txt', '• Live\n• facebook\n');
    write(tmp, 'src/image.png', Buffer.from([0x89, 0x50]));
    const locked = write(tmp, 'src/locked.txt', ARTICLE('Locked File', 'Some text.'));
    fs.chmodSync(locked, 0o000);
    let lockedReadable = false;
    try {
      fs.readFileSync(locked);
      lockedReadable = true; // running as root
    } catch {
      // expected
    }
    const r = await loadCorpus(['src'], { baseDir: tmp, maxFileSizeMB: 1 });
    const reasons = new Map(r.skipped.map((s) => [path.basename(s.file), s.reason]));
    assert.match(reasons.get('binary.txt')!, /^binary file \(contains NUL bytes\)$/);
    assert.match(reasons.get('empty.md')!, /^empty file/);
    assert.match(reasons.get('blank.txt')!, /^empty file/);
    assert.match(reasons.get('big.txt')!, /larger than the 1 MB limit \(maxFileSizeMB\)/);
    assert.match(reasons.get('nav-only.txt')!, /no citable paragraphs/);
    assert.ok(!reasons.has('image.png'), 'non-source extensions are not considered at all');
    if (!lockedReadable) assert.match(reasons.get('locked.txt')!, /^unreadable \(EACCES/);
    assert.deepStrictEqual(
      r.sources.map((s) => path.basename(s.file)),
      lockedReadable ? ['good.txt', 'locked.txt'] : ['good.txt'],
    );
    assert.ok(r.files.some((f) => path.basename(f.file) === 'big.txt' && f.size > 1024 * 1024));
  });

  it('reports missing roots and keeps loading the others', async () => {
    write(tmp, 'src/a.txt', ARTICLE('Alpha Story Here', 'Alpha prose, with a full sentence.'));
    const r = await loadCorpus(['nope', 'src', path.join(tmp, 'also-missing'), 'nothing/*.md'], { baseDir: tmp });
    assert.deepStrictEqual(r.missingRoots, ['nope', path.join(tmp, 'also-missing'), 'nothing/*.md']);
    assert.strictEqual(r.sources.length, 1);
  });

  it('supports globs and file roots, skips hidden folders and node_modules, dedupes', async () => {
    write(tmp, 'notes/a.md', '# Alpha Note\n\nAlpha text, a full sentence.\n');
    write(tmp, 'notes/deep/b.md', '# Beta Note\n\nBeta text, a full sentence.\n');
    write(tmp, 'notes/deep/c.txt', 'Gamma Note\n\nGamma text, a full sentence.\n');
    write(tmp, 'notes/UPPER.MD', '# Upper Note\n\nUpper text, a full sentence.\n');
    write(tmp, 'notes/.hidden/d.md', '# Hidden\n\nHidden text, a full sentence.\n');
    write(tmp, 'notes/node_modules/e.md', '# Module\n\nModule text, a full sentence.\n');
    write(tmp, 'notes/.source-linked/f.md', '# Cache\n\nCache text, a full sentence.\n');
    const r = await loadCorpus(['notes/**/*.md', 'notes/a.md', 'notes'], { baseDir: tmp });
    assert.deepStrictEqual(
      r.sources.map((s) => path.relative(tmp, s.file).split(path.sep).join('/')),
      ['notes/UPPER.MD', 'notes/a.md', 'notes/deep/b.md', 'notes/deep/c.txt'],
    );
    const g = await loadCorpus(['notes/*.md'], { baseDir: tmp });
    assert.deepStrictEqual(g.sources.map((s) => path.basename(s.file)), ['a.md']);
  });

  it('keys are stable when another file is added or files are renamed around them (with the key file)', async () => {
    const same = (n: string) => ARTICLE('Security Pact Signed', `Paragraph ${n}, a full sentence.`);
    write(tmp, 'src/b.txt', same('b'));
    write(tmp, 'src/d.txt', same('d'));
    write(tmp, 'src/z.txt', ARTICLE('Unique Title Story', 'Unique, a full sentence.'));
    const before = await loadCorpus(['src'], { baseDir: tmp, writeKeys: true });
    const keyOf = (r: typeof before, f: string) => r.sources.find((s) => path.basename(s.file) === f)!.key;
    write(tmp, 'src/a.txt', same('a')); // sorts first, same base key
    write(tmp, 'src/c.txt', ARTICLE('Another Story Here', 'Other, a full sentence.'));
    const after = await loadCorpus(['src'], { baseDir: tmp, writeKeys: true });
    for (const f of ['b.txt', 'd.txt', 'z.txt']) assert.strictEqual(keyOf(after, f), keyOf(before, f), f);
    assert.strictEqual(keyOf(after, 'z.txt'), 'unique-title-story');
    assert.strictEqual(new Set(after.sources.map((s) => s.key)).size, 5);
    // Same corpus loaded twice: identical output.
    const again = await loadCorpus(['src'], { baseDir: tmp });
    assert.deepStrictEqual(again.sources, after.sources);
  });

  it('front matter id overrides the generated key', async () => {
    const r = await loadCorpus([path.join(FIX, 'notes')], { baseDir: FIX });
    const fm = r.sources.find((s) => s.file.endsWith('frontmatter.md'))!;
    assert.strictEqual(fm.key, 'monterrey-water');
    assert.strictEqual(fm.author, 'Ana López');
    assert.strictEqual(fm.date, '2024-03-05');
    const plain = r.sources.find((s) => s.file.endsWith('plain.md'))!;
    assert.strictEqual(plain.key, 'notes-border-trade');
  });

  it('uses the Reuters index for dates and publisher', async () => {
    const r = await loadCorpus(['reuters'], { baseDir: FIX });
    assert.deepStrictEqual(
      r.sources.map((s) => [s.key, s.date, s.publisher, s.passages.length]),
      [
        ['bahia-cocoa-review-1987', '1987-02-26', 'Reuters', 5],
        ['burst-agritech-inc-1987', '1987-03-03', 'Reuters', 3],
      ],
    );
  });

  it('yields to the event loop and reports progress', async () => {
    for (let i = 0; i < 300; i++) write(tmp, `src/f${String(i).padStart(3, '0')}.txt`, ARTICLE(`Story Number ${i}`, 'Text. '.repeat(200)));
    let last: [number, number] = [0, 0];
    let calls = 0;
    const r = await loadCorpus(['src'], {
      baseDir: tmp,
      onProgress: (d, t) => {
        calls++;
        assert.ok(d >= last[0] && d <= t);
        last = [d, t];
      },
    });
    assert.strictEqual(r.sources.length, 300);
    assert.deepStrictEqual(last, [300, 300]);
    assert.ok(calls >= 1);
  });
});

describe('loadFile', () => {
  it('gives the same sources and keys as a full load', async () => {
    const full = await loadCorpus(['seeds'], { baseDir: ROOT });
    const file = full.sources[2].file; // 002_: five articles
    const one = loadFile(file, ROOT);
    assert.strictEqual(one.skipped, undefined);
    assert.deepStrictEqual(
      one.sources,
      full.sources.filter((s) => s.file === file),
    );
    assert.ok(one.stamp && one.stamp.size > 0);
  });

  it('matches full-load keys for cross-file collisions when given the registry of the full load', async () => {
    const tmp = mkTmp();
    try {
      write(tmp, 'a.txt', ARTICLE('Security Pact Signed', 'One, a full sentence.'));
      write(tmp, 'b.txt', ARTICLE('Security Pact Signed', 'Two, a full sentence.'));
      const full = await loadCorpus(['.'], { baseDir: tmp });
      const a = full.sources.find((s) => s.file.endsWith('a.txt'))!;
      const b = full.sources.find((s) => s.file.endsWith('b.txt'))!;
      assert.notStrictEqual(a.key, b.key);
      assert.deepStrictEqual([a.key, b.key].filter((k) => k === 'security-pact-signed').length, 1, 'one of them keeps the bare key');
      const again = loadFile(path.join(tmp, 'b.txt'), tmp, { keys: full.keys, otherKeys: new Set([a.key]) });
      assert.strictEqual(again.sources[0].key, b.key);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reports a skipped file instead of throwing', () => {
    const r = loadFile(path.join(os.tmpdir(), 'does-not-exist-slw.txt'), os.tmpdir());
    assert.deepStrictEqual(r.sources, []);
    assert.match(r.skipped!.reason, /^unreadable \(ENOENT/);
  });
});

describe('loadCorpus batches (serving while loading)', () => {
  it('hands out sources in batches with provisional keys, then fixes keys a later collision changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-batch-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'Same Title Here\n\nFirst body paragraph with 12 items.\n');
      fs.writeFileSync(path.join(dir, 'b.txt'), 'Same Title Here\n\nSecond body paragraph with 13 items.\n');
      const batches: string[][] = [];
      const res = await loadCorpus(['.'], { baseDir: dir, onBatch: (b) => batches.push(b.map((s) => s.key)) });
      const provisional = batches.flat();
      assert.strictEqual(provisional.length, 2);
      assert.strictEqual(new Set(provisional).size, 2, 'provisional keys are unique');
      const full = await loadCorpus(['.'], { baseDir: dir });
      assert.deepStrictEqual(res.sources.map((s) => s.key), full.sources.map((s) => s.key), 'final keys equal a plain full load');
      assert.strictEqual(new Set(res.sources.map((s) => s.key)).size, 2);
      res.sources.forEach((s, i) => assert.strictEqual(res.rekeyed.includes(s), provisional[i] !== s.key, 'rekeyed lists exactly the keys that changed'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadCorpus figures', () => {
  it('finds the figures of every passage (the splitter leaves them to the loader)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-figs-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'Budget Report\n\nThe budget rose 15.1% to $4 billion.\n\nNo figures here at all.\n');
      const res = await loadCorpus(['.'], { baseDir: dir });
      const [p1, p2] = res.sources[0].passages;
      assert.deepStrictEqual(p1.figures.map((f) => [f.text, f.kind]), [['15.1%', 'percent'], ['$4 billion', 'money']]);
      assert.deepStrictEqual(p2.figures, []);
      assert.strictEqual(loadFile(path.join(dir, 'a.txt'), dir).sources[0].passages[0].figures.length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
