/**
 * Load corpus folders into Sources. Node `fs` only; no `vscode`, no LSP.
 *
 * - Roots are folders, single files or simple globs (`notes/**\/*.md`, `corpus/*.txt`,
 *   `{a,b}/*.md`), relative to `baseDir` or absolute. A root that does not exist, or a
 *   glob that matches no file, is listed in `missingRoots`; loading goes on (roots.ts).
 * - Only `.txt`, `.md`, `.html`/`.htm`, `.pdf` and `.docx` (any case) are read; HTML, PDF
 *   and Word go to their readers (formats.ts). Which files are candidates (regular files
 *   only; special files and symbolic links leaving the corpus root skipped with a
 *   reason): see walk.ts.
 * - Files are processed in sorted order of their path relative to `baseDir`, so output is
 *   deterministic. Reads are synchronous but the loop yields to the event loop
 *   (`setImmediate`) every ~8 ms, so a server stays responsive during a large load.
 * - Nothing thrown by user data escapes: unreadable, too large, binary and empty files
 *   go to `skipped` with a reason.
 * - Reuters-21578: a `reuters21578_index.json` in the file's folder or its parent gives
 *   the date of files it lists (reutersIndex.ts); such sources get publisher "Reuters" when no publisher was found.
 * - Keys: see keys.ts and registry.ts. They come from the key files (`citation-keys.tsv`
 *   in each root folder) and the articles' content, never from `baseDir` or file order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SkippedFile, Source } from '../types';
import { decodeBytes } from '../text/decode';
import { closeQuietly, readFully } from '../text/files';
import { detectLang, extractFigures } from '../figures';
import { KeyRegistry, KeyRequest } from './registry';
import { Bibliography, findBibliographyFiles } from './bibliography';
import { articleMetadata, hasTextCue, SourceMetadata } from './enrich';
import { SidecarLookup, sidecarMtime } from './sidecar';
import { ParsedArticle, splitFile } from './split';
import { readerFor } from './formats';
import { listCorpusFiles } from './roots';
import { IndexLookup } from './reutersIndex';
import { fingerprint } from './keyfile';

export interface CorpusLoadOptions {
  baseDir: string;
  /** Files larger than this are skipped (default 10). */
  maxFileSizeMB?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called about every `batchMs` with the sources parsed since the last call,
   * so a server can answer requests from the part already loaded. Their keys
   * are provisional: when the full load finds a collision that a batch could
   * not see, the Source object's `key` is changed in place at the end (the
   * returned `rekeyed` lists them).
   */
  onBatch?: (sources: Source[]) => void;
  batchMs?: number;
  /** Follow symbolic links that leave the corpus root (default false; see walk.ts). */
  followExternalLinks?: boolean;
  /** The key registry to assign keys through (read afresh here). Default: one for `roots`. */
  keys?: KeyRegistry;
  /** Write new keys to the key files (the CLI and the server do; benchmarks and tests of other things do not). */
  writeKeys?: boolean;
  /** Team bibliography files (CSL JSON or BibTeX), besides the `*.bib` / `*.csl.json` found in the root folders. */
  bibliography?: string[];
  /**
   * Where each file's sources go as soon as they are read (CorpusIndex.stream): their texts and
   * figures are then stored out of the heap at once, and not copied here. `onBatch` and the
   * final keys work as without it; the caller flushes the sink at each batch and at the end.
   */
  sink?: { add(sources: Source[]): void };
}

