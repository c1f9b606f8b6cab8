/** Definition: a citation key opens the source file at the cited passage (or the source's start). */
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/workspace';
import { lineLocation } from '../lsp/convert';
import { citationAt, locatedPassages } from './common';

export function provideDefinition(index: CorpusIndex, doc: TextDocument, position: Position, analysis: DraftCheck): Location | null {
  const at = citationAt(analysis.model, doc.offsetAt(position));
  if (!at) return null;
  const src = index.byKey(at.item.key);
  if (!src) return null;
  const ps = locatedPassages(src, at.item);
  if (ps) return lineLocation(src.file, ps[0].startLine, ps[ps.length - 1].endLine);
  return lineLocation(src.file, src.startLine, src.startLine);
}
