/** HTML sources: article extraction, metadata order, lists/tables, charsets, saved Markdown. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { decodeHtml, extractWebArticle, parseHtmlFile, webArticleToMarkdown, WebArticle } from '../../../server/src/core/corpus/html';
import * as os from 'os';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { splitFile } from '../../../server/src/core/corpus/split';
import { parseFrontMatter } from '../../../server/src/core/corpus/frontMatter';
import { FIXTURES } from '../../helpers/formatsCorpus';

const FILE = path.join(FIXTURES, 'saved-page.html');

function page(head: string, body: string): string {
  const para = (n: number) => `<p>Paragraph ${n} of the story says the state counted ${100 + n} arrests during the operation, which lasted several weeks and involved officers from three agencies.</p>`;
  return `<!doctype html><html><head>${head}</head><body><article>${body}${[1, 2, 3, 4].map(para).join('')}</article></body></html>`;
}

describe('HTML sources', () => {
  const html = decodeHtml(fs.readFileSync(FILE));
  assert.ok(html.ok);
  const text = (html as { text: string }).text;
  const { articles } = parseHtmlFile(text, FILE);
  const a = articles[0];
  const passages = a.passages.map((p) => p.text);

  it('extracts the article: its paragraphs become passages', () => {
    assert.strictEqual(articles.length, 1);
    assert.ok(passages[0].startsWith('Homicides in Jalisco fell 12% in 2020, to 2,836 victims'), passages[0]);
    assert.ok(passages.some((p) => p.startsWith('The state spent 1.4 billion pesos')));
    assert.ok(passages.some((p) => p.startsWith('Café owners')), 'entities decoded');
  });

  it('keeps navigation, cookie banners, related links, comments and footers out of passages', () => {
    const all = passages.join('\n');
    for (const boiler of ['cookies', 'Subscribe for 99 cents', 'Related stories', '2022 budget', 'reader77', 'All rights reserved', 'Weather']) {
      assert.ok(!all.includes(boiler), `"${boiler}" leaked into a passage`);
    }
  });

  it('takes metadata from JSON-LD first, and the canonical link as the URL', () => {
    assert.strictEqual(a.title, 'Homicides Fall 12% in Jalisco as State Adds Patrols');
    assert.strictEqual(a.author, 'Ana Ruiz, Tom Beck');
    assert.strictEqual(a.date, '2021-03-15'); // JSON-LD, not article:published_time (2022)
    assert.strictEqual(a.publisher, 'Valley Ledger Media');
    assert.strictEqual(a.containerTitle, 'The Valley Ledger');
    assert.strictEqual(a.url, 'https://ledger.example.com/2021/03/jalisco-homicides-fall');
    assert.strictEqual(a.format, 'html');
    assert.strictEqual(a.lang, 'en');
  });

  it('falls back to OpenGraph/article: tags, then meta author, <title> and og:url', () => {
    const og = extractWebArticle(
      page('<meta property="og:title" content="OG Headline"><meta property="article:published_time" content="2020-05-06T10:00:00Z"><meta property="og:site_name" content="Site"><meta name="author" content="Meta Author"><meta property="og:url" content="https://x.example/a"><title>Tab title | Site</title>', ''),
    ) as WebArticle;
    assert.deepStrictEqual([og.title, og.date, og.publisher, og.author, og.url], ['OG Headline', '2020-05-06', 'Site', 'Meta Author', 'https://x.example/a']);
    const plain = extractWebArticle(page('<title>Only a title</title><meta name="author" content="Jo Bloggs">', '')) as WebArticle;
    assert.deepStrictEqual([plain.title, plain.author, plain.date, plain.url], ['Only a title', 'Jo Bloggs', undefined, undefined]);
    // article:author is often a profile URL: never an author name
    const urlAuthor = extractWebArticle(page('<title>T</title><meta property="article:author" content="https://facebook.com/someone">', '')) as WebArticle;
    assert.strictEqual(urlAuthor.author, undefined);
  });

  it('ignores malformed JSON-LD', () => {
    const r = extractWebArticle(page('<title>Fallback</title><script type="application/ld+json">{not json</script>', '')) as WebArticle;
    assert.strictEqual(r.title, 'Fallback');
  });

  it('turns lists and tables into passages the way Markdown sources do', () => {
    assert.ok(passages.includes('- Highway 54 to Colima: 220 officers'), passages.join('\n'));
    const table = passages.find((p) => p.startsWith('| Municipality'));
    assert.strictEqual(table, '| Municipality | 2019 | 2020 | | Guadalajara | 1,120 | 987 | | Zapopan | 702 | 655 |');
    assert.ok(!passages.some((p) => p.startsWith('Where the patrols went')), 'headings are not passages');
  });

  it('points passages at the line of the HTML file they come from', () => {
    const lines = text.split('\n');
    const p = a.passages.find((x) => x.text.startsWith('Critics said'))!;
    assert.ok(lines[p.startLine].includes('Critics said'), lines[p.startLine]);
    const cafe = a.passages.find((x) => x.text.startsWith('Café owners'))!;
    assert.ok(lines[cafe.startLine].includes('Caf&eacute; owners'), 'found through the entity');
  });

  it('honours <meta charset> and the BOM', () => {
    const body = (enc: string) => `<html><head><meta charset="${enc}"><title>T</title></head><body><p>Caf\u00e9 ni\u00f1o se\u00f1al</p></body></html>`;
    const latin1 = Buffer.from(body('windows-1252'), 'latin1');
    assert.ok((decodeHtml(latin1) as { text: string }).text.includes('Café niño señal'));
    // the same bytes declared as ISO-8859-1 via http-equiv
    const equiv = Buffer.from(body('x').replace('<meta charset="x">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'), 'latin1');
    assert.ok((decodeHtml(equiv) as { text: string }).text.includes('Café niño'));
    // a UTF-8 BOM wins over a wrong declaration
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body('windows-1252'), 'utf8')]);
    assert.ok((decodeHtml(bom) as { text: string }).text.includes('Café niño señal'));
    // the HTTP header's charset is used when given
    assert.ok((decodeHtml(Buffer.from(body('utf-8'), 'latin1'), 'iso-8859-1') as { text: string }).text.includes('Café'));
  });

  it('gives a reason instead of passages when a page has no article text', () => {
    const r = parseHtmlFile('<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav></body></html>', 'x.html');
    assert.deepStrictEqual(r.articles, []);
    assert.match(r.reason!, /no article text/);
  });

  it('saves a web article as Markdown whose front matter reads back (url and accessed included)', () => {
    const web = extractWebArticle(text) as WebArticle;
    const md = webArticleToMarkdown(web, '2026-12-03');
    const fm = parseFrontMatter(md.split('\n'));
    assert.strictEqual(fm.title, 'Homicides Fall 12% in Jalisco as State Adds Patrols');
    assert.strictEqual(fm.url, 'https://ledger.example.com/2021/03/jalisco-homicides-fall');
    assert.strictEqual(fm.accessed, '2026-12-03');
    assert.strictEqual(fm.date, '2021-03-15');
    const [art] = splitFile(md, 'saved.md');
    assert.strictEqual(art.url, fm.url);
    assert.strictEqual(art.passages[0].text, passages[0]);
  });

  it('indexes a saved "Web Page, Complete" once: its _files folder is skipped with a reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-html-'));
    try {
      fs.copyFileSync(FILE, path.join(dir, 'story.html'));
      fs.mkdirSync(path.join(dir, 'story_files'));
      fs.writeFileSync(path.join(dir, 'story_files', 'ad-frame.htm'), '<html><body><p>Buy now and save 50% on 3 items.</p></body></html>');
      const r = await loadCorpus(['.'], { baseDir: dir });
      assert.deepStrictEqual(r.sources.map((s) => [path.basename(s.file), s.format]), [['story.html', 'html']]);
      assert.deepStrictEqual(r.skipped.map((s) => [path.basename(s.file), s.reason]), [['ad-frame.htm', 'part of a saved web page (a "_files" folder), not an article']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
