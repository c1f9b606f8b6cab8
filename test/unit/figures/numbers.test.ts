import * as assert from 'assert';
import { halfUnit, parseWrittenNumber, scaleDigits } from '../../../server/src/core/figures';

describe('written numbers', () => {
  const rows: [string, number, number, string][] = [
    ['thirteen', 13, 0.5, 'thirteen'],
    ['twenty-five people', 25, 0.5, 'twenty-five'],
    ['twenty five people', 25, 0.5, 'twenty five'],
    ['two million', 2e6, 0.5e6, 'two million'],
    ['two million three hundred thousand', 2.3e6, 500, 'two million three hundred thousand'],
    ['one hundred and twenty', 120, 0.5, 'one hundred and twenty'],
    ['one hundred and the rest', 100, 0.5, 'one hundred'],
    ['twenty-five hundred', 2500, 0.5, 'twenty-five hundred'],
    ['two thousand and five', 2005, 0.5, 'two thousand and five'],
    ['Ninety-Nine', 99, 0.5, 'Ninety-Nine'],
    ['one two three', 1, 0.5, 'one'],
    ['twenty thirty', 20, 0.5, 'twenty'],
    ['five million four billion', 5e6, 0.5e6, 'five million'],
  ];
  for (const [text, value, precision, consumed] of rows) {
    it(`${JSON.stringify(text)} -> ${value}`, () => {
      const w = parseWrittenNumber(text, 0);
      assert.ok(w);
      assert.strictEqual(w.value, value);
      assert.strictEqual(w.precision, precision);
      assert.strictEqual(text.slice(w.start, w.end), consumed);
    });
  }
  it('returns null where no number word starts', () => {
    assert.strictEqual(parseWrittenNumber('million', 0), null);
    assert.strictEqual(parseWrittenNumber('often', 0), null);
    assert.strictEqual(parseWrittenNumber('tens', 0), null);
  });
});

describe('scaled arithmetic', () => {
  it('65.333 billion and 65,333 million are the same double', () => {
    assert.strictEqual(scaleDigits(65333, 9 - 3), scaleDigits(65333, 6));
    assert.strictEqual(scaleDigits(29, 8), 2.9e9);
    assert.strictEqual(scaleDigits(151, -1), 15.1);
  });
  it('half a unit of the last digit', () => {
    assert.strictEqual(halfUnit(0, 0), 0.5);
    assert.strictEqual(halfUnit(1, 9), 0.05e9);
    assert.strictEqual(halfUnit(0, 9), 0.5e9);
    assert.strictEqual(halfUnit(1, 0), 0.05);
  });
});
