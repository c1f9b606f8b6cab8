/**
 * Cache format 8 (issue 13, warm start): the passage texts stay in the cache file and are read
 * page by page when first needed, each page checked against its own tag (textPages.ts). A page
 * that does not check out (edited, truncated, moved, or taken from another cache) is never used.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CACHE_FILE, readCache, writeCache } from '../../../server/src/core/index/cache';
import { ELEMENT_BYTES } from '../../../server/src/core/index/cacheFile';
import { TAG_BYTES } from '../../../server/src/core/index/cacheKey';
import { IndexSnapshot } from '../../../server/src/core/index/index';
import { PagedText, PAGE_BYTES } from '../../../server/src/core/index/textPages';
import { CorpusIndex } from '../../../server/src/core/index/corpusIndex';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { indexOf, source } from '../../helpers/fixtures';

const meta = { config: 'test', stamps: [], skipped: [] };

/** Paragraphs of various lengths, some non-ASCII (so multi-byte characters fall on page edges), about 7 pages in all. */
function paragraphs(tag: string, n = 120): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 20 + ((i * 37) % 150) }, (_, k) => (k % 11 === 3 ? `año${i}é${k}` : `w${tag}${i}x${k}`));
    out.push(`Paragraph ${i} of ${tag}: ${i + 3} people said ${words.join(' ')}.`);
  }
  return out;
}

/** Where the texts and the pages' tags are in a cache file (what readCacheFile computes). */
function layout(file: string): { textAt: number; textLength: number; pages: number; tagsAt: number } {
  const buf = fs.readFileSync(file);
  const hlen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + hlen).toString('utf8')) as { blocks: { type: string; length: number }[]; text: { length: number } };
  let at = 12 + hlen;
  for (const b of header.blocks) {
    at += (8 - (at % 8)) % 8;
    at += b.length * ELEMENT_BYTES[b.type];
  }
  const pages = Math.ceil(header.text.length / PAGE_BYTES);
  return { textAt: at, textLength: header.text.length, pages, tagsAt: at + header.text.length };
}

function snapshotOf(r: ReturnType<typeof readCache>): IndexSnapshot {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return (r as { snapshot: IndexSnapshot }).snapshot;
}

const textsOf = (s: IndexSnapshot) => s.sources.flatMap((x) => x.passages.map((p) => p.text));

/** Change one byte of the file in place (same inode, as an editor or a disk error would). */
function flip(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, at);
    b[0] ^= 0x01;
    fs.writeSync(fd, b, 0, 1, at);
  } finally {
    fs.closeSync(fd);
  }
}

