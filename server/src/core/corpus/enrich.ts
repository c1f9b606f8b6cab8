/**
 * Metadata of the articles of one file, from every place a writer or a team can put
 * it, in this order (later wins): what the text says (normalizeMetadata, meta.ts), the
 * file's front matter, its sidecar `NAME.meta.yaml`, then a matched team bibliography
 * entry (bibliography.ts) for everything but a key set by front matter or sidecar.
 */
import { Source } from '../types';
import { Bibliography, CslName } from './bibliography';
import { isPersonName, normalizeMetadata } from './meta';
import { readSidecar, sidecarFor } from './sidecar';
import { ParsedArticle } from './split';
import { copyFields } from './fields';

/** The metadata fields of a Source (everything but key, file, lines and passages). */
export type SourceMetadata = Omit<Source, 'key' | 'file' | 'startLine' | 'endLine' | 'passages'> & {
  /** Explicit key: front matter / sidecar `id`, else the matched bibliography entry's key. */
  id?: string;
};

/** "Dave Graham" -> {given: "Dave", family: "Graham"}; "Justice in Mexico" -> {literal}. */
export function toCslName(name: string): CslName {
  const n = name.trim();
  if (!isPersonName(n)) return { literal: n };
  const words = n.split(/\s+/);
  // Family-name particles stay with the family name: "Juan de la Fuente" -> family "de la Fuente".
  let k = words.length - 1;
  while (k > 1 && /^(?:de|del|la|las|los|van|von|der|da|dos|du|le|y)$/i.test(words[k - 1])) k--;
  return { family: words.slice(k).join(' '), given: words.slice(0, k).join(' ') };
}

function displayName(n: CslName): string {
  return n.literal ?? [n.given, n.family].filter(Boolean).join(' ');
}

/** Does a text hold a word the text rules of normalizeMetadata look for? Without one, an article's text is not joined and scanned. */
export function hasTextCue(t: string): boolean {
  return t.includes('http') || t.includes('President') || t.includes('ublished') || t.includes('eprinted') || t.includes('riginally');
}

export function articleMetadata(
  articles: ParsedArticle[],
  file: string,
  bib?: Bibliography,
  hasSidecar: (file: string) => boolean = () => true,
  /** False when the file's text has no cue at all (hasTextCue on the whole file): its articles are not scanned. */
  fileHasCue = true,
): { metas: SourceMetadata[]; problems: string[] } {
  const problems: string[] = [];
  const sc = hasSidecar(file) ? readSidecar(file) : {};
  if (sc.problem) problems.push(sc.problem);
  const metas = articles.map((a, i) => {
    const text = fileHasCue && (articles.length === 1 || a.passages.some((p) => hasTextCue(p.text))) ? a.passages.map((p) => p.text).join('\n') : '';
    const n = normalizeMetadata({
      title: a.title,
      date: a.date,
      pageDate: a.pageDate,
      captionDate: a.captionDate,
      author: a.author,
      publisher: a.footerPublisher && a.publisher === a.footerPublisher ? undefined : a.publisher,
      footerPublisher: a.footerPublisher,
      credits: a.credits,
      url: a.url,
      lang: a.lang,
      text,
    });
    const m: SourceMetadata = { title: a.title };
    if (n.date) m.date = n.date;
    if (a.accessed ?? n.accessed) m.accessed = a.accessed ?? n.accessed;
    if (n.author) m.author = n.author;
    if (n.publisher) m.publisher = n.publisher;
    if (a.containerTitle ?? n.containerTitle) m.containerTitle = a.containerTitle ?? n.containerTitle;
    if (n.republishedBy) m.republishedBy = n.republishedBy;
    if (n.url) m.url = n.url;
    if (n.lang) m.lang = n.lang;
    copyFields(m, a, ['cslType', 'doi', 'id']);
    if (n.warnings.length && !a.dateFromFrontMatter) m.warnings = n.warnings;
    // The writer's sidecar corrects anything.
    if (sc.sidecar) {
      const f = sidecarFor(sc.sidecar, i + 1, articles.length);
      if (f.date) delete m.warnings; // the writer has set the date
      if (f.publisher) {
        if (!f.containerTitle) m.containerTitle = f.publisher;
        if (m.republishedBy === f.publisher) delete m.republishedBy;
      }
      copyFields(m, f, ['title', 'author', 'date', 'accessed', 'publisher', 'containerTitle', 'url', 'lang', 'id', 'cslType', 'doi']);
    }
    if (m.author) m.authors = m.author.split(/\s*;\s*/).filter(Boolean).map(toCslName);
    // A team bibliography entry wins (its key unless front matter or the sidecar set one).
    const e = bib?.match({ title: m.title, url: m.url, doi: m.doi });
    if (e) {
      if (!m.id) m.id = e.id;
      if (e.title) m.title = e.title;
      if (e.author) {
        m.authors = e.author;
        m.author = e.author.map(displayName).join('; ');
      }
      if (e.issued) {
        m.date = e.issued;
        delete m.warnings;
      }
      if (e.accessed) m.accessed = e.accessed;
      if (e.URL) m.url = e.URL;
      if (e.DOI) m.doi = e.DOI;
      if (e.containerTitle) m.containerTitle = e.containerTitle;
      if (e.publisher) m.publisher = e.publisher;
      if (e.language) m.lang = e.language;
      if (e.type) m.cslType = e.type;
    }
    return m;
  });
  return { metas, problems };
}
