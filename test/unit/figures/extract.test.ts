import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { Figure, FigureKind } from '../../../server/src/core/types';

/** [sentence, figure text, value, unit, kind, precision, high?] */
type Pos = [string, string, number, string, FigureKind, number, number?];

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function only(text: string): Figure {
  const figs = extractFigures(text);
  assert.strictEqual(figs.length, 1, `one figure in ${JSON.stringify(text)}, got ${JSON.stringify(figs.map((f) => f.text))}`);
  return figs[0];
}

function checkPositive(rows: Pos[]): void {
  for (const [sentence, ftext, value, unit, kind, precision, high] of rows) {
    it(`${JSON.stringify(sentence)} -> ${JSON.stringify(ftext)}`, () => {
      const f = only(sentence);
      assert.strictEqual(f.text, ftext);
      assert.strictEqual(sentence.slice(f.start, f.end), f.text);
      assert.ok(close(f.value, value), `value ${f.value} != ${value}`);
      assert.strictEqual(f.unit, unit);
      assert.strictEqual(f.kind, kind);
      assert.ok(close(f.precision, precision), `precision ${f.precision} != ${precision}`);
      if (high === undefined) assert.strictEqual(f.high, undefined);
      else assert.ok(f.high !== undefined && close(f.high, high), `high ${f.high} != ${high}`);
    });
  }
}

function checkNegative(rows: string[]): void {
  for (const sentence of rows) {
    it(`${JSON.stringify(sentence)} has no figure`, () => {
      const figs = extractFigures(sentence);
      assert.deepStrictEqual(
        figs.map((f) => f.text),
        [],
      );
    });
  }
}

