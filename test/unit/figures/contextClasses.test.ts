/**
 * Issue 11, session 2: the classes behind the blind subset's errors, each both ways
 * (not a figure / still a figure), so a rule never swallows the figures next to it.
 */
import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';

type Row = [string, string, string, number, number | undefined];

function figs(s: string): Row[] {
  return extractFigures(s).map((f) => [f.text, f.kind, f.unit, f.value, f.second]);
}

function check(s: string, want: Row[]): void {
  it(`${JSON.stringify(s)} -> ${want.length ? JSON.stringify(want.map((w) => w[0])) : 'no figure'}`, () => assert.deepStrictEqual(figs(s), want));
}

describe('figure context classes (issue 11, blind-subset errors)', () => {
  describe('a knockout stage is not a count', () => {
    check('they reached the last 16 of the Champions League', []);
    check('the first leg of the tie in the last 16 in the Nou Camp', []);
    check('the round of 32', []);
    check('the last 16 teams were drawn', [['16', 'count', '', 16, undefined]]);
    check('the last 16 years', []); // a relative period, as before
  });

  describe('a place on the pitch is not a count', () => {
    check('he released Mayerholfer in his own 22.', []);
    check('we were playing on our own 22 for a lot of the first half', []);
    check('he scored his own 22 goals', [['22', 'count', '', 22, undefined]]);
  });

  describe('a union local is an identifier', () => {
    check('members of UAW Local 594 voted', []);
    check('spokesman for United Steelworkers of America local 480 said', []);
    check('a local 5 pct sales tax', [['5 pct', 'percent', '%', 5, undefined]]);
  });

  describe('month names in any case after a capital are dates', () => {
    check('NEW YORK, APril 1 - Shares rose', []);
    check('payable MArch 31 to holders of record', []);
    check('NEW YORK, MARCH 2 - Shares rose', []);
    check('rose 2 pct in March', [['2 pct', 'percent', '%', 2, undefined]]);
    check('they may 1 day agree', [['1 day', 'measure', 'day', 1, undefined]]);
  });

  describe('scores named by their competition or set', () => {
    check("in Sunday's 19-13 Six Nations loss", [['19-13', 'score', '', 19, 13]]);
    check('after a 3-0 FA Cup win', [['3-0', 'score', '', 3, 0]]);
    check('he thumped the eighth seed 6-1 in the first set', [['6-1', 'score', '', 6, 1]]);
    check('3-4 Labour MPs rebelled', [['3-4', 'count', '', 3, undefined]]); // no result noun: a range, not a score
  });

  describe('the opening or closing minutes are a period', () => {
    check('in the opening 45 minutes', []);
    check('the closing 10 minutes', []);
    check('the match lasted 45 minutes', [['45 minutes', 'measure', 'min', 45, undefined]]);
  });

  describe('an athletics distance after indoor, outdoor, men\'s or women\'s is metres', () => {
    check('Merritt close to indoor 400m mark', [['400m', 'measure', 'm', 400, undefined]]);
    check("won the men's 200m", [['200m', 'measure', 'm', 200, undefined]]);
    check('sales passed the 600m mark', []); // still ambiguous: metres or million
  });

  describe('a vote or a ruling is one score', () => {
    check('the court rejected it in a 2-1 decision', [['2-1', 'score', '', 2, 1]]);
    check('approved by a 4-0 vote', [['4-0', 'score', '', 4, 0]]);
    check('the appeals court said in the 7-1 ruling', [['7-1', 'score', '', 7, 1]]);
    check('3-4 more seats', [['3-4', 'count', '', 3, undefined]]);
  });

  describe('identifiers: phone numbers, lowercase labels, a label with a range', () => {
    check('call 0800 555 111 or 020 7946 0018.', []);
    check('under chapter 11 of the bankruptcy code', []);
    check('section 404 of the act', []);
    check('see pages 10-12', []);
    check('an order for 70 Boeing 737-800 planes', [['70', 'count', '', 70, undefined]]);
    check('11 chapters', [['11', 'count', '', 11, undefined]]);
  });
});
