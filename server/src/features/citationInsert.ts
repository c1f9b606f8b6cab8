/**
 * Where a citation of one passage goes, and its text: the one implementation behind the
 * uncited-figure / uncited-quote quick fixes (codeActions.ts: the claim's sentence) and the
 * client's Insert Citation and "Cite at Cursor" (the `sourceLinked/citationInsert`
 * request: at the cursor). Both join the bracketed citation group already there
 * (`[see @a, para. 2]` -> `[see @a, para. 2; @key, para. N]`) rather than add a second one.
 * The groups come from the draft's parse (model.citations), so links, images, e-mail
 * addresses and escaped brackets are never mistaken for a citation.
 */
import { Position, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sentenceRange } from '../core/judgments/check';
import { Citation, DraftModel } from '../core/types';
import { toRange } from '../lsp/convert';

/** `@key, para. N` (no brackets); a whole source (`locator` '') is `@key`. */
export function citationItem(key: string, locator: string): string {
  return locator ? `@${key}, ${locator}` : `@${key}`;
}

/** The edit that adds `key, locator` to a bracketed group: `; @key, locator` before its `]`. */
function joinGroup(doc: TextDocument, group: Citation, key: string, locator: string): TextEdit {
  const pos = group.end - 1; // before ']'
  return { range: toRange(doc, pos, pos), newText: `; ${citationItem(key, locator)}` };
}

/** The bracketed citation group the cursor is in: after its `[` and at or before its `]`. */
export function groupAtCursor(model: DraftModel, offset: number): Citation | undefined {
  return model.citations.find((c) => c.bracketed && c.start < offset && offset < c.end);
}

/**
 * The edit that cites `key, locator` at the cursor: joined into the group the cursor is
 * in, else `[@key, locator]` at the cursor, with a space in front when the cursor directly
 * follows a word or punctuation.
 */
export function cursorCitationEdit(doc: TextDocument, model: DraftModel, offset: number, key: string, locator: string): TextEdit {
  const group = groupAtCursor(model, offset);
  if (group) return joinGroup(doc, group, key, locator);
  const before = offset > 0 ? model.text.charAt(offset - 1) : '';
  const space = /[\p{L}\p{N}.,;:!?)\]"'”’%*_]/u.test(before) ? ' ' : '';
  return { range: toRange(doc, offset, offset), newText: `${space}[${citationItem(key, locator)}]` };
}

/** Cursor edits for several cursors (one per selection), in the order given. */
export function cursorCitationEdits(doc: TextDocument, model: DraftModel, positions: Position[], key: string, locator: string): TextEdit[] {
  return positions.map((p) => cursorCitationEdit(doc, model, doc.offsetAt(p), key, locator));
}

const CLOSERS = new Set(['"', "'", '\u201D', '\u2019', ')', '*', '_']);

/**
 * The edit that cites `key, locator` for the claim at `offset`: merged into
 * the sentence's bracketed citation when there is one, else a new
 * `[@key, locator]` before the sentence's final punctuation. Undefined when the
 * group already cites exactly that.
 */
export function claimCitationEdit(doc: TextDocument, model: DraftModel, offset: number, key: string, locator: string): TextEdit | undefined {
  const [s0, s1] = sentenceRange(model, offset);
  const text = model.text;
  const group = model.citations.filter((c) => c.bracketed && c.start >= s0 && c.end <= Math.max(s1, c.start + 1)).pop();
  if (group) {
    if (group.items.some((i) => i.key === key && i.locator?.value === locator.replace(/^para\.\s*/, ''))) return undefined;
    return joinGroup(doc, group, key, locator);
  }
  let end = Math.max(s0, s1);
  while (end > s0 && /\s/.test(text[end - 1])) end--;
  let p = end;
  while (p > s0 && CLOSERS.has(text[p - 1])) p--;
  const insertAt = p > s0 && /[.!?:;]/.test(text[p - 1]) ? p - 1 : end;
  return { range: toRange(doc, insertAt, insertAt), newText: ` [${citationItem(key, locator)}]` };
}
