/**
 * Citation completion: inside `[@…`, after `; @`, and author-in-text `@…`.
 * Sources are ranked by how well they support the sentence being written
 * (same figure first, then matching words); a typed query is matched fuzzily
 * on key, title and author on the server, so the list is `isIncomplete` and
 * the client re-asks on each keystroke.
 */
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { citationContextAt } from '../core/citations/scope';
import { extractFigures } from '../core/figures';
import { contentTerms, sharesContext } from '../core/judgments/context';
import { CorpusIndex, PassageHit } from '../core/index/index';
import { Settings } from '../core/settings';
import { DraftModel, Figure, Passage, Source } from '../core/types';
import { DraftCheck } from '../core/workspace';
import { escapeMarkdown, passageMarkdown, toRange } from '../lsp/convert';
import { matchingFigures, sentenceContext } from './common';
import { passageLocator, passagePlace } from '../core/citations/pages';

const MAX_SOURCES = 50;
const MAX_PASSAGE_ITEMS = 5;

export function provideCompletion(
  index: CorpusIndex,
  doc: TextDocument,
  position: Position,
  _settings: Settings,
  analysis: DraftCheck,
  noCorpusHint?: string,
): CompletionList | null {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const ctx = citationContextAt(text, offset, analysis.model.text === text ? analysis.model : undefined);
  if (!ctx) return null;
  const range = toRange(doc, ctx.replaceStart, ctx.replaceEnd);

  if (index.sourceCount === 0) {
    // Never an unexplained empty list: say why there are no suggestions.
    return {
      isIncomplete: true,
      items: [
        {
          label: 'No sources indexed',
          kind: CompletionItemKind.Text,
          detail: 'Source-Linked Writing',
          documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(noCorpusHint ?? 'No sources found. Set sourceLinked.corpus to the folders that hold your sources (.txt, .md, .html, .pdf, .docx).') },
          textEdit: { range, newText: ctx.query },
          filterText: ctx.query,
          sortText: '0',
        },
      ],
    };
  }

  // The sentence being written; if the cursor opens a citation right after a
  // full stop, the citation belongs to the sentence before it.
  const sentence = claimSentence(analysis.model, ctx.sentenceStart, Math.min(ctx.sentenceEnd, ctx.replaceStart));
  const query = ctx.query;
  const items: CompletionItem[] = [];
  const inText = ctx.kind === 'inText';
  // One ranking of passages for the sentence serves both lists below.
  const hits = index.rankPassages(sentence.text, sentence.figures, { limit: MAX_SOURCES * 5 });
  const bestText = hits.reduce((m, h) => Math.max(m, h.textScore), 0);

  // 1. Passages that state a figure of the sentence and share its content (never the number alone).
  let n = 0;
  const terms = contentTerms(sentence.text);
  for (const h of hits) {
    if (!h.figure || n >= MAX_PASSAGE_ITEMS) continue;
    if (!sharesContext(terms, [], h.passage, h.figure)) continue;
    if (bestText > 0 && h.textScore < 0.5 * bestText) continue; // same number, unrelated article
    if (query && !matchesQuery(h.source, query)) continue;
    n++;
    items.push(passageItem(h, range, inText, items.length, query, sentence.text));
  }

  // 2. Sources: by support for the sentence when nothing is typed, by fuzzy match (then support) when something is.
  const byContext: PassageHit[] = [];
  const rank = new Map<string, number>();
  for (const h of hits) {
    if (rank.has(h.source.key)) continue;
    rank.set(h.source.key, byContext.length);
    byContext.push(h);
  }
  let sources: { source: Source; hit?: PassageHit }[];
  if (!query) {
    sources = byContext.slice(0, MAX_SOURCES).map((h) => ({ source: h.source, hit: h }));
    if (sources.length < MAX_SOURCES) {
      for (const src of index.sources()) {
        if (sources.length >= MAX_SOURCES) break;
        if (!rank.has(src.key)) sources.push({ source: src });
      }
    }
  } else {
    // Stable blend: fuzzy order, nudged up by support for the sentence.
    sources = index
      .fuzzySources(query, MAX_SOURCES)
      .map((src, i) => ({ src, score: i - (rank.has(src.key) ? 10 - Math.min(10, rank.get(src.key)!) : 0) }))
      .sort((a, b) => a.score - b.score)
      .map(({ src }) => ({ source: src, hit: rank.has(src.key) ? byContext[rank.get(src.key)!] : undefined }));
  }
  const seen = new Set<string>();
  for (const { source, hit } of sources) {
    if (seen.has(source.key)) continue;
    seen.add(source.key);
    items.push(sourceItem(source, hit, range, items.length, query, sentence.text));
  }
  return { isIncomplete: true, items };
}

