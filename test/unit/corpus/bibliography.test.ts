import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Bibliography, parseBibliography } from '../../../server/src/core/corpus/bibliography';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { exportCslJson, toCslJson } from '../../../server/src/core/export/csl';
import { Source } from '../../../server/src/core/types';

const BBT = `@article{grahamMexicoPresidentAsks2023,
  title = {Mexico President Asks Lawmakers to Let {{U}}.{{S}}. Military Trainers into {{Mexico}}},
  author = {Graham, Dave and M{\\"u}ller, J{\\"o}rg},
  date = {2023-11-28},
  journaltitle = {Reuters},
  url = {https://www.reuters.com/world/americas/trainers-2023-11-28/},
  urldate = {2024-01-05},
  langid = {english}
}
`;

describe('team bibliography', () => {
  it('reads Better BibTeX (BibLaTeX) entries: LaTeX decoded, names split, dates and URL mapped', () => {
    const [e] = parseBibliography(BBT, 'team.bib');
    assert.deepStrictEqual(
      { id: e.id, title: e.title, author: e.author, issued: e.issued, accessed: e.accessed, url: e.URL, container: e.containerTitle },
      {
        id: 'grahamMexicoPresidentAsks2023',
        title: 'Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico',
        author: [{ family: 'Graham', given: 'Dave' }, { family: 'Müller', given: 'Jörg' }],
        issued: '2023-11-28',
        accessed: '2024-01-05',
        url: 'https://www.reuters.com/world/americas/trainers-2023-11-28/',
        container: 'Reuters',
      },
    );
  });

  it('matches by DOI, URL (scheme, www and trailing slash ignored) or title (case, accents, punctuation ignored); an ambiguous title matches nothing', () => {
    const b = new Bibliography();
    b.add(parseBibliography(JSON.stringify([
      { id: 'a', title: 'Peso Gains', DOI: '10.1/ABC' },
      { id: 'b', title: 'Water Prices Rise in Monterrey', URL: 'https://www.example.org/water/' },
      { id: 'c', title: 'Same Title Twice Here' },
      { id: 'd', title: 'Same title twice here!' },
    ]), 'x.json'));
    assert.strictEqual(b.match({ doi: 'https://doi.org/10.1/abc' })?.id, 'a');
    assert.strictEqual(b.match({ url: 'http://example.org/water' })?.id, 'b');
    assert.strictEqual(b.match({ title: 'WATER PRICES RISE IN MONTERREY.' })?.id, 'b');
    assert.strictEqual(b.match({ title: 'Same Title Twice Here' }), undefined);
    assert.strictEqual(b.match({ title: 'Unrelated' }), undefined);
  });

  it('in a corpus folder, a matched entry key and metadata win; a broken bibliography is reported, not fatal', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-bib-'));
    try {
      fs.writeFileSync(path.join(tmp, 'a.txt'), 'Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico\n\nBy jdoe\n\nEleven U.S. personnel, 11 in all, would train special forces.\n');
      fs.writeFileSync(path.join(tmp, 'team.bib'), BBT);
      fs.writeFileSync(path.join(tmp, 'broken.csl.json'), '[{"id": ');
      const r = await loadCorpus(['.'], { baseDir: tmp });
      const [s] = r.sources;
      assert.strictEqual(s.key, 'grahamMexicoPresidentAsks2023');
      assert.deepStrictEqual([s.author, s.date, s.accessed, s.containerTitle, s.lang], ['Dave Graham; Jörg Müller', '2023-11-28', '2024-01-05', 'Reuters', 'english']);
      assert.ok(r.notes.some((n) => /broken\.csl\.json skipped/.test(n)), r.notes.join('\n'));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('CSL JSON export', () => {
  const src = (over: Partial<Source>): Source => ({ key: 'k', title: 'T', file: '/c/seeds/a.txt', startLine: 0, endLine: 3, passages: [], ...over });

  it('carries author (person or literal), issued, accessed, URL, container-title, publisher, language, note, and a valid type', () => {
    const [item] = toCslJson([
      src({
        authors: [{ family: 'Graham', given: 'Dave' }, { literal: 'Justice in Mexico' }],
        date: '2023-11',
        accessed: '2025-11-21',
        url: 'https://x.org/a',
        containerTitle: 'Reuters',
        publisher: 'Reuters',
        lang: 'en',
        republishedBy: 'Global Security Wire',
      }),
    ], undefined, () => 'seeds/a.txt');
    assert.deepStrictEqual(item, {
      id: 'k',
      type: 'article-newspaper',
      title: 'T',
      author: [{ family: 'Graham', given: 'Dave' }, { literal: 'Justice in Mexico' }],
      issued: { 'date-parts': [[2023, 11]] },
      accessed: { 'date-parts': [[2025, 11, 21]] },
      'container-title': 'Reuters',
      publisher: 'Reuters',
      URL: 'https://x.org/a',
      language: 'en',
      note: 'seeds/a.txt, lines 1-4; republished by Global Security Wire',
    });
    assert.strictEqual(toCslJson([src({ cslType: 'report' })])[0].type, 'report');
    assert.strictEqual(toCslJson([src({ cslType: 'newsarticle' })])[0].type, 'webpage', 'an invalid type is never exported');
  });

  it('is one deterministic text: items sorted by key, a final newline, whatever the order of the sources', () => {
    const a = src({ key: 'b-key' });
    const b = src({ key: 'a-key' });
    const where = () => 'x';
    const text = exportCslJson([a, b], where);
    assert.strictEqual(text, exportCslJson([b, a], where));
    assert.ok(text.endsWith(']\n'));
    assert.deepStrictEqual(JSON.parse(text).map((i: { id: string }) => i.id), ['a-key', 'b-key']);
  });
});
