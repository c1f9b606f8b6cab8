/**
 * The passage texts of a cache file (format 8), read from the file when first
 * needed instead of at load (issue 13, warm start): the text block is cut into
 * pages of PAGE_BYTES, each with its own tag (cacheKey.ts `cachePageMac`), and
 * a page is read with a positional read and checked before any byte of it is
 * used. Verified pages are kept in a small least-recently-used set
 * (TEXT_CACHE_BYTES); their buffers are reused for the next pages read, so
 * reading pages after the first ones allocates nothing.
 *
 * The language server then reads every page into memory in small steps once
 * the open drafts are checked and the cache reconciled (`loadSome`), so later
 * requests read texts from memory as from a format-7 cache (a page read costs
 * 30-90 µs here: at 100 MB, hovers and checks that read many passages were 2-3
 * times slower with only an 8 MB set of pages); a command-line check reads
 * them all at load (`loadAll`).
 *
 * The file stays open (its descriptor) as long as the index reads it: the
 * server writes a new cache by renaming over the old file, and a descriptor
 * keeps reading the file it opened (the text this index was loaded with). A
 * page that cannot be read in full or whose tag does not match (the file was
 * truncated or edited in place) is never used: its passages read as '' and
 * `failure` says why, once, to `onFailure` (the folder then re-indexes from
 * the sources without the cache). The descriptor is closed when the index is
 * collected (or by `close`).
 */
import { closeQuietly, readFully } from '../text/files';
import { cachePageMac, TAG_BYTES } from './cacheKey';

/** Bytes of a text page (the last one may be shorter). */
export const PAGE_BYTES = 1 << 14;
/** Verified pages kept in memory (by default 8 MB: 512 pages). */
export const TEXT_CACHE_BYTES = 8 << 20;

const closer = new FinalizationRegistry<{ fd: number; closed: boolean }>((h) => {
  if (h.closed) return;
  h.closed = true;
  closeQuietly(h.fd);
});

export class PagedText {
  /** Why a page was refused (the first one), or undefined while every page read has checked out. */
  failure: string | undefined;
  /** Called once, with the reason, when a page is refused. */
  onFailure: ((reason: string) => void) | undefined;
  /** Pages read and checked (for tests and the benchmark). */
  reads = 0;
  private readonly handle: { fd: number; closed: boolean };
  private readonly mac: ReturnType<typeof cachePageMac>;
  private readonly pages: (Buffer | undefined)[];
  private readonly used: Float64Array;
  private resident: number[] = [];
  private spare: Buffer[] = [];
  private tick = 0;
  private readonly maxPages: number;
  /** Every text, once `loadSome` has read and checked every page (the descriptor is then closed). */
  private all: Buffer | undefined;
  private loading: Buffer | undefined;
  private loaded = 0;

