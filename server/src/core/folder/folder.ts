/**
 * One workspace folder: its corpus settings, index and load state. Pure core (Node `fs`,
 * no LSP): the language server gives it a FolderHost (how to send a status, log, show
 * progress, re-check open drafts) and tests drive it in-process with a fake host.
 *
 * A load answers from the current index meanwhile; after a warm start from the index
 * cache it answers from the cache, then reconciles the cache with the files on disk.
 * File events that arrive during a load are kept and applied when it is done (settle),
 * so the index converges to what a fresh load of the disk would give.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CorpusIndex } from '../index/index';
import { attachKeyTrace, loadIndex, reindexFiles } from '../indexLoad';
import { warmDraftChecks } from './warm';
import { KeyRegistry } from '../corpus/registry';
import { Bibliography } from '../corpus/bibliography';
import { inCorpusRoots, rootDir } from '../corpus/roots';
import { watchedFileProblem } from '../corpus/walk';
import { Settings } from '../settings';
import { SkippedFile } from '../types';

export interface SkippedFileInfo {
  file: string;
  reason: string;
}

/** A folder's state as the client sees it (the `sourceLinked/status` notification). */
export interface FolderStatus {
  /** The workspace folder (file URI) this status is about. */
  folder?: string;
  /** Folders or globs of `sourceLinked.corpus` that were searched. */
  roots?: string[];
  state: 'indexing' | 'ready' | 'noCorpus' | 'error';
  sources: number;
  passages: number;
  skipped: SkippedFileInfo[];
  missingRoots: string[];
  /** Milliseconds the last index build took. */
  indexMs: number;
  /** True when the index was loaded from the persisted cache (`.source-linked/`). */
  fromCache?: boolean;
  /** 0..100 while indexing. */
  percent?: number;
  /** Human-readable explanation, e.g. which setting to change. */
  message?: string;
}

export interface ProgressSink {
  begin(title: string, percent: number, message: string): void;
  report(percent: number, message: string): void;
  done(): void;
}

/** What a folder needs from its environment (the language server, or a test). */
export interface FolderHost {
  settings(uri: string): Promise<Settings>;
  /** Where the folder's index cache lives. */
  cacheDir(root: string): string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** The folder's status changed. */
  status(folder: Folder): void;
  /** The index changed: check the open drafts again. */
  recheckAll(): void;
  /** A progress indicator for a load, when the client shows one. */
  progress?(): Promise<ProgressSink | undefined>;
  /** Tell the writer that no source was found (once per folder); absent when the client prompts itself. */
  noCorpus?(message: string): void;
  /** After a warm start, how long to answer from the cache before checking the files on disk (default 300 ms). */
  reconcileDelayMs?: number;
  /**
   * Resolves once no draft check is scheduled or running: a warm start compares the cache with the disk after
   * the open drafts' first diagnostics (on the 100 MB corpus the folder walk alone blocks for 0.4 s), or 5 s at most.
   */
  idle?(): Promise<void>;
}

/** The longest a warm start's reconcile waits for the drafts' checks (host.idle). */
const IDLE_WAIT_MS = 5000;

export class Folder {
  index = new CorpusIndex();
  state: FolderStatus['state'] = 'indexing';
  skipped: SkippedFile[] = [];
  missingRoots: string[] = [];
  indexMs = 0;
  fromCache = false;
  percent = 0;
  roots: string[] = [];
  maxFileSizeMB = 10;
  followExternalLinks = false;
  bibliography: string[] = [];
  loading: Promise<void> | undefined;
  /** True from the start of a load until it (and its cache reconcile) is done. */
  busy = false;
  /** Corpus files reported changed or deleted while busy: re-read from disk once the load is done. */
  readonly pending = new Set<string>();
  /** The key files' registry of the last load: live file events assign keys through it. */
  keys: KeyRegistry | undefined;
  bib: Bibliography | undefined;
  readonly uri: string;
  private noCorpusShown = false;
  private generation = 0;
  /** The cache failed a check while in use (a text page, textPages.ts): the next load does not read it. */
  private cacheFailed = false;
  private reconciling = false;

  constructor(
    readonly root: string,
    private readonly host: FolderHost,
  ) {
    this.uri = pathToFileURL(root).toString();
  }

