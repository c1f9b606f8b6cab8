import * as assert from 'assert';
import { makeSurface, PHRASE_PARAMS, surfaceMax, surfaceScore } from '../../../server/src/core/index/phrase';
import { termOf, words } from '../../../server/src/core/text/tokens';

describe('index: surface features (exact words, word pairs)', () => {
  const saved = { ...PHRASE_PARAMS };
  afterEach(() => Object.assign(PHRASE_PARAMS, saved));
  const idfs: Record<string, number> = { chip: 3, report: 2, time: 1, faster: 2, current: 1.5, stock: 1, term: 1 };
  const idfOf = (t: string) => idfs[t];

  it('words keeps stop words, one-character words and word forms; termOf gives the index term or undefined', () => {
    assert.deepStrictEqual(words('The chip is up to 10-times faster, 17-6.'), ['the', 'chip', 'is', 'up', 'to', '10', 'times', 'faster', '17', '6']);
    assert.strictEqual(termOf('stocks'), 'stock');
    assert.strictEqual(termOf('the'), undefined);
    assert.strictEqual(termOf('6'), undefined);
  });

  it('the passage holding the sentence as written outscores one with the same terms in other forms and order', () => {
    const s = makeSurface('The chip is reported to be up to 10 times faster than current processors', idfOf);
    const verbatim = surfaceScore(s, 'Sony will unveil the chip. The chip is reported to be up to 10 times faster than current processors.');
    const reworded = surfaceScore(s, 'The Cell processor will run 10-times faster than current PC chips, its designers have reported.');
    assert.ok(verbatim > reworded, `${verbatim} > ${reworded}`);
    assert.ok(reworded > 0, 'shared words and pairs still count');
    assert.ok(verbatim <= surfaceMax(s) + 1e-9, 'surfaceMax bounds the score');
  });

  it('each word and pair counts once; words the index lacks weigh nothing; stop-word pairs weigh stopWeight', () => {
    const s = makeSurface('stocks term unknownword', idfOf);
    assert.deepStrictEqual([...s.words.keys()], ['stocks', 'term'], 'a word whose term is in no passage is left out');
    assert.deepStrictEqual([...s.pairs.keys()], ['stocks term']);
    const once = surfaceScore(s, 'stocks term');
    assert.strictEqual(surfaceScore(s, 'stocks term, stocks term'), once);
    assert.strictEqual(once, PHRASE_PARAMS.formWeight * 2 + PHRASE_PARAMS.pairWeight * 1);
    assert.strictEqual(surfaceScore(s, 'stock terms'), 0, 'other forms of the words do not count here (BM25 counts them)');
    const stops = makeSurface('up to', idfOf);
    assert.strictEqual(surfaceScore(stops, 'up to the top'), PHRASE_PARAMS.pairWeight * PHRASE_PARAMS.stopWeight);
    PHRASE_PARAMS.formWeight = 0;
    PHRASE_PARAMS.pairWeight = 0;
    assert.strictEqual(surfaceScore(s, 'stocks term'), 0);
  });
});
