/**
 * The corpus as a CSL JSON bibliography, so `pandoc --citeproc
 * --bibliography refs.json draft.md` resolves every `[@key]`.
 *
 * `exportCslJson` is the one function both the CLI (`export --format csl-json`) and
 * the editor's Export Bibliography command call, so their files are byte-identical:
 * items sorted by key, fields in a fixed order, two-space JSON, a final newline.
 *
 * Fields: `id`, `type` (the source's `cslType` when it is a CSL type, else
 * `article-newspaper` for an article in a named publication and `webpage` for
 * anything else), `title`, `author` (people as family/given, organisations as
 * `literal`), `issued`, `accessed`, `container-title`, `publisher`, `URL`, `DOI`,
 * `language`, and `note` (the source file and lines, and the site that republished it).
 */
import * as path from 'path';
import { Source } from '../types';

type CslDate = { 'date-parts': number[][] };

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author?: { family?: string; given?: string; literal?: string }[];
  issued?: CslDate;
  accessed?: CslDate;
  'container-title'?: string;
  publisher?: string;
  URL?: string;
  DOI?: string;
  language?: string;
  'number-of-pages'?: number;
  note?: string;
}

/** CSL 1.0.2 item types. */
export const CSL_TYPES = new Set([
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast', 'chapter',
  'classic', 'collection', 'dataset', 'document', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'event',
  'figure', 'graphic', 'hearing', 'interview', 'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture',
  'musical_score', 'pamphlet', 'paper-conference', 'patent', 'performance', 'periodical', 'personal_communication',
  'post', 'post-weblog', 'regulation', 'report', 'review', 'review-book', 'software', 'song', 'speech', 'standard',
  'thesis', 'treaty', 'webpage',
]);

function cslDate(iso: string | undefined): CslDate | undefined {
  if (!iso) return undefined;
  const parts = iso.split('-').map((x) => parseInt(x, 10)).filter((n) => Number.isFinite(n));
  return parts.length ? { 'date-parts': [parts] } : undefined;
}

/** The container (publication) of a source: its container title, else its publisher (not for a PDF report). */
function containerOf(s: Source): string | undefined {
  return s.containerTitle ?? (s.format === 'pdf' ? undefined : s.publisher);
}

export function cslType(s: Source): string {
  if (s.cslType && CSL_TYPES.has(s.cslType)) return s.cslType;
  if (s.format === 'pdf') return 'report';
  return containerOf(s) ? 'article-newspaper' : 'webpage';
}

/**
 * CSL items for `sources`, sorted by key. `where(file)` names a source file in the
 * note (default: the path relative to `baseDir`).
 */
export function toCslJson(sources: Source[], baseDir?: string, where?: (file: string) => string): CslItem[] {
  const name = where ?? ((f: string) => (baseDir ? path.relative(baseDir, f).split(path.sep).join('/') : f));
  return [...sources]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((s) => {
      const item: CslItem = { id: s.key, type: cslType(s), title: s.title || s.key };
      const authors = s.authors?.length ? s.authors : s.author ? [{ literal: s.author }] : undefined;
      if (authors) item.author = authors.map((a) => (a.literal ? { literal: a.literal } : { family: a.family, ...(a.given ? { given: a.given } : {}) }));
      const issued = cslDate(s.date);
      if (issued) item.issued = issued;
      const accessed = cslDate(s.accessed);
      if (accessed) item.accessed = accessed;
      const container = containerOf(s);
      if (container) item['container-title'] = container;
      if (s.publisher) item.publisher = s.publisher;
      if (s.format === 'pdf' && s.pages) item['number-of-pages'] = s.pages;
      if (s.url) item.URL = s.url;
      if (s.doi) item.DOI = s.doi;
      if (s.lang) item.language = s.lang;
      const notes = [s.format === 'pdf' && s.pages ? `${name(s.file)}, ${s.pages} pages` : `${name(s.file)}, lines ${s.startLine + 1}-${s.endLine + 1}`];
      if (s.republishedBy) notes.push(`republished by ${s.republishedBy}`);
      item.note = notes.join('; ');
      return item;
    });
}

/** The exported file's exact text: what both the CLI and the editor write. */
export function exportCslJson(sources: Source[], where: (file: string) => string): string {
  return JSON.stringify(toCslJson(sources, undefined, where), null, 2) + '\n';
}
