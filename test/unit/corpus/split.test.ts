import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { splitFile, ParsedArticle } from '../../../server/src/core/corpus/split';
import { classifyBoilerplate } from '../../../server/src/core/corpus/boilerplate';
import { parseDateLine, normalizeDate } from '../../../server/src/core/corpus/dates';

const ROOT = path.resolve(__dirname, '../../../..');
const SEEDS = path.join(ROOT, 'seeds');
const FIX = path.join(ROOT, 'test/fixtures/corpus');

function seed(prefix: string): { text: string; name: string } {
  const name = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'))!;
  return { text: fs.readFileSync(path.join(SEEDS, name), 'utf8'), name };
}

function allText(a: ParsedArticle): string {
  return a.passages.map((p) => p.text).join('\n');
}

/** Every passage must be reproducible from the file: offsets, lines and joined text agree. */
function assertPassagesConsistent(text: string, articles: ParsedArticle[]): void {
  const lines = text.split('\n');
  for (const a of articles) {
    a.passages.forEach((p, i) => {
      assert.strictEqual(p.n, i + 1, 'passages numbered 1..n');
      assert.strictEqual(p.id, -1);
      assert.deepStrictEqual(p.figures, [], 'figures are found by the loader, not the splitter');
      assert.ok(p.startLine >= a.startLine && p.endLine <= a.endLine && p.startLine <= p.endLine);
      const joined = lines
        .slice(p.startLine, p.endLine + 1)
        .map((l) => l.trim())
        .join(' ');
      assert.strictEqual(p.text, joined, `passage ${p.n} is its lines joined`);
      assert.strictEqual(text.slice(p.startOffset, p.startOffset + 20), p.text.slice(0, 20), `startOffset of passage ${p.n}`);
    });
  }
}

describe('splitFile: multi-article seed 002', () => {
  const { text, name } = seed('002_');
  const arts = splitFile(text, name);

  it('finds five articles with titles, authors and dates from the datelines', () => {
    assert.deepStrictEqual(
      arts.map((a) => [a.title, a.author, a.date]),
      [
        ['13 Edomex Officers Killed in Ambush', 'scortez', '2021-04-01'],
        ['Conversations between Mexico and the United States Signal Changes on Cooperation', 'scortez', '2021-03-18'],
        ['Defining the Candidacy of Félix Salgado Macedonio', 'tmcginnis', '2021-03-09'],
        ['Two Years of AMLO in Office: A Brief Look at his Security Strategy', 'emarinoni', '2021-02-01'],
        ['Mexico Clears Former Defense Minister Cienfuegos of Criminal Allegations', 'rramos', '2021-01-26'],
      ],
    );
  });

  it('starts articles at their title lines and keeps them disjoint', () => {
    const lines = text.split('\n');
    for (const a of arts) assert.strictEqual(lines[a.startLine].trim(), a.title);
    for (let i = 1; i < arts.length; i++) assert.ok(arts[i].startLine > arts[i - 1].endLine);
  });

  it('keeps the dateline in the first passage and drops Sources lists, headings and captions', () => {
    const first = arts[0];
    // The seed has no-break spaces around the dash; passage text keeps the file's characters.
    assert.ok(first.passages[0].text.replace(/\u00a0/g, ' ').startsWith('04/01/21 (written by scortez) – On March 18, 13 police officers'));
    assert.strictEqual(first.passages.length, 5);
    for (const a of arts) {
      const t = allText(a);
      assert.ok(!/New York Times\. (October|March) \d+, 20\d\d/.test(t), 'no bibliography entries');
      assert.ok(!a.passages.some((p) => /^Sources:?$/.test(p.text)));
      assert.ok(!a.passages.some((p) => p.text === 'AMLO’s Security Dilemma'), 'headings are not passages');
      assert.ok(!/Photo by:|^Photos:|^Source: /m.test(t), 'captions dropped');
    }
    // The second article's bibliography starts right after its last paragraph.
    const lines = text.split('\n');
    const a2 = arts[1];
    const last = a2.passages[a2.passages.length - 1];
    assert.ok(lines[last.startLine].startsWith('These conversations mark a shift'));
    assert.strictEqual(lines[last.endLine + 2].trim(), 'Sources');
  });

  it('numbers passages 1..n with consistent lines and offsets', () => {
    assertPassagesConsistent(text, arts);
  });
});

