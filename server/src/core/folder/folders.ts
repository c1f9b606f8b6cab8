/**
 * The workspace folders of a session and what they share: which folder a document
 * belongs to, the per-document settings cache, file events, and the Markdown drafts of a
 * folder (for Find All References). Pure core: the language server wires it to LSP.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { walk } from '../corpus/walk';
import { Settings } from '../settings';
import { SkippedFile } from '../types';
import { Folder, FolderHost, FolderStatus } from './folder';

export interface FoldersHost extends Omit<FolderHost, 'settings'> {
  /** Read the settings for a document or folder URI (LSP: `workspace/configuration`). */
  readSettings(uri: string): Promise<Settings>;
}

/** A file event: the path, and whether the watcher said it was deleted. */
export interface FileEvent {
  file: string;
  deleted: boolean;
}

export interface DraftFile {
  uri: string;
  text: string;
}

/** Drafts listed for references at the most, and the largest one read. */
const MAX_DRAFTS = 5000;
const MAX_DRAFT_BYTES = 5 * 1024 * 1024;

/** A file URI to a path; undefined for other schemes or a malformed URI. */
export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** `a.meta.yaml` -> the source file it describes (`a.txt`, `a.md`, …) when one exists. */
export function sourceOfSidecar(file: string): string | undefined {
  const m = /^(.*)\.meta\.ya?ml$/i.exec(file);
  if (!m) return undefined;
  for (const ext of ['.txt', '.md', '.html', '.htm', '.pdf', '.docx', '.TXT', '.MD']) if (fs.existsSync(m[1] + ext)) return m[1] + ext;
  return undefined;
}

export class Folders {
  private readonly byRoot = new Map<string, Folder>();
  /** Settings per document or folder URI, read once; cleared on a configuration change, dropped when a document closes. */
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly folderHost: FolderHost;

  constructor(private readonly host: FoldersHost) {
    this.folderHost = { ...host, settings: (uri) => this.settingsFor(uri) };
  }

  get size(): number {
    return this.byRoot.size;
  }

  all(): Folder[] {
    return [...this.byRoot.values()];
  }

  first(): Folder | undefined {
    return this.byRoot.values().next().value;
  }

  get(root: string): Folder | undefined {
    return this.byRoot.get(root);
  }

  add(root: string): Folder {
    let f = this.byRoot.get(root);
    if (!f) this.byRoot.set(root, (f = new Folder(root, this.folderHost)));
    return f;
  }

  remove(root: string): void {
    const f = this.byRoot.get(root);
    if (!f) return;
    this.byRoot.delete(root);
    this.settingsCache.delete(f.uri);
  }

  /** The folder holding a document: the longest matching root, else the first, else a new one for the document's folder. */
  folderFor(uri: string): Folder {
    const p = uriToPath(uri);
    let best: Folder | undefined;
    for (const f of this.byRoot.values()) {
      if (p && (p === f.root || p.startsWith(f.root + path.sep)) && (!best || f.root.length > best.root.length)) best = f;
    }
    if (best) return best;
    const first = this.first();
    if (first) return first;
    const f = this.add(p ? path.dirname(p) : process.cwd());
    void f.load();
    return f;
  }

  /** The folder a request names by URI, else the first. */
  folderOrFirst(uri: string | undefined): Folder | undefined {
    return uri ? this.folderFor(uri) : this.first();
  }

  settingsFor(uri: string): Promise<Settings> {
    let s = this.settingsCache.get(uri);
    if (!s) this.settingsCache.set(uri, (s = this.host.readSettings(uri)));
    return s;
  }

  /** A document closed: its settings are read afresh if it is opened again. */
  forget(uri: string): void {
    this.settingsCache.delete(uri);
  }

  /** The settings changed: re-read them; reload each folder whose corpus settings differ, else re-check. */
  async configurationChanged(): Promise<void> {
    this.settingsCache.clear();
    await Promise.all(
      this.all().map(async (f) => {
        if (f.corpusSettingsDiffer(await this.settingsFor(f.uri))) void f.load();
        else this.host.recheckAll();
      }),
    );
  }

  /** Rebuild every folder's index from scratch, one after another. */
  async rebuildAll(): Promise<FolderStatus[]> {
    for (const f of this.all()) await f.rebuild();
    return this.all().map((f) => f.status());
  }

  /**
   * Apply file watcher events: corpus files are re-indexed (or kept for after a running
   * load), a sidecar re-indexes its source, and a changed key file or team bibliography
   * reloads its folder. Files outside every corpus are ignored.
   */
  fileEvents(events: FileEvent[]): void {
    const batches = new Map<Folder, { changed: string[]; deleted: string[] }>();
    const batchOf = (f: Folder) => {
      let b = batches.get(f);
      if (!b) batches.set(f, (b = { changed: [], deleted: [] }));
      return b;
    };
    const reload = new Set<Folder>();
    for (const ev of events) {
      const file = ev.file;
      for (const f of this.byRoot.values()) {
        // A key file changed by someone else (git pull, the CLI, a hand edit), or a team
        // bibliography changed: reload with it. A sidecar re-indexes its source file.
        if (f.keys?.isForeignChange(file) || f.isBibliography(file)) reload.add(f);
        const source = sourceOfSidecar(file);
        if (source && f.inCorpus(source)) batchOf(f).changed.push(source);
        if (!f.inCorpus(file)) continue;
        if (f.busy) {
          f.pending.add(file); // applied when the load is done (Folder.settle)
          continue;
        }
        if (ev.deleted || !fs.existsSync(file)) batchOf(f).deleted.push(file);
        else batchOf(f).changed.push(file);
      }
    }
    for (const [f, b] of batches) {
      try {
        f.reindexFiles(b.changed, b.deleted);
      } catch (e) {
        this.host.error(`Re-indexing ${[...b.changed, ...b.deleted].join(', ')} failed: ${(e as Error).message}`);
      }
      this.host.status(f);
    }
    for (const f of reload) {
      this.host.info('A citation key file changed on disk: re-indexing with its keys.');
      void f.rebuild();
    }
    if (batches.size) this.host.recheckAll();
  }

  /**
   * The Markdown drafts of a folder: the open documents first, then `.md` / `.markdown`
   * files on disk outside the corpus, found by the corpus walker (so the same folders are
   * skipped). Unreadable files, and files that are not regular files, are left out.
   */
  async drafts(folder: Folder, open: Iterable<DraftFile>, cancelled: () => boolean = () => false): Promise<DraftFile[]> {
    const out = new Map<string, DraftFile>();
    for (const d of open) out.set(d.uri, d);
    const files: string[] = [];
    const unused: SkippedFile[] = [];
    walk(folder.root, files, unused, { accept: (name) => /\.(md|markdown)$/i.test(name), max: MAX_DRAFTS });
    for (const p of files) {
      if (cancelled()) break;
      if (folder.inCorpus(p)) continue;
      const uri = pathToFileURL(p).toString();
      if (out.has(uri)) continue;
      try {
        const st = await fs.promises.stat(p);
        if (!st.isFile() || st.size > MAX_DRAFT_BYTES) continue; // never a FIFO or device: reading one blocks
        out.set(uri, { uri, text: await fs.promises.readFile(p, 'utf8') });
      } catch {
        /* unreadable drafts are simply not searched */
      }
    }
    return [...out.values()];
  }
}
