/**
 * Passage texts and figures kept out of the JavaScript heap: passage texts in
 * UTF-8 chunks (4 MB each while a corpus is read, or the cache file's one
 * block), addressed by byte offsets, and typed-array columns for the passage
 * fields and the figures. A `StoredPassage` is a small view on one row; its
 * text is decoded on each read, its figures are built when read (by a check, a
 * hover, a ranking) and kept in a bounded cache, so only figures in use cost heap.
 *
 * Chunks, not one doubling buffer (issue 13): a doubling buffer holds up to
 * twice the text, and each doubling and the final trim copy it all while the
 * old copy is alive; the cache is written from the chunks as they are.
 *
 * Measured on Reuters (`npm run bench:memory`, heap snapshot of a cold build):
 * passage texts, figure objects and their arrays were about half of the 111 MB
 * heap; a row here costs 28 bytes of columns plus its UTF-8 text.
 *
 * A store read from a cache file keeps its texts in the file (textPages.ts):
 * pages read, checked and kept in a small set when first read (issue 13).
 */
import { Figure, FigureKind, Passage } from '../types';
import { PagedText } from './textPages';
export { StoredPassage } from './storedPassage';

type U32 = Uint32Array;

interface Unit {
  kind: FigureKind;
  unit: string;
  dimension?: string;
  hedge?: Figure['hedge'];
}

/** Passage texts in UTF-8 given as pieces read in order (a cache file's pages, then chunks appended since). */
export interface TextPieces {
  length: number;
  pieces(): Iterable<Uint8Array>;
}

/** The store's columns, as the cache file holds them (textStart in bytes). */
export interface StoreColumns {
  /**
   * Every passage text in UTF-8, as one block, as pieces in order (written as one block), or to be read
   * in pieces (a store whose texts stay in the cache file: `PagedText`, or TextPieces when writing).
   */
  text: Uint8Array | Uint8Array[] | PagedText | TextPieces;
  textStart: U32;
  pN: U32;
  pStartLine: U32;
  pEndLine: U32;
  pStartOffset: U32;
  figStart: U32;
  fStart: U32;
  fEnd: U32;
  fValue: Float64Array;
  fHigh: Float64Array;
  fPrecision: Float64Array;
  fUnit: Uint16Array;
  /** "kind|unit|dimension|hedge", indexed by fUnit. */
  units: string[];
}

function grow<T extends U32 | Float64Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

function parseUnit(u: string): Unit {
  const [kind, unit, dimension, hedge] = u.split('|');
  return { kind: kind as FigureKind, unit: unit ?? '', dimension: dimension || undefined, hedge: (hedge || undefined) as Figure['hedge'] };
}

/** Size of a text chunk while a corpus is read (a longer passage gets a chunk of its own). */
const CHUNK_BYTES = 1 << 22;
/** Rows whose figures are kept built (figuresOf); the cache is emptied when it grows past this. */
const FIGURE_CACHE_ROWS = 20000;

interface Chunk {
  buf: Buffer;
  /** Byte offset of buf[0] in the store's text. */
  base: number;
  /** Bytes of buf in use. */
  used: number;
}

export class PassageStore {
  /** Passage texts; a row never spans two chunks. */
  private chunks: Chunk[] = [];
  /** Texts of rows read from a cache file, left in the file: bytes [0, paged.length) of the text. */
  private paged: PagedText | undefined;
  private textBytes = 0;
  private figureCache = new Map<number, Figure[]>();
  private textStart: U32 = new Uint32Array(1024);
  private pN: U32 = new Uint32Array(1024);
  private pStartLine: U32 = new Uint32Array(1024);
  private pEndLine: U32 = new Uint32Array(1024);
  private pStartOffset: U32 = new Uint32Array(1024);
  private figStart: U32 = new Uint32Array(1024);
  private fStart: U32 = new Uint32Array(1024);
  private fEnd: U32 = new Uint32Array(1024);
  private fValue = new Float64Array(1024);
  private fHigh = new Float64Array(1024);
  private fPrecision = new Float64Array(1024);
  private fUnit = new Uint16Array(1024);
  private units: string[] = [];
  private unitInfo: Unit[] = [];
  private unitId = new Map<string, number>();
  rows = 0;
  private figs = 0;

