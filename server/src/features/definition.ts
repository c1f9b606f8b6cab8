/**
 * Definition: a citation key opens the source file with the cited passage's
 * whole range (every line of the paragraph), so Go to Definition, Peek and
 * Open Source Passage land on and show the passage. Without a locator, the
 * passage the hover shows: the one stating the sentence's figure, else the
 * best match for the sentence; the source's first line only when it has no passages.
 */
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/workspace';
import { lineLocation } from '../lsp/convert';
import { citationAt, citedPassages } from './common';

export function provideDefinition(index: CorpusIndex, doc: TextDocument, position: Position, analysis: DraftCheck): Location | null {
  const at = citationAt(analysis.model, doc.offsetAt(position));
  if (!at) return null;
  const src = index.byKey(at.item.key);
  if (!src) return null;
  const ps = citedPassages(index, analysis.model, at.citation, src, at.item);
  if (ps.length) return lineLocation(src.file, ps[0].startLine, ps[ps.length - 1].endLine);
  return lineLocation(src.file, src.startLine, src.startLine);
}
