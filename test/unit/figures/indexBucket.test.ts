import * as assert from 'assert';
import { extractFigures } from '../../../server/src/core/figures';
import { bucketProbe, candidateRange, figureIndexBucket, figureMatches, withinPrecision } from '../../../server/src/core/figures/match';

const fig = (t: string) => extractFigures(t)[0];
/** The index's gate: a bucket is searched when the figure has a value range in it. */
const bucketCanMatch = (f: ReturnType<typeof fig>, bucket: string) => candidateRange(f, bucketProbe(bucket)) !== null;

describe('figure index buckets and precision', () => {
  it('buckets by kind and unit', () => {
    assert.strictEqual(figureIndexBucket(fig('$4 billion')), 'money:USD');
    assert.strictEqual(figureIndexBucket(fig('414')), 'count:');
    assert.strictEqual(figureIndexBucket(fig('15.1%')), 'percent:%');
  });

  it('a figure looks in its own bucket, and counts and money look in each other', () => {
    assert.ok(bucketCanMatch(fig('$4 billion'), 'money:USD'));
    assert.ok(bucketCanMatch(fig('$4 billion'), 'count:'));
    assert.ok(!bucketCanMatch(fig('$4 billion'), 'money:GBP'));
    assert.ok(bucketCanMatch(fig('414'), 'money:MXN'));
    assert.ok(!bucketCanMatch(fig('15.1%'), 'count:'));
    assert.ok(!bucketCanMatch(fig('414'), 'percent:%'));
  });

  it('withinPrecision agrees with figureMatches on plain values', () => {
    for (const [draft, source] of [
      ['$3 billion', '2.9 billion'],
      ['415', '414'],
      ['2.3 million', '2,300,000'],
      ['15.1%', '15.2%'],
    ]) {
      const d = fig(draft);
      const s = fig(source);
      assert.strictEqual(withinPrecision(s.value, d), figureMatches(d, s), `${draft} vs ${source}`);
    }
    assert.ok(withinPrecision(2.9e9, fig('$3 billion')));
    assert.ok(!withinPrecision(414, fig('415')));
  });
});
