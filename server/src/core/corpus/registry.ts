/**
 * KeyRegistry: the key files of a corpus (see keyfile.ts) and the keys they hand out.
 * The CLI, the server at start and the server on a live file event all assign keys
 * through one registry, so a source gets the same key whichever program computed it
 * and from whichever working directory: keys depend on the article's content
 * fingerprint, its title and date, and the key file, never on the cwd or file order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { fingerprint, formatKeyFile, KEY_FILE, keyFileDir, parseKeyFile, readKeyText, writeKeyFile } from './keyfile';
import { assignStableKeys, indexKnown, KeyEntry, KnownIndex, makeKey, StableItem, stableKeysOnly } from './keys';

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** What the loader knows of one article when keys are assigned. */
export interface KeyRequest {
  file: string;
  /** 1-based article number within the file. */
  ordinal: number;
  title: string;
  date?: string;
  explicit?: string;
  passages: readonly { text: string }[];
  /**
   * `fingerprint(passages)`, when the caller has it (the loader hashes each article while its text is
   * still in hand, so a load never reads the texts back out of the passage store); filled in here once
   * computed, so a request is hashed once however often it is asked for a key.
   */
  fingerprint?: string;
}

/** Where an unknown key went: the key the same content has now, or the file it named. */
export interface KeyTrace {
  /** The current key of the source that held `key` (same fingerprint or same place). */
  key?: string;
  /** Path (relative to its key file) of the source that held it, when it is gone. */
  file?: string;
}

/**
 * A request as the key assignment sees it. A class, not an object literal with a getter: V8
 * keeps such literals in dictionary mode, 435 bytes each (a heap snapshot of a Reuters load).
 */
class RequestItem implements StableItem {
  readonly baseKey: string;
  readonly explicit: string | undefined;

  constructor(
    private readonly r: KeyRequest,
    readonly path: string,
  ) {
    this.baseKey = makeKey(r.title, r.date);
    this.explicit = r.explicit;
  }

  get fingerprint(): string {
    return (this.r.fingerprint ??= fingerprint(this.r.passages));
  }
}

export class KeyRegistry {
  readonly dirs: string[];
  /** Every entry, `path` = absolute posix path of the file + "#N" for articles after the first. */
  private entryList: KeyEntry[] = [];
  /** Key-file texts read but not parsed yet (a warm start whose key files are unchanged never parses them, issue 13). */
  private unparsed: { dir: string; text?: string; problem?: string }[] | undefined;
  /** Entries held by the sources of each file now in the index. */
  private held = new Map<string, KeyEntry[]>();
  private texts = new Map<string, string | undefined>();
  private problemList: string[] = [];
  /** Key files the last `save` changed, with how many keys they did not hold before. */
  written: { file: string; added: number }[] = [];

  constructor(roots: string[], baseDir: string) {
    const set = new Set<string>();
    for (const r of roots) set.add(keyFileDir(r, baseDir));
    this.dirs = [...set].sort((a, b) => b.length - a.length);
  }

  /** (Re-)read every key file. Forgets which entries are held. */
  read(): void {
    this.entryList = [];
    this.held.clear();
    this.problemList = [];
    this.unparsed = [];
    for (const dir of this.dirs) {
      const r = readKeyText(dir);
      this.texts.set(dir, r.text);
      this.unparsed.push({ dir, ...r });
    }
  }

  /** Problems met reading key files (malformed lines), for logs. */
  get problems(): string[] {
    this.parse();
    return this.problemList;
  }

  private get entries(): KeyEntry[] {
    this.parse();
    return this.entryList;
  }

  private set entries(v: KeyEntry[]) {
    this.parse();
    this.entryList = v;
  }