  /** A store over columns read from the cache (no copy); checked for consistency. */
  static fromColumns(c: StoreColumns): PassageStore {
    const s = new PassageStore();
    const P = c.pN.length;
    const F = c.fStart.length;
    if (!(c.text instanceof Uint8Array || c.text instanceof PagedText)) throw new Error('passage text must be one block');
    const text = c.text;
    if (c.textStart.length !== P + 1 || c.textStart[0] !== 0 || c.textStart[P] !== text.length || c.figStart.length !== P + 1 || c.figStart[P] !== F) throw new Error('passage columns are inconsistent');
    for (const col of [c.fEnd, c.fValue, c.fHigh, c.fPrecision, c.fUnit]) if (col.length !== F) throw new Error('figure columns are inconsistent');
    for (let i = 0; i < P; i++) if (c.textStart[i] > c.textStart[i + 1] || c.figStart[i] > c.figStart[i + 1]) throw new Error('passage columns are out of order');
    for (let k = 0; k < F; k++) if (c.fUnit[k] >= c.units.length) throw new Error('figure unit out of range');
    if (text instanceof PagedText) s.paged = text;
    else if (text.length) s.chunks = [{ buf: Buffer.from(text.buffer, text.byteOffset, text.byteLength), base: 0, used: text.length }];
    s.textBytes = text.length;
    Object.assign(s, { textStart: c.textStart, pN: c.pN, pStartLine: c.pStartLine, pEndLine: c.pEndLine, pStartOffset: c.pStartOffset, figStart: c.figStart });
    Object.assign(s, { fStart: c.fStart, fEnd: c.fEnd, fValue: c.fValue, fHigh: c.fHigh, fPrecision: c.fPrecision, fUnit: c.fUnit });
    s.units = [...c.units];
    s.unitInfo = s.units.map(parseUnit);
    s.units.forEach((u, i) => s.unitId.set(u, i));
    s.rows = P;
    s.figs = F;
    return s;
  }

