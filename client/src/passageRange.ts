/**
 * Pure helpers for landing on a passage and for choosing a sources folder
 * (no `vscode` import, so unit tests load them in plain Node).
 */
import * as path from 'path';

export interface Pos {
  line: number;
  character: number;
}

/**
 * The selection for a passage range from the server, which spans whole lines
 * (`startLine:0` to `endLine+1:0`): the same lines, ending at the end of the
 * last line rather than at the start of the next, so the selection and the
 * highlight stop at the passage.
 */
export function passageSelection(range: { start: Pos; end: Pos }, lineLength: (line: number) => number, lineCount: number): { start: Pos; end: Pos } {
  const start = { line: Math.min(range.start.line, Math.max(0, lineCount - 1)), character: range.start.character };
  let end = { line: range.end.line, character: range.end.character };
  if (end.line >= lineCount) end = { line: lineCount - 1, character: lineLength(lineCount - 1) };
  else if (end.character === 0 && end.line > start.line) end = { line: end.line - 1, character: lineLength(end.line - 1) };
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = { ...start };
  return { start, end };
}

/**
 * The `sourceLinked.corpus` entry for a folder the writer chose: relative to
 * the workspace folder (forward slashes, so settings.json is portable) when
 * inside it, the absolute path otherwise.
 */
export function corpusEntry(workspaceRoot: string, chosen: string, p: typeof path = path): string {
  const rel = p.relative(workspaceRoot, chosen);
  const inside = rel !== '' && !rel.startsWith('..') && !p.isAbsolute(rel);
  return rel === '' ? '.' : inside ? rel.split(p.sep).join('/') : chosen;
}

/** Same start and end (a related-information link opened with its whole range selected). */
export function sameRange(a: { start: Pos; end: Pos }, b: { start: Pos; end: Pos }): boolean {
  const eq = (x: Pos, y: Pos) => x.line === y.line && x.character === y.character;
  return eq(a.start, b.start) && eq(a.end, b.end) && !eq(b.start, b.end);
}