/** What completionItem/resolve needs to build an item's documentation. */
interface ItemData {
  key: string;
  /** Paragraph to show. */
  n: number;
  /** The sentence being written, to bold its figures in the passage. */
  sentence: string;
}

/**
 * Documentation is built when the client asks for it (the focused item), not
 * for every item of the list: on a large corpus that is most of the cost.
 */
export function resolveCompletion(index: CorpusIndex, item: CompletionItem): CompletionItem {
  const data = item.data as ItemData | undefined;
  if (!data || item.documentation) return item;
  const src = index.byKey(data.key);
  const p = src?.passages[data.n - 1];
  if (src && p) item.documentation = { kind: MarkupKind.Markdown, value: passageDoc(src, p, extractFigures(data.sentence)) };
  return item;
}

/**
 * The sentence a citation being typed is for: the text before the cursor in
 * its sentence, or, when that holds no words (`… in 2020. [@`), the sentence
 * before it in the same block.
 */
function claimSentence(model: DraftModel, start: number, end: number): { text: string; figures: Figure[] } {
  const own = sentenceContext(model, start, end);
  if (/[\p{L}\p{N}]/u.test(own.text)) return own;
  const block = model.blocks.find((b) => b.start <= start && start <= b.end);
  let prev: { start: number; end: number } | undefined;
  for (const s of model.sentences) if (s.end <= start && (!block || s.start >= block.start)) prev = s;
  return prev ? sentenceContext(model, prev.start, prev.end) : own;
}

function matchesQuery(s: Source, q: string): boolean {
  const hay = `${s.key} ${s.title} ${s.author ?? ''}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

function sortText(i: number): string {
  return String(i).padStart(5, '0');
}

function detailOf(s: Source): string {
  return [s.title, s.date].filter(Boolean).join(' · ');
}

function passageDoc(s: Source, p: Passage, figures: Figure[]): string {
  const bold = matchingFigures(p, figures);
  return (
    `**${escapeMarkdown(s.title)}**${s.date ? ' · ' + escapeMarkdown(s.date) : ''}\n\n` +
    `${passageMarkdown(p.text, bold)}\n\n` +
    `*${passagePlace(s, p)}*`
  );
}

function passageItem(h: PassageHit, range: ReturnType<typeof toRange>, inText: boolean, i: number, query: string, sentence: string): CompletionItem {
  const locator = passageLocator(h.source, h.passage);
  const label = `${h.source.key}, ${locator}`;
  const data: ItemData = { key: h.source.key, n: h.passage.n, sentence };
  return {
    label,
    labelDetails: { description: h.figure ? `states ${h.figure.text.trim()}` : undefined },
    kind: CompletionItemKind.Reference,
    detail: detailOf(h.source),
    data,
    textEdit: { range, newText: inText ? `${h.source.key} [${locator}]` : label },
    insertTextFormat: InsertTextFormat.PlainText,
    filterText: query || label,
    sortText: sortText(i),
    preselect: i === 0,
  };
}

function sourceItem(s: Source, hit: PassageHit | undefined, range: ReturnType<typeof toRange>, i: number, query: string, sentence: string): CompletionItem {
  const p = hit?.passage ?? s.passages[0];
  return {
    label: s.key,
    labelDetails: { description: s.author ?? undefined },
    kind: CompletionItemKind.Reference,
    detail: detailOf(s),
    data: p ? ({ key: s.key, n: p.n, sentence } satisfies ItemData) : undefined,
    textEdit: { range, newText: s.key },
    // Matching happened on the server (fuzzy on key, title, author), so let
    // the client's own filter keep every item and our order.
    filterText: query || s.key,
    sortText: sortText(i),
    preselect: i === 0,
  };
}
