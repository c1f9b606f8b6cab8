/**
 * The sources' metadata in the index cache (cache.ts) as typed columns over one
 * table of UTF-8 strings, not as JSON in the header: on the 100 MB corpus
 * (106,340 sources) decoding and parsing a 26 MB header of source objects and
 * file paths was a third of the warm start (issue 13). A string is stored once
 * (dates, publishers, languages repeat) and decoded once per load.
 *
 * Blocks: `str` (UTF-8 bytes) and `strStart` (offsets); per source `sKey`,
 * `sTitle`, `sDate`, `sAuthor`, `sPublisher`, `sFile` (a file id), `sStart`,
 * `sEnd`, `sN` (passages) and one `sx:FIELD` column per other metadata field
 * that is a string wherever set (url, lang, containerTitle, ...); fields of
 * other types (pages, authors, warnings, ...) go as one JSON string per source
 * in `sJson`. Files are a folder and a name (`fDir`, `fName`). Passage pages
 * of paged sources: `pPage` (0 = none), only when some passage has one.
 */
import { isAscii } from 'buffer';
import { Source } from '../types';
import { CachedSource, hasPages, passageCount } from './cachedSource';
import type { PassageStore } from './passageStore';
import type { PassageTable } from './registry';

/** No string (an unset field). */
const NONE = 0xffffffff;
const CORE_FIELDS = new Set(['key', 'title', 'date', 'author', 'publisher', 'file', 'startLine', 'endLine', 'passages']);

export interface SourceBlock {
  name: string;
  arr: Uint8Array | Uint32Array;
  type: 'u8' | 'u32';
}

class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly parts: Buffer[] = [];
  private readonly starts: number[] = [0];
  private bytes = 0;

  id(s: string | undefined): number {
    if (s === undefined) return NONE;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.starts.length - 1;
      const b = Buffer.from(s, 'utf8');
      this.parts.push(b);
      this.bytes += b.length;
      this.starts.push(this.bytes);
      this.ids.set(s, id);
    }
    return id;
  }

  blocks(): SourceBlock[] {
    return [
      { name: 'str', arr: Buffer.concat(this.parts, this.bytes), type: 'u8' },
      { name: 'strStart', arr: Uint32Array.from(this.starts), type: 'u32' },
    ];
  }
}

/** The metadata fields of a Source beyond the core ones (undefined when none). */
function extraOf(s: Source): Record<string, unknown> | undefined {
  let x: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(s)) {
    if (CORE_FIELDS.has(k) || v === undefined) continue;
    (x ??= {})[k] = v;
  }
  return x;
}

/** The sources' columns for the cache, and the names of the string fields that got a column each. */
export function encodeSources(sources: Source[]): { blocks: SourceBlock[]; stringFields: string[]; fileId: Map<string, number> } {
  const S = sources.length;
  const strs = new StringTable();
  const extras = sources.map(extraOf);
  // A field gets a string column when every source that sets it sets a string.
  const kinds = new Map<string, boolean>();
  for (const x of extras) if (x) for (const [k, v] of Object.entries(x)) kinds.set(k, (kinds.get(k) ?? true) && typeof v === 'string');
  const stringFields = [...kinds].filter(([, str]) => str).map(([k]) => k);
  const col = (f: (s: Source, i: number) => number) => {
    const a = new Uint32Array(S);
    for (let i = 0; i < S; i++) a[i] = f(sources[i], i);
    return a;
  };
  const fileId = new Map<string, number>();
  const fDir: number[] = [];
  const fName: number[] = [];
  const fileOf = (file: string): number => {
    let id = fileId.get(file);
    if (id === undefined) {
      id = fDir.length;
      fileId.set(file, id);
      const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1;
      fDir.push(strs.id(file.slice(0, cut)));
      fName.push(strs.id(file.slice(cut)));
    }
    return id;
  };
  const blocks: SourceBlock[] = [
    { name: 'sKey', arr: col((s) => strs.id(s.key)), type: 'u32' },
    { name: 'sTitle', arr: col((s) => strs.id(s.title)), type: 'u32' },
    { name: 'sDate', arr: col((s) => strs.id(s.date)), type: 'u32' },
    { name: 'sAuthor', arr: col((s) => strs.id(s.author)), type: 'u32' },
    { name: 'sPublisher', arr: col((s) => strs.id(s.publisher)), type: 'u32' },
    { name: 'sFile', arr: col((s) => fileOf(s.file)), type: 'u32' },
    { name: 'sStart', arr: col((s) => s.startLine), type: 'u32' },
    { name: 'sEnd', arr: col((s) => s.endLine), type: 'u32' },
    { name: 'sN', arr: col((s) => passageCount(s)), type: 'u32' },
    ...stringFields.map((k): SourceBlock => ({ name: `sx:${k}`, arr: col((_, i) => strs.id(extras[i]?.[k] as string | undefined)), type: 'u32' })),
  ];
  if ([...kinds.values()].some((str) => !str)) {
    blocks.push({
      name: 'sJson',
      arr: col((_, i) => {
        const x = extras[i];
        if (!x) return NONE;
        const rest = Object.fromEntries(Object.entries(x).filter(([k]) => !stringFields.includes(k)));
        return Object.keys(rest).length ? strs.id(JSON.stringify(rest)) : NONE;
      }),
      type: 'u32',
    });
  }
  if (sources.some(hasPages)) {
    const pages: number[] = [];
    for (const s of sources) {
      if (hasPages(s)) for (const p of s.passages) pages.push(p.page ?? 0);
      else for (let k = passageCount(s); k > 0; k--) pages.push(0);
    }
    blocks.push({ name: 'pPage', arr: Uint32Array.from(pages), type: 'u32' });
  }
  blocks.push({ name: 'fDir', arr: Uint32Array.from(fDir), type: 'u32' }, { name: 'fName', arr: Uint32Array.from(fName), type: 'u32' });
  blocks.unshift(...strs.blocks());
  return { blocks, stringFields, fileId };
}