describe('splitFile: seed boilerplate', () => {
  it('001: drops navigation, breadcrumb, caption and comment prompt; takes the Published date', () => {
    const { text, name } = seed('001_');
    const arts = splitFile(text, name);
    assert.strictEqual(arts.length, 1);
    const a = arts[0];
    assert.strictEqual(a.title, "Mexico: AMLO's Gov't to Review Security Agreements with US");
    assert.strictEqual(a.date, '2018-08-04');
    const t = allText(a);
    for (const junk of ['Live', 'facebook', 'google plus', 'News > Latin America', 'Photo: Reuters', 'Published 4 August 2018', 'Post with no comments', 'Three Years After the Murder']) {
      assert.ok(!t.includes(junk), `"${junk}" must not be in passages`);
    }
    assert.ok(!a.passages.some((p) => p.text.includes('AMLO meets U.S. Secretary of State Mike Pompeo')), 'alt text + caption dropped');
    assert.ok(a.passages[0].text.startsWith('Alfonso Durazo, top security advisor'));
    assert.ok(t.includes('US$2.9 billion Merida initiative'));
    assert.ok(t.includes('43 students of Ayotzinapa'), 'long prose without a final period is kept');
    assert.strictEqual(a.passages.length, 10);
    assertPassagesConsistent(text, arts);
  });

  it('000: weekday date line above the title is the page date, not the article date; comment prompt ends the article (teasers dropped)', () => {
    const { text, name } = seed('000_');
    const [a] = splitFile(text, name);
    assert.strictEqual(a.title, 'Zacatecas-US security agreement illegal and invalid, AMLO says');
    assert.strictEqual(a.date, undefined);
    assert.strictEqual(a.pageDate, '2025-11-21');
    const t = allText(a);
    assert.ok(!t.includes('Friday, November 21, 2025'));
    assert.ok(!t.includes('Have something to say'));
    assert.ok(!t.includes('Cruel social media posts'), 'related-story teasers dropped');
    assert.ok(!t.includes('Powered by Perplexity'));
    assert.ok(!t.includes('With reports from'));
    assert.ok(a.passages[a.passages.length - 1].text.startsWith('“So much so that members'));
    assertPassagesConsistent(text, [a]);
  });

  it('003: repeated title dropped, standfirst kept', () => {
    const { text, name } = seed('003_');
    const [a] = splitFile(text, name);
    assert.strictEqual(a.title, 'U.S. and Mexico Strengthen Joint Action Against Organized Crime');
    assert.strictEqual(a.date, undefined);
    assert.strictEqual(a.passages.length, 5);
    assert.ok(a.passages.every((p) => p.text !== a.title));
    assert.ok(a.passages[0].text.startsWith('The U.S. and Mexican governments have agreed'));
  });

  it('004: photo caption, credits, comment prompts and copyright dropped; publisher used; the caption date is the picture\'s, not the article\'s', () => {
    const { text, name } = seed('004_');
    const [a] = splitFile(text, name);
    assert.strictEqual(a.title, 'Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico');
    assert.strictEqual(a.date, undefined);
    assert.strictEqual(a.captionDate, '2023-11-17');
    assert.strictEqual(a.publisher, 'Global Security Wire');
    const t = allText(a);
    for (const junk of ['REUTERS/Kevin Lamarque', 'Writing by Dave Graham', 'No Comments Yet', 'Leave a Reply', 'email address', '©2024']) {
      assert.ok(!t.includes(junk), `"${junk}" must not be in passages`);
    }
    assert.strictEqual(a.passages.length, 10);
    assert.ok(a.passages[9].text.startsWith('For his part, Lopez Obrador'));
  });
});