  constructor(
    fd: number,
    /** Offset of the text's first byte in the file. */
    private readonly at: number,
    /** Bytes of text. */
    readonly length: number,
    /** The pages' tags, TAG_BYTES each, in page order (already authenticated with the file's header). */
    private readonly tags: Uint8Array,
    fileNonce: Uint8Array,
    cacheBytes = TEXT_CACHE_BYTES,
  ) {
    const n = Math.ceil(length / PAGE_BYTES);
    if (tags.length !== n * TAG_BYTES) throw new Error('text page tags do not match the text length');
    this.handle = { fd, closed: false };
    closer.register(this, this.handle, this.handle);
    this.mac = cachePageMac(fileNonce);
    this.pages = new Array<Buffer | undefined>(n);
    this.used = new Float64Array(n);
    this.maxPages = Math.max(2, Math.floor(cacheBytes / PAGE_BYTES));
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Pages held in memory now. */
  get residentPages(): number {
    return this.resident.length;
  }

  /** Bytes of text held in memory (pages, or every text once loaded). */
  get heldBytes(): number {
    return this.all ? this.all.length : this.resident.length * PAGE_BYTES;
  }

  /** True once every text is in memory. */
  get inMemory(): boolean {
    return this.all !== undefined;
  }

  /**
   * Read and check about `bytes` more of the texts into memory, in order; true when done: every text
   * is in memory (pages are then no longer read), or a page was refused (pages stay read on demand).
   */
  loadSome(bytes = 1 << 20): boolean {
    if (this.all) return true;
    if (this.failure !== undefined || this.handle.closed) return true;
    const buf = (this.loading ??= Buffer.allocUnsafeSlow(this.length));
    const from = this.loaded;
    const to = Math.min(this.length, from + Math.max(PAGE_BYTES, bytes - (bytes % PAGE_BYTES)));
    let got: number;
    try {
      got = readFully(this.handle.fd, buf.subarray(from, to), this.at + from);
    } catch (e) {
      this.loading = undefined;
      this.refuse(`text unreadable (${(e as Error).message})`);
      return true;
    }
    if (got !== to - from) {
      this.loading = undefined;
      this.refuse(`text page ${Math.floor((from + got) / PAGE_BYTES)} truncated (the cache file changed while open)`);
      return true;
    }
    for (let p = from / PAGE_BYTES; p * PAGE_BYTES < to; p++) {
      if (!this.mac.check(p, buf.subarray(p * PAGE_BYTES, Math.min(to, (p + 1) * PAGE_BYTES)), this.tags.subarray(p * TAG_BYTES, (p + 1) * TAG_BYTES))) {
        this.loading = undefined;
        this.refuse(`text page ${p} signature mismatch (the cache file changed while open)`);
        return true;
      }
    }
    this.loaded = to;
    if (to < this.length) return false;
    this.all = buf;
    this.loading = undefined;
    this.pages.fill(undefined);
    this.resident = [];
    this.spare = [];
    this.close();
    return true;
  }

  /** Every text read and checked into memory at once. */
  loadAll(): void {
    while (!this.loadSome(8 << 20));
  }

  /** Close the file (later reads fail safely). */
  close(): void {
    if (this.handle.closed) return;
    this.handle.closed = true;
    closer.unregister(this.handle);
    closeQuietly(this.handle.fd);
  }

  /** The text bytes [from, to) decoded as UTF-8 ('' when a page they lie on is refused). */
  text(from: number, to: number): string {
    if (to <= from) return '';
    if (this.all) return this.all.toString('utf8', from, to);
    const p = Math.floor(from / PAGE_BYTES);
    const q = Math.floor((to - 1) / PAGE_BYTES);
    if (p === q) {
      const b = this.page(p);
      return b ? b.toString('utf8', from - p * PAGE_BYTES, to - p * PAGE_BYTES) : '';
    }
    const out = Buffer.allocUnsafe(to - from);
    return this.copy(from, to, out, 0) ? out.toString('utf8') : '';
  }

  /** Copy the text bytes [from, to) into `into` at `at`; false (nothing usable) when a page is refused. */
  copy(from: number, to: number, into: Uint8Array, at: number): boolean {
    if (this.all) {
      into.set(this.all.subarray(from, to), at);
      return true;
    }
    for (let x = from; x < to; ) {
      const p = Math.floor(x / PAGE_BYTES);
      const b = this.page(p);
      if (!b) return false;
      const end = Math.min(to, (p + 1) * PAGE_BYTES);
      into.set(b.subarray(x - p * PAGE_BYTES, end - p * PAGE_BYTES), at + x - from);
      x = end;
    }
    return true;
  }

  /** Every page in order, checked (for writing a new cache); throws when one is refused: nothing unchecked is written. */
  *pieces(): Generator<Uint8Array> {
    if (this.all) {
      yield this.all;
      return;
    }
    for (let p = 0; p < this.pages.length; p++) {
      const b = this.page(p);
      if (!b) throw new Error(`index cache text unusable: ${this.failure}`);
      yield b;
    }
  }

  /** Page `p`, read and checked on first use; undefined when it cannot be read in full or its tag does not match. */
  private page(p: number): Buffer | undefined {
    const have = this.pages[p];
    if (have) {
      this.used[p] = ++this.tick;
      return have;
    }
    if (this.failure !== undefined && this.handle.closed) return undefined;
    const len = Math.min(PAGE_BYTES, this.length - p * PAGE_BYTES);
    if (this.resident.length >= this.maxPages) this.evict();
    let buf = this.spare.pop() ?? Buffer.allocUnsafeSlow(PAGE_BYTES);
    const view = buf.subarray(0, len);
    let got: number;
    try {
      if (this.handle.closed) throw new Error('the cache file is closed');
      got = readFully(this.handle.fd, view, this.at + p * PAGE_BYTES);
    } catch (e) {
      this.spare.push(buf);
      return this.refuse(`text page ${p} unreadable (${(e as Error).message})`);
    }
    if (got !== len) {
      this.spare.push(buf);
      return this.refuse(`text page ${p} truncated (the cache file changed while open)`);
    }
    if (!this.mac.check(p, view, this.tags.subarray(p * TAG_BYTES, (p + 1) * TAG_BYTES))) {
      buf.fill(0);
      this.spare.push(buf);
      return this.refuse(`text page ${p} signature mismatch (the cache file changed while open)`);
    }
    this.reads++;
    buf = view;
    this.pages[p] = buf;
    this.used[p] = ++this.tick;
    this.resident.push(p);
    return buf;
  }

  /** Drop the least recently used half of the pages held, keeping their buffers for reuse. */
  private evict(): void {
    const r = this.resident.sort((a, b) => this.used[a] - this.used[b]);
    const drop = r.length >> 1;
    for (let i = 0; i < drop; i++) {
      const b = this.pages[r[i]]!;
      this.pages[r[i]] = undefined;
      if (b.buffer.byteLength === PAGE_BYTES && this.spare.length < this.maxPages) this.spare.push(Buffer.from(b.buffer, b.byteOffset, PAGE_BYTES));
    }
    this.resident = r.slice(drop);
  }

  private refuse(reason: string): undefined {
    if (this.failure === undefined) {
      this.failure = reason;
      try {
        this.onFailure?.(reason);
      } catch {
        /* the listener's problem, not the reader's */
      }
    }
    return undefined;
  }
}
