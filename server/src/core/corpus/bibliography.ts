/**
 * A team's bibliography (CSL JSON, or BibTeX/BibLaTeX as Zotero with Better BibTeX
 * exports it) matched to sources by DOI, URL or title. A matched entry's key and
 * metadata win over everything the text gave: this is how the tool fits teams that
 * already cite from a reference manager.
 *
 * BibTeX is read with Citation.js (`@citation-js/plugin-bibtex`): it decodes LaTeX
 * accents and commands, splits names into family/given the way BibTeX does, and maps
 * BibLaTeX fields (`date`, `urldate`, `journaltitle`, `langid`) to CSL, which a
 * hand-written parser would get subtly wrong. CSL JSON needs no parser beyond JSON.
 *
 * Files: every `*.bib` and `*.csl.json` (and `bibliography.json`) directly in a corpus
 * root folder, plus any named by the `bibliography` setting / `--bibliography FILE`.
 * A file that cannot be read or parsed is reported and skipped.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** The CSL fields a team entry may carry that we use. */
export interface BibEntry {
  id: string;
  type?: string;
  title?: string;
  author?: CslName[];
  issued?: string;
  accessed?: string;
  URL?: string;
  DOI?: string;
  containerTitle?: string;
  publisher?: string;
  language?: string;
  /** File it came from, for messages. */
  file: string;
}

let bibtexLoaded = false;
function parseBibtex(text: string): unknown[] {
  // Loaded on first use: most corpora have no BibTeX file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@citation-js/core') as typeof import('@citation-js/core');
  if (!bibtexLoaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@citation-js/plugin-bibtex');
    bibtexLoaded = true;
  }
  const out = core.plugins.input.chain(text, { generateGraph: false, target: '@csl/list+object' });
  return Array.isArray(out) ? out : [];
}

function dateOf(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const parts = (v as { 'date-parts'?: unknown })['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [y, m, d] = (parts[0] as unknown[]).map((x) => parseInt(String(x), 10));
    if (!(y > 0)) return undefined;
    const pad = (n: number) => String(n).padStart(2, '0');
    return m > 0 ? (d > 0 ? `${y}-${pad(m)}-${pad(d)}` : `${y}-${pad(m)}`) : String(y);
  }
  const raw = (v as { raw?: unknown }).raw;
  return typeof raw === 'string' && /^\d{4}(?:-\d{2}){0,2}$/.test(raw.trim()) ? raw.trim() : undefined;
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

function toEntry(o: unknown, file: string): BibEntry | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  const id = s(r['citation-key']) ?? s(r.id);
  if (!id) return undefined;
  const e: BibEntry = { id, file };
  const set = <K extends keyof BibEntry>(k: K, v: BibEntry[K] | undefined) => {
    if (v !== undefined) e[k] = v;
  };
  set('type', s(r.type));
  set('title', s(r.title));
  if (Array.isArray(r.author)) {
    const names = r.author
      .filter((a): a is Record<string, unknown> => !!a && typeof a === 'object')
      .map((a) => {
        const n: CslName = {};
        if (s(a.family)) n.family = s(a.family);
        if (s(a.given)) n.given = s(a.given);
        if (s(a.literal)) n.literal = s(a.literal);
        return n;
      })
      .filter((n) => n.family || n.literal);
    if (names.length) e.author = names;
  }
  set('issued', dateOf(r.issued));
  set('accessed', dateOf(r.accessed));
  set('URL', s(r.URL) ?? s(r.url));
  set('DOI', s(r.DOI) ?? s(r.doi));
  set('containerTitle', s(r['container-title']));
  set('publisher', s(r.publisher));
  set('language', s(r.language));
  return e;
}

/** Parse one bibliography file's text (format from the extension: .bib = BibTeX, else CSL JSON). */
export function parseBibliography(text: string, file: string): BibEntry[] {
  const raw = /\.bib(?:tex)?$/i.test(file) ? parseBibtex(text) : (JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { items?: unknown }).items) ? (raw as { items: unknown[] }).items : [];
  return list.map((o) => toEntry(o, file)).filter((e): e is BibEntry => !!e);
}

/** Bibliography files found directly in `dirs` (`*.bib`, `*.csl.json`, `bibliography.json`). */
export function findBibliographyFiles(dirs: string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names.sort()) if (/\.bib$|\.csl\.json$|^bibliography\.json$/i.test(n)) out.push(path.join(d, n));
  }
  return out;
}

/** Normalised forms used for matching. */
export function normUrl(u: string): string {
  return u.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
}
export function normDoi(d: string): string {
  return d.trim().toLowerCase().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/, '');
}
export function normTitle(t: string): string {
  return t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export class Bibliography {
  readonly entries: BibEntry[] = [];
  readonly problems: string[] = [];
  private byUrl = new Map<string, BibEntry>();
  private byDoi = new Map<string, BibEntry>();
  private byTitle = new Map<string, BibEntry | null>();

  static read(files: string[]): Bibliography {
    const b = new Bibliography();
    for (const f of files) {
      try {
        b.add(parseBibliography(fs.readFileSync(f, 'utf8'), f));
      } catch (e) {
        b.problems.push(`bibliography ${f} skipped: ${((e as Error).message || String(e)).split('\n')[0]}`);
      }
    }
    return b;
  }

  add(entries: BibEntry[]): void {
    for (const e of entries) {
      this.entries.push(e);
      if (e.URL && !this.byUrl.has(normUrl(e.URL))) this.byUrl.set(normUrl(e.URL), e);
      if (e.DOI && !this.byDoi.has(normDoi(e.DOI))) this.byDoi.set(normDoi(e.DOI), e);
      if (e.title) {
        const t = normTitle(e.title);
        // Two entries with one title are ambiguous: match neither by title.
        if (t.length >= 8) this.byTitle.set(t, this.byTitle.has(t) ? null : e);
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** The entry for a source: by DOI, then URL, then exact title (ignoring case, accents and punctuation). */
  match(src: { title?: string; url?: string; doi?: string }): BibEntry | undefined {
    if (this.entries.length === 0) return undefined;
    if (src.doi) {
      const e = this.byDoi.get(normDoi(src.doi));
      if (e) return e;
    }
    if (src.url) {
      const e = this.byUrl.get(normUrl(src.url));
      if (e) return e;
    }
    if (src.title) {
      const e = this.byTitle.get(normTitle(src.title));
      if (e) return e;
    }
    return undefined;
  }
}
