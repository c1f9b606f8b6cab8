/**
 * Issue 9: special files and symbolic links in the corpus. A FIFO hung the indexer
 * (opening it blocks until a writer appears); links leaving the corpus root were indexed
 * silently; self-referencing links were dropped without a word.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { loadCorpus, loadFile } from '../../../server/src/core/corpus/load';
import { listCorpusFiles } from '../../../server/src/core/corpus/roots';
import { watchedFileProblem } from '../../../server/src/core/corpus/walk';

const ARTICLE = 'Police Officers Killed in Ambush\n\nThirteen officers were killed and 415 people were questioned.\n';
const posix = process.platform !== 'win32';

describe('hostile input: special files and symbolic links (issue 9)', function () {
  let tmp: string;
  let corpus: string;
  let outside: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slw-walk-')));
    corpus = path.join(tmp, 'corpus');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(corpus);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(corpus, 'a.txt'), ARTICLE);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  (posix ? it : it.skip)('skips a FIFO with a reason instead of blocking on it (core)', async () => {
    execFileSync('mkfifo', [path.join(corpus, 'x.txt')]);
    const res = await loadCorpus(['corpus'], { baseDir: tmp });
    assert.deepStrictEqual(res.sources.map((s) => path.basename(s.file)), ['a.txt']);
    assert.deepStrictEqual(res.skipped.map((s) => [path.basename(s.file), s.reason]), [['x.txt', 'not a regular file: a FIFO (named pipe)']]);
    // re-indexing the FIFO after a watcher event must not block either
    const one = loadFile(path.join(corpus, 'x.txt'), tmp);
    assert.strictEqual(one.sources.length, 0);
    assert.match(one.skipped!.reason, /not a regular file/);
  });

  (posix ? it : it.skip)('skips a FIFO given as the corpus root itself', async () => {
    execFileSync('mkfifo', [path.join(tmp, 'pipe.md')]);
    const res = await loadCorpus(['pipe.md'], { baseDir: tmp });
    assert.deepStrictEqual(res.skipped.map((s) => s.reason), ['not a regular file: a FIFO (named pipe)']);
  });

  (posix ? it : it.skip)('skips a socket with a reason', async () => {
    const sock = path.join(corpus, 's.md');
    const server = net.createServer().listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await loadCorpus(['corpus'], { baseDir: tmp });
      assert.deepStrictEqual(res.skipped.map((s) => [path.basename(s.file), s.reason]), [['s.md', 'not a regular file: a socket']]);
    } finally {
      server.close();
    }
  });

  (posix ? it : it.skip)('does not follow file or folder links that leave the corpus root, and says so', async () => {
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'Secret Memo Leaked Today\n\nThe secret figure is 9,999 dollars.\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(corpus, 'link.txt'));
    fs.symlinkSync(outside, path.join(corpus, 'linkdir'));
    const res = await loadCorpus(['corpus'], { baseDir: tmp });
    assert.deepStrictEqual(res.sources.map((s) => path.basename(s.file)), ['a.txt']);
    const reasons = res.skipped.map((s) => [path.basename(s.file), s.reason]).sort();
    assert.strictEqual(reasons.length, 2);
    assert.deepStrictEqual(reasons.map((r) => r[0]), ['link.txt', 'linkdir']);
    for (const [, r] of reasons) assert.match(r, /outside the corpus folder/);
    // the setting allows them
    const allowed = await loadCorpus(['corpus'], { baseDir: tmp, followExternalLinks: true });
    assert.strictEqual(allowed.sources.length, 3);
    assert.deepStrictEqual(allowed.skipped, []);
  });

  (posix ? it : it.skip)('follows links that stay inside the corpus root', async () => {
    fs.mkdirSync(path.join(corpus, 'sub'));
    fs.writeFileSync(path.join(corpus, 'sub', 'b.txt'), ARTICLE.replace('Police', 'Soldiers'));
    fs.symlinkSync(path.join(corpus, 'sub', 'b.txt'), path.join(corpus, 'b-link.txt'));
    const res = await loadCorpus(['corpus'], { baseDir: tmp });
    assert.deepStrictEqual(res.skipped, []);
    assert.strictEqual(res.sources.length, 3);
  });

  (posix ? it : it.skip)('skips a self-referencing link and a broken link with reasons', () => {
    fs.symlinkSync('self.txt', path.join(corpus, 'self.txt'));
    fs.symlinkSync('missing.md', path.join(corpus, 'broken.md'));
    const res = listCorpusFiles(['corpus'], tmp);
    assert.deepStrictEqual(res.files.map((f) => path.basename(f)), ['a.txt']);
    const reasons = Object.fromEntries(res.skipped.map((s) => [path.basename(s.file), s.reason]));
    assert.match(reasons['self.txt'], /symbolic link loop/);
    assert.match(reasons['broken.md'], /broken symbolic link \(to missing\.md\)/);
  });
});

describe('hostile input: watched files follow the link policy (issue 9)', () => {
  (process.platform !== 'win32' ? it : it.skip)('refuses a watched file that is a link leaving the corpus, accepts one inside', () => {
    const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slw-watch-')));
    try {
      const corpus = path.join(tmp, 'corpus');
      fs.mkdirSync(corpus);
      fs.writeFileSync(path.join(tmp, 'secret.txt'), 'x');
      fs.writeFileSync(path.join(corpus, 'a.txt'), 'x');
      fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(corpus, 'out.txt'));
      fs.symlinkSync(path.join(corpus, 'a.txt'), path.join(corpus, 'in.txt'));
      assert.match(watchedFileProblem(path.join(corpus, 'out.txt'), [corpus])!, /outside the corpus folder/);
      assert.strictEqual(watchedFileProblem(path.join(corpus, 'out.txt'), [corpus], true), undefined);
      assert.strictEqual(watchedFileProblem(path.join(corpus, 'in.txt'), [corpus]), undefined);
      assert.strictEqual(watchedFileProblem(path.join(corpus, 'a.txt'), [corpus]), undefined);
      assert.strictEqual(watchedFileProblem(path.join(corpus, 'gone.txt'), [corpus]), undefined, 'a deleted file is handled as deleted');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
