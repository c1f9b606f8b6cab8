/**
 * Definition: a citation key opens the source file at the cited passage (or the source's start).
 * A PDF source opens a read-only page view (`source-linked:` URI) when the client serves them
 * (`initializationOptions.virtualDocuments`, the VS Code client does); other clients get the PDF file.
 */
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isPaged } from '../core/citations/pages';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/workspace';
import { lineLocation } from '../lsp/convert';
import { citationAt, locatedPassages } from './common';
import { pdfLocation } from './pageView';

export function provideDefinition(index: CorpusIndex, doc: TextDocument, position: Position, analysis: DraftCheck, virtualDocuments = false): Location | null {
  const at = citationAt(analysis.model, doc.offsetAt(position));
  if (!at) return null;
  const src = index.byKey(at.item.key);
  if (!src) return null;
  const ps = locatedPassages(src, at.item);
  if (isPaged(src)) return virtualDocuments ? pdfLocation(src, ps ?? src.passages) : lineLocation(src.file, 0, 0);
  if (ps) return lineLocation(src.file, ps[0].startLine, ps[ps.length - 1].endLine);
  return lineLocation(src.file, src.startLine, src.startLine);
}
