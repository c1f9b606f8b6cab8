import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { agencyName, findUrl, isUsername, normalizeMetadata, parseCredit } from '../../../server/src/core/corpus/meta';
import { officeContradiction } from '../../../server/src/core/corpus/officeholders';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { toCslName } from '../../../server/src/core/corpus/enrich';

describe('normalizeMetadata', () => {
  it('reads a wire credit: the writer is the author, the agency the original publisher, over the site that republished it', () => {
    const m = normalizeMetadata({
      author: undefined,
      footerPublisher: 'Global Security Wire',
      credits: ['– Writing by Dave Graham, Additional reporting by Drazen Jorgic Editing by Franklin Paul and Deepa Babington, Reuters.'],
    });
    assert.deepStrictEqual(
      { author: m.author, publisher: m.publisher, containerTitle: m.containerTitle, republishedBy: m.republishedBy },
      { author: 'Dave Graham', publisher: 'Reuters', containerTitle: 'Reuters', republishedBy: 'Global Security Wire' },
    );
  });

  it('drops a site username; keeps a person; turns an agency byline into the publisher', () => {
    assert.strictEqual(normalizeMetadata({ author: 'scortez' }).author, undefined);
    assert.strictEqual(normalizeMetadata({ author: 'April 15' }).author, undefined, 'a date read as a byline ("By April 15") is not an author');
    assert.strictEqual(normalizeMetadata({ author: 'Ana López' }).author, 'Ana López');
    const ap = normalizeMetadata({ author: 'AP' });
    assert.deepStrictEqual([ap.author, ap.publisher], [undefined, 'Associated Press']);
    assert.deepStrictEqual(normalizeMetadata({ author: 'reuters' }).publisher, 'Reuters', 'an agency in lower case is still the agency');
    assert.ok(isUsername('j_doe2') && !isUsername('Jane Doe') && !isUsername('AP'));
    assert.strictEqual(agencyName('Reuters Staff'), 'Reuters');
    assert.strictEqual(agencyName('El Universal'), undefined);
  });

  it('finds a republication note and a URL in the text; image URLs are not the article', () => {
    const m = normalizeMetadata({ text: 'Body. This article was originally published by InSight Crime and is republished here.\nSee https://example.org/x.jpg and https://example.org/story/1.' });
    assert.strictEqual(m.publisher, 'InSight Crime');
    assert.strictEqual(m.url, 'https://example.org/story/1');
    assert.strictEqual(findUrl('no url here'), undefined);
  });

  it('a page date is accessed, not issued; with only that date and a text that contradicts it, it warns', () => {
    const m = normalizeMetadata({ pageDate: '2025-11-21', text: 'President López Obrador said Monday the pact is invalid.' });
    assert.strictEqual(m.date, undefined);
    assert.strictEqual(m.accessed, '2025-11-21');
    assert.strictEqual(m.warnings.length, 1);
    assert.match(m.warnings[0], /López Obrador president \(in office 2018-12-01 to 2024-09-30\)/);
    // Inside the term, or a former president: no warning.
    assert.deepStrictEqual(normalizeMetadata({ date: '2021-04-01', text: 'President López Obrador said.' }).warnings, []);
    assert.deepStrictEqual(normalizeMetadata({ date: '2025-11-21', text: 'Former President López Obrador said.' }).warnings, []);
    assert.deepStrictEqual(normalizeMetadata({ date: '2023', text: 'President Biden met President Lopez Obrador.' }).warnings, []);
    assert.ok(officeContradiction('U.S. President Joe Biden spoke.', '2025-06'));
    assert.strictEqual(officeContradiction('President Trump spoke.', '2019-05-01'), undefined);
    assert.strictEqual(officeContradiction('President Trump spoke.', '2025-05-01'), undefined);
  });

  it('parses credits with several writers and no agency', () => {
    assert.deepStrictEqual(parseCredit('(Reporting by Jane Doe and John Roe; Editing by Sam Poe)'), { authors: ['Jane Doe', 'John Roe'], agency: undefined });
  });

  it('splits names for CSL, keeping family-name particles; organisations are literal', () => {
    assert.deepStrictEqual(toCslName('Dave Graham'), { family: 'Graham', given: 'Dave' });
    assert.deepStrictEqual(toCslName('Juan Ramón de la Fuente'), { family: 'de la Fuente', given: 'Juan Ramón' });
    assert.deepStrictEqual(toCslName('Justice in Mexico'), { literal: 'Justice in Mexico' });
    assert.deepStrictEqual(toCslName('Ministry Desk'), { literal: 'Ministry Desk' });
    assert.deepStrictEqual(toCslName('Editorial Board'), { literal: 'Editorial Board' });
  });
});

