import * as assert from 'assert';
import { checkText } from '../../../server/src/core/judgments/draftCheck';
import { DEFAULT_SETTINGS, resolveSettings } from '../../../server/src/core/settings';
import { clauseAround, figureLabel, sharesContext } from '../../../server/src/core/judgments/context';
import { closestMatch, MISQUOTE_MIN_SIMILARITY } from '../../../server/src/core/judgments/quotes';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { Judgment } from '../../../server/src/core/types';
import { AMBUSH, indexOf, source } from '../../helpers/fixtures';

const AIRLINE = source('airline-2005', 'Airline profits hit by fuel', [
  'The airline said its results were hurt by oil prices.',
  'Fuel costs rose £106m over the year, while last year the group made a profit of £125m.',
  'The company employs 13,000 staff across Europe and flies 40 routes.',
]);
const FARM = source('farm-row-2005', 'UK firm faces Venezuelan land row', [
  'A UK firm faces a row over 13,000 hectares of ranch land in Venezuela.',
]);
const MARKET = source('market-2005', 'Shares rise on results', [
  'Sales grew by £40m to £310m, and operating profit rose to £52m.',
  'Analysts said revenue of £310m was ahead of forecasts while costs rose £60m.',
  'Exports rose to £30m in the year and imports rose to £45m.',
]);
const SPEECH = source('speech-2005', 'Minister sets out plan', [
  'The minister told the conference: "We must regain momentum in the coming year and keep our promises to voters."',
  'Officials said the plan would cost 3.5% of the budget.',
]);
const index = indexOf(AIRLINE, FARM, MARKET, SPEECH, AMBUSH);
const check = (text: string, settings = DEFAULT_SETTINGS) => checkText(text, index, settings);
const only = (js: Judgment[], code: string) => js.filter((j) => j.code === code);

