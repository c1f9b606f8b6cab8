/**
 * Definition: a citation key opens the source file with the cited passage's
 * whole range (every line of the paragraph), so Go to Definition, Peek and
 * Open Source Passage land on and show the passage. Without a locator, the
 * passage the hover shows: the one stating the sentence's figure, else the
 * best match for the sentence; the source's first line only when it has no passages.
 * A PDF source opens a read-only page view (`source-linked:` URI) when the client serves them
 * (`initializationOptions.virtualDocuments`, the VS Code client does); other clients get the PDF file.
 */
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isPaged } from '../core/citations/pages';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/judgments/draftCheck';
import { lineLocation } from '../lsp/convert';
import { citationAt, citedPassages } from './common';
import { pdfLocation } from './pageView';

export function provideDefinition(index: CorpusIndex, doc: TextDocument, position: Position, analysis: DraftCheck, virtualDocuments = false): Location | null {
  const at = citationAt(analysis.model, doc.offsetAt(position));
  if (!at) return null;
  const src = index.byKey(at.item.key);
  if (!src) return null;
  const ps = citedPassages(index, analysis, at.citation, src, at.item);
  if (isPaged(src)) return virtualDocuments ? pdfLocation(src, ps.length ? ps : src.passages) : lineLocation(src.file, 0, 0);
  if (ps.length) return lineLocation(src.file, ps[0].startLine, ps[ps.length - 1].endLine);
  return lineLocation(src.file, src.startLine, src.startLine);
}
