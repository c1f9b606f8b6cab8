/** Workspace symbols: sources searched by title, key and author. */
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { CorpusIndex } from '../core/index/index';
import { lineLocation } from '../lsp/convert';

export function provideWorkspaceSymbols(index: CorpusIndex, query: string, limit = 200): SymbolInformation[] {
  const sources = query.trim() ? index.fuzzySources(query, limit) : index.sources().slice(0, limit);
  return sources.map((s) => ({
    name: s.title || s.key,
    kind: SymbolKind.File,
    containerName: '@' + s.key + (s.date ? ` · ${s.date}` : ''),
    location: lineLocation(s.file, s.startLine, s.startLine),
  }));
}
