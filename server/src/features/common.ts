/** Helpers shared by the LSP features: what sits at a position in a draft. */
import { Citation, CitationItem, DraftModel, Figure, Judgment, Passage, Source } from '../core/types';
import { CorpusIndex } from '../core/index/index';
import { DraftCheck } from '../core/judgments/draftCheck';
import { figureMatches } from '../core/figures';
import { sentenceRange } from '../core/judgments/check';
import { lastStartingBy } from '../core/parse/model';
import { isPaged, locatorPages, passagesOnPages } from '../core/citations/pages';

/** The citation and item under an offset (on the key, or anywhere inside the group). */
export function citationAt(model: DraftModel, offset: number): { citation: Citation; item: CitationItem } | undefined {
  for (const c of model.citations) {
    if (offset < c.start || offset > c.end) continue;
    const onKey = c.items.find((i) => offset >= i.keyStart - 1 && offset <= i.keyEnd);
    const inItem = c.items.find((i) => offset >= i.start && offset <= i.end);
    const item = onKey ?? inItem ?? c.items[0];
    if (item) return { citation: c, item };
  }
  return undefined;
}

/** The judgment whose range holds the offset, preferring a given code. */
export function judgmentAt(check: DraftCheck, offset: number, code?: Judgment['code']): Judgment | undefined {
  // From the chunk at the offset when the analysis can say (a heavy draft's whole list is 100,000 copies).
  const near = check.judgmentsAt ? check.judgmentsAt(offset) : check.judgments;
  return near.find((j) => j.start <= offset && offset <= j.end && (!code || j.code === code));
}

/** What the sentence helpers read of a draft's analysis: its model and the figures its checks found. */
export type DraftView = Pick<DraftCheck, 'model' | 'draftFigures' | 'figuresBetween'>;

/**
 * The prose of `start`–`end` and the draft's figures that lie wholly inside it (offsets
 * relative to `start`), read from the analysis, never extracted again.
 */
export function sentenceContext(view: DraftView, start: number, end: number): { text: string; figures: Figure[] } {
  const text = view.model.prose.slice(start, end);
  if (view.figuresBetween) return { text, figures: view.figuresBetween(start, end).map((f) => ({ ...f, start: f.start - start, end: f.end - start })) };
  const all = view.draftFigures;
  const figures: Figure[] = [];
  for (let i = lastStartingBy(all, start - 1) + 1; i < all.length && all[i].start < end; i++) {
    if (all[i].end <= end) figures.push({ ...all[i], start: all[i].start - start, end: all[i].end - start });
  }
  return { text, figures };
}

/** Passages of a source a citation item points at (its paragraph locator), or undefined. */
export function locatedPassages(src: Source, item: CitationItem): Passage[] | undefined {
  const paras = item.locator?.label === 'paragraph' ? item.locator.paragraphs ?? [] : [];
  const ps = paras.map((n) => src.passages[n - 1]).filter((p): p is Passage => !!p);
  if (ps.length === 0 && isPaged(src)) return nonEmpty(passagesOnPages(src, locatorPages(item.locator)));
  return nonEmpty(ps);
}

function nonEmpty<T>(xs: T[]): T[] | undefined {
  return xs.length ? xs : undefined;
}

/**
 * The passage of `src` that best backs a sentence: the one stating the
 * sentence's figures, then the best word match; the first passage otherwise.
 */
export function bestPassage(index: CorpusIndex, src: Source, text: string, figures: Figure[]): { passage: Passage; figure?: Figure } | undefined {
  if (src.passages.length === 0) return undefined;
  const hits = index.rankPassages(text, figures, { limit: 1, only: src.passages.map((p) => p.id) });
  if (hits.length) return { passage: hits[0].passage, figure: hits[0].figure };
  return { passage: src.passages[0] };
}

/** Figures of a passage that state any of the given (draft) figures, for bolding. */
export function matchingFigures(passage: Passage, figures: Figure[]): Figure[] {
  return passage.figures.filter((pf) => figures.some((f) => figureMatches(f, pf)));
}

/**
 * The sentence a citation being typed is for: the text before the cursor in
 * its sentence, or, when that holds no words (`… in 2020. [@`), the sentence
 * before it in the same block.
 */
export function claimSentence(view: DraftView, start: number, end: number): { text: string; figures: Figure[] } {
  const model = view.model;
  const own = sentenceContext(view, start, end);
  if (/[\p{L}\p{N}]/u.test(own.text)) return own;
  const block = model.blocks.find((b) => b.start <= start && start <= b.end);
  let prev: { start: number; end: number } | undefined;
  for (const s of model.sentences) if (s.end <= start && (!block || s.start >= block.start)) prev = s;
  return prev ? sentenceContext(view, prev.start, prev.end) : own;
}

/**
 * The passages a citation item stands for, as the hover shows them: its
 * paragraph locator's, else the one that states the sentence's figure, else
 * the best match for the sentence's words. Definition jumps to the same.
 */
export function citedPassages(index: CorpusIndex, view: DraftView, citation: Citation, src: Source, item: CitationItem): Passage[] {
  const located = locatedPassages(src, item);
  if (located) return located;
  const [s0, s1] = sentenceRange(view.model, citation.start);
  const sentence = sentenceContext(view, s0, s1);
  const best = bestPassage(index, src, sentence.text, sentence.figures);
  return best ? [best.passage] : [];
}
