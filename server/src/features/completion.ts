/**
 * Citation completion: inside `[@…`, after `; @`, and author-in-text `@…`.
 * Sources are ranked by how well they support the sentence being written
 * (same figure first, then matching words); a typed query is matched fuzzily
 * on key, title and author on the server, so the list is `isIncomplete` and
 * the client re-asks on each keystroke.
 */
import { CompletionItem, CompletionItemKind, CompletionList, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { citationContextAt } from '../core/citations/scope';
import { contentTerms, sharesContext } from '../core/judgments/context';
import { CorpusIndex, PassageHit } from '../core/index/index';
import { Settings } from '../core/settings';
import { Figure, Passage, Source } from '../core/types';
import { DraftCheck } from '../core/judgments/draftCheck';
import { IndexMemo } from '../core/judgments/indexMemo';
import { words } from '../core/text/tokens';
import { toRange } from '../lsp/convert';
import { MarkdownBuilder } from '../lsp/markdown';
import { claimSentence, matchingFigures } from './common';
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
  /**
   * The client renders `labelDetails` (VS Code does): title and date go there,
   * and `detail` is left out so the row does not repeat them. Other clients get
   * both (they ignore `labelDetails`).
   */
  labelDetailsSupport = false,
): CompletionList | null {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const ctx = citationContextAt(text, offset, analysis.model.text === text ? analysis.model : undefined);
  if (!ctx) return null;
  // Accepting an item leaves the cursor after the closing `]` (completing the
  // brackets when there is none yet), so the full stop typed next lands outside.
  const close = ctx.kind === 'bracket' ? closingBracket(text, ctx.replaceEnd) : { end: ctx.replaceEnd, add: '' };
  const range = toRange(doc, ctx.replaceStart, close.end);

  if (index.sourceCount === 0) {
    // Never an unexplained empty list: say why there are no suggestions.
    return {
      isIncomplete: true,
      items: [
        {
          label: 'No sources indexed',
          kind: CompletionItemKind.Text,
          detail: 'Source-Linked Writing',
          documentation: new MarkdownBuilder().text(noCorpusHint ?? 'No sources found. Set sourceLinked.corpus to the folders that hold your sources (.txt, .md, .html, .pdf, .docx).').toMarkup(),
          textEdit: { range: toRange(doc, ctx.replaceStart, ctx.replaceEnd), newText: ctx.query },
          filterText: ctx.query,
          sortText: '0',
        },
      ],
    };
  }

  // The sentence being written; if the cursor opens a citation right after a
  // full stop, the citation belongs to the sentence before it.
  const sentence = claimSentence(analysis, ctx.sentenceStart, Math.min(ctx.sentenceEnd, ctx.replaceStart));
  const query = ctx.query;
  const items: CompletionItem[] = [];
  const inText = ctx.kind === 'inText';
  // One ranking of passages for the sentence serves both lists below.
  const hits = rankedFor(index, sentence.text, sentence.figures);
  const bestText = hits.reduce((m, h) => Math.max(m, h.textScore), 0);

  // 1. Passages that state a figure of the sentence and share its content (never the number alone).
  // The cheap tests first: sharesContext reads the passage's sentence (on Reuters it was 40% of a
  // completion when asked of every hit stating the figure; most fail on the text score anyway).
  let n = 0;
  let terms: string[] | undefined;
  for (const h of hits) {
    if (n >= MAX_PASSAGE_ITEMS) break;
    if (bestText > 0 && h.textScore < 0.5 * bestText) continue; // same number, unrelated article
    if (!h.figure) continue; // read after the text score: a hit's figure is built when first read (CorpusIndex.rankPassages)
    if (query && !matchesQuery(h.source, query)) continue;
    if (!sharesContext((terms ??= contentTerms(sentence.text)), [], h.passage, h.figure)) continue;
    n++;
    items.push(slim(passageItem(h, range, inText, items.length, query, sentence.figures, close.add), labelDetailsSupport));
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
      for (const src of index.eachSource()) {
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
    items.push(slim(sourceItem(source, hit, range, items.length, query, sentence.figures, close.add), labelDetailsSupport));
  }
  return { isIncomplete: true, items };
}

/**
 * The sentence's ranking, remembered for the index version: the client asks again on every keystroke
 * of a key (the list is incomplete), for the same sentence, and only the typed query changes. Keyed
 * by the sentence's words, all the ranking reads of its text (tokenize and the surface features cut
 * the same word runs), so `… [@` and `… [ ` (a key typed, masked) are one sentence.
 */
const rankings = new IndexMemo<PassageHit[]>(8);

function rankedFor(index: CorpusIndex, text: string, figures: Figure[]): PassageHit[] {
  const memo = rankings.of(index);
  const key = JSON.stringify([words(text).join(' '), figures.map((f) => [f.kind, f.unit, f.value, f.high, f.precision, f.hedge, f.second])]);
  let hits = memo.get(key);
  if (!hits) memo.set(key, (hits = index.rankPassages(text, figures, { limit: MAX_SOURCES * 5 })));
  return hits;
}

/**
 * Where an accepted item's edit ends in a bracketed citation: through the `]`
 * when only spaces lie between the key and it (`[@ke|]`, VS Code's
 * auto-closed bracket), re-adding it; nothing when the group goes on
 * (`[@ke|, para. 3]`, `[@ke|; @b]`); and a new `]` when the line has none.
 */
export function closingBracket(text: string, keyEnd: number): { end: number; add: string } {
  let i = keyEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === ']') return { end: i + 1, add: ']' };
  for (let j = keyEnd; j < text.length; j++) {
    const c = text[j];
    if (c === ']') return { end: keyEnd, add: '' };
    if (c === '[' || c === '\n' || c === '\r') break;
  }
  return { end: keyEnd, add: ']' };
}

