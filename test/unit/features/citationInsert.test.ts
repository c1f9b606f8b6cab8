/**
 * Issue 8 §3: the one implementation of citation insertion (features/citationInsert.ts),
 * behind both the quick fixes and the client's Insert Citation / Cite at Cursor
 * (sourceLinked/citationInsert). The draft's parse finds the group a cursor is in.
 */
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { citationItem, claimCitationEdit, cursorCitationEdit, cursorCitationEdits } from '../../../server/src/features/citationInsert';

/** The draft after inserting `key, locator` at the cursor marked `|`. */
function atCursor(textWithCursor: string, key: string, locator: string): string {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
  const edit = cursorCitationEdit(doc, parseDraft(text), offset, key, locator);
  return TextDocument.applyEdits(doc, [edit]);
}

describe('citation insertion (server, one implementation)', () => {
  it('writes the locator given: para. N, p. N for a PDF, none for a whole source', () => {
    assert.strictEqual(citationItem('a', 'para. 3'), '@a, para. 3');
    assert.strictEqual(citationItem('a', 'p. 12'), '@a, p. 12');
    assert.strictEqual(citationItem('a', ''), '@a');
    assert.strictEqual(atCursor('were killed|', 'report-2021', 'p. 3'), 'were killed [@report-2021, p. 3]');
    assert.strictEqual(atCursor('were killed|', 'new-source-2024', ''), 'were killed [@new-source-2024]');
  });

  it('inserts a new group at the cursor, with a space only after a word or punctuation', () => {
    assert.strictEqual(atCursor('were killed|', 'smith04', 'para. 3'), 'were killed [@smith04, para. 3]');
    assert.strictEqual(atCursor('were killed |', 'k', 'para. 1'), 'were killed [@k, para. 1]');
    assert.strictEqual(atCursor('|', 'k', 'para. 1'), '[@k, para. 1]');
    assert.strictEqual(atCursor('Officers died.|', 'k', 'para. 1'), 'Officers died. [@k, para. 1]');
  });

  it('joins the group the cursor is in, before its ]', () => {
    for (const at of [8, 12, 20, 23]) {
      const text = 'killed [see @a, para. 2] today';
      assert.strictEqual(atCursor(text.slice(0, at) + '|' + text.slice(at), 'b', 'para. 4'), 'killed [see @a, para. 2; @b, para. 4] today', `cursor ${at}`);
    }
    assert.strictEqual(atCursor('x [-@x; @y|]', 'z', 'para. 1'), 'x [-@x; @y; @z, para. 1]');
  });

  it('does not join links, images, e-mail brackets, escaped or closed brackets', () => {
    assert.strictEqual(atCursor('[see @x|](http://a)', 'k', 'para. 1'), '[see @x [@k, para. 1]](http://a)');
    assert.strictEqual(atCursor('[mail a@b.com|]', 'k', 'para. 1'), '[mail a@b.com [@k, para. 1]]');
    assert.strictEqual(atCursor('\\[@x|]', 'k', 'para. 1'), '\\[@x [@k, para. 1]]');
    assert.strictEqual(atCursor('[@x] after|', 'k', 'para. 1'), '[@x] after [@k, para. 1]');
    assert.strictEqual(atCursor('![alt @x|](i.png)', 'k', 'para. 1'), '![alt @x [@k, para. 1]](i.png)');
  });

  it('one edit per cursor', () => {
    const text = 'First claim. Second [@a, para. 1] claim.';
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    const edits = cursorCitationEdits(doc, parseDraft(text), [doc.positionAt(11), doc.positionAt(25)], 'k', 'para. 2');
    assert.strictEqual(TextDocument.applyEdits(doc, edits), 'First claim [@k, para. 2]. Second [@a, para. 1; @k, para. 2] claim.');
  });

  it('for a claim (quick fix): before the final punctuation, or into the sentence group; nothing when already cited', () => {
    const text = 'Police said 415 were killed. Next.';
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    const e = claimCitationEdit(doc, parseDraft(text), text.indexOf('415'), 'k', 'para. 3')!;
    assert.strictEqual(TextDocument.applyEdits(doc, [e]), 'Police said 415 were killed [@k, para. 3]. Next.');
    const cited = 'Police said 415 were killed [@k, para. 3].';
    const d2 = TextDocument.create('file:///d.md', 'markdown', 1, cited);
    assert.strictEqual(claimCitationEdit(d2, parseDraft(cited), cited.indexOf('415'), 'k', 'para. 3'), undefined);
    const e3 = claimCitationEdit(d2, parseDraft(cited), cited.indexOf('415'), 'j', 'p. 4')!;
    assert.strictEqual(TextDocument.applyEdits(d2, [e3]), 'Police said 415 were killed [@k, para. 3; @j, p. 4].');
  });
});