  status(): FolderStatus {
    return {
      folder: this.uri,
      roots: this.roots,
      state: this.state,
      sources: this.index.sourceCount,
      passages: this.index.passageCount,
      skipped: this.skipped.map((s) => ({ file: path.relative(this.root, s.file) || s.file, reason: s.reason })),
      missingRoots: this.missingRoots,
      indexMs: Math.round(this.indexMs),
      fromCache: this.fromCache,
      percent: this.state === 'indexing' ? this.percent : undefined,
      message: this.state === 'noCorpus' ? this.noCorpusMessage() : undefined,
    };
  }

  noCorpusMessage(): string {
    return (
      `Source-Linked Writing found no source files in ${this.roots.map((r) => `"${r}"`).join(', ') || 'the configured corpus'} ` +
      `(relative to ${this.root}). Set "sourceLinked.corpus" to the folders or globs that hold your sources (.txt, .md, .html, .pdf, .docx).`
    );
  }

  /** True when these settings would index another corpus than the current one. */
  corpusSettingsDiffer(s: Settings): boolean {
    return s.corpus.join('\n') !== this.roots.join('\n') || s.maxFileSizeMB !== this.maxFileSizeMB || s.followExternalLinks !== this.followExternalLinks || s.bibliography.join('\n') !== this.bibliography.join('\n');
  }

  /** Drop the index and load again from scratch. */
  rebuild(): Promise<void> {
    this.index = new CorpusIndex();
    return this.load();
  }

  /** (Re)build the index. Requests keep being served from the current index meanwhile. */
  load(): Promise<void> {
    const gen = ++this.generation;
    this.busy = true;
    this.loading = this.runLoad(gen);
    return this.loading;
  }

  private async runLoad(gen: number): Promise<void> {
    const host = this.host;
    const settings = await host.settings(this.uri);
    this.roots = settings.corpus;
    this.maxFileSizeMB = settings.maxFileSizeMB;
    this.followExternalLinks = settings.followExternalLinks;
    this.bibliography = settings.bibliography;
    this.state = 'indexing';
    this.percent = 0;
    host.status(this);
    const progress = host.progress ? await host.progress().catch(() => undefined) : undefined;
    progress?.begin('Source-Linked: indexing sources', 0, this.roots.join(', '));
    const fresh = this.index.sourceCount === 0 ? this.index : new CorpusIndex();
    let lastReport = 0;
    try {
      const res = await loadIndex(this.roots, this.root, {
        maxFileSizeMB: this.maxFileSizeMB,
        followExternalLinks: this.followExternalLinks,
        index: fresh,
        cacheDir: host.cacheDir(this.root),
        deferReconcile: true,
        ignoreCache: this.cacheFailed,
        whileReading: warmDraftChecks,
        writeKeys: true,
        bibliography: this.bibliography,
        onProgress: (done, total) => {
          this.percent = total ? Math.floor((done / total) * 100) : 100;
          const now = Date.now();
          if (now - lastReport > 200) {
            lastReport = now;
            progress?.report(this.percent, `${done}/${total} files`);
            host.status(this);
          }
        },
      });
      if (gen !== this.generation) return; // superseded by a newer load
      this.cacheFailed = false;
      this.index = res.index;
      // A text page of the cache that fails its check (the file changed while open) is never shown: load again without the cache.
      res.watchCache?.((reason) => {
        if (gen !== this.generation) return;
        host.warn(`The index cache failed its check while reading source passages (${reason}): re-indexing the sources.`);
        this.cacheFailed = true;
        // At once, not when the rebuild starts: the check that read the page saw '' for its passages, and
        // would otherwise publish judgments on them (server.ts holds diagnostics while a folder is indexing).
        this.state = 'indexing';
        host.status(this);
        setTimeout(() => gen === this.generation && void this.rebuild(), 0);
      });
      this.keys = res.keys;
      this.bib = res.bibliography;
      for (const n of res.notes) host.warn(n);
      this.skipped = res.skipped;
      this.missingRoots = res.missingRoots;
      this.indexMs = res.ms;
      this.fromCache = res.fromCache;
      if (res.cacheNote && !res.fromCache) host.info(`Index cache not used: ${res.cacheNote}`);
      void res.cacheWritten?.then((err) => err && host.warn(err));
      this.state = this.index.sourceCount ? 'ready' : 'noCorpus';
      this.reconciling = !!res.reconcile;
      if (res.reconcile) {
        // Answer from the cache first; then compare it with the files on disk.
        const reconcile = res.reconcileAsync ?? (async () => res.reconcile!());
        setTimeout(async () => {
          if (gen !== this.generation) return;
          if (host.idle) await Promise.race([host.idle(), new Promise((r) => setTimeout(r, IDLE_WAIT_MS).unref())]);
          if (gen !== this.generation) return;
          this.reconciling = false;
          // In batches: requests (the first diagnostics of open drafts) are answered between them.
          let rec: Awaited<ReturnType<typeof reconcile>>;
          try {
            rec = await reconcile();
          } catch (e) {
            host.error(`Comparing the index cache with the files on disk failed: ${(e as Error).message}`);
            this.settle();
            return;
          }
          if (gen !== this.generation) return;
          if (rec.tooMany) {
            host.info(`${rec.changed} source files changed since the index cache was written: re-indexing all.`);
            void this.rebuild();
            return;
          }
          this.skipped = res.skipped;
          this.missingRoots = res.missingRoots;
          this.state = this.index.sourceCount ? 'ready' : 'noCorpus';
          this.settle();
          // The cache's passage texts, read page by page so far, into memory in small steps (textPages.ts).
          void res.loadTexts?.();
          if (rec.changed) {
            host.info(`Re-indexed ${rec.changed} source files changed since the index cache was written.`);
            host.recheckAll();
          }
          void res.cacheWritten?.then((err) => err && host.warn(err));
          host.status(this);
        }, host.reconcileDelayMs ?? 300);
      }
    } catch (e) {
      this.state = 'error';
      host.error(`Indexing failed: ${(e as Error).message}`);
    } finally {
      progress?.done();
    }
    if (gen === this.generation && !this.reconciling) this.settle();
    for (const s of this.skipped) host.warn(`Skipped ${s.file}: ${s.reason}`);
    host.info(`Indexed ${this.index.sourceCount} sources, ${this.index.passageCount} passages in ${Math.round(this.indexMs)} ms from ${this.roots.join(', ')}`);
    if (this.state === 'noCorpus' && !this.noCorpusShown && host.noCorpus) {
      this.noCorpusShown = true;
      host.noCorpus(this.noCorpusMessage());
    }
    host.status(this);
    host.recheckAll();
  }