describe('metadata on the seeds (loader)', () => {
  it('gives the seeds real authors or none, publishers from the text or the sidecars, and page dates as accessed', async () => {
    const r = await loadCorpus(['seeds'], { baseDir: path.resolve(__dirname, '..', '..', '..', '..') });
    const by = (k: string) => r.sources.find((s) => s.key === k)!;
    const wire = by('mexico-president-asks-2023');
    assert.deepStrictEqual([wire.author, wire.publisher, wire.republishedBy], ['Dave Graham', 'Reuters', 'Global Security Wire']);
    assert.strictEqual(wire.date, undefined, 'the photo caption date is not the article date');
    assert.match(wire.warnings?.[0] ?? '', /only date, 2023-11-17, is in a photo caption/);
    for (const k of ['edomex-officers-killed-2021', 'two-years-amlo-2021', 'defining-candidacy-felix-2021']) {
      assert.strictEqual(by(k).author, undefined, `${k}: no username as author`);
      assert.strictEqual(by(k).publisher, 'Justice in Mexico');
    }
    const mnd = by('zacatecas-us-security-2025');
    assert.deepStrictEqual([mnd.date, mnd.accessed, mnd.publisher], [undefined, '2025-11-21', 'Mexico News Daily']);
    assert.strictEqual(mnd.warnings?.length, 1);
    const tele = by('mexico-amlos-govt-2018');
    assert.deepStrictEqual([tele.date, tele.publisher], ['2018-08-04', 'teleSUR'], 'the photo credit (Reuters) is not the publisher');
  });
});

describe('sidecars and front matter', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-meta-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a .txt sidecar NAME.meta.yaml corrects every field, per article in a multi-article file', async () => {
    fs.writeFileSync(path.join(tmp, 'one.txt'), 'Water Prices Rise\n\nBy jdoe\n\nPrices rose 12% in March, the utility said.\n');
    fs.writeFileSync(
      path.join(tmp, 'one.meta.yaml'),
      'title: Water Prices Rise in Monterrey\nauthor: [Jane Doe, John Roe]\ndate: 2024-03-05\npublisher: El Norte\nurl: https://example.org/water\nlang: es\nid: water-2024\ntype: report\n',
    );
    fs.writeFileSync(path.join(tmp, 'bad.txt'), 'Bad Sidecar Story\n\nA paragraph with 3 facts in it.\n');
    fs.writeFileSync(path.join(tmp, 'bad.meta.yaml'), 'title: [unclosed\n');
    const r = await loadCorpus(['.'], { baseDir: tmp });
    const s = r.sources.find((x) => x.file.endsWith('one.txt'))!;
    assert.deepStrictEqual(
      { key: s.key, title: s.title, author: s.author, date: s.date, publisher: s.publisher, url: s.url, lang: s.lang, type: s.cslType },
      { key: 'water-2024', title: 'Water Prices Rise in Monterrey', author: 'Jane Doe; John Roe', date: '2024-03-05', publisher: 'El Norte', url: 'https://example.org/water', lang: 'es', type: 'report' },
    );
    assert.deepStrictEqual(s.authors, [{ family: 'Doe', given: 'Jane' }, { family: 'Roe', given: 'John' }]);
    assert.ok(r.sources.some((x) => x.file.endsWith('bad.txt')), 'a broken sidecar never loses the source');
    assert.ok(r.notes.some((n) => /bad\.meta\.yaml: not valid YAML/.test(n)), r.notes.join('\n'));
  });

  it('a .txt source may start with a front-matter block instead of a sidecar', async () => {
    fs.writeFileSync(path.join(tmp, 't.txt'), '---\ntitle: Plain Text Story\nauthor: Ana López\ndate: 2024-03-05\nid: plain-story\n---\n\nThe plain text holds 4 facts, officials said.\n');
    const [s] = (await loadCorpus(['.'], { baseDir: tmp })).sources;
    assert.deepStrictEqual([s.key, s.title, s.author, s.date], ['plain-story', 'Plain Text Story', 'Ana López', '2024-03-05']);
  });

  it('Markdown front matter takes title, author, date, publisher, url, lang and id', async () => {
    fs.writeFileSync(
      path.join(tmp, 'n.md'),
      '---\ntitle: "Border Trade Notes"\nauthor: Ana López\ndate: 2024-03-05\npublisher: El Norte\nurl: https://example.org/n\nlang: es\nid: border-notes\n---\n\nTrade rose 4% in the first quarter, officials said.\n',
    );
    fs.writeFileSync(path.join(tmp, 'w.md'), '---\ntitle: Looking Back\ndate: 2025-06-01\n---\n\nPresident López Obrador said in 2019 that 3 plans would follow.\n');
    const all = (await loadCorpus(['.'], { baseDir: tmp })).sources;
    assert.strictEqual(all.find((x) => x.file.endsWith('w.md'))!.warnings, undefined, 'a date the writer set in front matter is not second-guessed');
    const s = all.find((x) => x.file.endsWith('n.md'))!;
    assert.deepStrictEqual(
      [s.key, s.title, s.author, s.date, s.publisher, s.url, s.lang],
      ['border-notes', 'Border Trade Notes', 'Ana López', '2024-03-05', 'El Norte', 'https://example.org/n', 'es'],
    );
  });
});
