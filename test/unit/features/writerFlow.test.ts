/** Completion items in-process (the feature function), for what the stdio harness's fixed capabilities cannot show. */
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../../server/src/core/settings';
import { checkText } from '../../../server/src/core/judgments/draftCheck';
import { provideCompletion } from '../../../server/src/features/completion';
import { provideDefinition } from '../../../server/src/features/definition';
import { AID, AMBUSH, BUDGET, indexOf } from '../../helpers/fixtures';

const index = indexOf(AMBUSH, AID, BUDGET);
const settings = resolveSettings(undefined);

function complete(text: string, labelDetailsSupport: boolean) {
  const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
  return provideCompletion(index, doc, doc.positionAt(text.length), settings, checkText(text, index, settings), undefined, labelDetailsSupport)!;
}

describe('completion items (in-process)', () => {
  const text = 'In 2020, 524 police officers were killed across the country [@';
  it('for a client that renders labelDetails: "states 524", then title and date, in the description; no repeated detail', () => {
    const list = complete(text, true);
    const first = list.items[0];
    assert.strictEqual(first.label, 'ambush-2021, para. 4');
    assert.match(first.labelDetails!.description!, /^states 524 · 13 Edomex Officers Killed in Ambush/, 'what decides comes first');
    assert.strictEqual(first.detail, undefined);
    const other = list.items.find((i) => i.label === 'aid-2021')!;
    assert.doesNotMatch(other.labelDetails!.description!, /states/, 'no figure stated: no "states"');
    assert.match(other.labelDetails!.description!, /^Conversations between Mexico and the United States — The United States committed/);
    assert.strictEqual(other.detail, undefined);
  });
  it('for other clients, detail keeps the title (they ignore labelDetails)', () => {
    const list = complete(text, false);
    assert.match(list.items[0].detail!, /^13 Edomex Officers Killed in Ambush/);
  });
});

describe('definition ranges (in-process)', () => {
  const at = (text: string, needle: string) => {
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    return provideDefinition(index, doc, doc.positionAt(text.indexOf(needle) + 2), checkText(text, index, settings))!;
  };
  it('spans every line of the located paragraphs', () => {
    const loc = at('Three suspects were charged [@ambush-2021, paras. 2-3].', '@ambush');
    assert.strictEqual(loc.range.start.line, AMBUSH.passages[1].startLine);
    assert.deepStrictEqual(loc.range.end, { line: AMBUSH.passages[2].endLine + 1, character: 0 });
  });
  it('without a locator: the passage stating the sentence\'s figure, else the best word match, never the title line', () => {
    assert.strictEqual(at('In 2020, 524 officers were killed [@ambush-2021].', '@ambush').range.start.line, AMBUSH.passages[3].startLine);
    assert.strictEqual(at('Martínez-Celis called it an affront to the Mexican state [@ambush-2021].', '@ambush').range.start.line, AMBUSH.passages[4].startLine);
  });
});