  /**
   * The load is complete: re-read every file reported changed or deleted meanwhile, so the
   * index converges to what a fresh load of the disk would give.
   */
  settle(): void {
    this.busy = false;
    if (!this.pending.size) return;
    const files = [...this.pending];
    this.pending.clear();
    const changed = files.filter((f) => fs.existsSync(f));
    const kept = new Set(changed);
    const deleted = files.filter((f) => !kept.has(f));
    try {
      this.reindexFiles(changed, deleted);
    } catch (e) {
      this.host.error(`Re-indexing ${files.length} files changed during indexing failed: ${(e as Error).message}`);
    }
    this.host.info(`Re-read ${files.length} source files changed while indexing.`);
    this.host.status(this);
    this.host.recheckAll();
  }

  /** True when `file` is a team bibliography this folder reads. */
  isBibliography(file: string): boolean {
    if (this.bibliography.some((b) => path.resolve(this.root, b) === file)) return true;
    return /\.bib$|\.csl\.json$|(^|[\\/])bibliography\.json$/i.test(file) && !!this.keys?.dirs.includes(path.dirname(file));
  }

  /** True when a file belongs to this folder's corpus: exactly the files a load's walk lists (roots.ts). */
  inCorpus(file: string): boolean {
    return inCorpusRoots(file, this.roots, this.root);
  }

  /** Re-index a batch of changed corpus files: deletions first, then one pass over the rest. */
  reindexFiles(changed: string[], deleted: string[]): void {
    const gone = new Set([...changed, ...deleted]);
    this.skipped = this.skipped.filter((s) => !gone.has(s.file));
    if (!this.keys) {
      this.keys = new KeyRegistry(this.roots, this.root);
      this.keys.read();
      this.keys.adopt(this.index.sources());
      attachKeyTrace(this.index, this.keys);
    }
    for (const file of deleted) this.index.removeFile(file);
    // The walker's link policy holds for watched files too: a link leaving the corpus is not read.
    const rootDirs = this.roots.map((r) => rootDir(r, this.root));
    const readable: string[] = [];
    for (const file of changed) {
      const problem = watchedFileProblem(file, rootDirs, this.followExternalLinks);
      if (!problem) readable.push(file);
      else {
        this.index.removeFile(file);
        this.skipped.push({ file, reason: problem });
      }
    }
    this.keys.release(deleted);
    this.skipped.push(...reindexFiles(this.index, readable, this.root, this.maxFileSizeMB, this.keys, true, this.bib));
    if (this.index.sourceCount > 0 && this.state === 'noCorpus') this.state = 'ready';
  }
}