describe('index cache format 8: passage texts read and checked page by page (textPages.ts)', () => {
  let dir: string;
  let file: string;
  const A = source('alpha-2020', 'Alpha', paragraphs('a'));
  const B = source('beta-2021', 'Beta', paragraphs('b'));
  const want = [...paragraphs('a'), ...paragraphs('b')];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-pages-'));
    file = path.join(dir, CACHE_FILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads no text at load; a passage read reads its pages only; every text reads back as written', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { pages, textLength } = layout(file);
    assert.ok(pages >= 5, `${pages} pages of ${textLength} bytes`);
    const snap = snapshotOf(readCache(dir));
    const paged = snap.store!.pagedText!;
    assert.ok(paged instanceof PagedText);
    assert.strictEqual(paged.reads, 0, 'nothing read at load');
    assert.strictEqual(snap.sources[0].passages[0].text, want[0]);
    assert.strictEqual(paged.reads, 1, 'the first passage lies on the first page');
    assert.deepStrictEqual(textsOf(snap), want);
    assert.strictEqual(paged.reads, pages, 'each page read once');
    assert.strictEqual(paged.failure, undefined);
    // Figures come from the columns; their text is cut from the passage's.
    const plain = indexOf(A, B).sources()[1].passages[7].figures;
    assert.ok(plain.length > 0);
    assert.deepStrictEqual(snap.sources[1].passages[7].figures, plain);
  });

  it('keeps a bounded number of pages and reuses their buffers; texts read the same after eviction', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { textAt, textLength } = layout(file);
    const r = snapshotOf(readCache(dir));
    const tags = r.store!.pagedText!;
    const fd = fs.openSync(file, 'r');
    try {
      const buf = fs.readFileSync(file);
      const small = new PagedText(fd, textAt, textLength, buf.subarray(textAt + textLength, textAt + textLength + tags.pageCount * TAG_BYTES), buf.subarray(buf.length - 28, buf.length - 16), 2 * PAGE_BYTES);
      const all = buf.subarray(textAt, textAt + textLength).toString('utf8');
      for (let round = 0; round < 2; round++) {
        for (let from = 0; from < textLength; from += 5000) {
          const to = Math.min(textLength, from + 3000);
          assert.strictEqual(small.text(from, to), buf.subarray(textAt + from, textAt + to).toString('utf8'));
          assert.ok(small.residentPages <= 2, `${small.residentPages} pages held`);
        }
      }
      assert.ok(small.reads > small.pageCount, 'pages were read again after eviction');
      assert.strictEqual(small.text(0, textLength), all, 'a range over every page');
      small.close();
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        /* closed by small.close() */
      }
    }
  });

  it('never shows a page edited after load: its passages read as \'\', the failure is reported once, other pages still read', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { textAt } = layout(file);
    const snap = snapshotOf(readCache(dir));
    const paged = snap.store!.pagedText!;
    const reasons: string[] = [];
    paged.onFailure = (r) => reasons.push(r);
    flip(file, textAt + PAGE_BYTES + 100); // page 1
    const texts = textsOf(snap);
    const onPage1 = texts.map((t, i) => (t === want[i] ? -1 : i)).filter((i) => i >= 0);
    assert.ok(onPage1.length > 0, 'some passages lie on the edited page');
    for (const i of onPage1) assert.strictEqual(texts[i], '', `passage ${i} shows nothing`);
    assert.ok(texts.filter((t, i) => t === want[i]).length > want.length / 2, 'passages on other pages read');
    assert.strictEqual(reasons.length, 1);
    assert.match(reasons[0], /text page 1 signature mismatch/);
    assert.strictEqual(paged.failure, reasons[0]);
  });

  it('refuses pages moved within the file (swapped with their tags) and a page taken from another cache', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { textAt, tagsAt } = layout(file);
    const good = fs.readFileSync(file);
    // Swap pages 0 and 1 and their tags: each tag is bound to its page's place.
    const swapped = Buffer.from(good);
    good.copy(swapped, textAt, textAt + PAGE_BYTES, textAt + 2 * PAGE_BYTES);
    good.copy(swapped, textAt + PAGE_BYTES, textAt, textAt + PAGE_BYTES);
    good.copy(swapped, tagsAt, tagsAt + TAG_BYTES, tagsAt + 2 * TAG_BYTES);
    good.copy(swapped, tagsAt + TAG_BYTES, tagsAt, tagsAt + TAG_BYTES);
    fs.writeFileSync(file, swapped);
    let r = readCache(dir);
    assert.strictEqual(r.ok, false, 'the page tags are covered by the file tag');
    // The same swap with the texts only: the pages then fail their own tags.
    const moved = Buffer.from(good);
    good.copy(moved, textAt, textAt + PAGE_BYTES, textAt + 2 * PAGE_BYTES);
    good.copy(moved, textAt + PAGE_BYTES, textAt, textAt + PAGE_BYTES);
    fs.writeFileSync(file, moved);
    let snap = snapshotOf(readCache(dir));
    assert.strictEqual(snap.sources[0].passages[0].text, '');
    assert.match(snap.store!.pagedText!.failure!, /text page 0 signature mismatch/);
    // Another cache written on this machine from the same index: same bytes, another nonce, so other page tags.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-pages-b-'));
    try {
      writeCache(other, indexOf(A, B).toSnapshot(), meta);
      const theirs = fs.readFileSync(path.join(other, CACHE_FILE));
      assert.deepStrictEqual(theirs.subarray(textAt, textAt + PAGE_BYTES), good.subarray(textAt, textAt + PAGE_BYTES), 'same text bytes');
      // Their page 0 edited, with their tag for it: a valid pair, but under another file's key.
      const planted = Buffer.from(good);
      theirs.copy(planted, textAt, textAt, textAt + PAGE_BYTES);
      planted.write('PLANTED', textAt + 20, 'latin1');
      fs.writeFileSync(file, planted);
      snap = snapshotOf(readCache(dir));
      assert.ok(!textsOf(snap).some((t) => t.includes('PLANTED')), 'the edited page is never shown');
      assert.match(snap.store!.pagedText!.failure!, /text page 0 signature mismatch/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
    fs.writeFileSync(file, good);
    r = readCache(dir);
    assert.deepStrictEqual(textsOf(snapshotOf(r)), want, 'the unchanged file reads');
  });

  it('refuses a file whose texts were cut (at load), or truncated while open (at read)', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { textAt, textLength } = layout(file);
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([good.subarray(0, textAt + 1000), good.subarray(textAt + textLength)]));
    const cut = readCache(dir);
    assert.strictEqual(cut.ok, false);
    assert.match((cut as { reason: string }).reason, /does not match its header/);
    fs.writeFileSync(file, good);
    const snap = snapshotOf(readCache(dir));
    assert.strictEqual(snap.sources[0].passages[0].text, want[0]);
    fs.truncateSync(file, textAt + 3 * PAGE_BYTES + 10); // same file, cut while the index has it open
    const texts = textsOf(snap);
    assert.ok(texts.includes(''), 'passages past the cut read as empty');
    assert.match(snap.store!.pagedText!.failure!, /truncated/);
    for (let i = 0; i < texts.length; i++) assert.ok(texts[i] === '' || texts[i] === want[i]);
  });

  it('a file replaced (renamed over) while open: the index keeps reading the file it opened', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const snap = snapshotOf(readCache(dir));
    writeCache(dir, indexOf(source('gamma-2022', 'Gamma', paragraphs('c'))).toSnapshot(), meta);
    assert.deepStrictEqual(textsOf(snap), want);
    assert.strictEqual(snap.store!.pagedText!.failure, undefined);
    assert.deepStrictEqual(textsOf(snapshotOf(readCache(dir))), paragraphs('c'), 'a new read gets the new file');
  });

  it('an index loaded from the cache writes a new cache from its pages (read and checked); a refused page writes nothing', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const ix = CorpusIndex.fromSnapshot(snapshotOf(readCache(dir)));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-pages-out-'));
    try {
      writeCache(out, ix.toSnapshot(), meta);
      assert.deepStrictEqual(textsOf(snapshotOf(readCache(out))), want);
      // The source file edited under the index: its next cache write fails instead of signing the edit.
      const { textAt } = layout(file);
      const ix2 = CorpusIndex.fromSnapshot(snapshotOf(readCache(dir)));
      flip(file, textAt + 2 * PAGE_BYTES + 5);
      const before = fs.readFileSync(path.join(out, CACHE_FILE));
      assert.throws(() => writeCache(out, ix2.toSnapshot(), meta), /index cache text unusable: text page 2 signature mismatch/);
      assert.deepStrictEqual(fs.readFileSync(path.join(out, CACHE_FILE)), before, 'the previous cache is left as it was');
      assert.deepStrictEqual(
        fs.readdirSync(out).filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('loadSome reads every text into memory in steps, each page checked; then pages are no longer read and the file is closed', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { pages, textLength } = layout(file);
    const snap = snapshotOf(readCache(dir));
    const paged = snap.store!.pagedText!;
    assert.strictEqual(snap.sources[0].passages[0].text, want[0]);
    let steps = 1;
    while (!paged.loadSome(2 * PAGE_BYTES)) {
      steps++;
      assert.ok(!paged.inMemory);
    }
    assert.strictEqual(steps, Math.ceil(pages / 2));
    assert.ok(paged.inMemory);
    assert.strictEqual(paged.heldBytes, textLength);
    const reads = paged.reads;
    fs.truncateSync(file, 0); // the file is no longer read
    assert.deepStrictEqual(textsOf(snap), want);
    assert.strictEqual(paged.reads, reads);
    assert.strictEqual(paged.failure, undefined);
  });

  it('loadSome stops at a page edited after load: reported, never shown, the other pages still read on demand', () => {
    writeCache(dir, indexOf(A, B).toSnapshot(), meta);
    const { textAt } = layout(file);
    const snap = snapshotOf(readCache(dir));
    const paged = snap.store!.pagedText!;
    flip(file, textAt + 2 * PAGE_BYTES + 7);
    let steps = 0;
    while (!paged.loadSome(PAGE_BYTES)) steps++;
    assert.strictEqual(steps, 2, 'pages 0 and 1 loaded, page 2 refused');
    assert.ok(!paged.inMemory);
    assert.match(paged.failure!, /text page 2 signature mismatch/);
    const texts = textsOf(snap);
    assert.ok(texts.includes(''));
    for (let i = 0; i < texts.length; i++) assert.ok(texts[i] === '' || texts[i] === want[i]);
    assert.strictEqual(snap.sources[0].passages[0].text, want[0]);
  });

  it('a load without deferReconcile (the command line) reads every text at load', async () => {
    const root = fs.realpathSync(dir);
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.txt'), `Alpha\n\n${paragraphs('a').join('\n\n')}\n`);
    const cacheDir = path.join(root, '.source-linked');
    await (await loadIndex(['src'], root, { cacheDir })).cacheWritten;
    const cli = await loadIndex(['src'], root, { cacheDir });
    const server = await loadIndex(['src'], root, { cacheDir, deferReconcile: true });
    assert.ok(cli.fromCache && server.fromCache);
    assert.ok(cli.index.storeBytes > server.index.storeBytes + 50_000, `${cli.index.storeBytes} against ${server.index.storeBytes} bytes held`);
    await server.loadTexts!();
    assert.strictEqual(server.index.storeBytes, cli.index.storeBytes);
    assert.strictEqual(cli.loadTexts, undefined);
  });

  it('writing a cache removes the caches of earlier formats beside it (not links, not other files)', () => {
    fs.writeFileSync(path.join(dir, 'index-v7.bin'), 'an old cache');
    fs.writeFileSync(path.join(dir, 'index-v7.bin.keep'), 'not a cache');
    const posix = process.platform !== 'win32';
    if (posix) fs.symlinkSync(path.join(dir, 'index-v7.bin.keep'), path.join(dir, 'index-v6.bin'));
    writeCache(dir, indexOf(A).toSnapshot(), meta);
    const left = fs.readdirSync(dir).sort();
    assert.ok(!left.includes('index-v7.bin'));
    assert.ok(left.includes(CACHE_FILE) && left.includes('index-v7.bin.keep'));
    if (posix) assert.ok(left.includes('index-v6.bin'), 'a link is left alone');
  });

  it('a warm load reports a refused page to its watcher; a load with ignoreCache rebuilds from the sources', async () => {
    const root = fs.realpathSync(dir);
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.txt'), `Alpha\n\n${paragraphs('a').join('\n\n')}\n`);
    const cacheDir = path.join(root, '.source-linked');
    const cold = await loadIndex(['src'], root, { cacheDir });
    assert.strictEqual(await cold.cacheWritten, undefined);
    const warm = await loadIndex(['src'], root, { cacheDir, deferReconcile: true });
    assert.strictEqual(warm.fromCache, true);
    const reasons: string[] = [];
    warm.watchCache!((r) => reasons.push(r));
    const { textAt } = layout(path.join(cacheDir, CACHE_FILE));
    flip(path.join(cacheDir, CACHE_FILE), textAt + 10);
    const texts = warm.index.sources().flatMap((s) => s.passages.map((p) => p.text));
    assert.ok(texts.includes(''));
    assert.strictEqual(reasons.length, 1);
    const again = await loadIndex(['src'], root, { cacheDir, ignoreCache: true });
    assert.strictEqual(again.fromCache, false);
    assert.match(again.cacheNote!, /failed its check/);
    assert.strictEqual(await again.cacheWritten, undefined);
    const rebuilt = await loadIndex(['src'], root, { cacheDir });
    assert.strictEqual(rebuilt.fromCache, true, 'the rewritten cache is used again');
    assert.deepStrictEqual(
      rebuilt.index.sources().flatMap((s) => s.passages.map((p) => p.text)),
      again.index.sources().flatMap((s) => s.passages.map((p) => p.text)),
    );
  });
});