describe('claims a reviewer can trust', () => {
  describe('context words', () => {
    it('takes the clause around a figure, growing it when it names too little', () => {
      const t = 'Fuel costs rose £106m, while profit was £125m.';
      const c = clauseAround(t, t.indexOf('£106m'), t.indexOf('£106m') + 5);
      assert.deepStrictEqual(c.terms, ['fuel', 'cost', 'rose']);
      const u = 'Sales rose to £50m, up from £40m.';
      assert.ok(clauseAround(u, u.indexOf('£40m'), u.indexOf('£40m') + 4).terms.includes('sale'));
    });
    it('labels a source figure by the words before it, as written', () => {
      const t = AIRLINE.passages[1].text;
      assert.strictEqual(figureLabel(t, t.indexOf('£106m'), t.indexOf('£106m') + 5), 'Fuel costs rose');
      assert.strictEqual(figureLabel(t, t.indexOf('£125m'), t.indexOf('£125m') + 5), 'group made a profit');
    });
    it('a passage must share the clause and the sentence, not only the number', () => {
      assert.strictEqual(sharesContext(['compani', 'employ', 'staff'], ['employ', 'staff'], AIRLINE.passages[2], AIRLINE.passages[2].figures[0]), true);
      assert.strictEqual(sharesContext(['compani', 'employ', 'staff'], ['employ', 'staff'], FARM.passages[0], FARM.passages[0].figures[0]), false);
    });
  });

  describe('figure alignment', () => {
    it('names the source figure in the same role, not the nearest value, and offers the change', () => {
      const { judgments } = check('Fuel costs rose by £116m last year [@airline-2005, para. 2].');
      const [j] = only(judgments, 'figure-not-in-source');
      assert.match(j.message, /source says £106m \(Fuel costs rose\)/);
      assert.deepStrictEqual(j.sourceFigure, { text: '£106m' });
      assert.strictEqual(j.alignment!.confident, true);
      assert.strictEqual(j.alignment!.sentence.slice(j.alignment!.figureStart, j.alignment!.figureEnd), '£106m');
      assert.strictEqual(j.related![0].startLine, AIRLINE.passages[1].startLine);
      assert.match(j.related![0].message, /Fuel costs rose £106m.*the draft says £116m/);
    });
    it('aligns the profit figure with profit', () => {
      const [j] = only(check('The group made a profit of £120m [@airline-2005, para. 2].').judgments, 'figure-not-in-source');
      assert.match(j.message, /source says £125m/);
    });
    it('an uncertain alignment names the figure without offering to change it', () => {
      // "rose to" stands before both figures of para. 3; nothing else tells them apart.
      const [j] = only(check('Trade rose to £40m [@market-2005, para. 3].').judgments, 'figure-not-in-source');
      assert.ok(j.alignment && !j.alignment.confident, j.message);
      assert.strictEqual(j.alignment.figure, '£45m'); // the tie is broken by value, last
      assert.strictEqual(j.sourceFigure, undefined);
      assert.match(j.message, /uncertain/);
    });
    it('when nothing aligns, says what the cited passage states', () => {
      const [j] = only(check('Ticket prices were cut by £30m [@airline-2005, para. 2].').judgments, 'figure-not-in-source');
      assert.strictEqual(j.alignment, undefined);
      assert.strictEqual(j.sourceFigure, undefined);
      assert.match(j.message, /the cited text gives £106m \(Fuel costs rose\) and £125m \(group made a profit\), none in the same role/);
    });
    it('never repeats the same citation in a message (paragraph scope)', () => {
      const text = 'Fuel costs rose by £116m [@airline-2005, para. 2]. They hurt results [@airline-2005, para. 2].';
      const [j] = only(check(text, resolveSettings({ citationScope: 'paragraph' })).judgments, 'figure-not-in-source');
      assert.strictEqual((j.message.match(/@airline-2005/g) ?? []).length, 1, j.message);
    });
  });

  describe('suggestions need the words, not just the number', () => {
    it('does not offer an article that only shares the number', () => {
      const [j] = only(check('The airline employs 13,000 staff across Europe.').judgments, 'uncited-figure');
      assert.deepStrictEqual(j.suggestions!.map((s) => s.key), ['airline-2005']);
    });
    it('says "no source passage states it in this context" rather than naming a random one', () => {
      const [j] = only(check('The orchestra sold 13,000 tickets for the festival.').judgments, 'uncited-figure');
      assert.deepStrictEqual(j.suggestions, []);
      assert.match(j.message, /No source passage states it in this context/);
    });
  });

  describe('uncited-quote', () => {
    it('flags an uncited quotation the corpus holds, names the passage and suggests citing it', () => {
      const text = 'The minister said “we must regain momentum in the coming year” at the conference.';
      const [j] = only(check(text).judgments, 'uncited-quote');
      assert.strictEqual(j.severity, 'warning');
      assert.strictEqual(text.slice(j.start, j.end), 'we must regain momentum in the coming year');
      assert.match(j.message, /It is in \[@speech-2005, para\. 1\]/);
      assert.deepStrictEqual(j.suggestions!.map((s) => [s.key, s.n]), [['speech-2005', 1]]);
    });
    it('normalises quote marks, case, whitespace and typography', () => {
      for (const text of [
        'He said "We MUST  regain momentum, in the coming year" then left.',
        'He said «we must regain momentum in the coming year» then left.',
        'He said ‘we must regain momentum in the coming year’ then left.',
      ]) {
        const [j] = only(check(text).judgments, 'uncited-quote');
        assert.ok(j, text);
        assert.match(j.message, /speech-2005/, text);
      }
    });
    it('the parser finds quotations in guillemets', () => {
      assert.deepStrictEqual(parseDraft('He said «we must go now and fast» today.').quotes.map((q) => q.text), ['we must go now and fast']);
    });
    it('a quotation with an ellipsis is found when each part is in the source', () => {
      const [j] = only(check('He said “we must regain momentum … keep our promises to voters” then.').judgments, 'uncited-quote');
      assert.match(j.message, /speech-2005/);
    });
    it('finds a quotation whose words the index reads otherwise than the quotation matcher ("$1.30" is the index words 1 and 30, the quotation word 130)', () => {
      const euro = source('euro-2005', 'Euro climbs', ['"It is only a matter of time until the euro reaches $1.30," a strategist said.']);
      const other = source('fares-2005', 'Fares', ['The airline added 130 seats a week between the two cities.']);
      const ix = indexOf(euro, other, AMBUSH);
      const [j] = only(checkText('He said "It is only a matter of time until the euro reaches $1.30" and left.', ix, DEFAULT_SETTINGS).judgments, 'uncited-quote');
      assert.match(j.message, /It is in \[@euro-2005, para\. 1\]/);
    });
    it('says so when no source contains the quotation, naming none', () => {
      const [j] = only(check('She said “the committee will publish its findings next spring” today.').judgments, 'uncited-quote');
      assert.match(j.message, /no source in the corpus contains it/);
      assert.deepStrictEqual(j.suggestions, []);
    });
    it('counts block quotes, and a citation inside the block quote covers it', () => {
      const uncited = check('Intro.\n\n> We must regain momentum in the coming year and keep our promises to voters.\n');
      assert.strictEqual(only(uncited.judgments, 'uncited-quote').length, 1);
      assert.deepStrictEqual(uncited.quotes.map((q) => [q.block, q.status]), [[true, 'uncited']]);
      const cited = check('> We must regain momentum in the coming year and keep our promises to voters.\n> [@speech-2005, para. 1]\n');
      assert.deepStrictEqual(cited.judgments, []);
      assert.deepStrictEqual(cited.quotes.map((q) => q.status), ['cited']);
    });
    it('a cited quotation is not an uncited one; short quotations are ignored', () => {
      assert.deepStrictEqual(check('He said “we must regain momentum in the coming year” [@speech-2005].').judgments, []);
      assert.deepStrictEqual(check('It was “a plan” they said.').judgments, []);
    });
  });

  describe('misquotes', () => {
    it('finds the closest passage, shows what differs, points at its line and offers the source words', () => {
      const text = 'He said “we must regain momentum next year and keep our promises” [@speech-2005].';
      const [j] = only(check(text).judgments, 'quote-not-in-source');
      assert.strictEqual(j.severity, 'error');
      assert.match(j.message, /Misquotation of @speech-2005 \(para\. 1\)\. Source says "momentum in the coming year" where the draft has "momentum next year"/);
      assert.strictEqual(j.related![0].startLine, SPEECH.passages[0].startLine);
      assert.strictEqual(j.quoteFix!.text, 'We must regain momentum in the coming year and keep our promises');
    });
    it('a quotation with little in common with the source is reported as absent, with no fix', () => {
      const [j] = only(check('He said “the weather was lovely in the hills today” [@speech-2005].').judgments, 'quote-not-in-source');
      assert.match(j.message, /Quotation not found in @speech-2005: no passage there comes close/);
      assert.strictEqual(j.quoteFix, undefined);
    });
    it('a quotation over 400 words is reported as absent, not aligned word by word', () => {
      const long = Array.from({ length: 450 }, (_, i) => `word${i}`).join(' ');
      const [j] = only(check(`He said “${long}” [@speech-2005].`).judgments, 'quote-not-in-source');
      assert.match(j.message, /Quotation not found in @speech-2005/);
      assert.strictEqual(j.quoteFix, undefined);
    });
    it('the misquote threshold is 60% of the words', () => {
      assert.strictEqual(MISQUOTE_MIN_SIMILARITY, 0.6);
      const m = closestMatch([SPEECH], 'we must regain speed in the next year')!;
      assert.strictEqual(m.p.n, 1);
      assert.ok(m.similarity >= 0.6 && m.similarity < 1, String(m.similarity));
    });
  });

  describe('severities', () => {
    it('contradictions are errors, omissions warnings, and both are configurable', () => {
      const text = 'Fuel costs rose by £116m [@airline-2005, para. 2]. The company employs 13,000 staff across Europe.';
      const sev = (js: Judgment[]) => js.map((j) => [j.code, j.severity]);
      assert.deepStrictEqual(sev(check(text).judgments), [['figure-not-in-source', 'error'], ['uncited-figure', 'warning']]);
      const s = resolveSettings({ severity: { 'figure-not-in-source': 'warning', 'uncited-figure': 'information', 'uncited-quote': 'off' } });
      assert.deepStrictEqual(sev(check(text, s).judgments), [['figure-not-in-source', 'warning'], ['uncited-figure', 'information']]);
      assert.deepStrictEqual(check('He said “the committee will publish its findings next spring”.', s).judgments, []);
    });
  });

  describe('report states', () => {
    it('a figure is cited only when its citation resolves and the source backs it', () => {
      const text = [
        'Fuel costs rose £106m [@airline-2005, para. 2].',
        'Fuel costs rose £106m [@airline-2006, para. 2].',
        'Fuel costs rose £106m [@airline-2005, para. 9].',
        'Fuel costs rose £116m [@airline-2005, para. 2].',
        'The company employs 13,000 staff.',
      ].join('\n\n');
      const res = check(text);
      assert.deepStrictEqual(
        res.figures.map((f) => f.status),
        ['cited', 'unknown-key', 'bad-locator', 'mismatched', 'uncited'],
      );
    });
    it('quotations get a state too: backed, uncited, misquoted', () => {
      const text = [
        'He said “we must regain momentum in the coming year” [@speech-2005].',
        'He said “we must regain momentum in the coming year” at length.',
        'He said “we must regain momentum next year and keep our promises” [@speech-2005].',
      ].join('\n\n');
      assert.deepStrictEqual(check(text).quotes.map((q) => q.status), ['cited', 'uncited', 'mismatched']);
    });
  });
});
