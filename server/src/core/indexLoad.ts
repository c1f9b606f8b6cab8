/**
 * Load a corpus into an index, through the persisted index cache when there is one,
 * and re-index changed files with the keys a full load gives. Shared by the CLI, the
 * language server (core/folder/) and the benchmarks. Checking a draft: judgments/draftCheck.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { KeyRegistry, KeyRequest } from './corpus/registry';
import { Bibliography, findBibliographyFiles } from './corpus/bibliography';
import { SidecarLookup, sidecarMtime } from './corpus/sidecar';
import { loadCorpus, loadFile } from './corpus/load';
import { listCorpusFiles } from './corpus/roots';
import { cacheDirProblem, CacheMeta, CacheStamp, readCacheAsync, writeCache } from './index/cache';
import type { PagedText } from './index/textPages';
import { ENGINE_VERSION } from './version';
import { CorpusIndex } from './index/index';
import { SkippedFile, Source } from './types';

export interface CorpusLoad {
  index: CorpusIndex;
  skipped: SkippedFile[];
  missingRoots: string[];
  files: { file: string; size: number; mtimeMs: number }[];
  ms: number;
  /** True when the index came from the persisted cache (plus re-indexed changed files). */
  fromCache: boolean;
  /** Why the cache was not used, when it was not. */
  cacheNote?: string;
  /** Settles once the refreshed cache is on disk (with a message if it could not be written). */
  cacheWritten?: Promise<string | undefined>;
  /**
   * A warm start's passage texts stay in the cache file and are checked page by page when read
   * (textPages.ts): `listener` is told, once, when a page fails (the file was changed while open).
   * Its passages then read as ''; the caller should load again with `ignoreCache`.
   */
  watchCache?: (listener: (reason: string) => void) => void;
  /** With `deferReconcile` and a warm start: read the passage texts into memory in small steps (after the first checks). */
  loadTexts?: () => Promise<void>;
  /**
   * With `deferReconcile` and a warm start: compare the corpus on disk with
   * the cache and re-index what changed (updates this load's skipped, files
   * and missingRoots). `tooMany` means the caller should rebuild from scratch.
   */
  reconcile?: () => Reconciled;
  /** The same comparison in batches, yielding to the event loop between them (the language server's). Call one of the two, once. */
  reconcileAsync?: () => Promise<Reconciled>;
  /**
   * The key registry (key files): re-index single files through it so they get the keys a full load gives.
   * After a warm start with `deferReconcile`, call `reconcile()` first (it tells the registry which keys the cached sources hold).
   */
  keys: KeyRegistry;
  /** Key files, sidecars and bibliographies that could not be read or written, and lines in them that were ignored. */
  notes: string[];
  /** The team bibliography (matched entries' keys and metadata win); re-index single files with it. */
  bibliography: Bibliography;
}

/**
 * A step of reconcileAsync stats files for about this long, then yields: as long as one slice of a draft
 * check (lsp/analysis.ts), so a check running meanwhile keeps about half the CPU instead of waiting.
 */
const RECONCILE_SLICE_MS = 5;

export interface Reconciled {
  /** Files added, changed or removed since the cache was written. */
  changed: number;
  tooMany: boolean;
}

export interface IndexLoadOptions {
  maxFileSizeMB?: number;
  onProgress?: (done: number, total: number) => void;
  /** Index to fill; requests can be served from it while loading. */
  index?: CorpusIndex;
  /** Folder of the persisted index cache (e.g. `<workspace>/.source-linked`); no cache when absent. */
  cacheDir?: string;
  /** Return a cached index before checking the corpus for changes (see CorpusLoad.reconcile). */
  deferReconcile?: boolean;
  /** Follow symbolic links that leave a corpus root (default false: skipped with a reason). */
  followExternalLinks?: boolean;
  /** Remember new keys in the key files (`citation-keys.tsv`); the CLI and the server do. */
  writeKeys?: boolean;
  /** Team bibliography files besides the `*.bib` / `*.csl.json` in the corpus root folders. */
  bibliography?: string[];
  /** Do not read the cache (it failed while in use); a new one is still written. */
  ignoreCache?: boolean;
  /**
   * Work to do on this thread while a warm start's cache blocks are read on the thread pool (after the key files
   * and bibliographies, before the blocks are checked): the language server compiles its figure extractor then.
   */
  whileReading?: () => void;
}

