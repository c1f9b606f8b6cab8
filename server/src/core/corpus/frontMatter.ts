/**
 * YAML front matter of a Markdown or text source: `key: value` lines between `---`
 * lines at the top of the file. Pure.
 */
import { normalizeDate } from './dates';

export interface FrontMatter {
  title?: string;
  date?: string;
  author?: string;
  publisher?: string;
  id?: string;
  url?: string;
  accessed?: string;
  lang?: string;
  cslType?: string;
  doi?: string;
  /** First line after the front matter. */
  bodyStart: number;
}

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1).trim();
  return s;
}

/** Simple YAML front matter: `key: value` lines only (lists and nesting are ignored). */
export function parseFrontMatter(lines: string[]): FrontMatter {
  if (lines.length === 0 || lines[0].trim() !== '---') return { bodyStart: 0 };
  const limit = Math.min(lines.length, 300);
  let close = -1;
  for (let i = 1; i < limit; i++) {
    const t = lines[i].trim();
    if (t === '---' || t === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) return { bodyStart: 0 };
  const fm: FrontMatter = { bodyStart: close + 1 };
  for (let i = 1; i < close; i++) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = unquote(m[2]);
    if (!value || value === '|' || value === '>') continue;
    if (key === 'title' && !fm.title) fm.title = value;
    else if (key === 'date' && !fm.date) fm.date = normalizeDate(value);
    else if ((key === 'author' || key === 'authors' || key === 'byline') && !fm.author) fm.author = value.replace(/^\[|\]$/g, '').trim();
    else if ((key === 'publisher' || key === 'source' || key === 'site' || key === 'site_name') && !fm.publisher) fm.publisher = value;
    else if ((key === 'id' || key === 'key' || key === 'citekey') && !fm.id) fm.id = value;
    else if ((key === 'url' || key === 'link' || key === 'canonical') && !fm.url && /^https?:\/\//i.test(value)) fm.url = value;
    else if ((key === 'accessed' || key === 'urldate' || key === 'retrieved') && !fm.accessed) fm.accessed = normalizeDate(value);
    else if ((key === 'lang' || key === 'language') && !fm.lang) fm.lang = value;
    else if (key === 'type' && !fm.cslType) fm.cslType = value;
    else if (key === 'doi' && !fm.doi) fm.doi = value;
  }
  return fm;
}

/** Front matter fields that describe an article (all but where the body starts). */
export type ArticleMeta = Omit<FrontMatter, 'bodyStart'>;
