/** Add Source from URL against a local HTTP server on 127.0.0.1 (never the internet). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addSourceFromUrl, FetchError, firstCorpusFolder } from '../../../server/src/core/corpus/fetch';
import { splitFile } from '../../../server/src/core/corpus/split';
import { parseFrontMatter } from '../../../server/src/core/corpus/frontMatter';
import { stopPdfWorker } from '../../../server/src/core/corpus/pdf';
import { fetchRoutes, localServer, TestServer } from '../../helpers/formatsCorpus';

describe('Add Source from URL (core)', function () {
  this.timeout(20000);
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await localServer(await fetchRoutes());
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fetch-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    await server.close();
    stopPdfWorker();
  });

  const failure = async (url: string, opts = {}): Promise<string> => {
    try {
      await addSourceFromUrl(url, path.join(dir, 'sources'), opts);
    } catch (e) {
      assert.ok(e instanceof FetchError, `a FetchError, not ${String(e)}`);
      return e.message;
    }
    assert.fail('expected a failure');
  };

  it('saves an article as Markdown with front matter, named by its key, into a new corpus folder', async () => {
    const added = await addSourceFromUrl(server.url + '/redirect', path.join(dir, 'sources'), { today: '2026-12-03' });
    assert.strictEqual(added.key, 'homicides-fall-12-2021');
    assert.strictEqual(added.file, path.join(dir, 'sources', 'homicides-fall-12-2021.md'));
    const text = fs.readFileSync(added.file, 'utf8');
    const fm = parseFrontMatter(text.split('\n'));
    assert.deepStrictEqual(
      [fm.title, fm.author, fm.publisher, fm.date, fm.url, fm.accessed],
      ['Homicides Fall 12% in Jalisco as State Adds Patrols', 'Ana Ruiz, Tom Beck', 'Valley Ledger Media', '2021-03-15', 'https://ledger.example.com/2021/03/jalisco-homicides-fall', '2026-12-03'],
    );
    const [a] = splitFile(text, added.file);
    assert.ok(a.passages[0].text.startsWith('Homicides in Jalisco fell 12% in 2020'));
    assert.ok(!text.includes('cookies') && !text.includes('reader77'), 'no boilerplate saved');
    // a second add never overwrites the first
    const again = await addSourceFromUrl(server.url + '/article', path.join(dir, 'sources'));
    assert.strictEqual(path.basename(again.file), 'homicides-fall-12-2021-2.md');
  });

  it('saves a PDF URL as the PDF itself', async () => {
    const added = await addSourceFromUrl(server.url + '/report.pdf', dir);
    assert.strictEqual(added.format, 'pdf');
    assert.strictEqual(path.basename(added.file), 'organized-crime-violence-2021.pdf');
    assert.strictEqual(fs.readFileSync(added.file).subarray(0, 5).toString(), '%PDF-');
  });

  it('explains 404s, refusals (paywall or login), paywalled pages, non-HTML, empty pages', async () => {
    assert.match(await failure(server.url + '/missing'), /^The server answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/missing\.$/);
    assert.match(await failure(server.url + '/forbidden'), /refused access \(403\): the article may be behind a paywall or a login/);
    assert.match(await failure(server.url + '/paywall'), /behind a paywall: only \d+ words of it are on the page/);
    assert.strictEqual(await failure(server.url + '/image'), 'The URL returned image/png, not a web page (HTML) or a PDF.');
    assert.match(await failure(server.url + '/empty'), /^No article text found on the page/);
    assert.deepStrictEqual(fs.existsSync(path.join(dir, 'sources')) ? fs.readdirSync(path.join(dir, 'sources')) : [], [], 'nothing saved on failure');
  });

  it('enforces the timeout and the size limit, and http(s) only', async () => {
    assert.match(await failure(server.url + '/slow', { timeoutMs: 300 }), /^No answer from 127\.0\.0\.1:\d+ within 0\.3 s\.$/);
    assert.strictEqual(await failure(server.url + '/big', { maxBytes: 10_000 }), 'The page is larger than the 0.01 MB limit (0.06 MB).');
    assert.strictEqual(await failure(server.url + '/big-chunked', { maxBytes: 10_000 }), 'The page is larger than the 0.01 MB limit.');
    assert.strictEqual(await failure('file:///etc/passwd'), 'Only http and https URLs can be added (got file).');
    assert.strictEqual(await failure('not a url'), 'Not a URL: "not a url".');
    assert.match(await failure('http://127.0.0.1:9/'), /^Could not reach 127\.0\.0\.1:9/);
  });

  it('saves into the first corpus folder that exists, else the first folder named', () => {
    fs.mkdirSync(path.join(dir, 'seeds'));
    assert.strictEqual(firstCorpusFolder(['notes/**/*.md', 'sources', 'seeds'], dir), path.join(dir, 'seeds'));
    assert.strictEqual(firstCorpusFolder(['research'], dir), path.join(dir, 'research'));
  });
});