export async function loadIndex(roots: string[], baseDir: string, opts: IndexLoadOptions = {}): Promise<CorpusLoad> {
  const t0 = performance.now();
  const refused = opts.cacheDir ? cacheDirProblem(opts.cacheDir) : undefined;
  if (refused) {
    const cold = await loadCold(roots, baseDir, opts, t0);
    cold.cacheNote = refused;
    return cold;
  }
  if (opts.cacheDir) {
    const warm = opts.ignoreCache ? { note: 'the cache failed its check while in use', load: undefined } : await loadFromCache(roots, baseDir, opts);
    if (warm.load) {
      // The same object reconcile() updates (skipped, files, missingRoots, cacheWritten), not a copy of it.
      warm.load.ms = performance.now() - t0;
      return warm.load;
    }
    const cold = await loadCold(roots, baseDir, opts, t0);
    cold.cacheNote = warm.note;
    const meta = { config: cacheConfig(roots, baseDir, opts, cold.bibliography), keyFiles: keySignature(cold.keys), keyProblems: cold.keys.problems, stamps: cold.files, skipped: cold.skipped };
    // No sources, no cache: opening Markdown in a folder that holds no corpus leaves no .source-linked folder behind.
    if (cold.index.sources().length > 0) cold.cacheWritten = writeCacheSoon(opts.cacheDir, cold.index, meta);
    return cold;
  }
  return loadCold(roots, baseDir, opts, t0);
}

async function loadCold(roots: string[], baseDir: string, opts: IndexLoadOptions, t0: number): Promise<CorpusLoad> {
  const index = opts.index ?? new CorpusIndex();
  // Each file's passages are tokenized and stored as it is read (CorpusIndex.stream). With a
  // caller-supplied index they become searchable batch by batch, so requests are answered from
  // the part already loaded; otherwise once at the end, as one segment.
  const progressive = !!opts.index;
  const sink = index.stream({ compact: true });
  const res = await loadCorpus(roots, {
    baseDir,
    maxFileSizeMB: opts.maxFileSizeMB,
    onProgress: opts.onProgress,
    onBatch: progressive ? () => sink.flush() : undefined,
    followExternalLinks: opts.followExternalLinks,
    writeKeys: opts.writeKeys,
    bibliography: opts.bibliography,
    sink,
  });
  sink.flush();
  if (progressive && res.rekeyed.length) index.rebuildKeyMap();
  index.compact();
  attachKeyTrace(index, res.keys);
  return { index, skipped: res.skipped, missingRoots: res.missingRoots, files: res.files, ms: performance.now() - t0, fromCache: false, keys: res.keys, notes: res.notes, bibliography: res.bibliography };
}

/** Let the checks ask where an unknown key went (see KeyRegistry.trace); fingerprints are hashed lazily. */
export function attachKeyTrace(index: CorpusIndex, keys: KeyRegistry): void {
  index.keyTrace = (key) => keys.trace(key, index.sources());
}

/**
 * Write the cache after the current turn of the event loop, so the index is
 * answering requests before the (large, synchronous) write happens. Resolves
 * with a message when it could not be written (a read-only workspace still
 * works, just without a cache).
 */
function writeCacheSoon(dir: string, index: CorpusIndex, meta: CacheMeta): Promise<string | undefined> {
  return new Promise((resolve) =>
    setImmediate(() => {
      try {
        writeCache(dir, index.toSnapshot(), meta);
        resolve(undefined);
      } catch (e) {
        resolve(`could not write the index cache: ${(e as Error).message}`);
      }
    }),
  );
}

function cacheConfig(roots: string[], baseDir: string, opts: IndexLoadOptions, bib: Bibliography): string {
  const bibliography = createHash('sha1').update(JSON.stringify(bib.entries)).digest('hex').slice(0, 16);
  return JSON.stringify({ engine: ENGINE_VERSION, roots: roots.map((r) => path.resolve(baseDir, r)), maxFileSizeMB: opts.maxFileSizeMB ?? 10, links: !!opts.followExternalLinks, bibliography });
}

function keySignature(keys: KeyRegistry): string {
  return keys.signatureHash().slice(0, 16);
}

/**
 * The key files changed since the cache was written (the server remembered a new
 * source, a pull, a hand edit): give the cached sources the keys the key files give
 * them now, exactly as a load would. Returns how many keys changed.
 */