/** What completionItem/resolve needs to build an item's documentation. */
interface ItemData {
  key: string;
  /** Paragraph to show. */
  n: number;
  /** The figures of the sentence being written (from the draft's analysis), to bold in the passage. */
  figures: Figure[];
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
  // data comes back from the client: keep only figure-shaped entries.
  const figures = Array.isArray(data.figures) ? data.figures.filter((f) => !!f && typeof f.value === 'number' && typeof f.unit === 'string' && typeof f.kind === 'string') : [];
  if (src && p) item.documentation = passageDoc(src, p, figures).toMarkup();
  return item;
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

function passageDoc(s: Source, p: Passage, figures: Figure[]): MarkdownBuilder {
  const md = new MarkdownBuilder().bold(s.title);
  if (s.date) md.text(' · ' + s.date);
  return md.paragraph().passage(p.text, matchingFigures(p, figures)).paragraph().italic(passagePlace(s, p));
}

/**
 * What the list row shows after the key, as one `description`: "states 524"
 * first when the passage states the sentence's figure, then the title and
 * date, then (when it states none) the passage's opening words. VS Code
 * squeezes a row's `labelDetails.detail` first and cuts the description from
 * the right, so what decides comes first and survives a narrow list.
 */
function labelDetailsOf(s: Source, hit: PassageHit | undefined, p: Passage | undefined): CompletionItem['labelDetails'] {
  const states = hit?.figure ? `states ${hit.figure.text.trim()} · ` : '';
  return { description: states + detailOf(s) + (!states && p ? ` — ${preview(p.text)}` : '') };
}

/** Without `detail` when the client shows `labelDetails` (the row would say the title twice). */
function slim(item: CompletionItem, labelDetailsSupport: boolean): CompletionItem {
  if (labelDetailsSupport) delete item.detail;
  return item;
}

/** One line of a passage, cut at a word boundary. */
export function preview(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return (sp > max / 2 ? cut.slice(0, sp) : cut).replace(/[\s,.;:]+$/, '') + '…';
}

/**
 * An item's sort text, filter text and preselection, leaving out what LSP defaults to (filter text: the
 * label; insert text format: plain; preselect: false): 51 items a request, asked on every keystroke.
 * Matching happened on the server (fuzzy on key, title, author), so with a query typed, the query is the
 * filter text: the client's own filter keeps every item and our order.
 */
function defaultsLeftOut(query: string, i: number): Pick<CompletionItem, 'filterText' | 'sortText' | 'preselect'> {
  const out: Pick<CompletionItem, 'filterText' | 'sortText' | 'preselect'> = { sortText: sortText(i) };
  if (query) out.filterText = query;
  if (i === 0) out.preselect = true;
  return out;
}

function passageItem(h: PassageHit, range: ReturnType<typeof toRange>, inText: boolean, i: number, query: string, figures: Figure[], close: string): CompletionItem {
  const locator = passageLocator(h.source, h.passage);
  const label = `${h.source.key}, ${locator}`;
  const data: ItemData = { key: h.source.key, n: h.passage.n, figures };
  return {
    label,
    labelDetails: labelDetailsOf(h.source, h, h.passage),
    kind: CompletionItemKind.Reference,
    detail: detailOf(h.source),
    data,
    textEdit: { range, newText: inText ? `${h.source.key} [${locator}]` : label + close },
    ...defaultsLeftOut(query, i),
  };
}

function sourceItem(s: Source, hit: PassageHit | undefined, range: ReturnType<typeof toRange>, i: number, query: string, figures: Figure[], close: string): CompletionItem {
  const p = hit?.passage ?? s.passages[0];
  return {
    label: s.key,
    labelDetails: labelDetailsOf(s, hit, p),
    kind: CompletionItemKind.Reference,
    detail: detailOf(s) + (s.author ? ` · ${s.author}` : ''),
    data: p ? ({ key: s.key, n: p.n, figures } satisfies ItemData) : undefined,
    textEdit: { range, newText: s.key + close },
    ...defaultsLeftOut(query, i),
  };
}