export interface FileStamp {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface CorpusLoadResult {
  sources: Source[];
  skipped: SkippedFile[];
  missingRoots: string[];
  /** Every candidate file that could be stat'ed (indexed or skipped), for change detection. */
  files: FileStamp[];
  /** Sources whose provisional batch key changed at the end (only with onBatch). */
  rekeyed: Source[];
  /** The registry that assigned the keys (keep it to re-index single files with the same keys). */
  keys: KeyRegistry;
  /** Key files, sidecars and bibliographies that could not be read or written, and lines in them that were ignored. */
  notes: string[];
  /** The team bibliography the sources were matched against (empty when none). */
  bibliography: Bibliography;
}

export interface LoadFileOptions {
  maxFileSizeMB?: number;
  /**
   * The registry of the full load: with it the file gets exactly the keys a full load
   * would give (and new keys are remembered). Without it, the key files of the file's
   * folder are read.
   */
  keys?: KeyRegistry;
  /** Keys of the sources of *other* files (they keep them). */
  otherKeys?: ReadonlySet<string>;
  /** Write new keys to the key files. */
  writeKeys?: boolean;
  /** The team bibliography of the full load. */
  bibliography?: Bibliography;
}

export interface LoadFileResult {
  sources: Source[];
  skipped?: SkippedFile;
  stamp?: FileStamp;
}

const DEFAULT_MAX_MB = 10;

function errReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err && err.code ? err.code : 'error';
  if (code === 'EACCES' || code === 'EPERM') return `unreadable (${code}: permission denied)`;
  if (code === 'EISDIR') return 'unreadable (is a directory)';
  const msg = err && err.message ? err.message : String(e);
  return `unreadable (${code}: ${msg})`;
}

// ---------------------------------------------------------------- one file

interface FileParse {
  articles: ParsedArticle[];
  /** The text holds a word the metadata text rules look for (see enrich.ts). */
  cues?: boolean;
  skipped?: SkippedFile;
  stamp?: FileStamp;
}

function readAndSplit(file: string, maxBytes: number, maxMB: number, lookup: IndexLookup, sidecars?: SidecarLookup): FileParse {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { articles: [], skipped: { file, reason: errReason(e) } };
  }
  let stamp: FileStamp | undefined;
  let buf: Buffer;
  try {
    const st = fs.fstatSync(fd);
    stamp = { file, size: st.size, mtimeMs: !sidecars || sidecars.has(file) ? Math.max(st.mtimeMs, sidecarMtime(file)) : st.mtimeMs };
    if (!st.isFile()) return { articles: [], skipped: { file, reason: 'not a regular file' }, stamp };
    if (st.size > maxBytes) {
      const mb = (st.size / (1024 * 1024)).toFixed(1);
      return { articles: [], skipped: { file, reason: `larger than the ${maxMB} MB limit (maxFileSizeMB): ${mb} MB` }, stamp };
    }
    if (st.size === 0) return { articles: [], skipped: { file, reason: 'empty file (no text)' }, stamp };
    buf = Buffer.allocUnsafe(st.size);
    const off = readFully(fd, buf, 0);
    if (off < st.size) buf = buf.subarray(0, off);
  } catch (e) {
    return { articles: [], skipped: { file, reason: errReason(e) }, stamp };
  } finally {
    closeQuietly(fd);
  }
  try {
    const reader = readerFor(file);
    if (reader) {
      const r = reader(buf, file);
      if (r.reason || r.articles.length === 0) return { articles: [], skipped: { file, reason: r.reason ?? 'no citable paragraphs found' }, stamp };
      return { articles: r.articles, stamp };
    }
    const dec = decodeBytes(buf);
    if (!dec.ok) return { articles: [], skipped: { file, reason: dec.reason }, stamp };
    if (dec.text.trim().length === 0) return { articles: [], skipped: { file, reason: 'empty file (no text)' }, stamp };
    const idx = lookup.get(path.dirname(file));
    const indexDate = idx ? idx.get(path.basename(file)) : undefined;
    const articles = splitFile(dec.text, file, { dateFallback: !indexDate });
    if (articles.length === 0) return { articles, skipped: { file, reason: 'no citable paragraphs found' }, stamp };
    if (indexDate) {
      for (const a of articles) {
        if (!a.date) a.date = indexDate;
        if (!a.publisher) a.publisher = 'Reuters';
      }
    }
    return { articles, stamp, cues: hasTextCue(dec.text) };
  } catch (e) {
    // A bug in a heuristic must not take the whole load down.
    return { articles: [], skipped: { file, reason: `could not be parsed (${(e as Error)?.message ?? String(e)})` }, stamp };
  }
}