  /** Append a passage's text, fields and figures; returns its row. */
  append(p: Passage): number {
    const row = this.rows;
    const n = row + 2;
    this.textStart = grow(this.textStart, n);
    this.figStart = grow(this.figStart, n);
    this.pN = grow(this.pN, n);
    this.pStartLine = grow(this.pStartLine, n);
    this.pEndLine = grow(this.pEndLine, n);
    this.pStartOffset = grow(this.pStartOffset, n);
    const bytes = Buffer.byteLength(p.text, 'utf8');
    let last = this.chunks[this.chunks.length - 1];
    if (!last || last.buf.length - last.used < bytes) {
      last = { buf: Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes)), base: this.textBytes, used: 0 };
      this.chunks.push(last);
    }
    this.textStart[row] = this.textBytes;
    const wrote = last.buf.write(p.text, last.used, 'utf8');
    last.used += wrote;
    this.textBytes += wrote;
    this.textStart[row + 1] = this.textBytes;
    this.pN[row] = p.n;
    this.pStartLine[row] = p.startLine;
    this.pEndLine[row] = p.endLine;
    this.pStartOffset[row] = p.startOffset;
    this.figStart[row] = this.figs;
    const nf = this.figs + p.figures.length;
    this.fStart = grow(this.fStart, nf);
    this.fEnd = grow(this.fEnd, nf);
    this.fValue = grow(this.fValue, nf);
    this.fHigh = grow(this.fHigh, nf);
    this.fPrecision = grow(this.fPrecision, nf);
    this.fUnit = grow(this.fUnit, nf);
    for (const g of p.figures) {
      const u = `${g.kind}|${g.unit}|${g.dimension ?? ''}|${g.hedge ?? ''}`;
      let id = this.unitId.get(u);
      if (id === undefined) {
        id = this.units.length;
        this.units.push(u);
        this.unitInfo.push(parseUnit(u));
        this.unitId.set(u, id);
      }
      const k = this.figs++;
      this.fStart[k] = g.start;
      this.fEnd[k] = g.end;
      this.fValue[k] = g.value;
      this.fHigh[k] = g.kind === 'score' ? g.second ?? NaN : g.high ?? NaN; // a score keeps its second number here
      this.fPrecision[k] = g.precision;
      this.fUnit[k] = id;
    }
    this.figStart[row + 1] = this.figs;
    this.rows++;
    return row;
  }

  textOf(row: number): string {
    const from = this.textStart[row];
    const to = this.textStart[row + 1];
    if (from === to) return '';
    if (this.paged && from < this.paged.length) return this.paged.text(from, to);
    const c = this.chunkAt(from);
    return c.buf.toString('utf8', from - c.base, to - c.base);
  }

  /** The texts left in a cache file (textPages.ts), if any: a failure to read them is reported there. */
  get pagedText(): PagedText | undefined {
    return this.paged;
  }

  /** Copy text bytes [from, to) of one row into `into` at `at`; the bytes copied (0 when the cache file's page is refused). */
  private copyText(from: number, to: number, into: Uint8Array, at: number): number {
    if (this.paged && from < this.paged.length) return this.paged.copy(from, to, into, at) ? to - from : 0;
    const ch = this.chunkAt(from);
    into.set(ch.buf.subarray(from - ch.base, to - ch.base), at);
    return to - from;
  }

  /** The chunk holding byte `at` (the last one whose base is at or before it). */
  private chunkAt(at: number): Chunk {
    const cs = this.chunks;
    let lo = 0;
    let hi = cs.length - 1;
    if (cs[hi].base <= at) return cs[hi];
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cs[mid].base <= at) lo = mid;
      else hi = mid - 1;
    }
    return cs[lo];
  }

  n(row: number): number {
    return this.pN[row];
  }
  startLine(row: number): number {
    return this.pStartLine[row];
  }
  endLine(row: number): number {
    return this.pEndLine[row];
  }
  startOffset(row: number): number {
    return this.pStartOffset[row];
  }
  figureCount(row: number): number {
    return this.figStart[row + 1] - this.figStart[row];
  }

  /**
   * The figures of a row, built once and kept while the row is among the last
   * FIGURE_CACHE_ROWS read (the same array on every read until then); treat as read-only.
   */
  cachedFiguresOf(row: number): Figure[] {
    let f = this.figureCache.get(row);
    if (!f) {
      if (this.figureCache.size >= FIGURE_CACHE_ROWS) this.figureCache.clear();
      this.figureCache.set(row, (f = this.figuresOf(row)));
    }
    return f;
  }

  /**
   * Figure `j` of a row written into `into` (returned), without its `text`
   * (left ''): for comparisons that read values, units and hedges only. No
   * allocation: the index matches many candidates per draft figure.
   */
  figureInto(row: number, j: number, into: Figure): Figure {
    const k = this.figStart[row] + j;
    if (k >= this.figStart[row + 1]) throw new RangeError(`row ${row} has no figure ${j}`);
    const u = this.unitInfo[this.fUnit[k]];
    into.text = '';
    into.start = this.fStart[k];
    into.end = this.fEnd[k];
    into.value = this.fValue[k];
    into.unit = u.unit;
    into.kind = u.kind;
    into.precision = this.fPrecision[k];
    const h = this.fHigh[k];
    into.high = !Number.isNaN(h) && u.kind !== 'score' ? h : undefined;
    into.second = !Number.isNaN(h) && u.kind === 'score' ? h : undefined;
    into.dimension = u.dimension;
    into.hedge = u.hedge;
    return into;
  }

  /** The figures of a row (offsets relative to its text), as new objects. */
  figuresOf(row: number): Figure[] {
    const from = this.figStart[row];
    const to = this.figStart[row + 1];
    const out: Figure[] = [];
    if (to > from) {
      const text = this.textOf(row);
      for (let k = from; k < to; k++) {
        const u = this.unitInfo[this.fUnit[k]];
        const g: Figure = { text: text.slice(this.fStart[k], this.fEnd[k]), start: this.fStart[k], end: this.fEnd[k], value: this.fValue[k], unit: u.unit, kind: u.kind, precision: this.fPrecision[k] };
        if (!Number.isNaN(this.fHigh[k])) {
          if (u.kind === 'score') g.second = this.fHigh[k];
          else g.high = this.fHigh[k];
        }
        if (u.dimension) g.dimension = u.dimension;
        if (u.hedge) g.hedge = u.hedge;
        out.push(g);
      }
    }
    return out;
  }

  /** Give back the slack that doubling left (after a load, when no more rows are expected soon). */
  trim(): void {
    const fit = <T extends U32 | Float64Array | Uint16Array>(a: T, n: number): T => (a.length > n ? (a.slice(0, n) as T) : a);
    const n = this.rows + 1;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.buf.length > last.used) last.buf = Buffer.from(last.buf.subarray(0, last.used)); // a copy of at most one chunk
    this.textStart = fit(this.textStart, n);
    this.figStart = fit(this.figStart, n);
    this.pN = fit(this.pN, this.rows);
    this.pStartLine = fit(this.pStartLine, this.rows);
    this.pEndLine = fit(this.pEndLine, this.rows);
    this.pStartOffset = fit(this.pStartOffset, this.rows);
    this.fStart = fit(this.fStart, this.figs);
    this.fEnd = fit(this.fEnd, this.figs);
    this.fValue = fit(this.fValue, this.figs);
    this.fHigh = fit(this.fHigh, this.figs);
    this.fPrecision = fit(this.fPrecision, this.figs);
    this.fUnit = fit(this.fUnit, this.figs);
  }

  /** Bytes held (columns and text buffer), for the benchmark. */
  get bytes(): number {
    const cols = [this.textStart, this.figStart, this.pN, this.pStartLine, this.pEndLine, this.pStartOffset, this.fStart, this.fEnd, this.fValue, this.fHigh, this.fPrecision, this.fUnit];
    return (this.paged ? this.paged.heldBytes : 0) + this.chunks.reduce((a, c) => a + c.buf.length, 0) + cols.reduce((a, c) => a + c.byteLength, 0);
  }

  /**
   * The columns of `rows` (in this order), for the cache file. When `rows` is
   * every row in order (a compacted index), the columns are views on the
   * store's own arrays and chunks: nothing is copied.
   */
  columns(rows: ArrayLike<number>): StoreColumns {
    const P = rows.length;
    let all = P === this.rows;
    for (let i = 0; all && i < P; i++) all = rows[i] === i;
    if (all) {
      const F = this.figs;
      const chunks = this.chunks.map((c) => c.buf.subarray(0, c.used));
      const paged = this.paged;
      return {
        // Texts left in a cache file are read (and checked) page by page as the new cache is written.
        text: paged ? { length: this.textBytes, pieces: () => pagedPieces(paged, chunks) } : chunks,
        textStart: this.textStart.subarray(0, P + 1),
        pN: this.pN.subarray(0, P),
        pStartLine: this.pStartLine.subarray(0, P),
        pEndLine: this.pEndLine.subarray(0, P),
        pStartOffset: this.pStartOffset.subarray(0, P),
        figStart: this.figStart.subarray(0, P + 1),
        fStart: this.fStart.subarray(0, F),
        fEnd: this.fEnd.subarray(0, F),
        fValue: this.fValue.subarray(0, F),
        fHigh: this.fHigh.subarray(0, F),
        fPrecision: this.fPrecision.subarray(0, F),
        fUnit: this.fUnit.subarray(0, F),
        units: this.units.slice(),
      };
    }
    let T = 0;
    let F = 0;
    for (let i = 0; i < P; i++) {
      T += this.textStart[rows[i] + 1] - this.textStart[rows[i]];
      F += this.figureCount(rows[i]);
    }
    const text = Buffer.allocUnsafe(T);
    const c: StoreColumns = {
      text,
      textStart: new Uint32Array(P + 1),
      pN: new Uint32Array(P),
      pStartLine: new Uint32Array(P),
      pEndLine: new Uint32Array(P),
      pStartOffset: new Uint32Array(P),
      figStart: new Uint32Array(P + 1),
      fStart: new Uint32Array(F),
      fEnd: new Uint32Array(F),
      fValue: new Float64Array(F),
      fHigh: new Float64Array(F),
      fPrecision: new Float64Array(F),
      fUnit: new Uint16Array(F),
      units: this.units.slice(),
    };
    let t = 0;
    let f = 0;
    for (let i = 0; i < P; i++) {
      const r = rows[i];
      c.textStart[i] = t;
      const from = this.textStart[r];
      const to = this.textStart[r + 1];
      if (to > from) {
        if (this.copyText(from, to, text, t) !== to - from) throw new Error(`index cache text unusable: ${this.paged?.failure}`);
        t += to - from;
      }
      c.pN[i] = this.pN[r];
      c.pStartLine[i] = this.pStartLine[r];
      c.pEndLine[i] = this.pEndLine[r];
      c.pStartOffset[i] = this.pStartOffset[r];
      c.figStart[i] = f;
      for (let k = this.figStart[r]; k < this.figStart[r + 1]; k++, f++) {
        c.fStart[f] = this.fStart[k];
        c.fEnd[f] = this.fEnd[k];
        c.fValue[f] = this.fValue[k];
        c.fHigh[f] = this.fHigh[k];
        c.fPrecision[f] = this.fPrecision[k];
        c.fUnit[f] = this.fUnit[k];
      }
    }
    c.textStart[P] = t;
    c.figStart[P] = f;
    return c;
  }
}

function* pagedPieces(paged: PagedText, chunks: Uint8Array[]): Generator<Uint8Array> {
  yield* paged.pieces();
  yield* chunks;
}