function rekeyFromKeyFiles(index: CorpusIndex, keys: KeyRegistry): number {
  const sources = index.sources();
  const ordinal = new Map<Source, number>();
  const byFile = new Map<string, Source[]>();
  for (const s of sources) {
    let l = byFile.get(s.file);
    if (!l) byFile.set(s.file, (l = []));
    l.push(s);
  }
  for (const l of byFile.values()) l.sort((a, b) => a.startLine - b.startLine).forEach((s, i) => ordinal.set(s, i + 1));
  const reqs: KeyRequest[] = sources.map((s) => ({
    file: s.file,
    ordinal: ordinal.get(s)!,
    title: s.title,
    date: s.date,
    explicit: s.explicitKey ? s.key : undefined,
    passages: s.passages,
  }));
  const next = keys.assignAll(reqs);
  let changed = 0;
  sources.forEach((s, i) => {
    if (s.key !== next[i]) {
      s.key = next[i];
      changed++;
    }
  });
  if (changed) index.rebuildKeyMap();
  return changed;
}

/** Read the texts into memory a megabyte at a time, yielding to the event loop between steps. */
async function loadInSteps(paged: PagedText): Promise<void> {
  while (!paged.loadSome()) await new Promise((r) => setImmediate(r));
}

function readBibliography(keys: KeyRegistry, baseDir: string, extra: string[] | undefined): Bibliography {
  const files = [...findBibliographyFiles(keys.dirs), ...(extra ?? []).map((f) => path.resolve(baseDir, f))];
  return Bibliography.read([...new Set(files)]);
}

/**
 * Warm start: load the persisted index when it was built from the same roots
 * by the same engine, then re-index only the files whose size or mtime
 * changed, and drop the files that are gone. A corrupt or foreign cache is
 * ignored (and later overwritten), never trusted. With `deferReconcile`, the
 * cached index is returned at once and the freshness check runs when the
 * caller calls `reconcile()`, so an editor can answer before stat'ing every file.
 */