describe('extractFigures', () => {
  describe('counts', () => {
    checkPositive([
      ['There have been 1,059 reported homicides.', '1,059', 1059, '', 'count', 0.5],
      ['It reached 2.3 million young adults.', '2.3 million', 2.3e6, '', 'count', 0.05e6],
      ['In total 524 police officers were killed.', '524', 524, '', 'count', 0.5],
      ['Police detained 25 other suspects.', '25', 25, '', 'count', 0.5],
      ['He sought permission for 11 U.S. military personnel.', '11', 11, '', 'count', 0.5],
      ['Exactly 415 members.', '415', 415, '', 'count', 0.5],
      ['more than 400 people', '400', 400, '', 'count', 0.5],
      ['a rate of 1.5 per home', '1.5', 1.5, '', 'count', 0.05],
      ['Just 3 came.', '3', 3, '', 'count', 0.5],
      ['It employs 2,300,000 people.', '2,300,000', 2.3e6, '', 'count', 0.5],
      ['Net 15.5 mln in 1986', '15.5 mln', 15.5e6, '', 'count', 0.05e6],
      ['over 1.5m people', '1.5m', 1.5e6, '', 'count', 0.05e6],
      ['a 1.2bn loss', '1.2bn', 1.2e9, '', 'count', 0.05e9],
      ['some 2,000 people', '2,000', 2000, '', 'count', 0.5],
      ['killed (15) people', '15', 15, '', 'count', 0.5],
      ['shares rose +15% today', '15%', 15, '%', 'percent', 0.5],
      ['a 15-year-old boy', '15-year-old', 15, 'age', 'measure', 0.5],
      ['down -5% on the year', '-5%', -5, '%', 'percent', 0.5],
    ]);
  });

  describe('money', () => {
    checkPositive([
      ['The US committed $4 billion in aid.', '$4 billion', 4e9, 'USD', 'money', 0.5e9],
      ['the US$2.9 billion Merida initiative', 'US$2.9 billion', 2.9e9, 'USD', 'money', 0.05e9],
      ['will pay MXN$5,000 a month', 'MXN$5,000', 5000, 'MXN', 'money', 0.5],
      ['increased by 65,333 million pesos', '65,333 million pesos', 65333e6, 'MXN', 'money', 0.5e6],
      ['a budget of MXN$65.333 billion', 'MXN$65.333 billion', 65.333e9, 'MXN', 'money', 0.0005e9],
      ['The $1.13bn deal', '$1.13bn', 1.13e9, 'USD', 'money', 0.005e9],
      ['a £600m contract', '£600m', 600e6, 'GBP', 'money', 0.5e6],
      ['a €5m grant', '€5m', 5e6, 'EUR', 'money', 0.5e6],
      ['it paid 5 million dollars', '5 million dollars', 5e6, 'USD', 'money', 0.5e6],
      ['Net profit 15.5 mln dlrs', '15.5 mln dlrs', 15.5e6, 'USD', 'money', 0.05e6],
      ['revenue of 1.2 billion dlrs', '1.2 billion dlrs', 1.2e9, 'USD', 'money', 0.05e9],
      ['a loan of 50 mln stg', '50 mln stg', 50e6, 'GBP', 'money', 0.5e6],
      ['bonds worth 300 mln yen', '300 mln yen', 300e6, 'JPY', 'money', 0.5e6],
      ['about 4 bln dlrs', '4 bln dlrs', 4e9, 'USD', 'money', 0.5e9],
      ['a 3 trillion dollars economy', '3 trillion dollars', 3e12, 'USD', 'money', 0.5e12],
      ['raised it by 15 cts', '15 cts', 0.15, 'USD', 'money', 0.005],
      ['Shr 1.05 dlrs', '1.05 dlrs', 1.05, 'USD', 'money', 0.005],
      ['sold for 5 Canadian dlrs', '5 Canadian dlrs', 5, 'CAD', 'money', 0.5],
      ['worth C$1.5 billion', 'C$1.5 billion', 1.5e9, 'CAD', 'money', 0.05e9],
      ['worth USD 5 million', 'USD 5 million', 5e6, 'USD', 'money', 0.5e6],
      ['worth EUR5m', 'EUR5m', 5e6, 'EUR', 'money', 0.5e6],
      ['a $5k bonus', '$5k', 5000, 'USD', 'money', 500],
      ['(almost $3 million USD)', '$3 million USD', 3e6, 'USD', 'money', 0.5e6],
      ['a 17,280-million pesos increase', '17,280-million pesos', 17280e6, 'MXN', 'money', 0.5e6],
      ['half a million dollars', 'half a million dollars', 5e5, 'USD', 'money', 0.05e6],
      ['a 200 euros fine', '200 euros', 200, 'EUR', 'money', 0.5],
    ]);
  });

  describe('percentages', () => {
    checkPositive([
      ['the budget increased 15.1% compared to', '15.1%', 15.1, '%', 'percent', 0.05],
      ['account for 60 to 70 percent of all arms', '60 to 70 percent', 60, '%', 'percent', 0.5, 70],
      ['a 40 per cent rise', '40 per cent', 40, '%', 'percent', 0.5],
      ['rose 5.5 pct in March', '5.5 pct', 5.5, '%', 'percent', 0.05],
      ['between 60-70% of voters', '60-70%', 60, '%', 'percent', 0.5, 70],
      ['only 0.5% of cases', '0.5%', 0.5, '%', 'percent', 0.05],
      ['up 3 percentage points', '3 percentage points', 3, 'pp', 'points', 0.5],
      ['roughly five percent of', 'five percent', 5, '%', 'percent', 0.5],
      ['ten to fifteen percent', 'ten to fifteen percent', 10, '%', 'percent', 0.5, 15],
    ]);
  });

  describe('ranges', () => {
    checkPositive([
      ['costs of $3-4 billion', '$3-4 billion', 3e9, 'USD', 'money', 0.5e9, 4e9],
      ['costs of $3 to $4 billion', '$3 to $4 billion', 3e9, 'USD', 'money', 0.5e9, 4e9],
      ['between 2 and 3 million people', '2 and 3 million', 2e6, '', 'count', 0.5e6, 3e6],
      ['two to three million people', 'two to three million', 2e6, '', 'count', 0.5e6, 3e6],
      ['adults aged 18 to 29 who', '18 to 29', 18, 'age', 'measure', 0.5, 29],
    ]);
    it('a descending pair is two counts, not a range', () => {
      assert.deepStrictEqual(
        extractFigures('rows 3-2').map((f) => [f.text, f.high]),
        [
          ['3', undefined],
          ['2', undefined],
        ],
      );
    });
    it('"from A to B" is two figures; A takes B\'s unit', () => {
      const figs = extractFigures('rose from 10 to 15 percent');
      assert.deepStrictEqual(
        figs.map((f) => [f.text, f.value, f.unit, f.kind]),
        [
          ['10', 10, '%', 'percent'],
          ['15 percent', 15, '%', 'percent'],
        ],
      );
    });
    it('"by 15 cts to 18.50 dlrs" is a change, not a range', () => {
      assert.deepStrictEqual(
        extractFigures('raised prices by 15 cts to 18.50 dlrs a barrel').map((f) => f.text),
        ['15 cts', '18.50 dlrs'],
      );
    });
  });

  describe('written-out numbers', () => {
    checkPositive([
      ['thirteen police officers', 'thirteen', 13, '', 'count', 0.5],
      ['Thirteen police officers', 'Thirteen', 13, '', 'count', 0.5],
      ['twenty-five suspects', 'twenty-five', 25, '', 'count', 0.5],
      ['about two million people', 'two million', 2e6, '', 'count', 0.5e6],
      ['three million people', 'three million', 3e6, '', 'count', 0.5e6],
      ['one hundred and twenty people', 'one hundred and twenty', 120, '', 'count', 0.5],
      ['fifteen hundred troops', 'fifteen hundred', 1500, '', 'count', 0.5],
      ['forty-two thousand votes', 'forty-two thousand', 42000, '', 'count', 500],
      ['ten people', 'ten', 10, '', 'count', 0.5],
      ['half a million people', 'half a million', 5e5, '', 'count', 0.05e6],
      ['fifty cents', 'fifty cents', 0.5, 'USD', 'money', 0.005],
    ]);
  });

  describe('ratios', () => {
    checkPositive([
      ['completing one-third of his mandate', 'one-third', 1 / 3, '', 'ratio', 0.01],
      ['a two-thirds majority', 'two-thirds', 2 / 3, '', 'ratio', 0.01],
      ['three quarters of voters', 'three quarters', 0.75, '', 'ratio', 0.01],
      ['a third of the population', 'a third', 1 / 3, '', 'ratio', 0.01],
      ['2 in 5 adults', '2 in 5', 0.4, '', 'ratio', 0.005],
      ['1 out of 4 homes', '1 out of 4', 0.25, '', 'ratio', 0.005],
      ['one in five children', 'one in five', 0.2, '', 'ratio', 0.005],
      ['Nine in 10 voters', 'Nine in 10', 0.9, '', 'ratio', 0.005],
    ]);
  });

  describe('not figures', () => {
    describe('small written numbers, ordinals', () => {
      checkNegative([
        'Three suspects were arrested.',
        'one of the nine states',
        'between five and six people',
        'the first time',
        'the twentieth century',
        'on the twenty-first day',
        'the 7th floor',
        'the 21st century',
        'the 20th century',
        'a million reasons',
        'hundreds of people',
        'the fourth quarter',
      ]);
    });
    describe('dates, years and times', () => {
      checkNegative([
        'On March 18, 2021, the police',
        'On 18 March 2021 the police',
        'Nov. 17, 2023',
        'dated 04/01/21',
        'on 2021-03-18',
        'in 2019',
        'since 2008',
        'from 2018-2024',
        'in fiscal 2021-22',
        'from 2019 to 2021',
        'in the 1840s',
        "in the '90s",
        'at 10:30',
        'at 5 p.m.',
        'at 5pm',
        'at 10.30am',
        'at 1500 GMT',
        "at 12 o'clock",
        'on March 18',
        'Jan. 23',
        'on Jan. 23-25',
        'on 5 to 10 March',
        'NEW YORK, March 18 - Shell said',
        'La mañanera de AMLO, 18 de febrero',
      ]);
    });
    describe('list markers and headings', () => {
      checkNegative([
        '1. First item',
        '2) Second item',
        'intro\n  3. Third item',
        '> 4. quoted item',
        '## 2.1 Results',
        '# 3. Method',
        '### 2.1.3 Details',
        '2.1 Results',
        'sentenced for 1) violence, 2) abuse',
      ]);
      it('a number after a list marker is still a figure', () => {
        assert.deepStrictEqual(
          extractFigures('1. 524 officers').map((f) => f.text),
          ['524'],
        );
      });
      it('a three-digit number starting a wrapped line is a figure', () => {
        assert.deepStrictEqual(
          extractFigures('a total of\n415. The rest').map((f) => f.text),
          ['415'],
        );
      });
    });
    describe('identifiers', () => {
      checkNegative([
        'compared to FY2021',
        'the COVID-19 pandemic',
        'the G20 summit',
        'the H1N1 virus',
        'an A380 jet',
        'release v1.2.3',
        'call 555-123-4567',
        'call (555) 123-4567',
        'call +1 555 123 4567',
        'call 555 123 4567',
        'see example.com/2021/415',
        'an F-16 jet',
        'by mid-2020',
        'Article 5 of the treaty',
        'No. 10 Downing Street',
        'a Category 5 hurricane',
        'Flight 370',
        'served 24/7',
        '4G networks',
        'issue #415',
      ]);
    });
  });

  describe('offsets and masking', () => {
    it('offsets index the original text', () => {
      const text = 'In 2020, 1,059 homicides; the US committed $4 billion; 60 to 70 percent; thirteen died.';
      const figs = extractFigures(text);
      assert.deepStrictEqual(
        figs.map((f) => f.text),
        ['1,059', '$4 billion', '60 to 70 percent', 'thirteen'],
      );
      for (const f of figs) assert.strictEqual(text.slice(f.start, f.end), f.text);
      assert.strictEqual(figs[0].start, text.indexOf('1,059'));
      assert.strictEqual(figs[1].end, text.indexOf(';', figs[1].start));
    });
    it('treats runs of masked spaces as whitespace', () => {
      const text = 'a total of 2.9        billion dollars           and 15            percent';
      const figs = extractFigures(text);
      assert.deepStrictEqual(
        figs.map((f) => [f.value, f.unit]),
        [
          [2.9e9, 'USD'],
          [15, '%'],
        ],
      );
      for (const f of figs) assert.strictEqual(text.slice(f.start, f.end), f.text);
    });
    it('handles multi-line text and figures at both ends', () => {
      const text = '415\nand\n£600m';
      const figs = extractFigures(text);
      assert.deepStrictEqual(
        figs.map((f) => [f.text, f.start, f.end]),
        [
          ['415', 0, 3],
          ['£600m', 8, 13],
        ],
      );
    });
    it('returns [] for empty text', () => {
      assert.deepStrictEqual(extractFigures(''), []);
    });
    it('figures are in order and do not overlap', () => {
      const text = 'Shr 1.05 dlrs vs 95 cts. Revs 3,456,000 vs 2,998,000; 50 mln stg, two-thirds and 2 in 5.';
      const figs = extractFigures(text);
      assert.strictEqual(figs.length, 7);
      for (let i = 1; i < figs.length; i++) assert.ok(figs[i].start >= figs[i - 1].end);
    });
  });

  describe('invariants on random token soup', () => {
    it('offsets, ordering, finite values, unit/kind agreement', () => {
      const toks = ['1', '15', '2.9', '1,059', '$', 'US$', '£', '€', 'MXN$', 'USD', 'm', 'bn', 'million', 'mln', 'dlrs',
        'pesos', '%', 'percent', 'pct', 'to', '-', 'and', 'between', 'from', 'in', 'one', 'Twenty', 'five', '-thirds',
        'a third of', 'half a', 'hundred', 'March', '2019', '18', ',', '.', ')', '(', '\n', '#', '   ', '/', ':', '+',
        'FY', 'th', 's', 'p.m.', 'No.', 'cts'];
      let seed = 7;
      const rnd = (): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x7fffffff;
      };
      let count = 0;
      for (let it = 0; it < 5000; it++) {
        let s = '';
        const len = 1 + Math.floor(rnd() * 10);
        for (let k = 0; k < len; k++) s += toks[Math.floor(rnd() * toks.length)] + (rnd() < 0.6 ? ' ' : '');
        let prev = 0;
        for (const f of extractFigures(s)) {
          count++;
          const where = JSON.stringify(s);
          assert.strictEqual(s.slice(f.start, f.end), f.text, where);
          assert.ok(f.start >= prev && f.end > f.start, where);
          assert.ok(Number.isFinite(f.value) && f.precision > 0, where);
          if (f.high !== undefined) assert.ok(f.high > f.value, where);
          if (f.kind === 'money') assert.match(f.unit, /^[A-Z]{3}$/, where);
          else assert.strictEqual(f.unit, f.kind === 'percent' ? '%' : '', where);
          prev = f.end;
        }
      }
      assert.ok(count > 500);
    });
  });

  describe('throughput sanity', () => {
    it('scans 1 MB of mixed text without pathological backtracking', () => {
      const chunk =
        'NEW YORK, March 18 - Net profit rose 15.5 pct to 1.2 billion dlrs from 950 mln dlrs. ' +
        'About two-thirds of 1,059 staff, 60 to 70 percent, FY2021 COVID-19 one of the three ' +
        'said twenty-five people in 2019.                                        \n' +
        '1234567890'.repeat(5) +
        ' ' +
        '-'.repeat(40) +
        ' ' +
        '$'.repeat(20) +
        ' 1,2,3,4,5,6,7,8,9 1.2.3.4.5.6 one one one one one\n';
      let text = '';
      while (text.length < 1_000_000) text += chunk;
      const figs = extractFigures(text);
      assert.ok(figs.length > 1000);
      const last = figs[figs.length - 1];
      assert.strictEqual(text.slice(last.start, last.end), last.text);
    });
  });
});
