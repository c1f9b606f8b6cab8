/**
 * The analyses of open drafts for the language server (issue 9: heavy drafts never
 * block other work). A small draft is checked at once, incrementally, when a request
 * needs it. A large one is checked in time slices (DraftChecker.checkAsync), at most
 * one run per version, stopped by a newer version, an index change or a cancelled
 * request; meanwhile its requests are answered from its last good analysis.
 */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CorpusIndex } from '../core/index/index';
import { DraftChecker, DraftAnalysis, settleAsync } from '../core/judgments/incremental';
import { Settings } from '../core/settings';
import { MAX_DIAGNOSTICS } from '../features/diagnostics';

/** Drafts up to this many characters are re-checked in one go when a request needs them. */
export const SYNC_CHECK_CHARS = 64 * 1024;

/**
 * A draft's checker here: paragraphs past the first MAX_DIAGNOSTICS judgments (all that is published,
 * with the total) are only counted until something reads them (core/judgments/incremental.ts
 * DraftCheckerOptions), so a long draft's diagnostics come in about half the time.
 */
export function newChecker(): DraftChecker {
  return new DraftChecker({ eagerJudgments: MAX_DIAGNOSTICS });
}

export interface Analysis<W> {
  ws: W;
  settings: Settings;
  check: DraftAnalysis;
}

interface Cached {
  version: number;
  index: CorpusIndex;
  indexVersion: number;
  settings: Settings;
  check: DraftAnalysis;
  /** Re-checks only the chunks (paragraphs) an edit touched. */
  checker: DraftChecker;
}

export interface AnalysisDeps<W> {
  workspaceFor(uri: string): W;
  settingsFor(uri: string): Promise<Settings>;
  /** The version of the open document, undefined once closed. */
  currentVersion(uri: string): number | undefined;
}

export class Analyses<W extends { index: CorpusIndex }> {
  private readonly cached = new Map<string, Cached>();
  private readonly inflight = new Map<string, { version: number; promise: Promise<Analysis<W> | undefined> }>();

  constructor(private readonly deps: AnalysisDeps<W>) {}

  has(uri: string): boolean {
    return this.cached.has(uri);
  }
  delete(uri: string): void {
    this.cached.delete(uri);
  }
  clear(): void {
    this.cached.clear();
  }

  private fresh(c: Cached, version: number, ws: W, settings: Settings): boolean {
    return c.version === version && c.index === ws.index && c.indexVersion === ws.index.version && c.settings === settings;
  }

  /** The analysis of a draft for a request (see the file comment). */
  async analyze(doc: TextDocument, token?: CancellationToken): Promise<Analysis<W>> {
    const ws = this.deps.workspaceFor(doc.uri);
    const settings = await this.deps.settingsFor(doc.uri);
    const c = this.cached.get(doc.uri);
    if (c && this.fresh(c, doc.version, ws, settings)) return { ws, settings, check: c.check };
    if (doc.getText().length <= SYNC_CHECK_CHARS) {
      const checker = c?.checker ?? newChecker();
      const check = checker.check(doc.getText(), ws.index, settings);
      this.cached.set(doc.uri, { version: doc.version, index: ws.index, indexVersion: ws.index.version, settings, check, checker });
      return { ws, settings, check };
    }
    const pending = this.checkInSlices(doc, token);
    if (c && c.settings === settings) return { ws, settings, check: c.check }; // last good analysis
    const a = await pending;
    if (a) return a;
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const now = this.cached.get(doc.uri);
    if (now) return { ws, settings, check: now.check };
    return this.analyze(doc, token); // superseded (a newer version or index): start again
  }

  /**
   * The analysis of a draft for a request that reads all of its judgments (the citation report):
   * the deferred paragraphs' checks are run first, in time slices, so other requests are not held
   * up for them. Throws RequestCancelled when the request is cancelled meanwhile.
   */
  async analyzeWhole(doc: TextDocument, token?: CancellationToken): Promise<Analysis<W>> {
    const a = await this.analyze(doc, token);
    if (!(await settleAsync(a.check, () => !!token?.isCancellationRequested))) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return a;
  }

  /**
   * Check a document in time slices (at most one run per version); resolves undefined
   * when the run was stopped: a newer version of the draft, the index changed, or the
   * request that started it was cancelled.
   */
  checkInSlices(doc: TextDocument, token?: CancellationToken): Promise<Analysis<W> | undefined> {
    // The document object is updated in place by later edits: keep this version's text.
    const version = doc.version;
    const text = doc.getText();
    const uri = doc.uri;
    const running = this.inflight.get(uri);
    if (running && running.version === version) return running.promise;
    const promise = (async (): Promise<Analysis<W> | undefined> => {
      const ws = this.deps.workspaceFor(uri);
      const settings = await this.deps.settingsFor(uri);
      const c = this.cached.get(uri);
      if (c && this.fresh(c, version, ws, settings)) return { ws, settings, check: c.check };
      const checker = c?.checker ?? newChecker();
      const index = ws.index;
      const stale = () => this.deps.currentVersion(uri) !== version || !!token?.isCancellationRequested || ws.index !== index;
      const check = await checker.checkAsync(text, index, settings, stale);
      if (!check || stale()) return undefined;
      this.cached.set(uri, { version, index, indexVersion: index.version, settings, check, checker });
      return { ws, settings, check };
    })();
    const entry = { version, promise };
    this.inflight.set(uri, entry);
    void promise.finally(() => {
      if (this.inflight.get(uri) === entry) this.inflight.delete(uri);
    });
    return promise;
  }
}
