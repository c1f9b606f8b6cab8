import * as assert from 'assert';
import { MarkupContent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { citationAt, judgmentAt, sentenceContext } from '../../../server/src/features/common';
import { citationsForRange, sentenceRange } from '../../../server/src/core/parse/model';
import { provideHover } from '../../../server/src/features/hover';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

/** Many chunks, with judgments at chunk starts and ends (a citation closing a paragraph, a figure opening one). */
const DRAFT = [
  '524 police officers were killed in 2020 [@ambush-2021, para. 4]',
  '',
  'According to Justice in Mexico, 415 members of police institutions were killed in 2019 [@ambush-2021, para. 3].',
  '',
  'Three suspects have been charged and 25 other suspects have been detained [@nope-2020]',
  '',
  '> He said, “This aggression is an affront to the Mexican state, and we will respond with total force.”',
  '',
  '# 13 officers',
  '',
  'In 2020 the organization counted 524 police officers killed and 13 in one ambush.',
  '',
].join('\n');

describe('DraftAnalysis lookups by offset (no whole-draft copies for one hover)', () => {
  const index = indexOf(AMBUSH, AID, BUDGET);
  const a = new DraftChecker().check(DRAFT, index, DEFAULT_SETTINGS);

  it('judgmentsAt(offset) gives exactly the judgments of the whole list holding the offset, in order, at every offset', () => {
    assert.ok(a.chunks > 4 && a.judgments.length > 4);
    for (let off = 0; off <= DRAFT.length; off++) {
      const want = a.judgments.filter((j) => j.start <= off && off <= j.end);
      assert.deepStrictEqual(a.judgmentsAt(off), want, `offset ${off}`);
    }
  });

  it('figuresBetween(start, end) gives the draft figures wholly inside the range, for every sentence and for ranges across chunks', () => {
    const ranges: [number, number][] = a.model.sentences.map((s) => [s.start, s.end]);
    ranges.push([0, DRAFT.length], [10, 200], [DRAFT.indexOf('25'), DRAFT.indexOf('25') + 2], [5, 6]);
    for (const [s, e] of ranges) {
      assert.deepStrictEqual(
        a.figuresBetween(s, e),
        a.draftFigures.filter((f) => f.start >= s && f.end <= e),
        `[${s}, ${e})`,
      );
    }
  });

  it('hover and judgmentAt read neither the whole judgment list nor every figure', () => {
    const guarded = new Proxy(a, {
      get(target, prop, recv) {
        if (prop === 'judgments' || prop === 'draftFigures') throw new Error(`read the whole ${String(prop)}`);
        return Reflect.get(target, prop, recv);
      },
    });
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, DRAFT);
    const at415 = DRAFT.indexOf('415') + 1;
    assert.strictEqual(judgmentAt(guarded, at415, 'figure-not-in-source')?.code, 'figure-not-in-source');
    const h = provideHover(index, doc, doc.positionAt(at415), DEFAULT_SETTINGS, guarded);
    assert.match((h?.contents as MarkupContent).value, /414/);
    const s = a.model.sentences.find((x) => x.start <= at415 && at415 < x.end)!;
    const got = sentenceContext(guarded, s.start, s.end);
    assert.deepStrictEqual(got, sentenceContext({ model: a.model, draftFigures: a.draftFigures }, s.start, s.end), 'the same as reading every figure');
    assert.deepStrictEqual(got.figures.map((f) => f.text), ['415']);
  });

  it('modelAround(offset) answers every lookup at the offset as the whole model does, from the chunks there only', () => {
    const fresh = new DraftChecker().check(DRAFT, index, DEFAULT_SETTINGS); // its whole model not assembled yet
    const whole = a.model;
    for (let off = 0; off <= DRAFT.length; off++) {
      const m = fresh.modelAround(off);
      assert.ok(m.sentences.length < whole.sentences.length, `offset ${off}: only the chunks around it`);
      assert.strictEqual(m.text, whole.text);
      assert.strictEqual(m.prose, whole.prose);
      assert.deepStrictEqual(citationAt(m, off), citationAt(whole, off), `citationAt ${off}`);
      assert.deepStrictEqual(sentenceRange(m, off), sentenceRange(whole, off), `sentenceRange ${off}`);
      for (const scope of ['sentence', 'paragraph'] as const) {
        assert.deepStrictEqual(citationsForRange(m, off, off + 1, scope), citationsForRange(whole, off, off + 1, scope), `citationsForRange ${off} ${scope}`);
      }
    }
  });

  it('hover gives the same at every offset with the model around the offset as with the whole model', () => {
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, DRAFT);
    const fresh = new DraftChecker().check(DRAFT, index, DEFAULT_SETTINGS);
    const wholeOnly = {
      get model() {
        return fresh.model;
      },
      get judgments() {
        return fresh.judgments;
      },
      get figures() {
        return fresh.figures;
      },
      get quotes() {
        return fresh.quotes;
      },
      get draftFigures() {
        return fresh.draftFigures;
      },
      judgmentsAt: fresh.judgmentsAt,
      figuresBetween: fresh.figuresBetween,
    };
    let shown = 0;
    for (let off = 0; off <= DRAFT.length; off++) {
      const p = doc.positionAt(off);
      const got = provideHover(index, doc, p, DEFAULT_SETTINGS, fresh);
      assert.deepStrictEqual(got, provideHover(index, doc, p, DEFAULT_SETTINGS, wholeOnly), `offset ${off}`);
      if (got) shown++;
    }
    assert.ok(shown > 50, `hovers shown: ${shown}`);
  });
});
