/** References: every citation of a source across the workspace's Markdown drafts. */
import { Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDraft } from '../core/parse/draft';
import { toRange } from '../lsp/convert';

export interface DraftText {
  uri: string;
  text: string;
}

export function provideReferences(key: string, drafts: Iterable<DraftText>): Location[] {
  const out: Location[] = [];
  for (const d of drafts) {
    if (!d.text.includes('@' + key) && !d.text.includes('@{' + key)) continue;
    const model = parseDraft(d.text);
    const doc = TextDocument.create(d.uri, 'markdown', 0, d.text);
    for (const c of model.citations) for (const i of c.items) if (i.key === key) out.push({ uri: d.uri, range: toRange(doc, i.keyStart - 1, i.keyEnd) });
  }
  return out;
}