/** Reads a block by name (throws when it is missing). */
export type BlockLookup = <T extends Uint8Array | Uint32Array>(name: string, optional?: boolean) => T | undefined;

/**
 * The sources of a cache, whose passages are `table`'s ids in order, `counts[i]`
 * for source i; `pages` is the passages' page column when there is one. Throws
 * on columns that do not fit together.
 */
export function decodeSources(block: BlockLookup, stringFields: string[], table: PassageTable, passages: number, store?: PassageStore): { sources: Source[]; counts: Uint32Array; pages?: Uint32Array; files: string[] } {
  const need = <T extends Uint8Array | Uint32Array>(name: string): T => {
    const b = block<T>(name);
    if (!b) throw new Error(`cache block ${name} missing`);
    return b;
  };
  const bytes = need<Uint8Array>('str');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = need<Uint32Array>('strStart');
  const count = start.length - 1;
  if (count < 0 || start[0] !== 0 || start[count] !== text.length) throw new Error('string table is inconsistent');
  const memo: (string | undefined)[] = new Array<string | undefined>(count).fill(undefined);
  // An ASCII table (most corpora's names, titles and dates) is decoded as one string and its strings sliced from
  // it: a decode through Buffer per string (56,000 of them on Reuters) was most of the sources' decoding (issue 13).
  const whole = isAscii(bytes) ? text.toString('latin1') : undefined;
  const str = (id: number): string | undefined => {
    if (id === NONE) return undefined;
    if (id >= count) throw new Error('string id out of range');
    let s = memo[id];
    if (s === undefined) {
      const a = start[id];
      const b = start[id + 1];
      if (a > b || b > text.length) throw new Error('string table is inconsistent');
      memo[id] = s = whole !== undefined ? whole.slice(a, b) : text.toString('utf8', a, b);
    }
    return s;
  };
  const fDir = need<Uint32Array>('fDir');
  const fName = need<Uint32Array>('fName');
  if (fDir.length !== fName.length) throw new Error('file columns are inconsistent');
  const files = Array.from(fDir, (d, i) => str(d)! + str(fName[i])!);
  const [key, title, date, author, publisher, file, startLine, endLine, n] = ['sKey', 'sTitle', 'sDate', 'sAuthor', 'sPublisher', 'sFile', 'sStart', 'sEnd', 'sN'].map((c) => need<Uint32Array>(c));
  const S = key.length;
  const extra = stringFields.map((k) => [k, need<Uint32Array>(`sx:${k}`)] as const);
  const json = block<Uint32Array>('sJson', true);
  for (const c of [title, date, author, publisher, file, startLine, endLine, n, json, ...extra.map(([, c]) => c)]) if (c && c.length !== S) throw new Error('source columns are inconsistent');
  const pages = block<Uint32Array>('pPage', true);
  if (pages && pages.length !== passages) throw new Error('page column is inconsistent');
  // The extra string fields as parallel arrays (a destructuring for-of per source cost more than the stores, in the
  // interpreter a start runs this loop in; issue 13).
  const xNames: string[] = [];
  const xCols: Uint32Array[] = [];
  for (const [k, c] of extra) {
    if (CORE_FIELDS.has(k)) continue;
    xNames.push(k);
    xCols.push(c);
  }
  const sources: Source[] = []; // pushed: `new Array(n)` past 100,000 elements is a slow dictionary array in V8
  let pid = 0;
  for (let i = 0; i < S; i++) {
    if (pid + n[i] > passages) throw new Error('more passages in the sources than in the columns');
    if (file[i] >= files.length) throw new Error('file id out of range');
    // The passages are rows pid.. of the cache's store (the table's ids): a cache rewrite copies them without making them.
    const s: Source = new CachedSource(table, pid, n[i], store && { store, row: pid, paged: !!pages });
    const k = str(key[i]);
    if (k === undefined) throw new Error('source without a key');
    s.key = k;
    s.title = str(title[i]) ?? '';
    s.file = files[file[i]];
    s.startLine = startLine[i];
    s.endLine = endLine[i];
    const d = str(date[i]);
    if (d !== undefined) s.date = d;
    const a = str(author[i]);
    if (a !== undefined) s.author = a;
    const p = str(publisher[i]);
    if (p !== undefined) s.publisher = p;
    const rec = s as unknown as Record<string, unknown>;
    for (let x = 0; x < xNames.length; x++) {
      const v = str(xCols[x][i]);
      if (v !== undefined) rec[xNames[x]] = v;
    }
    const j = json ? str(json[i]) : undefined;
    if (j !== undefined) for (const [k, v] of Object.entries(JSON.parse(j) as Record<string, unknown>)) if (!CORE_FIELDS.has(k)) rec[k] = v;
    sources.push(s);
    pid += n[i];
  }
  if (pid !== passages) throw new Error('cache passage count mismatch');
  return { sources, counts: n, pages, files };
}