/**
 * A copy of `s` that does not share memory with the string it was cut from.
 * V8 keeps a whole file's text alive for as long as any slice of it lives, so
 * without this every indexed file would stay in memory twice.
 */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** `streamed`: the passages go to a passage store at once, so their texts need no copy of their own. */
function toSource(a: ParsedArticle, m: SourceMetadata, file: string, key: string, streamed = false): Source {
  // Figures are read in the source's language: front matter or sidecar `lang:`, else detected from its text.
  const lang = m.lang ?? a.lang ?? detectLang(a.passages.map((p) => p.text));
  const opts = lang && lang !== 'en' ? { lang } : undefined;
  for (const p of a.passages) {
    if (!streamed) p.text = own(p.text);
    p.figures = extractFigures(p.text, opts);
  }
  const s: Source = { key, title: own(m.title), file, startLine: a.startLine, endLine: a.endLine, passages: a.passages };
  if (m.date) s.date = m.date;
  if (m.author) s.author = own(m.author);
  if (m.publisher) s.publisher = own(m.publisher);
  if (m.accessed) s.accessed = m.accessed;
  if (m.url) s.url = m.url;
  if (lang) s.lang = lang;
  if (m.containerTitle) s.containerTitle = own(m.containerTitle);
  if (m.authors) s.authors = m.authors;
  if (m.cslType) s.cslType = m.cslType;
  if (m.doi) s.doi = m.doi;
  if (m.republishedBy) s.republishedBy = m.republishedBy;
  if (m.warnings) s.warnings = m.warnings;
  if (m.id) s.explicitKey = true;
  if (a.format) s.format = a.format;
  if (a.pages) s.pages = a.pages;
  return s;
}

/**
 * What the key registry needs of each article. The strings are own copies: the
 * requests live until the end of a load, and a title sliced from its file's
 * text would keep that whole text alive (measured on Reuters: 16 MB of file
 * texts held 80% into a cold build, issue 13). The fingerprint is hashed now,
 * while the texts are at hand (every key assignment needs it; hashed at the end,
 * a streamed load would read every text back out of the passage store).
 */
function keyRequests(articles: ParsedArticle[], metas: SourceMetadata[], file: string): KeyRequest[] {
  return articles.map((a, i) => ({
    file,
    ordinal: i + 1,
    title: own(metas[i].title),
    date: metas[i].date && own(metas[i].date!),
    explicit: metas[i].id && own(metas[i].id!),
    // Hashed now, so the request need not hold the passages (a streamed load's would stay in the heap to the end).
    fingerprint: fingerprint(a.passages),
    passages: [],
  }));
}

function maxBytesOf(mb: number | undefined): [number, number] {
  const m = typeof mb === 'number' && mb > 0 ? mb : DEFAULT_MAX_MB;
  return [m * 1024 * 1024, m];
}

/**
 * Load one file (re-indexing after a change). Synchronous. Keys are assigned through
 * `opts.keys` among the file's own articles and `opts.otherKeys` (see LoadFileOptions).
 */
