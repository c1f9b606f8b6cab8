/**
 * Source metadata, normalised for a bibliography. One function, `normalizeMetadata`,
 * turns what a reader found (front matter, bylines, datelines, credit lines, footers,
 * page dates, the text) into what a citation style expects. Every reader (text,
 * Markdown, HTML, PDF) calls it, so they all follow the same rules:
 *
 *  - Authors: a byline with a person's name ("Writing by Dave Graham", "By Jane Doe")
 *    gives a person; a site username ("scortez": one word, no capitals) is not an
 *    author and is dropped, and so is a "byline" with a digit ("By April 15"); an agency ("Reuters", "AP", "AFP") credited as the author
 *    becomes the publisher instead.
 *  - Publisher: the original publisher wins over the site that republished it. The
 *    original comes from a wire credit ("Writing by ..., Reuters"), a note ("This
 *    article was originally published by Reuters") or an agency byline; the
 *    republishing site (a copyright footer) is kept as `republishedBy`. Image credits
 *    ("Photo: Reuters", "Source: El Universal" under a picture) are never publishers:
 *    the splitter drops them as captions before they get here.
 *  - URL: the first http(s) address in the article that is not an image.
 *  - Dates: the article's own date is `date` (issued). A date printed above the title
 *    with no "Published" before it is the page header's date, the day the page was
 *    saved: it becomes `accessed`, not `date`. When that is the only date and the text
 *    names an office holder as in office at a time the date is outside (an article "of
 *    2025" calling López Obrador president, who left office in 2024), a warning says
 *    so rather than guessing.
 */
import { officeContradiction } from './officeholders';

export interface RawMetadata {
  title?: string;
  date?: string;
  /** A date found above the title (page header), when it had no "Published" label. */
  pageDate?: string;
  /** A date found only in a photo caption: never the article's date, but worth a warning. */
  captionDate?: string;
  author?: string;
  publisher?: string;
  /** Publisher from a copyright footer: the site the page came from. */
  footerPublisher?: string;
  /** Wire credit lines ("– Writing by Dave Graham, Editing by ..., Reuters."). */
  credits?: string[];
  url?: string;
  lang?: string;
  /** The article's text (passages), for URLs, republication notes and date checks. */
  text?: string;
}

export interface NormalizedMetadata {
  date?: string;
  accessed?: string;
  author?: string;
  publisher?: string;
  containerTitle?: string;
  republishedBy?: string;
  url?: string;
  lang?: string;
  warnings: string[];
}

/** Agencies, by the names they are credited with, and the name to cite. */
const AGENCIES: [RegExp, string][] = [
  [/^reuters$/i, 'Reuters'],
  [/^(?:the\s+)?associated press$|^ap$/i, 'Associated Press'],
  [/^afp$|^agence france[- ]presse$/i, 'Agence France-Presse'],
  [/^bloomberg(?: news)?$/i, 'Bloomberg'],
  [/^efe$/i, 'EFE'],
  [/^dpa$/i, 'dpa'],
  [/^xinhua$/i, 'Xinhua'],
  [/^upi$|^united press international$/i, 'United Press International'],
];

/** The agency a credited name stands for ("AP" -> "Associated Press"), if it is one. */
export function agencyName(name: string): string | undefined {
  const n = name.trim().replace(/[.\s]+$/, '').replace(/\s+staff$/i, '');
  for (const [re, canonical] of AGENCIES) if (re.test(n)) return canonical;
  return undefined;
}

/** A site username rather than a person's name: one token, no capital letter ("scortez", "j_doe2"). */
export function isUsername(name: string): boolean {
  const n = name.trim();
  return /^[a-z0-9._-]+$/.test(n) && /[a-z]/.test(n);
}

const NAME_WORD = "[A-Z\\u00C0-\\u024F][\\p{L}'’.-]*";
const PARTICLES = '(?:(?:de|del|la|las|los|van|von|der|da|dos|du|le|y)\\s+){0,2}';
const PERSON = new RegExp(`^(?:${NAME_WORD}\\s+${PARTICLES}){1,3}${NAME_WORD}$`, 'u');

/** Words that make a name an organisation's ("Ministry Desk", "Editorial Board", "Reuters Staff"). */
const ORG_WORDS = /\b(?:desk|staff|team|board|office|ministry|department|agency|bureau|service|news|newsroom|press|media|network|institute|center|centre|council|committee|commission|group|foundation|association|university|government|editors?|editorial|correspondents?|reporters?|company|inc|ltd|llc|corp)\b/i;

/** Looks like a person's name: 2-4 capitalised words (family-name particles such as "de la" allowed), not an agency or an organisation. */
export function isPersonName(name: string): boolean {
  return PERSON.test(name.trim()) && !agencyName(name) && !ORG_WORDS.test(name);
}