  /** Parse the key files `read` left as text. */
  private parse(): void {
    const todo = this.unparsed;
    if (!todo) return;
    this.unparsed = undefined;
    for (const { dir, text, problem } of todo) {
      if (problem) this.problemList.push(`${path.join(dir, KEY_FILE)}: ${problem}`);
      if (text === undefined) continue;
      const r = parseKeyFile(text);
      for (const p of r.problems) this.problemList.push(`${path.join(dir, KEY_FILE)}: ${p}`);
      const base = toPosix(dir);
      for (const e of r.entries) this.entryList.push({ key: e.key, fingerprint: e.fingerprint, path: `${base}/${e.path}` });
    }
  }

  /** True when `file` is one of this registry's key files and its content is not what was last read or written here. */
  isForeignChange(file: string): boolean {
    if (path.basename(file) !== KEY_FILE) return false;
    const dir = path.dirname(path.resolve(file));
    if (!this.dirs.includes(dir)) return false;
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    return text !== this.texts.get(dir);
  }

  /** A hash-free summary of the key files' contents, for cache validation. */
  signature(): string {
    return this.dirs.map((d) => `${d}:${this.texts.get(d)?.length ?? -1}:${this.texts.get(d) ?? ''}`).join('\n');
  }

  /** SHA-1 of signature() (hex), hashed piece by piece: the 100 MB corpus's key files are 8 MB of text (issue 13). */
  signatureHash(): string {
    const h = createHash('sha1');
    this.dirs.forEach((d, i) => {
      const text = this.texts.get(d);
      h.update(`${i ? '\n' : ''}${d}:${text?.length ?? -1}:`);
      if (text) h.update(text);
    });
    return h.digest('hex');
  }

  /**
   * The item to assign a key to; its fingerprint is hashed only when something needs it. Made
   * once per request: a progressive load asks for provisional keys file by file, then for
   * every key at the end (issue 13: making the items again there was 85 MB of garbage at the
   * 100 MB corpus's peak).
   */
  private item(r: KeyRequest): StableItem {
    let it = this.items.get(r);
    if (it) return it;
    const p = toPosix(path.isAbsolute(r.file) ? r.file : path.resolve(r.file)) + (r.ordinal > 1 ? `#${r.ordinal}` : '');
    it = new RequestItem(r, p);
    this.items.set(r, it);
    return it;
  }

  private items = new WeakMap<KeyRequest, StableItem>();

  /** Keys to serve a load's first batches with (the registry is not changed); `seen` = keys handed out so far. */
  provisional(reqs: KeyRequest[], seen: ReadonlySet<string>): string[] {
    // Indexed once per key-file state, not per call: a load asks once per file.
    if (this.known?.entries !== this.entries) this.known = { entries: this.entries, index: indexKnown(this.entries) };
    return stableKeysOnly(
      reqs.map((r) => this.item(r)),
      this.known.index,
      seen,
    );
  }

  private known: { entries: KeyEntry[]; index: KnownIndex } | undefined;

  /** Keys for a whole corpus load. */
  assignAll(reqs: KeyRequest[]): string[] {
    const res = assignStableKeys(reqs.map((r) => this.item(r)), this.entries);
    this.entries = res.all;
    this.known = undefined; // the provisional index of the old entries is not needed after a load
    this.items = new WeakMap();
    this.held.clear();
    reqs.forEach((r, i) => this.hold(r.file, res.entries[i]));
    return res.keys;
  }

  /**
   * Keys for the articles of re-indexed files. `otherKeys` are the keys of every source
   * not in these files (explicit ids included); their entries stay held.
   */
  assignFiles(files: string[], reqs: KeyRequest[], otherKeys: ReadonlySet<string>): string[] {
    const changing = new Set(files.map((f) => path.resolve(f)));
    for (const f of changing) this.held.delete(f);
    const held = new Set<KeyEntry>();
    for (const l of this.held.values()) for (const e of l) held.add(e);
    const res = assignStableKeys(reqs.map((r) => this.item(r)), this.entries, { reserved: otherKeys, held });
    this.entries = res.all;
    reqs.forEach((r, i) => this.hold(r.file, res.entries[i]));
    return res.keys;
  }

