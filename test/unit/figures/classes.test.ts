/**
 * Issue 11: every recognition and exclusion class, both ways (is a figure / is not),
 * and the matching rules that go with them.
 */
import * as assert from 'assert';
import { extractFigures, figureMatches } from '../../../server/src/core/figures';
import { Figure } from '../../../server/src/core/types';

interface Want {
  text: string;
  value: number;
  unit?: string;
  kind?: Figure['kind'];
  high?: number;
  second?: number;
  dimension?: string;
  hedge?: Figure['hedge'];
}

function close(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** `sentence` has exactly the figure `w` (and no other). */
function yes(sentence: string, w: Want, lang?: string): void {
  it(`${JSON.stringify(sentence)}${lang ? ` (${lang})` : ''} -> ${JSON.stringify(w.text)}`, () => {
    const figs = extractFigures(sentence, { lang });
    assert.strictEqual(figs.length, 1, `one figure, got ${JSON.stringify(figs.map((f) => f.text))}`);
    const f = figs[0];
    assert.strictEqual(f.text, w.text);
    assert.strictEqual(sentence.slice(f.start, f.end), f.text);
    assert.ok(close(f.value, w.value), `value ${f.value} != ${w.value}`);
    if (w.unit !== undefined) assert.strictEqual(f.unit, w.unit);
    if (w.kind !== undefined) assert.strictEqual(f.kind, w.kind);
    assert.ok(close(f.high, w.high), `high ${f.high} != ${w.high}`);
    if (w.second !== undefined) assert.strictEqual(f.second, w.second);
    if (w.dimension !== undefined) assert.strictEqual(f.dimension, w.dimension);
    assert.strictEqual(f.hedge, w.hedge);
  });
}

/** `sentence` has no figure at all. */
function no(sentence: string, lang?: string): void {
  it(`${JSON.stringify(sentence)}${lang ? ` (${lang})` : ''} has no figure`, () => {
    assert.deepStrictEqual(
      extractFigures(sentence, { lang }).map((f) => f.text),
      [],
    );
  });
}

function fig(s: string, lang?: string): Figure {
  const f = extractFigures(s, { lang });
  assert.strictEqual(f.length, 1, `one figure in ${JSON.stringify(s)}: ${JSON.stringify(f.map((g) => g.text))}`);
  return f[0];
}

function match(draft: string, source: string, expected: boolean, sourceLang?: string): void {
  it(`draft ${JSON.stringify(draft)} ${expected ? 'is' : 'is not'} backed by ${JSON.stringify(source)}${sourceLang ? ` (${sourceLang})` : ''}`, () => {
    assert.strictEqual(figureMatches(fig(draft), fig(source, sourceLang)), expected);
  });
}

describe('figure classes (issue 11)', () => {
  describe('scale suffixes', () => {
    yes('2m people were affected', { text: '2m', value: 2e6, unit: '', kind: 'count' });
    yes('a 10k bonus', { text: '10k', value: 1e4, kind: 'count' });
    yes('sales of 1.5bn', { text: '1.5bn', value: 1.5e9 });
    yes('debts of 3.2tn', { text: '3.2tn', value: 3.2e12 });
    yes('it cost £2.3bn', { text: '£2.3bn', value: 2.3e9, unit: 'GBP', kind: 'money' });
    yes('a $45m deal', { text: '$45m', value: 4.5e7, unit: 'USD' });
    yes('10M users', { text: '10M', value: 1e7 });
    yes('valued at 1.2B', { text: '1.2B', value: 1.2e9 });
    yes('two million people', { text: 'two million', value: 2e6 });
    yes('1.2 billion people', { text: '1.2 billion', value: 1.2e9 });
    yes('322 hundred', { text: '322 hundred', value: 32200 });
    // "600m": the context decides.
    yes('the 600m race', { text: '600m', value: 600, unit: 'm', kind: 'measure', dimension: 'length' });
    yes('a 600m-long bridge', { text: '600m', value: 600, unit: 'm', kind: 'measure' });
    yes('600m euros', { text: '600m euros', value: 6e8, unit: 'EUR', kind: 'money' });
    yes('600m passengers', { text: '600m', value: 6e8, kind: 'count' });
    no('the 600m.');
    no('a 10k run');
  });

  describe('fractions and shares', () => {
    yes('3/4 of voters', { text: '3/4', value: 0.75, kind: 'ratio' });
    yes('two-thirds of members', { text: 'two-thirds', value: 2 / 3, kind: 'ratio' });
    yes('a third of the town', { text: 'a third', value: 1 / 3, kind: 'ratio' });
    yes('half of the staff', { text: 'half', value: 0.5, kind: 'ratio' });
    yes('a quarter of homes', { text: 'a quarter', value: 0.25, kind: 'ratio' });
    yes('one and a half miles', { text: 'one and a half miles', value: 1.5, unit: 'mile', kind: 'measure' });
    yes('it took 1½ hours', { text: '1½ hours', value: 1.5, unit: 'h', dimension: 'duration' });
    yes('27-1/2 cts', { text: '27-1/2 cts', value: 0.275, unit: 'USD', kind: 'money' });
    no('the past three quarters');
    no('in the last three quarters of 2004');
    no('the first half of 2020');
    no('served 24/7');
    no('since 9/11');
    match('a third of voters', '33%', true);
    match('33%', 'a third of voters', true);
    match('a third of voters', '40%', false);
    match('three quarters of voters', '75 percent', true);
  });

  describe('negatives', () => {
    yes('it was -3C overnight', { text: '-3C', value: -3, unit: 'C', kind: 'measure', dimension: 'temperature' });
    yes('minus 5 degrees Celsius', { text: 'minus 5 degrees Celsius', value: -5, unit: 'C' });
    yes('growth of −4.5%', { text: '−4.5%', value: -4.5, unit: '%', kind: 'percent' });
    yes('shares fell by 2%', { text: '2%', value: 2, unit: '%' });
    yes('a range of 5 - 6', { text: '5 - 6', value: 5, high: 6 });
    no('COVID-19 cases');
    match('-3C', '-3C', true);
    match('-3C', '3C', false);
  });

  describe('units and dimensions', () => {
    yes('a 5 km walk', { text: '5 km', value: 5, unit: 'km', dimension: 'length' });
    yes('he weighs 200lbs', { text: '200lbs', value: 200, unit: 'lb', dimension: 'mass' });
    yes('add 75ml of milk', { text: '75ml', value: 75, unit: 'ml', dimension: 'volume' });
    yes('a 30mph limit', { text: '30mph', value: 30, unit: 'mph', dimension: 'speed' });
    yes('40 degrees Celsius', { text: '40 degrees Celsius', value: 40, unit: 'C', dimension: 'temperature' });
    yes('a 45-year-old man', { text: '45-year-old', value: 45, unit: 'age', dimension: 'age' });
    yes('children aged 12', { text: '12', value: 12, unit: 'age', dimension: 'age' });
    yes('a 3GW plant', { text: '3GW', value: 3, unit: 'GW', dimension: 'power' });
    yes('10 TB of data', { text: '10 TB', value: 10, unit: 'TB', dimension: 'data' });
    yes('381,000 hectares', { text: '381,000 hectares', value: 381000, unit: 'ha', dimension: 'area' });
    yes('100,000 tonnes of sugar', { text: '100,000 tonnes', value: 1e5, unit: 't', dimension: 'mass' });
    yes('a 26,700 sq ft site', { text: '26,700 sq ft', value: 26700, unit: 'sqft', dimension: 'area' });
    yes('10 sq km of forest', { text: '10 sq km', value: 10, unit: 'km2', dimension: 'area' });
    yes('at 5 km/h', { text: '5 km/h', value: 5, unit: 'km/h', dimension: 'speed' });
    no('he has 5 ha'.replace('5 ha', 'five has')); // "has" is not hectares
    yes('three stone heavier', { text: 'three stone', value: 3, unit: 'st' });
    match('5 km', '3.1 miles', true);
    match('3.1 miles', '5 km', true);
    match('5 km', '5 miles', false);
    match('40F', '40C', false);
    match('40F', '4.4C', true);
    match('5 km', '5', true); // a count in the source: the unit is not contradicted
    match('45-year-old', '45 years', false); // an age is not a duration
  });

  describe('durations: a stated duration is a figure, a relative period is not', () => {
    yes('he was held for 18 months', { text: '18 months', value: 18, unit: 'month', dimension: 'duration' });
    yes('an 18-month loan', { text: '18-month', value: 18, unit: 'month' });
    yes('it took 15 years', { text: '15 years', value: 15, unit: 'year' });
    yes('for 3 hours', { text: '3 hours', value: 3, unit: 'h' });
    no('over the next 3 days');
    no('in the past 12 months');
    no('10 years ago');
    no('20 years earlier');
    no('for three weeks'); // small written durations are prose
    match('18 months', '1.5 years', true);
  });

  describe('percent and percentage points', () => {
    yes('up 0.4 percentage points', { text: '0.4 percentage points', value: 0.4, unit: 'pp', kind: 'points' });
    yes('rose 5 per cent', { text: '5 per cent', value: 5, unit: '%', kind: 'percent' });
    yes('rose 5 percent', { text: '5 percent', value: 5, unit: '%' });
    yes('rose 5pc', { text: '5pc', value: 5, unit: '%' });
    yes('rose 5 pct', { text: '5 pct', value: 5, unit: '%' });
    match('0.4 percentage points', '0.4%', false);
    match('0.4%', '0.4 percentage points', false);
    match('0.4 percentage points', '0.4 pct points', true);
  });

  describe('money', () => {
    yes('it costs 50 cents', { text: '50 cents', value: 0.5, unit: 'USD', kind: 'money' });
    yes('shares at 470 pence', { text: '470 pence', value: 4.7, unit: 'GBP' });
    yes('one penny more', { text: 'one penny', value: 0.01, unit: 'GBP' });
    yes('a 300p a share bid', { text: '300p', value: 3, unit: 'GBP' });
    yes('3 dollars 50 cents', { text: '3 dollars 50 cents', value: 3.5, unit: 'USD' });
    yes('USD 5m', { text: 'USD 5m', value: 5e6, unit: 'USD' });
    yes('5m USD', { text: '5m USD', value: 5e6, unit: 'USD' });
    yes('C$16.4 million', { text: 'C$16.4 million', value: 1.64e7, unit: 'CAD' });
    yes('A$20', { text: 'A$20', value: 20, unit: 'AUD' });
    yes('HK$20', { text: 'HK$20', value: 20, unit: 'HKD' });
    yes('R$20', { text: 'R$20', value: 20, unit: 'BRL' });
    yes('MXN$5,000', { text: 'MXN$5,000', value: 5000, unit: 'MXN' });
    yes('€20', { text: '€20', value: 20, unit: 'EUR' });
    yes('¥500', { text: '¥500', value: 500, unit: 'JPY' });
    yes('₹500', { text: '₹500', value: 500, unit: 'INR' });
    yes('65,333 million pesos', { text: '65,333 million pesos', value: 6.5333e10, unit: 'MXN' });
    yes('20bn yen', { text: '20bn yen', value: 2e10, unit: 'JPY' });
    yes('500 rupees', { text: '500 rupees', value: 500, unit: 'INR' });
    yes('40 euros', { text: '40 euros', value: 40, unit: 'EUR' });
    match('$0.50', '50 cents', true);
    match('£4.70', '470 pence', true);
  });

  describe('written numbers', () => {
    yes('fifty-two people', { text: 'fifty-two', value: 52 });
    yes('fifty - two people', { text: 'fifty - two', value: 52 });
    yes('twenty one people', { text: 'twenty one', value: 21 });
    yes('a dozen eggs', { text: 'a dozen', value: 12 });
    yes('a hundred people', { text: 'a hundred', value: 100 });
    yes('a score of people', { text: 'a score', value: 20 });
    yes('3 million', { text: '3 million', value: 3e6 });
    yes('zero percent growth', { text: 'zero percent', value: 0, unit: '%' });
    yes('nought per cent', { text: 'nought per cent', value: 0, unit: '%' });
    yes('a yield of .08', { text: '.08', value: 0.08 });
    yes('1 234 567 people', { text: '1 234 567', value: 1234567 });
    yes('1\u2009234 people', { text: '1\u2009234', value: 1234 });
    no('dozens of people'); // vague: not a checkable figure
    no('hundreds of people');
    no('Three suspects');
  });

  describe('ranges and hedges', () => {
    yes('60 to 70 percent', { text: '60 to 70 percent', value: 60, high: 70, unit: '%' });
    yes('$2-3bn', { text: '$2-3bn', value: 2e9, high: 3e9, unit: 'USD' });
    yes('between 10 and 12 people', { text: '10 and 12', value: 10, high: 12 });
    yes('about 300 people', { text: '300', value: 300, hedge: 'approx' });
    yes('more than 500 people', { text: '500', value: 500, hedge: 'min' });
    yes('up to 40 people', { text: '40', value: 40, hedge: 'max' });
    match('more than 500', '512', true);
    match('more than 500', '480', false);
    match('more than 500', '2,000', false);
    match('about 300', '310', true);
    match('about 300', '400', false);
    match('up to 40', '38', true);
    match('up to 40', '45', false);
    match('500', '512', false); // no hedge: the draft's precision
  });

  describe('scores and results', () => {
    yes('a 4-2 win', { text: '4-2', value: 4, second: 2, kind: 'score' });
    yes('MPs voted 310 to 290', { text: '310 to 290', value: 310, second: 290, kind: 'score' });
    yes('MPs voted 272-219 in favour', { text: '272-219', value: 272, second: 219, kind: 'score' });
    yes("England's 19-13 defeat", { text: '19-13', value: 19, second: 13, kind: 'score' });
    it('a tennis line is one score per set', () => {
      assert.deepStrictEqual(
        extractFigures('came through 6-3 3-6 6-3 to win').map((f) => [f.kind, f.value, f.second]),
        [
          ['score', 6, 3],
          ['score', 3, 6],
          ['score', 6, 3],
        ],
      );
    });
    no('on 5-6 March');
    match('won 4-2', 'a 4-2 win', true);
    match('a 4-2 win', 'a 2-4 defeat', true);
    match('a 4-2 win', 'a 4-1 win', false);
  });

  describe('never a figure', () => {
    for (const s of [
      'see you at 7.',
      'at 7pm',
      'at 19:30',
      'at 6.45am',
      'from 5 to 6pm',
      'open 5 to 6pm',
      'on 26 June',
      'on June 26',
      'on 26/6',
      'in 2015-03',
      'on Friday 7.6',
      'on the 3rd',
      'on Feb. 30',
      'in week 31',
      'in Q3',
      'in nineteen ninety-six',
      'by two thousand and twenty',
      'at 0950 GMT',
      'the 1980s',
      'in 2019',
    ]) {
      no(s);
    }
  });

  describe('Spanish', () => {
    yes('65.333 millones de pesos', { text: '65.333 millones de pesos', value: 6.5333e10, unit: 'MXN' }, 'es');
    yes('una inflación de 15,1 %', { text: '15,1 %', value: 15.1, unit: '%' }, 'es');
    yes('ventas de 1.234,5 millones', { text: '1.234,5 millones', value: 1.2345e9 }, 'es');
    yes('13 mil millones de dólares', { text: '13 mil millones de dólares', value: 1.3e10, unit: 'USD' }, 'es');
    yes('Trece policías murieron', { text: 'Trece', value: 13 }, 'es');
    yes('un tercio de los municipios', { text: 'un tercio', value: 1 / 3, kind: 'ratio' }, 'es');
    yes('dos terceras partes', { text: 'dos terceras partes', value: 2 / 3, kind: 'ratio' }, 'es');
    yes('subió 0,4 puntos porcentuales', { text: '0,4 puntos porcentuales', value: 0.4, kind: 'points' }, 'es');
    yes('el 48 por ciento', { text: '48 por ciento', value: 48, unit: '%' }, 'es');
    yes('más de 500 familias', { text: '500', value: 500, hedge: 'min' }, 'es');
    yes('1,6 millones de barriles', { text: '1,6 millones de barriles', value: 1.6e6, unit: 'bbl' }, 'es');
    yes('pagó $5,000 pesos', { text: '$5,000 pesos', value: 5000, unit: 'MXN' }, 'es'); // Mexican grouping
    yes('unos 1,500 empleados', { text: '1,500', value: 1500, hedge: 'approx' }, 'es');
    yes('cerca de 300 personas', { text: '300', value: 300, hedge: 'approx' }, 'es');
    no('el 14 de octubre', 'es');
    no('a las 10 de la mañana', 'es');
    no('a las 14:30 horas', 'es');
    match('65,333 million pesos', '65.333 millones de pesos', true, 'es');
    match('15.1%', '15,1 %', true, 'es');
    match('13 billion dollars', '13 mil millones de dólares', true, 'es');
    match('thirteen', 'trece', true, 'es');
    match('a third of voters', 'un tercio', true, 'es');
    match('15.1%', '15,1 %', false); // read as English, "15,1" is not 15.1
  });
});