describe('splitFile: formats', () => {
  it('Reuters: indented lines start paragraphs, tables stay together, title is not a passage', () => {
    const text = fs.readFileSync(path.join(FIX, 'reuters/reut-00001.txt'), 'utf8');
    const [a] = splitFile(text, 'reut-00001.txt');
    assert.strictEqual(a.title, 'BAHIA COCOA REVIEW');
    assert.deepStrictEqual(
      a.passages.map((p) => [p.n, p.startLine, p.endLine]),
      [
        [1, 2, 4],
        [2, 5, 5],
        [3, 6, 8],
        [4, 9, 11],
        [5, 12, 13],
      ],
    );
    assert.strictEqual(
      a.passages[0].text,
      'SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January, Comissaria Smith said in its weekly review.',
    );
    assert.strictEqual(a.passages[1].text, 'The dry period means the temporao will be late this year.');
    assert.strictEqual(text.slice(a.passages[1].startOffset, a.passages[1].startOffset + 7), 'The dry');
    assert.ok(a.passages[3].text.startsWith('Natl   Loan'));
    assertPassagesConsistent(text, [a]);
  });

  it('Reuters: short data lines inside an indented block are passages, not headings', () => {
    const text = fs.readFileSync(path.join(FIX, 'reuters/reut-00002.txt'), 'utf8');
    const [a] = splitFile(text, 'reut-00002.txt');
    assert.deepStrictEqual(
      a.passages.map((p) => p.text),
      ['OVERLAND, KAN., March 3 - Net loss 705,496 vs loss 182,766', 'Sales 642,590 vs 1,126,315', 'Pay April 1'],
    );
  });

  it('BBC style: first line title, blank-line paragraphs', () => {
    const text = 'Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.\n\nThe firm said sales rose.\n';
    const [a] = splitFile(text, 'business/001.txt');
    assert.strictEqual(a.title, 'Ad sales boost Time Warner profit');
    assert.deepStrictEqual(
      a.passages.map((p) => [p.n, p.startLine, p.startOffset]),
      [
        [1, 2, 35],
        [2, 4, text.indexOf('The firm')],
      ],
    );
  });

  it('Markdown front matter gives metadata and never becomes a passage; headings, code and list items handled', () => {
    const text = fs.readFileSync(path.join(FIX, 'notes/frontmatter.md'), 'utf8');
    const arts = splitFile(text, 'frontmatter.md');
    assert.strictEqual(arts.length, 1);
    const a = arts[0];
    assert.deepStrictEqual([a.title, a.date, a.author, a.publisher, a.id], ['Water Prices in Monterrey', '2024-03-05', 'Ana López', 'El Norte', 'monterrey-water']);
    assert.deepStrictEqual(
      a.passages.map((p) => p.text),
      [
        'Water prices in Monterrey rose 12% in 2023, the utility said on Tuesday.',
        'The drought left reservoirs at 4% of capacity, officials said.',
        '- Rates for households rose 8%.',
        '- Rates for industry rose 15%.',
      ],
    );
    assert.ok(a.startLine >= 7, 'article starts after the front matter');
    assertPassagesConsistent(text, arts);
  });

  it('Markdown without front matter takes the first # heading as title', () => {
    const [a] = splitFile('# Notes on Border Trade\n\nTrade reached 800 billion dollars in 2023, a record.\n', 'n.md');
    assert.strictEqual(a.title, 'Notes on Border Trade');
    assert.strictEqual(a.passages.length, 1);
  });

  it('CRLF text gives the same passages and lines as LF', () => {
    const { text, name } = seed('002_');
    const crlf = text.replace(/\n/g, '\r\n');
    const a = splitFile(text, name);
    const b = splitFile(crlf, name);
    assert.deepStrictEqual(
      b.map((x) => [x.title, x.startLine, x.endLine, x.passages.map((p) => [p.n, p.text, p.startLine, p.endLine])]),
      a.map((x) => [x.title, x.startLine, x.endLine, x.passages.map((p) => [p.n, p.text, p.startLine, p.endLine])]),
    );
  });

  it('a file with no title line uses the first words of its first paragraph', () => {
    const [a] = splitFile('This file starts with a long sentence of prose that keeps going for a while, as notes do.\n', 'x.txt');
    assert.strictEqual(a.title, 'This file starts with a long sentence of prose that…');
    assert.strictEqual(a.passages.length, 1);
  });

  it('a dateline alone on its line sets metadata and is not a passage; bylines give the author', () => {
    const text = 'Budget Vote Delayed\n\nBy Maria Perez\n\n03/02/2022 (written by mperez) –\n\nThe vote on the budget was delayed again, lawmakers said.\n';
    const [a] = splitFile(text, 'x.txt');
    assert.strictEqual(a.date, '2022-03-02');
    assert.strictEqual(a.author, 'Maria Perez');
    assert.deepStrictEqual(a.passages.map((p) => p.text), ['The vote on the budget was delayed again, lawmakers said.']);
  });

  it('returns no article for empty or boilerplate-only text', () => {
    assert.deepStrictEqual(splitFile('', 'x.txt'), []);
    assert.deepStrictEqual(splitFile('\n\n  \n', 'x.txt'), []);
    assert.deepStrictEqual(splitFile('• Live\n• facebook\nNews > World\n', 'x.txt'), []);
  });
});