  /** After a warm start from a cache: hold the entries whose keys the cached sources carry. */
  adopt(sources: readonly { key: string; file: string }[]): void {
    this.held.clear();
    const byKey = new Map<string, KeyEntry>();
    for (const e of this.entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
    for (const s of sources) {
      const e = byKey.get(s.key);
      if (e) this.hold(s.file, e);
    }
  }

  /** Files gone from the index: their entries stay (retired), so their keys are never reused. */
  release(files: string[]): void {
    for (const f of files) this.held.delete(path.resolve(f));
  }

  private hold(file: string, e: KeyEntry): void {
    const f = path.isAbsolute(file) ? file : path.resolve(file);
    const l = this.held.get(f);
    // A list of one to start with (most files hold one article): `[]` then push reserves 17 slots (2.8 MB on Reuters).
    if (!l) this.held.set(f, [e]);
    else l.push(e);
  }

  /** Write every key file whose content changed. Returns messages for what could not be written. */
  save(): string[] {
    const byDir = new Map<string, KeyEntry[]>();
    for (const d of this.dirs) byDir.set(d, []);
    for (const e of this.entries) {
      const dir = this.ownerOf(e.path);
      if (!dir) continue;
      byDir.get(dir)!.push({ key: e.key, fingerprint: e.fingerprint, path: e.path.slice(toPosix(dir).length + 1) });
    }
    const notes: string[] = [];
    this.written = [];
    for (const [dir, list] of byDir) {
      const prev = this.texts.get(dir);
      if (list.length === 0 && prev === undefined) continue;
      const text = formatKeyFile(list);
      if (text === prev) continue;
      const err = writeKeyFile(dir, text, prev);
      if (err) notes.push(err);
      else {
        const before = new Set(prev ? parseKeyFile(prev).entries.map((e) => e.key) : []);
        this.written.push({ file: path.join(dir, KEY_FILE), added: list.filter((e) => !before.has(e.key)).length });
        this.texts.set(dir, text);
      }
    }
    return notes;
  }

  /** A source file named for people and notes: its key-file folder's name + the path inside it ("seeds/a.txt"), the same from any cwd. */
  displayPath(file: string): string {
    const p = toPosix(path.resolve(file));
    const dir = this.ownerOf(p);
    return dir ? `${path.basename(dir)}/${p.slice(toPosix(dir).length + 1)}` : path.basename(file);
  }

  private ownerOf(p: string): string | undefined {
    for (const d of this.dirs) {
      const base = toPosix(d);
      if (p.startsWith(base + '/')) return d;
    }
    return undefined;
  }

  /**
   * Where an unknown key went. `sources` are the sources now indexed. The key's entry
   * names a fingerprint and a place: a source with that fingerprint (re-keyed by a
   * front-matter id or a bibliography entry, or an entry edited by hand), else the
   * source now at that place, gives the key to use instead.
   */
  trace(key: string, sources: readonly { key: string; file: string; startLine: number; passages: readonly { text: string }[] }[]): KeyTrace | undefined {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry) return undefined;
    const hash = entry.path.indexOf('#', entry.path.lastIndexOf('/'));
    const file = hash >= 0 ? entry.path.slice(0, hash) : entry.path;
    const ordinal = hash >= 0 ? parseInt(entry.path.slice(hash + 1), 10) : 1;
    for (const s of sources) if (s.key !== key && fingerprint(s.passages) === entry.fingerprint) return { key: s.key };
    const here = sources.filter((s) => toPosix(path.resolve(s.file)) === file).sort((a, b) => a.startLine - b.startLine);
    if (here[ordinal - 1] && here[ordinal - 1].key !== key) return { key: here[ordinal - 1].key };
    const owner = this.ownerOf(entry.path);
    return { file: owner ? path.relative(owner, file).split(path.sep).join('/') : file };
  }
}