async function loadFromCache(roots: string[], baseDir: string, opts: IndexLoadOptions): Promise<{ load?: CorpusLoad; note: string }> {
  // The cache's blocks are read by the thread pool while this thread reads the key files and bibliographies (issue 13).
  const reading = readCacheAsync(opts.cacheDir!);
  const keys = new KeyRegistry(roots, baseDir);
  keys.read();
  const bibliography = readBibliography(keys, baseDir, opts.bibliography);
  opts.whileReading?.();
  const r = await reading;
  if (!r.ok) return { note: r.reason };
  if (r.meta.config !== cacheConfig(roots, baseDir, opts, bibliography)) return { note: 'cache built from other settings, another bibliography or another version' };
  let index: CorpusIndex;
  try {
    index = CorpusIndex.fromSnapshot(r.snapshot);
  } catch (e) {
    return { note: `cache inconsistent: ${(e as Error).message}` };
  }
  // Which key-file entries the cached sources hold matters only once a file is re-indexed, so a warm start
  // leaves it to reconcile(), which runs before anything changes the index (issue 13: 0.1-0.2 s at 100 MB).
  let adopted = false;
  const sameKeys = r.meta.keyFiles === keySignature(keys);
  if (!sameKeys) {
    // The key files changed since the cache was written: the cached keys follow them (no rebuild).
    rekeyFromKeyFiles(index, keys);
    if (opts.writeKeys) keys.save();
    adopted = true;
  }
  attachKeyTrace(index, keys);
  // Unchanged key files: what they reported when the cache was written (parsing 106,000 lines cost 70 ms at 100 MB).
  const keyNotes = sameKeys && r.meta.keyProblems ? r.meta.keyProblems : keys.problems;
  const load: CorpusLoad = { index, skipped: r.meta.skipped, missingRoots: [], files: [], ms: 0, fromCache: true, keys, notes: [...keyNotes, ...bibliography.problems], bibliography };
  const paged = r.snapshot.store?.pagedText;
  if (paged) {
    load.watchCache = (listener) => (paged.failure !== undefined ? listener(paged.failure) : (paged.onFailure = listener));
    // An editor reads them after its first answers (loadTexts); a command-line check at once, as format 7 did.
    if (opts.deferReconcile) load.loadTexts = () => loadInSteps(paged);
    else paged.loadAll();
  }
  // The cached stamps are decoded when first read (reconcile), not at load.
  let files: CorpusLoad['files'] | undefined;
  Object.defineProperty(load, 'files', { enumerable: true, configurable: true, get: () => files ?? r.meta.stamps, set: (v: CorpusLoad['files']) => (files = v) });
  // The comparison in steps: reconcile() runs them at once, reconcileAsync() yields to the event loop between them
  // (5 ms of stats each), so requests are answered meanwhile (about 1 s of work on the 100 MB corpus).
  const meta = r.meta;
  function* steps(): Generator<void, Reconciled> {
    if (!adopted) keys.adopt(index.sources());
    adopted = true;
    yield;
    const { files, missingRoots, skipped: walkSkipped } = listCorpusFiles(roots, baseDir, { followExternalLinks: opts.followExternalLinks });
    yield;
    const stamps: CacheStamp[] = [];
    // Sidecars are looked up in their folder's listing, as a load does: a stat per possible sidecar path threw
    // an ENOENT error per source file (issue 13: 650 MB of garbage to reconcile the 100 MB corpus).
    const sidecars = new SidecarLookup();
    let sliceStart = performance.now();
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (st) stamps.push({ file, size: st.size, mtimeMs: sidecars.has(file) ? Math.max(st.mtimeMs, sidecarMtime(file)) : st.mtimeMs }); // else vanished: removed
      if ((i & 63) === 63 && performance.now() - sliceStart > RECONCILE_SLICE_MS) {
        yield;
        sliceStart = performance.now();
      }
    }
    const cached = new Map(meta.stamps.map((x) => [x.file, x]));
    const current = new Set(stamps.map((x) => x.file));
    const changed = stamps.filter((x) => {
      const c = cached.get(x.file);
      return !c || c.size !== x.size || c.mtimeMs !== x.mtimeMs;
    });
    const removed = meta.stamps.filter((x) => !current.has(x.file));
    load.missingRoots = missingRoots;
    if (changed.length + removed.length > Math.max(50, stamps.length / 4)) return { changed: changed.length + removed.length, tooMany: true };
    const changedSet = new Set(changed.map((x) => x.file));
    const skipped = [...walkSkipped, ...meta.skipped.filter((x) => current.has(x.file) && !changedSet.has(x.file))];
    for (const x of removed) index.removeFile(x.file);
    keys.release(removed.map((x) => x.file));
    skipped.push(...reindexFiles(index, changed.map((x) => x.file), baseDir, opts.maxFileSizeMB, keys, opts.writeKeys, bibliography));
    load.skipped = skipped;
    load.files = stamps;
    meta.stamps = stamps; // the cached stamps decoded for this comparison can go (106,000 objects at 100 MB)
    if (changed.length || removed.length || meta.keyFiles !== keySignature(keys)) load.cacheWritten = writeCacheSoon(opts.cacheDir!, index, { config: cacheConfig(roots, baseDir, opts, bibliography), keyFiles: keySignature(keys), keyProblems: keys.problems, stamps, skipped });
    return { changed: changed.length + removed.length, tooMany: false };
  }
  const reconcile = (): Reconciled => {
    const it = steps();
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  };
  if (opts.deferReconcile) {
    load.reconcile = reconcile;
    load.reconcileAsync = async () => {
      const it = steps();
      for (;;) {
        const r = it.next();
        if (r.done) return r.value;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    return { load, note: 'warm' };
  }
  const rec = reconcile();
  if (rec.tooMany) return { note: `${rec.changed} files changed since the cache was written` };
  return { load, note: 'warm' };
}

/**
 * Re-index changed files into an index through the corpus's key registry, so they
 * get exactly the keys a full load (the CLI, a restart) gives: keys remembered in the
 * key files stay, new sources get new keys that are written there (with `writeKeys`).
 * Returns the files no longer usable, with reasons (their old sources are removed).
 */
export function reindexFiles(
  index: CorpusIndex,
  files: string[],
  baseDir: string,
  maxFileSizeMB: number | undefined,
  keys?: KeyRegistry,
  writeKeys = false,
  bibliography?: Bibliography,
): SkippedFile[] {
  if (files.length === 0) return [];
  if (!keys) {
    // No registry from a load (a caller that predates key files): the key files of the files' folders.
    keys = new KeyRegistry([...new Set(files.map((f) => path.dirname(f)))], baseDir);
    keys.read();
    keys.adopt(index.sources());
  }
  const changing = new Set(files);
  const others = new Set<string>();
  for (const s of index.sources()) if (!changing.has(s.file)) others.add(s.key);
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const res = loadFile(file, baseDir, { maxFileSizeMB, keys, otherKeys: others, bibliography });
    if (res.skipped) {
      index.removeFile(file);
      skipped.push(res.skipped);
      continue;
    }
    index.replaceFile(file, res.sources);
    for (const s of res.sources) others.add(s.key);
  }
  if (writeKeys) keys.save();
  return skipped;
}