describe('boilerplate and dates', () => {
  it('classifies boilerplate lines and leaves prose alone', () => {
    const junk = ['• Live', '• facebook', 'facebook', 'News > Latin America', 'AMLO meets Pompeo. | Photo: Reuters', 'Leave a comment', 'Share this', 'Subscribe to our newsletter', '©2024 Global Security Wire. All Rights Reserved.', 'Copyright 2021 Foo Media', 'Photos: Cuartoscuro and AFP', 'Source: El Universal', '– Writing by Dave Graham, Editing by Franklin Paul'];
    for (const j of junk) assert.ok(classifyBoilerplate(j), `boilerplate: ${j}`);
    const prose = [
      'No comment was immediately available from the employers.',
      'share on sales of 1.78 billion dlrs.',
      'Share the financing burden, the minister said.',
      'Copyright law in Mexico was reformed in 2020, lawmakers said.',
      'McDonnell Douglas said the DC-10 will be powered by General',
      '<TECHNOLOGY MARKETING INC > SETS CONTRACT',
      'The agreement was announced on Monday in Zacatecas.',
      'Subscribers to the service rose 12% in 2023.',
    ];
    for (const p of prose) assert.strictEqual(classifyBoilerplate(p), undefined, `prose: ${p}`);
  });

  it('parses date lines and normalises dates', () => {
    assert.strictEqual(parseDateLine('Friday, November 21, 2025'), '2025-11-21');
    assert.strictEqual(parseDateLine('Published 4 August 2018'), '2018-08-04');
    assert.strictEqual(parseDateLine('04/01/21'), '2021-04-01');
    assert.strictEqual(parseDateLine('26-FEB-1987 15:01:01.79'), '1987-02-26');
    assert.strictEqual(parseDateLine('Updated: March 3, 2020 at 10:15 a.m. EST'), '2020-03-03');
    assert.strictEqual(parseDateLine('November 2025'), '2025-11');
    assert.strictEqual(parseDateLine('March 18, 2021 was a bad day'), undefined);
    assert.strictEqual(parseDateLine('13/45/21'), undefined);
    assert.strictEqual(normalizeDate('2024'), '2024');
    assert.strictEqual(normalizeDate('2024-03-05T10:00:00Z'), '2024-03-05');
    assert.strictEqual(normalizeDate('someday'), undefined);
  });
});
