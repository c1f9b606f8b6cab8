/** Page locators on PDF sources: bad-locator by page, figure checks on the cited page ±1, para. across the PDF. */
import * as assert from 'assert';
import { isPaged, locatorPages, pageLocatorProblem, passageLocator, passagePlace } from '../../../server/src/core/citations/pages';
import { parseLocator } from '../../../server/src/core/citations/parse';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { Source } from '../../../server/src/core/types';
import { checkText } from '../../../server/src/core/judgments/draftCheck';
import { AMBUSH, indexOf, source } from '../../helpers/fixtures';
import { REPORT_PAGES } from '../../helpers/formatsCorpus';

/** The fixture report as a paged source: two passages per page, 4 pages. */
function pagedReport(): Source {
  const flat = REPORT_PAGES.flatMap((ps, i) => ps.map((t) => ({ t: t.replace('be-\nfore', 'before'), page: i + 1 })));
  const s = source('report-2021', 'Organized Crime and Violence in Mexico', flat.map((x) => x.t), { format: 'pdf', pages: 4, file: '/corpus/report.pdf' });
  s.passages.forEach((p, i) => (p.page = flat[i].page));
  return s;
}

describe('page locators on PDF sources', () => {
  const report = pagedReport();
  const index = indexOf(report, AMBUSH);
  const check = (text: string) => checkText(text, index, DEFAULT_SETTINGS).judgments;
  const only = (text: string) => check(text).map((j) => [j.code, text.slice(j.start, j.end), j.message]);

  it('a figure on the cited page is backed', () => {
    assert.deepStrictEqual(only('Police killings rose to 524 in 2020 [@report-2021, p. 3].'), []);
    assert.deepStrictEqual(only('Police killings rose to 524 in 2020 [@report-2021, pp. 3-4].'), []);
  });

  it('a figure one page away is still backed (±1 page)', () => {
    assert.deepStrictEqual(only('Guanajuato recorded 4,490 homicides [@report-2021, p. 3].'), []);
  });

  it('a figure stated only on a page far from the cited one is flagged, naming the page', () => {
    const j = only('There were 34,515 homicide victims [@report-2021, p. 4].');
    assert.strictEqual(j.length, 1);
    assert.strictEqual(j[0][0], 'figure-not-in-source');
    assert.strictEqual(j[0][1], '34,515');
    assert.match(j[0][2] as string, /is not stated in @report-2021 \(p\. 4\)/);
  });

  it('a wrong figure on the cited page says what the page states', () => {
    const j = check('Police killings rose to 525 in 2020 [@report-2021, p. 3].');
    assert.strictEqual(j[0].code, 'figure-not-in-source');
    assert.match(j[0].message, /\b524\b/);
  });

  it('bad-locator catches a page past the end, and an unreadable page', () => {
    assert.deepStrictEqual(only('The report is long [@report-2021, p. 90].'), [['bad-locator', 'p. 90', 'p. 90 is out of range: @report-2021 has 4 pages.']]);
    assert.deepStrictEqual(only('See [@report-2021, pp. 3-7].').map((x) => x[2]), ['pp. 5, 6, 7 is out of range: @report-2021 has 4 pages.']);
    assert.deepStrictEqual(only('See [@report-2021, p. iv].').map((x) => x[2]), ['Cannot read the page number in "p. iv".']);
  });

  it('para. on a PDF counts across the whole document and says so', () => {
    assert.deepStrictEqual(only('Police killings rose to 524 in 2020 [@report-2021, para. 5].'), []);
    const [j] = check('See [@report-2021, para. 40].');
    assert.strictEqual(j.message, 'para. 40 is out of range: @report-2021 has 8 paragraphs (paragraphs are counted across the whole PDF; cite a page with p.).');
  });

  it('page locators on text sources are left alone (they have no pages)', () => {
    assert.deepStrictEqual(only('In 2020, 524 police officers were killed [@ambush-2021, p. 90].'), []);
  });

  it('suggestions for an uncited figure cite the page of a PDF passage', () => {
    const [j] = check('Guanajuato recorded 4,490 homicides.');
    assert.strictEqual(j.code, 'uncited-figure');
    assert.strictEqual(j.suggestions![0].locator, 'p. 2');
    assert.match(j.message, /\[@report-2021, p\. 2\]/);
  });

  it('helpers: locator text and place', () => {
    assert.ok(isPaged(report));
    assert.ok(!isPaged(AMBUSH));
    assert.strictEqual(passageLocator(report, report.passages[4]), 'p. 3');
    assert.strictEqual(passagePlace(report, report.passages[4]), 'p. 3 of 4');
    assert.strictEqual(passageLocator(AMBUSH, AMBUSH.passages[2]), 'para. 3');
    assert.deepStrictEqual(locatorPages(parseLocator(', pp. 12-13')), [12, 13]);
    assert.strictEqual(pageLocatorProblem(report, 'report-2021', parseLocator(', p. 4')!), undefined);
  });
});