export function loadFile(file: string, baseDir: string, opts: LoadFileOptions = {}): LoadFileResult {
  const abs = path.resolve(baseDir, file);
  const [maxBytes, maxMB] = maxBytesOf(opts.maxFileSizeMB);
  const registry = opts.keys ?? new KeyRegistry([path.dirname(abs)], baseDir);
  if (!opts.keys) registry.read();
  const r = readAndSplit(abs, maxBytes, maxMB, new IndexLookup());
  if (r.skipped) {
    registry.release([abs]);
    return { sources: [], skipped: r.skipped, stamp: r.stamp };
  }
  const { metas } = articleMetadata(r.articles, abs, opts.bibliography);
  const keys = registry.assignFiles([abs], keyRequests(r.articles, metas, abs), opts.otherKeys ?? new Set());
  if (opts.writeKeys) registry.save();
  return { sources: r.articles.map((a, i) => toSource(a, metas[i], abs, keys[i])), stamp: r.stamp };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Load every root. Never throws on user data. */
export async function loadCorpus(roots: string[], opts: CorpusLoadOptions): Promise<CorpusLoadResult> {
  const baseDir = path.resolve(opts.baseDir);
  const [maxBytes, maxMB] = maxBytesOf(opts.maxFileSizeMB);
  const { files: all, missingRoots, skipped: walkSkipped } = listCorpusFiles(roots, baseDir, { followExternalLinks: opts.followExternalLinks });

  const lookup = new IndexLookup();
  const sidecars = new SidecarLookup();
  const skipped: SkippedFile[] = [...walkSkipped];
  const files: FileStamp[] = [];
  const sources: Source[] = [];
  const requests: KeyRequest[] = [];
  const registry = opts.keys ?? new KeyRegistry(roots, baseDir);
  registry.read();
  const bibFiles = [...findBibliographyFiles(registry.dirs), ...(opts.bibliography ?? []).map((f) => path.resolve(baseDir, f))];
  const bibliography = Bibliography.read([...new Set(bibFiles)]);
  const notes: string[] = [...bibliography.problems];
  const seen = new Set<string>(); // keys so far, for provisional batch keys
  let batch: Source[] = [];
  const batchMs = opts.batchMs ?? 250;
  let batchStart = Date.now();
  const total = all.length;
  let sliceStart = Date.now();
  for (let i = 0; i < total; i++) {
    const f = all[i];
    const r = readAndSplit(f, maxBytes, maxMB, lookup, sidecars);
    if (r.stamp) files.push(r.stamp);
    if (r.skipped) skipped.push(r.skipped);
    else {
      const meta = articleMetadata(r.articles, f, bibliography, (x) => sidecars.has(x), r.cues !== false);
      notes.push(...meta.problems);
      const mine = keyRequests(r.articles, meta.metas, f);
      const provisional = opts.onBatch ? registry.provisional(mine, seen) : undefined;
      const mineSources = r.articles.map((a, j) => toSource(a, meta.metas[j], f, provisional ? provisional[j] : '', !!opts.sink));
      // A compacting sink replaces the sources by ones over its passage store: those are the ones kept and keyed.
      if (opts.sink) opts.sink.add(mineSources);
      mineSources.forEach((src, j) => {
        requests.push(mine[j]);
        sources.push(src);
        if (provisional) {
          seen.add(provisional[j]);
          batch.push(src);
        }
      });
    }
    if (Date.now() - sliceStart >= 8) {
      if (opts.onProgress) opts.onProgress(i + 1, total);
      if (opts.onBatch && batch.length && Date.now() - batchStart >= batchMs) {
        opts.onBatch(batch);
        batch = [];
        batchStart = Date.now();
      }
      await yieldToEventLoop();
      sliceStart = Date.now();
    }
  }
  if (opts.onBatch && batch.length) opts.onBatch(batch);
  if (opts.onProgress) opts.onProgress(total, total);
  await yieldToEventLoop();

  const keys = registry.assignAll(requests);
  const rekeyed: Source[] = [];
  for (let k = 0; k < sources.length; k++) {
    if (opts.onBatch && sources[k].key !== keys[k]) rekeyed.push(sources[k]);
    sources[k].key = keys[k];
  }
  notes.push(...registry.problems, ...(opts.writeKeys ? registry.save() : []));
  return { sources, skipped, missingRoots, files, rekeyed, keys: registry, notes, bibliography };
}
