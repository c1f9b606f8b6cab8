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
import { figureMatches } from '../core/figures';
import { CorpusIndex, PassageHit } from '../core/index/index';
import { Settings } from '../core/settings';
import { DraftModel, Figure, Passage, Source } from '../core/types';
import { DraftCheck } from '../core/workspace';
import { escapeMarkdown, passageMarkdown, toRange } from '../lsp/convert';
import { matchingFigures, sentenceContext } from './common';

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
          documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(noCorpusHint ?? 'No sources found. Set sourceLinked.corpus to the folders that hold your .txt or .md sources.') },
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
  const seen = new Set<string>();
  const inText = ctx.kind === 'inText';

  // 1. Passages that state a figure of the sentence.
  if (sentence.figures.length) {
    const ranked = index.rankPassages(sentence.text, sentence.figures, { limit: 20 });
    let n = 0;
    for (const h of ranked) {
      if (!h.figure || n >= MAX_PASSAGE_ITEMS) continue;
      if (query && !matchesQuery(h.source, query)) continue;
      n++;
      items.push(passageItem(h, sentence.figures, range, inText, items.length, query));
    }
  }

  // 2. Sources: by context when nothing is typed, by fuzzy match (then context) when something is.
  let sources: { source: Source; hit?: PassageHit }[];
  const byContext = index.rankSources(sentence.text, sentence.figures, MAX_SOURCES);
  if (!query) {
    sources = byContext.map((h) => ({ source: h.source, hit: h }));
    if (sources.length < MAX_SOURCES) {
      for (const s of index.sources()) {
        if (sources.length >= MAX_SOURCES) break;
        if (!sources.some((x) => x.source === s)) sources.push({ source: s });
      }
    }
  } else {
    const ctxRank = new Map(byContext.map((h, i) => [h.source.key, { i, h }]));
    const fuzzy = index.fuzzySources(query, MAX_SOURCES);
    // Stable blend: fuzzy order, nudged up by support for the sentence.
    sources = fuzzy
      .map((s, i) => ({ s, score: i - (ctxRank.has(s.key) ? 10 - Math.min(10, ctxRank.get(s.key)!.i) : 0) }))
      .sort((a, b) => a.score - b.score)
      .map(({ s }) => ({ source: s, hit: ctxRank.get(s.key)?.h }));
  }
  for (const { source, hit } of sources) {
    if (seen.has(source.key)) continue;
    seen.add(source.key);
    items.push(sourceItem(index, source, hit, sentence.figures, range, items.length, query));
  }
  return { isIncomplete: true, items };
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
  const bold = matchingFigures(p, figures, figureMatches);
  return (
    `**${escapeMarkdown(s.title)}**${s.date ? ' · ' + escapeMarkdown(s.date) : ''}\n\n` +
    `${passageMarkdown(p.text, bold)}\n\n` +
    `*para. ${p.n} of ${s.passages.length}*`
  );
}

function passageItem(h: PassageHit, figures: Figure[], range: ReturnType<typeof toRange>, inText: boolean, i: number, query: string): CompletionItem {
  const locator = `para. ${h.passage.n}`;
  const label = `${h.source.key}, ${locator}`;
  return {
    label,
    labelDetails: { description: h.figure ? `states ${h.figure.text.trim()}` : undefined },
    kind: CompletionItemKind.Reference,
    detail: detailOf(h.source),
    documentation: { kind: MarkupKind.Markdown, value: passageDoc(h.source, h.passage, figures) },
    textEdit: { range, newText: inText ? `${h.source.key} [${locator}]` : label },
    insertTextFormat: InsertTextFormat.PlainText,
    filterText: query || label,
    sortText: sortText(i),
    preselect: i === 0,
  };
}

function sourceItem(index: CorpusIndex, s: Source, hit: PassageHit | undefined, figures: Figure[], range: ReturnType<typeof toRange>, i: number, query: string): CompletionItem {
  const p = hit?.passage ?? s.passages[0];
  return {
    label: s.key,
    labelDetails: { description: s.author ?? undefined },
    kind: CompletionItemKind.Reference,
    detail: detailOf(s),
    documentation: p ? { kind: MarkupKind.Markdown, value: passageDoc(s, p, figures) } : undefined,
    textEdit: { range, newText: s.key },
    // Matching happened on the server (fuzzy on key, title, author), so let
    // the client's own filter keep every item and our order.
    filterText: query || s.key,
    sortText: sortText(i),
    preselect: i === 0,
  };
}
