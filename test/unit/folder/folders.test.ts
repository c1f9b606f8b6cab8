/**
 * Issue 8 §2: the workspace folders' corpus state, driven in-process (core/folder) with a
 * fake host: membership agrees with the walker, the settings cache is cleared on a
 * configuration change and on close, file events re-index, drafts come from the walker.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { inCorpusRoots, listCorpusFiles } from '../../../server/src/core/corpus/roots';
import { CACHE_FILE } from '../../../server/src/core/index/cache';
import { Folder } from '../../../server/src/core/folder/folder';
import { Folders, FoldersHost } from '../../../server/src/core/folder/folders';
import { resolveSettings, Settings } from '../../../server/src/core/settings';

const ARTICLE = (title: string, n: number) => `${title}\n\nThe ministry said ${n} officers were questioned on Monday.\n`;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function fakeHost(settings: () => Settings) {
  const log: string[] = [];
  let reads = 0;
  let rechecks = 0;
  const statuses: string[] = [];
  const host: FoldersHost = {
    readSettings: async () => {
      reads++;
      return settings();
    },
    cacheDir: (root) => path.join(root, '.source-linked'),
    info: (m) => log.push(m),
    warn: (m) => log.push(m),
    error: (m) => log.push(`error: ${m}`),
    status: (f: Folder) => statuses.push(f.state),
    recheckAll: () => rechecks++,
    reconcileDelayMs: 0,
  };
  return { host, log, statuses, reads: () => reads, rechecks: () => rechecks };
}

describe('core/folder: workspace folder state in-process (issue 8)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slw-folder-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('membership agrees with the walker: files in dot-folders and node_modules are not members', () => {
    const files = ['sources/a.txt', 'sources/sub/b.md', 'sources/.hidden/c.txt', 'sources/node_modules/d.txt', 'sources/.git/e.txt', 'notes/x/f.md', 'notes/.drafts/g.md', 'notes/x/h.txt'];
    for (const f of files) write(path.join(tmp, f), ARTICLE('Title', 1));
    for (const roots of [['sources'], ['notes/**/*.md'], ['sources/*.txt', 'notes/**/*.{md,txt}'], ['sources/sub/b.md']]) {
      const listed = listCorpusFiles(roots, tmp).files.map((f) => path.relative(tmp, f)).sort();
      const members = files.filter((f) => inCorpusRoots(path.join(tmp, f), roots, tmp)).sort();
      assert.deepStrictEqual(members, listed, `roots ${roots.join(', ')}`);
    }
    // The case the server's old membership test got wrong (it accepted both).
    assert.strictEqual(inCorpusRoots(path.join(tmp, 'sources/.hidden/c.txt'), ['sources'], tmp), false);
    assert.strictEqual(inCorpusRoots(path.join(tmp, 'sources/node_modules/d.txt'), ['sources'], tmp), false);
    assert.strictEqual(inCorpusRoots(path.join(tmp, 'sources/a.txt'), ['sources'], tmp), true);
    assert.strictEqual(inCorpusRoots(path.join(tmp, 'sources/a.json'), ['sources'], tmp), false);
  });

  it('a file event in a dot-folder of the corpus is not indexed, one in the corpus is', async () => {
    write(path.join(tmp, 'sources/a.txt'), ARTICLE('First Article Here', 11));
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const folders = new Folders(h.host);
    const f = folders.add(tmp);
    await f.load();
    assert.strictEqual(f.index.sourceCount, 1);
    write(path.join(tmp, 'sources/.hidden/b.txt'), ARTICLE('Hidden Article', 22));
    write(path.join(tmp, 'sources/c.txt'), ARTICLE('Second Article Here', 33));
    folders.fileEvents([
      { file: path.join(tmp, 'sources/.hidden/b.txt'), deleted: false },
      { file: path.join(tmp, 'sources/c.txt'), deleted: false },
    ]);
    assert.deepStrictEqual(f.index.sources().map((s) => path.basename(s.file)).sort(), ['a.txt', 'c.txt']);
    fs.rmSync(path.join(tmp, 'sources/a.txt'));
    folders.fileEvents([{ file: path.join(tmp, 'sources/a.txt'), deleted: true }]);
    assert.deepStrictEqual(f.index.sources().map((s) => path.basename(s.file)), ['c.txt']);
    assert.ok(h.rechecks() >= 2);
  });

  it('reads settings once per URI, re-reads them after a configuration change and after a document closes', async () => {
    let corpus = ['sources'];
    write(path.join(tmp, 'sources/a.txt'), ARTICLE('First Article Here', 11));
    write(path.join(tmp, 'other/b.txt'), ARTICLE('Other Article Here', 12));
    const h = fakeHost(() => resolveSettings({ corpus }));
    const folders = new Folders(h.host);
    const f = folders.add(tmp);
    await f.load();
    const doc = pathToFileURL(path.join(tmp, 'draft.md')).toString();
    await folders.settingsFor(doc);
    await folders.settingsFor(doc);
    const before = h.reads();
    assert.strictEqual(before, 2, 'one read for the folder, one for the document');
    folders.forget(doc);
    await folders.settingsFor(doc);
    assert.strictEqual(h.reads(), before + 1, 'a closed document is read afresh');
    corpus = ['other'];
    await folders.configurationChanged();
    await f.loading;
    assert.deepStrictEqual(f.roots, ['other']);
    assert.deepStrictEqual(f.index.sources().map((s) => path.basename(s.file)), ['b.txt']);
    assert.strictEqual((await folders.settingsFor(doc)).corpus[0], 'other');
  });

  it('drafts for references: open documents first, then Markdown outside the corpus, not in node_modules or dot-folders', async () => {
    write(path.join(tmp, 'sources/a.md'), ARTICLE('Source Article', 1));
    write(path.join(tmp, 'draft.md'), 'on disk');
    write(path.join(tmp, 'chapters/two.markdown'), 'chapter two');
    write(path.join(tmp, 'node_modules/pkg/readme.md'), 'not a draft');
    write(path.join(tmp, '.git/notes.md'), 'not a draft');
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const folders = new Folders(h.host);
    const f = folders.add(tmp);
    await f.load();
    const open = [{ uri: pathToFileURL(path.join(tmp, 'draft.md')).toString(), text: 'in the editor' }];
    const drafts = await folders.drafts(f, open);
    const byName = new Map(drafts.map((d) => [path.relative(tmp, new URL(d.uri).pathname), d.text]));
    assert.deepStrictEqual([...byName.keys()].sort(), ['chapters/two.markdown', 'draft.md']);
    assert.strictEqual(byName.get('draft.md'), 'in the editor');
  });

  it('a cache page that fails its check mid-read holds diagnostics at once (state indexing), then the folder re-indexes', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: the ministry said ${100 + i} officers were questioned on Monday in the northern town of Alpha${i}.`);
    write(path.join(tmp, 'sources/a.txt'), `Alpha Article\n\n${paragraphs.join('\n\n')}\n`);
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const cold = new Folders(h.host).add(tmp);
    await cold.load();
    const cacheFile = path.join(tmp, '.source-linked', CACHE_FILE);
    for (let i = 0; i < 200 && !fs.existsSync(cacheFile); i++) await new Promise((r) => setTimeout(r, 10));
    const warmHost = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const warm = new Folders(warmHost.host).add(tmp);
    await warm.load();
    assert.strictEqual(warm.fromCache, true);
    assert.strictEqual(warm.state, 'ready');
    // Edit the texts in the open cache file in place (same inode): the first text byte after 'Paragraph 7:'.
    const bytes = fs.readFileSync(cacheFile);
    const at = bytes.indexOf('Paragraph 7:');
    assert.ok(at > 0, 'passage texts are stored as UTF-8 in the cache file');
    const fd = fs.openSync(cacheFile, 'r+');
    fs.writeSync(fd, Buffer.from('X'), 0, 1, at);
    fs.closeSync(fd);
    const texts = warm.index.sources().flatMap((x) => x.passages.map((p) => p.text));
    assert.ok(texts.includes(''), 'the refused page reads as nothing');
    assert.strictEqual(warm.state, 'indexing', 'set while the reading check is still running, before any publish');
    assert.ok(warmHost.log.some((m) => /failed its check while reading source passages/.test(m)));
    for (let i = 0; i < 500 && warm.state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    await warm.loading;
    assert.strictEqual(warm.state, 'ready');
    assert.strictEqual(warm.fromCache, false, 're-indexed from the sources');
    const again = warm.index.sources().flatMap((x) => x.passages.map((p) => p.text));
    assert.ok(paragraphs.every((t) => again.includes(t)), 'every passage reads again');
    assert.ok(warmHost.rechecks() >= 1, 'open drafts are checked again');
  });

  it('folderFor picks the longest matching root; removing a folder forgets it', () => {
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const folders = new Folders(h.host);
    const outer = folders.add(tmp);
    const inner = folders.add(path.join(tmp, 'book'));
    assert.strictEqual(folders.folderFor(pathToFileURL(path.join(tmp, 'book/ch1.md')).toString()), inner);
    assert.strictEqual(folders.folderFor(pathToFileURL(path.join(tmp, 'notes.md')).toString()), outer);
    folders.remove(path.join(tmp, 'book'));
    assert.strictEqual(folders.folderFor(pathToFileURL(path.join(tmp, 'book/ch1.md')).toString()), outer);
  });

  it('an empty corpus: state noCorpus, the no-corpus message once per folder, ready once a source arrives', async () => {
    fs.mkdirSync(path.join(tmp, 'sources'));
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const shown: string[] = [];
    const folders = new Folders({ ...h.host, noCorpus: (m) => shown.push(m) });
    const f = folders.add(tmp);
    await f.load();
    await f.load();
    assert.strictEqual(f.state, 'noCorpus');
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0], /no source files in "sources"/);
    assert.match(f.status().message ?? '', /sourceLinked\.corpus/);
    write(path.join(tmp, 'sources/a.txt'), ARTICLE('First Article Here', 11));
    folders.fileEvents([{ file: path.join(tmp, 'sources/a.txt'), deleted: false }]);
    assert.strictEqual(f.state, 'ready');
    assert.strictEqual(f.status().sources, 1);
  });

  it('a configuration change that leaves the corpus settings alone re-checks drafts without reloading', async () => {
    write(path.join(tmp, 'sources/a.txt'), ARTICLE('First Article Here', 11));
    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const folders = new Folders(h.host);
    const f = folders.add(tmp);
    await f.load();
    const index = f.index;
    const rechecks = h.rechecks();
    await folders.configurationChanged();
    assert.strictEqual(f.index, index, 'same index: no reload');
    assert.strictEqual(h.rechecks(), rechecks + 1);
  });
});

describe('core/folder: a warm start compares the cache with the disk once the drafts are checked (issue 13)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slw-folder-idle-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('waits for host.idle() before reconciling, then re-indexes what changed while it was down', async () => {
    write(path.join(tmp, 'sources', 'a.txt'), ARTICLE('Port Seizures Rise', 12));
    const cold = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    const first = new Folders(cold.host).add(tmp);
    await first.load();
    for (let i = 0; i < 100 && !fs.existsSync(path.join(tmp, '.source-linked')); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50)); // the cache is written after the load
    const later = new Date(Date.now() + 5000);
    write(path.join(tmp, 'sources', 'b.txt'), ARTICLE('Border Patrol Report', 34));
    fs.utimesSync(path.join(tmp, 'sources', 'b.txt'), later, later);

    const h = fakeHost(() => resolveSettings({ corpus: ['sources'] }));
    let release: () => void = () => undefined;
    let asked = 0;
    h.host.idle = () => {
      asked++;
      return new Promise<void>((r) => (release = r));
    };
    const folder = new Folders(h.host).add(tmp);
    await folder.load();
    assert.strictEqual(folder.fromCache, true);
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(asked, 1, 'the reconcile asked whether the checks are done');
    assert.strictEqual(folder.index.sourceCount, 1, 'not reconciled while drafts are being checked');
    assert.strictEqual(folder.busy, true);
    release();
    for (let i = 0; i < 100 && folder.busy; i++) await new Promise((r) => setTimeout(r, 10));
    assert.strictEqual(folder.busy, false);
    assert.strictEqual(folder.index.sourceCount, 2, 'b.txt, added while the server was down, is indexed');
    assert.ok(h.log.some((m) => /Re-indexed 1 source files/.test(m)), h.log.join('\n'));
  });
});
