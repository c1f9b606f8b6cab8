/**
 * Page locators for paged sources (PDF): `[@key, p. 12]`, `[@key, pp. 12-13]`.
 * A PDF passage carries its page; a text source has no pages, so `p.` there is
 * left alone (Pandoc's default locator is the page, and a bare number is one).
 * `para.` on a PDF counts paragraphs across the whole document.
 */
import { Locator, Passage, Source } from '../types';
import { expandNumbers } from '../parse/citations';

/** Does the source have pages (a PDF read with its page structure)? */
export function isPaged(src: Source): boolean {
  return typeof src.pages === 'number' && src.pages > 0 && src.passages.some((p) => p.page !== undefined);
}

/** The locator that cites one passage: `p. 12` on a PDF, `para. 3` otherwise. */
export function passageLocator(src: Source, p: Passage): string {
  return isPaged(src) && p.page ? `p. ${p.page}` : `para. ${p.n}`;
}

/** Where a passage sits, for hovers: "p. 12 of 40" or "para. 3 of 5". */
export function passagePlace(src: Source, p: Passage): string {
  return isPaged(src) && p.page ? `p. ${p.page} of ${src.pages}` : `para. ${p.n} of ${src.passages.length}`;
}

/** Page numbers a page locator names ("12-13" -> [12, 13]); empty for other labels. */
export function locatorPages(loc: Locator | undefined): number[] {
  return loc && loc.label === 'page' ? expandNumbers(loc.value) : [];
}

/** Passages on the given pages, widened by `slack` pages each side. */
export function passagesOnPages(src: Source, pages: number[], slack = 0): Passage[] {
  const want = new Set<number>();
  for (const p of pages) for (let d = -slack; d <= slack; d++) want.add(p + d);
  return src.passages.filter((p) => p.page !== undefined && want.has(p.page));
}

/**
 * What is wrong with a page locator on a paged source, or undefined:
 * a page past the end ("p. 90 is out of range: @key has 40 pages."), or a
 * value that is not a page number.
 */
export function pageLocatorProblem(src: Source, key: string, loc: Locator): string | undefined {
  if (loc.label !== 'page' || !isPaged(src)) return undefined;
  const pages = locatorPages(loc);
  const n = src.pages!;
  const term = loc.term || 'p.';
  if (pages.length === 0) return `Cannot read the page number in "${loc.term ? loc.term + ' ' : ''}${loc.value}".`;
  const bad = pages.filter((p) => p < 1 || p > n);
  if (bad.length) return `${term} ${bad.join(', ')} is out of range: @${key} has ${n} page${n === 1 ? '' : 's'}.`;
  return undefined;
}

/** The note added to a paragraph locator's message on a PDF. */
export function paragraphNote(src: Source): string {
  return isPaged(src) ? ' (paragraphs are counted across the whole PDF; cite a page with p.)' : '';
}
