/**
 * Issue 9, the last heavy-draft target (a 4 MB draft of nested quotes within 2 s): the cuts in
 * allocation and repeated work change no result. Each memo or shortcut is compared with the
 * plain way on drafts built at run time, and each memo is shown to follow a changed index.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { checkDraft } from '../../../server/src/core/judgments/check';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { parseLocator } from '../../../server/src/core/parse/citations';
import { segmentedPieces, sentencePieces } from '../../../server/src/core/parse/sentences';
import { quoteWords, quoteWordsByRegExp } from '../../../server/src/core/judgments/quotes';
import { heavyParagraphs, heavyQuotes } from '../../bench/stress';
import { AMBUSH, indexOf, source } from '../../helpers/fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

/** Claims citing the seeds in every locator form the memos key on, repeated, in paragraphs and nested quotes. */
function mixedDraft(index: CorpusIndex): string {
  const keys = index.sources().map((s) => s.key).slice(0, 4);
  const suffixes = [', para. 2', ', paras. 2-3', ', para. 40', ', p. 4', '', ', ¶ 1', ', para. 1, emphasis added'];
  const out: string[] = [];
  for (let i = 0; i < 160; i++) {
    const k = keys[i % keys.length];
    const s = suffixes[i % suffixes.length];
    const cite = i % 5 === 0 ? `[@${k}${s}; @${keys[(i + 1) % keys.length]}, para. 1]` : i % 7 === 0 ? `[@nope-${i % 3}${s}]` : `[@${k}${s}]`;
    const body = `Officials said ${100 + i} officers and 2${i % 10}% of units, "with total force and with the backing of the law" ${cite}.`;
    out.push(i % 3 === 0 ? '> '.repeat(1 + (i % 4)) + body : body);
  }
  return out.join('\n\n') + '\n';
}

describe('heavy drafts: allocation cuts give the same results (issue 9)', function () {
  this.timeout(60000);
  let seeds: CorpusIndex;
  before(async () => {
    seeds = (await loadIndex(['seeds'], ROOT)).index;
  });

  it('the sliced check (checkAsync, a yield after every step) gives the one-go check and the plain whole parse', async () => {
    for (const text of [heavyQuotes(30000), heavyParagraphs(30000), mixedDraft(seeds)]) {
      const once = new DraftChecker().check(text, seeds, DEFAULT_SETTINGS);
      const sliced = await new DraftChecker().checkAsync(text, seeds, DEFAULT_SETTINGS, () => false, 0);
      assert.ok(sliced, 'the sliced check ran to the end');
      const plain = checkDraft(parseDraft(text, { fastPath: false, chunk: false }), seeds, DEFAULT_SETTINGS);
      assert.ok(plain.judgments.length > 100, `${plain.judgments.length} judgments`);
      // The count diagnostics publish ("Showing the first 1,000 of N") comes with the analysis.
      assert.strictEqual(once.judgmentCount, once.judgments.length);
      assert.strictEqual(sliced.judgmentCount, plain.judgments.length);
      for (const view of ['judgments', 'figures', 'quotes', 'draftFigures'] as const) {
        assert.deepStrictEqual(json(sliced[view]), json(once[view]), view);
        assert.deepStrictEqual(json(once[view]), json(plain[view]), view);
      }
    }
  });

  it('a cited key and locator resolve again when the index changes (the resolved items are memoised per index version)', () => {
    const index = indexOf(AMBUSH);
    const draft = 'In 2020, 524 police officers were killed [@ambush-2021, para. 4].\n';
    const before = new DraftChecker().check(draft, index, DEFAULT_SETTINGS);
    assert.deepStrictEqual(before.figures.map((f) => f.status), ['cited']);
    // The same key now names a source of one paragraph: para. 4 no longer resolves.
    index.replaceFile(AMBUSH.file, [source('ambush-2021', AMBUSH.title, ['Only 12 officers were counted.'])]);
    const after = new DraftChecker().check(draft, index, DEFAULT_SETTINGS);
    assert.deepStrictEqual(after.figures.map((f) => f.status), ['bad-locator']);
    const fresh = new DraftChecker().check(draft, indexOf(source('ambush-2021', AMBUSH.title, ['Only 12 officers were counted.'])), DEFAULT_SETTINGS);
    assert.deepStrictEqual(json(after.judgments), json(fresh.judgments));
  });

  it('ASCII quotation words found by the scan are the regular expression\'s words', () => {
    const ascii = fc.constantFrom(...'aZ09 \'`.,-_;:!?"()[]@#\t\n'.split(''), 'U.S.', "don't", '3,5', 'a-b', '..', "''");
    fc.assert(
      fc.property(fc.array(ascii, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        assert.deepStrictEqual(quoteWords(text), quoteWordsByRegExp(text));
      }),
      { numRuns: 3000, seed: 91 },
    );
    // Other text goes through the regular expression itself.
    assert.deepStrictEqual(quoteWords('Martínez-Celis’ «fuerza» 3,5 ²'), quoteWordsByRegExp('Martínez-Celis’ «fuerza» 3,5 ²'));
  });

  it('one-line ASCII text with several sentences splits by the UAX 29 rules exactly as the segmenter does', () => {
    const piece = fc.constantFrom(
      ...'aA1 .!?"\')]}([{,;:-\t@x#$%&*+/<=>\\^_`|~'.split(''),
      ...['. 4', 'e.g. ', 'Mr. ', '... ', '! a', '? B', '. "', '." ', '? )', '.) ', 'U.S. ', '. a', '. A', '.5', '."A', ".'a", '. (a', '. (A', '.[', '.;', '?!', '. -a', '. 4a', '. 4 A'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }).map((x) => x.join('')), (v) => {
        assert.deepStrictEqual(sentencePieces(v), segmentedPieces(v));
      }),
      { numRuns: 20000, seed: 29 },
    );
    assert.deepStrictEqual(sentencePieces('U.S. Army. It said 4 officers. 415 were killed.'), [[0, 5], [5, 11], [11, 31], [31, 47]]);
  });

  it('a suffix repeated across a draft gives a locator at each place, sharing only its frozen paragraph list', () => {
    const a = parseLocator(', paras. 2-3', 10)!;
    const b = parseLocator(', paras. 2-3', 500)!;
    assert.deepStrictEqual(a, { label: 'paragraph', term: 'paras.', value: '2-3', start: 12, end: 22, paragraphs: [2, 3] });
    assert.deepStrictEqual(b, { ...a, start: 502, end: 512 });
    assert.notStrictEqual(a, b);
    assert.ok(Object.isFrozen(a.paragraphs));
    assert.strictEqual(parseLocator(', emphasis added', 3), undefined);
    assert.deepStrictEqual(parseLocator(', 33', 7), { label: 'page', term: '', value: '33', start: 9, end: 11 });
    // A long suffix is not kept in the memo, and parses alike.
    const long = ', para. 2, ' + 'see also '.repeat(20);
    assert.deepStrictEqual(parseLocator(long, 3), { label: 'paragraph', term: 'para.', value: '2', start: 5, end: 12, paragraphs: [2] });
    assert.deepStrictEqual(parseLocator(long, 3), parseLocator(long, 3));
  });

  it('the server and CLI bundles create closures without esbuild\'s __name wrapper (keepNames off: a defineProperty per closure)', () => {
    for (const f of ['server.js', 'server-main.js', 'cli.js']) {
      const js = fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8');
      assert.ok(!/\b__name\(/.test(js), `dist/${f} calls __name`);
    }
  });
});