/**
 * Read a wire credit line: "– Writing by Dave Graham, Additional reporting by Drazen
 * Jorgic Editing by Franklin Paul and Deepa Babington, Reuters." -> writers and the agency.
 * Editors are not authors. "(Reporting by Jane Doe; Editing by ...)" -> Jane Doe.
 */
export function parseCredit(line: string): { authors: string[]; agency?: string } {
  const t = line.replace(/^[\s(–—-]+|[\s).]+$/g, '');
  const authors: string[] = [];
  const m = /\b(?:writing|written|reporting|reported)\s+by\s+(.+?)(?=(?:[,;]\s*|\s+)(?:additional|editing|edited|compiled|and\s+additional|with\s+additional|graphics|reporting)\b|[,;]\s*[A-Z][\w.]*\s*$|$)/i.exec(t);
  if (m) {
    for (const part of m[1].split(/\s*(?:,|;|\band\b)\s*/)) {
      const name = part.trim();
      if (name && isPersonName(name)) authors.push(name);
    }
  }
  let agency: string | undefined;
  const tail = /[,;]\s*([A-Z][\w.& -]{1,40})$/.exec(t);
  if (tail) agency = agencyName(tail[1]);
  if (!agency) {
    const first = /^([A-Z][\w.& -]{1,40}?)\s*[:–—-]/.exec(t);
    if (first) agency = agencyName(first[1]);
  }
  return { authors, agency };
}

const ORIGINALLY = /\b(?:originally\s+(?:published|appeared|ran)|first\s+published)\s+(?:by|in|on|at)\s+(?:the\s+)?([A-Z][\w&.'’ -]{1,60}?)(?=[,.;:)]|\s+(?:on|in|and|under)\b|$)/;
const REPUBLISHED = /\b(?:republished|reprinted)\s+(?:with permission\s+)?(?:from|courtesy of)\s+(?:the\s+)?([A-Z][\w&.'’ -]{1,60}?)(?=[,.;:)]|\s+(?:on|in|and|under)\b|$)/;
const URL_RE = /\bhttps?:\/\/[^\s<>"'()\]]+[^\s<>"'()\].,;:!?]/g;

/** The first URL in `text` that is not an image. */
export function findUrl(text: string): string | undefined {
  for (const m of text.matchAll(URL_RE)) if (!/\.(?:jpe?g|png|gif|webp|svg)(?:\?|$)/i.test(m[0])) return m[0];
  return undefined;
}

export function normalizeMetadata(raw: RawMetadata): NormalizedMetadata {
  const out: NormalizedMetadata = { warnings: [] };
  const text = raw.text ?? '';
  // Authors and the original publisher.
  let author = raw.author?.trim() || undefined;
  let original: string | undefined;
  if (author) {
    const agency = agencyName(author.replace(/^by\s+/i, ''));
    if (agency) {
      original = agency;
      author = undefined;
    } else if (isUsername(author) || /\d/.test(author)) author = undefined; // "scortez", "By April 15"
  }
  const creditAuthors: string[] = [];
  for (const c of raw.credits ?? []) {
    const p = parseCredit(c);
    creditAuthors.push(...p.authors);
    if (p.agency && !original) original = p.agency;
  }
  if (!author && creditAuthors.length) author = creditAuthors.join('; ');
  if (!original) {
    const m = ORIGINALLY.exec(text) ?? REPUBLISHED.exec(text);
    if (m) original = agencyName(m[1]) ?? m[1].trim();
  }
  if (author) out.author = author;
  // Publisher: an explicit one (front matter, an index) first, then the original over the site.
  const site = raw.footerPublisher;
  const explicit = raw.publisher?.trim() || undefined;
  const publisher = explicit ?? original ?? site;
  if (publisher) {
    out.publisher = publisher;
    out.containerTitle = publisher;
  }
  if (site && publisher && site !== publisher) out.republishedBy = site;
  // URL, language.
  const url = raw.url ?? findUrl(text);
  if (url) out.url = url;
  if (raw.lang) out.lang = raw.lang;
  // Dates.
  if (raw.date) out.date = raw.date;
  if (raw.pageDate && raw.pageDate !== raw.date) out.accessed = raw.pageDate;
  const only = out.date && out.accessed ? undefined : (out.date ?? out.accessed);
  if (only) {
    const c = officeContradiction(text, only);
    if (c) {
      out.warnings.push(
        out.date
          ? `date ${only} is the only date, but the text calls ${c.name} ${c.office} (in office ${c.from} to ${c.to}): check the date`
          : `no publication date: ${only} is the date the page was saved, and the text calls ${c.name} ${c.office} (in office ${c.from} to ${c.to}), so the article is older; set its date in front matter or a sidecar`,
      );
    }
  }
  if (!out.date && raw.captionDate) {
    out.warnings.push(`no publication date: the only date, ${raw.captionDate}, is in a photo caption (the picture's date); set the article's date in front matter or a sidecar`);
  }
  return out;
}
