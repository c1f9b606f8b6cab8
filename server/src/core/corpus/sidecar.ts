/**
 * Metadata corrections a writer keeps beside a source: `NAME.meta.yaml` next to
 * `NAME.txt` or `NAME.md` (a `.txt` file may also start with a `---` front-matter
 * block). Parsed with js-yaml (safe schema: no code, no custom tags).
 *
 *     title: …            author: Dave Graham      (or a list: [Dave Graham, Drazen Jorgic])
 *     date: 2023-11-28    accessed: 2025-11-21     publisher: Reuters
 *     url: https://…      lang: en                 id: graham-trainers-2023
 *     type: report        container-title: …       doi: 10.…
 *     articles:           # for a file holding several articles, in order:
 *       - author: Samuel Cortez
 *       - {}
 *
 * Top-level fields apply to every article of the file, except `id` and `title`,
 * which apply only to a file with a single article. A broken sidecar is reported and
 * ignored, never fatal.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { normalizeDate } from './dates';

export interface SidecarFields {
  title?: string;
  author?: string;
  date?: string;
  accessed?: string;
  publisher?: string;
  containerTitle?: string;
  url?: string;
  lang?: string;
  id?: string;
  cslType?: string;
  doi?: string;
}

export interface Sidecar {
  file: string;
  all: SidecarFields;
  articles: SidecarFields[];
}

/** `a.txt` -> `a.meta.yaml` (also `.meta.yml`). */
export function sidecarPaths(sourceFile: string): string[] {
  const stem = sourceFile.replace(/\.[^./\\]+$/, '');
  return [`${stem}.meta.yaml`, `${stem}.meta.yml`];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v instanceof Date && !isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return undefined;
}

function fields(o: unknown): SidecarFields {
  const out: SidecarFields = {};
  if (!o || typeof o !== 'object' || Array.isArray(o)) return out;
  const r = o as Record<string, unknown>;
  const author = Array.isArray(r.author) ? r.author.map(str).filter(Boolean).join('; ') : str(r.author ?? r.authors);
  const date = str(r.date ?? r.issued);
  const accessed = str(r.accessed ?? r.urldate);
  const set = <K extends keyof SidecarFields>(k: K, v: string | undefined) => {
    if (v) out[k] = v;
  };
  set('title', str(r.title));
  set('author', author || undefined);
  set('date', date ? normalizeDate(date) ?? undefined : undefined);
  set('accessed', accessed ? normalizeDate(accessed) ?? undefined : undefined);
  set('publisher', str(r.publisher));
  set('containerTitle', str(r['container-title'] ?? r.containerTitle ?? r.site));
  set('url', str(r.url ?? r.URL));
  set('lang', str(r.lang ?? r.language));
  set('id', str(r.id ?? r.key));
  set('cslType', str(r.type));
  set('doi', str(r.doi ?? r.DOI));
  return out;
}

/**
 * Per-load lookup: does a source file have a sidecar? Lists each folder once instead
 * of probing two names per file (a corpus of 20,000 files has almost no sidecars).
 */
export class SidecarLookup {
  private byDir = new Map<string, Set<string>>();
  has(sourceFile: string): boolean {
    const dir = path.dirname(sourceFile);
    let names = this.byDir.get(dir);
    if (!names) {
      names = new Set();
      try {
        for (const n of fs.readdirSync(dir)) if (n.endsWith('.meta.yaml') || n.endsWith('.meta.yml')) names.add(n);
      } catch {
        // unreadable folder: no sidecars
      }
      this.byDir.set(dir, names);
    }
    if (names.size === 0) return false;
    return sidecarPaths(sourceFile).some((p) => names!.has(path.basename(p)));
  }
}

/** Modification time of a source file's sidecar (0 when it has none): folded into the file's stamp, so an edited sidecar re-indexes its source. */
export function sidecarMtime(sourceFile: string): number {
  for (const p of sidecarPaths(sourceFile)) {
    try {
      return fs.statSync(p).mtimeMs;
    } catch {
      // none
    }
  }
  return 0;
}

/** Read the sidecar of a source file, if it has one. `problem` says why a sidecar was ignored. */
export function readSidecar(sourceFile: string): { sidecar?: Sidecar; problem?: string } {
  for (const p of sidecarPaths(sourceFile)) {
    let text: string;
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch {
      continue;
    }
    try {
      const doc = yaml.load(text, { schema: yaml.CORE_SCHEMA, json: true });
      if (doc !== undefined && doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) return { problem: `${p}: expected "field: value" lines; ignored` };
      const r = (doc ?? {}) as Record<string, unknown>;
      const articles = Array.isArray(r.articles) ? r.articles.map(fields) : [];
      return { sidecar: { file: p, all: fields(r), articles } };
    } catch (e) {
      return { problem: `${p}: not valid YAML (${((e as Error).message || '').split('\n')[0]}); ignored` };
    }
  }
  return {};
}

/** The fields that apply to article `ordinal` (1-based) of a file with `count` articles. */
export function sidecarFor(s: Sidecar, ordinal: number, count: number): SidecarFields {
  const all = { ...s.all };
  if (count > 1) {
    delete all.id;
    delete all.title;
  }
  return { ...all, ...(s.articles[ordinal - 1] ?? {}) };
}
