import * as assert from 'assert';
import { SourceSearch, trigramsOf } from '../../../server/src/core/index/fuzzy';
import { Source } from '../../../server/src/core/types';
import { source } from '../../helpers/fixtures';

function mapOf(sources: Source[]): Map<string, Source> {
  return new Map(sources.map((s) => [s.key, s]));
}

describe('index: fuzzy source search', () => {
  it('matches key, title and author with typos', () => {
    const m = mapOf([source('ambush-2021', '13 Edomex Officers Killed in Ambush', ['x']), source('x-2020', 'Budget Reforms', ['y'], { author: 'Sofia Cortez' })]);
    const s = new SourceSearch(m);
    assert.strictEqual(s.search('ambsh')[0]?.key, 'ambush-2021');
    assert.strictEqual(s.search('cortez')[0]?.key, 'x-2020');
    assert.deepStrictEqual(s.search('   '), []);
  });

  it('sees changes only after invalidate', () => {
    const m = mapOf([source('a-2021', 'Alpha', ['x'])]);
    const s = new SourceSearch(m);
    assert.strictEqual(s.search('gamma').length, 0);
    m.set('g-2021', source('g-2021', 'Gamma Rays', ['x']));
    s.invalidate();
    assert.strictEqual(s.search('gamma')[0]?.key, 'g-2021');
  });

  it('prefilters large corpora by shared trigrams', () => {
    const many: Source[] = [];
    for (let i = 0; i < 3500; i++) many.push(source(`filler-${i}`, `Filler article number ${i}`, ['x']));
    many.push(source('militry-trainers-2023', 'Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico', ['x']));
    const s = new SourceSearch(mapOf(many));
    assert.strictEqual(s.trigramCandidates('military trainers', 5)[0].key, 'militry-trainers-2023');
    assert.strictEqual(s.search('military trainers')[0]?.key, 'militry-trainers-2023');
  });

  it('nearest keys by edit distance and shared words', () => {
    const s = new SourceSearch(mapOf([source('mexico-president-asks-2023', 'Mexico President Asks', ['x']), source('edomex-officers-killed-2021', 'Officers', ['x'])]));
    assert.deepStrictEqual(s.nearestKeys('mexico-presdent-asks-2023', 1), ['mexico-president-asks-2023']);
    assert.deepStrictEqual(s.nearestKeys('zzzzzz-qqqq'), [], 'nothing near: no suggestion');
  });

  it('trigrams are distinct', () => {
    assert.deepStrictEqual([...trigramsOf('abab')].sort(), ['aba', 'bab']);
  });
});
