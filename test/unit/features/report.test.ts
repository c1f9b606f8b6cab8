import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { buildReport } from '../../../server/src/features/report';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

const DRAFT = [
  'In 2020, 524 police officers were killed [@ambush-2021, para. 4].',
  '',
  'According to Justice in Mexico, 415 members of police institutions were killed in 2019 [@ambush-2021, para. 3].',
  '',
  'Three suspects have been charged and 25 other suspects have been detained.',
  '',
  'He said, “This aggression is an affront to the Mexican state, and we will respond with total force.”',
  '',
].join('\n');

function report(text: string) {
  const index = indexOf(AMBUSH, AID, BUDGET);
  const doc = TextDocument.create('file:///draft.md', 'markdown', 1, text);
  const check = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
  return { doc, check, r: buildReport(doc, check) };
}

describe('features/report: the citation report', () => {
  it('gives each claim the message of its own judgment, and counts that add up', () => {
    const { check, r } = report(DRAFT);
    const byFigure = new Map(r.items.map((i) => [i.figure, i]));
    assert.strictEqual(byFigure.get('524')?.status, 'cited');
    assert.strictEqual(byFigure.get('415')?.status, 'mismatched');
    const wrong = check.judgments.find((j) => j.code === 'figure-not-in-source');
    assert.ok(wrong && byFigure.get('415')?.message === wrong.message, 'the wrong figure carries its judgment message');
    assert.strictEqual(byFigure.get('25')?.status, 'uncited');
    assert.strictEqual(byFigure.get('25')?.message, check.judgments.find((j) => j.code === 'uncited-figure' && DRAFT.slice(j.start, j.end) === '25')?.message);
    const quote = r.items.find((i) => i.kind === 'quote');
    assert.ok(quote && quote.status === 'uncited' && quote.message === check.judgments.find((j) => j.code === 'uncited-quote')?.message);
    assert.strictEqual(r.cited + r.uncited + r.mismatched + (r.unknownKey ?? 0) + (r.badLocator ?? 0), r.items.length);
  });

  it('finds each claim’s judgment without searching the judgment list once per claim (a heavy draft has 100,000 of each)', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Officials counted ${300 + i} cases and ${5000 + i} arrests.`).join('\n\n') + '\n';
    const index = indexOf(AMBUSH, AID, BUDGET);
    const doc = TextDocument.create('file:///heavy.md', 'markdown', 1, text);
    const check = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
    const judgments = [...check.judgments];
    let reads = 0;
    // Count element reads of the judgment list: one pass is 600 reads, a search per claim ~180,000.
    const counted = new Proxy(judgments, {
      get(target, prop, recv) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, recv);
      },
    });
    const r = buildReport(doc, { ...check, model: check.model, figures: check.figures, quotes: check.quotes, draftFigures: check.draftFigures, judgments: counted });
    assert.strictEqual(r.items.length, 600);
    assert.ok(r.items.every((i) => i.status === 'uncited' && i.message), 'every claim has its message');
    assert.ok(reads <= 4 * judgments.length, `judgment reads: ${reads} for ${judgments.length} judgments`);
  });
});
