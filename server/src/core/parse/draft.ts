/**
 * Draft parsing: Markdown text -> DraftModel (prose blocks, a masked prose view,
 * Pandoc citations, sentences and quotations), all with exact offsets into the text.
 *
 * Structure comes from the CommonMark parser (mdast-util-from-markdown with GFM and
 * front matter). For speed the text is cut into independent top-level chunks at
 * blank lines (never inside fenced code, multi-line HTML blocks or front matter);
 * each chunk is parsed on its own and its result cached by content, so re-parsing
 * after an edit only re-parses the chunks that changed. Chunks that are a single
 * plain paragraph (no Markdown syntax characters at all) skip the parser: their
 * tree is known (one paragraph holding one text node).
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import type { Nodes, Parents, Root } from 'mdast';
import { BlockKind, Citation, DraftBlock, DraftModel, Quote, Sentence } from '../types';
import { scanCitations } from '../citations/parse';
import { blockTooComplex, draftTooLarge, Unchecked, uncheckedRange } from './limits';

export interface ParseOptions {
  /** Reuse cached per-chunk results (default true). */
  cache?: boolean;
  /** Let plain-paragraph chunks bypass the Markdown parser (default true). */
  fastPath?: boolean;
  /** Cut the text into chunks at safe blank lines (default true). */
  chunk?: boolean;
  /**
   * The text is a chunk from inside a larger document, not its start: no front matter and
   * no leading-BOM stripping, exactly as when the whole document is parsed (issue 9 fuzzing).
   */
  midDocument?: boolean;
  /** Language of the draft's figures (default: the front matter's `lang:`, else English). */
  lang?: string;
}

const LANG_FM = /^(?:\uFEFF)?---[ \t]*\r?\n(?:(?!---|\.\.\.)[^\n]*\n){0,100}?[ \t]*lang(?:uage)?[ \t]*:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)/;

/** The `lang:` of a draft's YAML front matter ("es", "es-MX"), or undefined. */
export function draftLang(text: string): string | undefined {
  return LANG_FM.exec(text.length > 8000 ? text.slice(0, 8000) : text)?.[1];
}

const MD_OPTIONS = {
  extensions: [gfm(), frontmatter(['yaml', 'toml'])],
  mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml'])],
};

/** Allowed-for-citation-scanning intervals of each model, [s0, e0, s1, e1, ...] sorted. */
const SCAN_REGIONS = new WeakMap<DraftModel, number[]>();

// ---------------------------------------------------------------------------
// Public API

export function parseDraft(text: string, options: ParseOptions = {}): DraftModel {
  const tooLarge = draftTooLarge(text);
  if (tooLarge) return { text, prose: text.replace(/[^\r\n]/g, ' '), blocks: [], sentences: [], citations: [], quotes: [], unchecked: [uncheckedRange(text.slice(0, 10000), tooLarge)] };
  const starts = options.chunk === false ? [0] : splitChunks(text);
  const n = starts.length;
  // Reference definitions apply to the whole document, so each chunk is parsed with
  // synthetic copies of them. First guess the labels from the text; if the parser finds
  // a different set of real definitions (e.g. one inside a code block), parse again.
  const guess = definitionsSource(guessDefinitionLabels(text));
  let results = parseAllChunks(text, starts, guess, options);
  const real = definitionsSource(results.flatMap((r) => r.defs));
  if (real !== guess) results = parseAllChunks(text, starts, real, options);
  // assemble with absolute offsets
  const proseParts: string[] = [];
  const blocks: DraftBlock[] = [];
  const sentences: Sentence[] = [];
  const citations: Citation[] = [];
  const quotes: Quote[] = [];
  const unchecked: Unchecked[] = [];
  const scan: number[] = [];
  for (let c = 0; c < n; c++) {
    const base = starts[c];
    const r = results[c];
    proseParts.push(r.prose);
    if (r.unchecked) unchecked.push({ ...r.unchecked, start: r.unchecked.start + base, end: r.unchecked.end + base });
    const blockBase = blocks.length;
    for (const b of r.blocks) blocks.push({ kind: b.kind, start: b.start + base, end: b.end + base });
    for (const s of r.sentences) sentences.push({ start: s.start + base, end: s.end + base, block: s.block + blockBase });
    for (const q of r.quotes) quotes.push({ text: q.text, start: q.start + base, end: q.end + base });
    for (const ct of r.citations) citations.push(shiftCitation(ct, base));
    for (let i = 0; i < r.scan.length; i += 2) {
      const s = r.scan[i] + base;
      const e = r.scan[i + 1] + base;
      if (scan.length && scan[scan.length - 1] === s) scan[scan.length - 1] = e;
      else scan.push(s, e);
    }
  }
  const model: DraftModel = { text, prose: proseParts.join(''), blocks, sentences, citations, quotes };
  if (unchecked.length) model.unchecked = unchecked;
  // a chunk from inside a document has no front matter of its own: its language is the caller's
  const lang = options.lang ?? (options.midDocument ? undefined : draftLang(text));
  if (lang) model.lang = lang;
  SCAN_REGIONS.set(model, scan);
  return model;
}

function parseAllChunks(text: string, starts: number[], defs: string, options: ParseOptions): ChunkResult[] {
  const useCache = options.cache !== false;
  const fast = options.fastPath !== false;
  const n = starts.length;
  const bound = (c: number): number => (c + 1 < n ? starts[c + 1] : text.length);
  // 1. cache hits and plain paragraphs; the rest goes to the Markdown parser
  const results: (ChunkResult | undefined)[] = new Array(n);
  const fresh: [string, ChunkResult][] = [];
  const keys: string[] = new Array(n);
  const plain: number[] = [];
  for (let c = 0; c < n; c++) {
    const chunkText = text.slice(starts[c], bound(c));
    // The first chunk parses differently (front matter, a leading BOM): its results are
    // cached apart, or a chunk seen mid-document would answer for the document's start.
    const key = (c === 0 && !options.midDocument ? '\u0001' : '') + (defs ? defsId(defs) + '\u0000' + chunkText : chunkText);
    keys[c] = key;
    const hit = useCache ? cacheGet(key) : undefined;
    if (hit) results[c] = hit;
    else if (fast && isPlainParagraph(chunkText, defs)) plain.push(c);
    else {
      const why = blockTooComplex(chunkText);
      if (why) results[c] = uncheckedChunk(chunkText, why);
    }
  }
  if (plain.length) {
    // Work on slices of one fresh string: strings kept in cached results (keys, quotes)
    // must not be slices of `text`, which would keep every version of the document alive.
    const flat = plain.map((c) => text.slice(starts[c], bound(c))).join('');
    let off = 0;
    for (const c of plain) {
      const len = bound(c) - starts[c];
      results[c] = plainChunk(flat.slice(off, off + len));
      off += len;
      if (useCache) fresh.push([keys[c], results[c]!]);
    }
  }
  // 2. one parser call for all the chunks that need it (chunks are independent top-level
  //    block sequences ending in a blank line, so their concatenation parses the same)
  const pending: number[] = [];
  for (let c = 0; c < n; c++) if (!results[c]) pending.push(c);
  // Batches stay small: the parser slows down more than linearly on long inputs with many
  // containers, and a bounded batch keeps the cost linear.
  for (let p = 0; p < pending.length; ) {
    let q = p;
    let size = 0;
    while (q < pending.length && (q === p || size < BATCH_CHARS)) {
      size += bound(pending[q]) - starts[pending[q]];
      q++;
    }
    const batch = pending.slice(p, q);
    const run = parseChunks(batch.map((c) => text.slice(starts[c], bound(c))), defs, batch[0] === 0 && !options.midDocument);
    batch.forEach((c, k) => {
      results[c] = run[k];
      if (useCache) fresh.push([keys[c], run[k]]);
    });
    p = q;
  }
  if (fresh.length) cachePutMany(fresh);
  return results as ChunkResult[];
}

/**
 * Whether `offset` lies in prose where a citation may be written (inside a prose block
 * and outside code, HTML, URLs, link destinations, images, footnote labels, front matter).
 */
export function isCitableOffset(model: DraftModel, offset: number): boolean {
  let scan = SCAN_REGIONS.get(model);
  if (!scan) {
    const fresh = parseDraft(model.text);
    scan = SCAN_REGIONS.get(fresh)!;
    SCAN_REGIONS.set(model, scan);
  }
  let lo = 0;
  let hi = scan.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scan[mid * 2 + 1] <= offset) lo = mid + 1;
    else if (scan[mid * 2] > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Drop all cached chunk results (tests, memory pressure). */
export function clearDraftCache(): void {
  CACHE.clear();
}

// ---------------------------------------------------------------------------
// Chunking

interface ChunkResult {
  prose: string;
  blocks: DraftBlock[];
  sentences: Sentence[];
  citations: Citation[];
  quotes: Quote[];
  scan: number[];
  /** Labels of the reference/footnote definitions in the chunk ("^1" for footnotes). */
  defs: string[];
  /** Set when the chunk exceeded a limit and was not parsed. */
  unchecked?: Unchecked;
}

/** A chunk past a limit: no prose, nothing to check, and the reason on its first line. */
function uncheckedChunk(src: string, reason: string): ChunkResult {
  return { prose: src.replace(/[^\r\n]/g, ' '), blocks: [], sentences: [], citations: [], quotes: [], scan: [], defs: [], unchecked: uncheckedRange(src, reason) };
}

const CACHE = new Map<string, ChunkResult>();
const CACHE_MAX = 20000;

const DEFS_IDS = new Map<string, string>();
let defsCounter = 0;

/** A short stand-in for a definitions string inside cache keys. */
function defsId(defs: string): string {
  let id = DEFS_IDS.get(defs);
  if (id === undefined) {
    if (DEFS_IDS.size > 1000) DEFS_IDS.clear(); // ids are never reused, old entries just age out
    id = 'd' + ++defsCounter;
    DEFS_IDS.set(defs, id);
  }
  return id;
}

function cacheGet(key: string): ChunkResult | undefined {
  const hit = CACHE.get(key);
  if (hit) {
    CACHE.delete(key);
    CACHE.set(key, hit);
  }
  return hit;
}

function cachePutMany(entries: [string, ChunkResult][]): void {
  // Keys are slices of one fresh flat string, so the cache never pins the documents
  // the chunks were cut from (a slice of `text` would keep all of `text` alive).
  const joined = entries.map((e) => e[0]).join('');
  let off = 0;
  for (const [key, r] of entries) {
    if (CACHE.size >= CACHE_MAX) {
      const first = CACHE.keys().next();
      if (!first.done) CACHE.delete(first.value);
    }
    CACHE.set(joined.slice(off, off + key.length), r);
    off += key.length;
  }
}

/** A citation moved by `d` characters (a chunk's result placed in the whole draft). */
export function shiftCitation(c: Citation, d: number): Citation {
  return {
    start: c.start + d,
    end: c.end + d,
    bracketed: c.bracketed,
    items: c.items.map((it) => ({
      ...it,
      keyStart: it.keyStart + d,
      keyEnd: it.keyEnd + d,
      start: it.start + d,
      end: it.end + d,
      ...(it.locator ? { locator: { ...it.locator, start: it.locator.start + d, end: it.locator.end + d, ...(it.locator.paragraphs ? { paragraphs: [...it.locator.paragraphs] } : {}) } } : {}),
    })),
  };
}

// `[^]*`, not `.*`: an info string may hold U+2028/U+2029, which `.` does not match (fuzzing, issue 9)
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^]*)$/;
const HTML_OPENERS: [RegExp, RegExp][] = [
  [/^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * Offsets where independent top-level chunks start: the first line after one or more
 * blank lines that starts in column 0 (so it cannot continue a list item, indented code
 * or a lazy paragraph), outside fenced code, multi-line HTML blocks and front matter.
 */
export function splitChunks(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let pos = 0;
  // Front matter: never split inside it.
  const fm = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (fm) {
    const fence = fm[1] === '---' ? '---' : '\\+\\+\\+';
    const close = new RegExp(`\\n${fence}[ \\t]*(\\r?\\n|$)`, 'g');
    close.lastIndex = fm[0].length - 1;
    const m = close.exec(text);
    if (m) pos = m.index + m[0].length;
  }
  let prevBlank = false;
  let fenceChar = '';
  let fenceLen = 0;
  let htmlEnd: RegExp | null = null;
  while (pos < n) {
    // Lines end at \n, \r\n or a bare \r, as for the Markdown parser (a fence opened on a
    // bare-CR line must be seen here too, or it would swallow the chunks after it).
    let le = pos;
    while (le < n && text.charCodeAt(le) !== 10 && text.charCodeAt(le) !== 13) le++;
    const next = le >= n ? n : text.charCodeAt(le) === 13 && text.charCodeAt(le + 1) === 10 ? le + 2 : le + 1;
    const line = text.slice(pos, le);
    const blank = /^[ \t]*$/.test(line);
    if (fenceChar) {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (m && m[1][0] === fenceChar && m[1].length >= fenceLen) fenceChar = '';
      prevBlank = false;
      pos = next;
      continue;
    }
    if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
      prevBlank = false;
      pos = next;
      continue;
    }
    if (!blank && prevBlank && line.charCodeAt(0) !== 32 && line.charCodeAt(0) !== 9) starts.push(pos);
    if (!blank) {
      const f = FENCE_OPEN.exec(line);
      if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
        fenceChar = f[1][0];
        fenceLen = f[1].length;
      } else {
        for (const [open, close] of HTML_OPENERS) {
          const m = open.exec(line);
          if (m) {
            if (!close.test(line.slice(m[0].length))) htmlEnd = close;
            break;
          }
        }
      }
    }
    prevBlank = blank;
    pos = next;
  }
  return starts;
}

/** Labels of lines that look like reference or footnote definitions (a first guess). */
function guessDefinitionLabels(text: string): string[] {
  if (!text.includes(']:')) return [];
  const re = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\[((?:[^\]\\\n]|\\.){1,999})\]:/gm;
  const labels: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) labels.push(m[1]);
  return labels;
}

/** Synthetic definitions for the labels, so references and footnotes resolve in every chunk. */
function definitionsSource(labels: string[]): string {
  let out = '';
  for (const l of new Set(labels)) out += l.startsWith('^') ? `[${l}]: x\n\n` : `[${l}]: #\n\n`;
  return out;
}

// ---------------------------------------------------------------------------
// One chunk

/** Parse-independent per-character view of a chunk being processed. */
interface Work {
  src: string;
  /** 1 where the character belongs to prose (text nodes of prose blocks). */
  prose: Uint8Array;
  /** 1 where citations may be found (prose blocks minus code/HTML/URLs/link targets...). */
  scan: Uint8Array;
  blocks: DraftBlock[];
  /** Definitions found: offset and label. */
  defs: { start: number; label: string }[];
}

const PLAIN_BAD = /[`*_<>\\~|\t]|!\[|&[#A-Za-z]|\]\(|\]\[|\]:|\[\^|https?:|ftp:|www\.|mailto:|xmpp:|[A-Za-z0-9._+-]@| {2,}\r?\n/i;
const LINE_START_BAD = /^[ ]*(?:[-+=#]|\d{1,9}[.)])/;

/** A chunk that is certainly one plain CommonMark paragraph containing one text node. */
function isPlainParagraph(src: string, defs: string): boolean {
  if (PLAIN_BAD.test(src)) return false;
  if (defs && src.includes('[')) return false;
  if (/^ {4}/.test(src)) return false;
  let pos = 0;
  let sawBlank = false;
  while (pos < src.length) {
    let le = src.indexOf('\n', pos);
    if (le === -1) le = src.length;
    const line = src.slice(pos, le);
    if (/^[ \r]*$/.test(line)) sawBlank = true;
    else {
      if (sawBlank) return false; // text after a blank line: not a single paragraph
      if (LINE_START_BAD.test(line)) return false;
    }
    pos = le + 1;
  }
  return true;
}

function plainChunk(src: string): ChunkResult {
  const len = src.length;
  const w: Work = { src, prose: new Uint8Array(len), scan: new Uint8Array(len), blocks: [], defs: [] };
  let s = 0;
  while (s < len && isSpace(src.charCodeAt(s))) s++;
  let e = len;
  while (e > s && isSpace(src.charCodeAt(e - 1))) e--;
  // like the parser: trailing spaces at the very end of a text without a final newline stay
  if (e > s && !/[\r\n]/.test(src.slice(e))) e = len;
  if (e > s) {
    w.blocks.push({ kind: 'paragraph', start: s, end: e });
    w.prose.fill(1, s, e);
    w.scan.fill(1, s, e);
  }
  return finishChunk(w);
}

/**
 * Parse chunks with one parser call: each chunk is a sequence of whole top-level blocks
 * ending in a blank line (only the document's last chunk may not, and it comes last), so
 * their concatenation parses into the same blocks. Synthetic definitions go first.
 */
function parseChunks(chunks: string[], defs: string, startsDocument: boolean): ChunkResult[] {
  // `<!-- -->` between chunks ends any list, so list items of distant chunks never merge
  // into one huge list (same blocks, much less parser work).
  const parts: string[] = [];
  const offsets: number[] = [];
  let pos = 0;
  const add = (t: string): void => {
    parts.push(t);
    pos += t.length;
  };
  // Only the document's first chunk may open with front matter: keep it first then, and
  // otherwise make sure nothing else is read as front matter.
  const defsAfterFirst = startsDocument && /^(---|\+\+\+)[ \t]*\r?\n/.test(chunks[0]);
  if (!startsDocument) add(CHUNK_SEPARATOR);
  if (defs && !defsAfterFirst) add(defs);
  chunks.forEach((chunk, k) => {
    if (k > 0) add(CHUNK_SEPARATOR);
    offsets.push(pos);
    add(chunk);
    if (k === 0 && defs && defsAfterFirst) add(chunk.endsWith('\n') ? '\n' + defs : '\n\n' + defs);
  });
  const src = parts.join('');
  const len = src.length;
  const w: Work = { src, prose: new Uint8Array(len), scan: new Uint8Array(len), blocks: [], defs: [] };
  walkFlow(w, fromMarkdown(src, MD_OPTIONS) as Root, 'paragraph', 0);
  w.blocks.sort((a, b) => a.start - b.start);
  const out: ChunkResult[] = [];
  let bi = 0;
  chunks.forEach((chunk, k) => {
    const cs = offsets[k];
    const ce = cs + chunk.length;
    const blocks: DraftBlock[] = [];
    while (bi < w.blocks.length && w.blocks[bi].start < ce) {
      const b = w.blocks[bi++];
      if (b.start >= cs) blocks.push({ kind: b.kind, start: b.start - cs, end: Math.min(b.end, ce) - cs });
    }
    const defs = w.defs.filter((d) => d.start >= cs && d.start < ce).map((d) => ({ start: d.start - cs, label: d.label }));
    out.push(finishChunk({ src: src.slice(cs, ce), prose: w.prose.subarray(cs, ce), scan: w.scan.subarray(cs, ce), blocks, defs }));
  });
  return out;
}

const CHUNK_SEPARATOR = '<!-- -->\n\n';
/** Characters of pending chunks handed to the parser in one call. */
const BATCH_CHARS = 8192;

function startOf(n: Nodes): number {
  return n.position?.start.offset ?? 0;
}
function endOf(n: Nodes): number {
  return n.position?.end.offset ?? 0;
}

function walkFlow(w: Work, parent: Parents, kind: BlockKind, bqDepth: number): void {
  const len = w.src.length;
  for (const node of parent.children as Nodes[]) {
    if (startOf(node) >= len) continue;
    switch (node.type) {
      case 'paragraph':
        addBlock(w, kind, node, startOf(node), Math.min(endOf(node), len), bqDepth);
        break;
      case 'heading':
        if (node.children.length) {
          const s = startOf(node.children[0] as Nodes);
          const e = Math.min(endOf(node.children[node.children.length - 1] as Nodes), len);
          const bi = addBlock(w, 'heading', node, s, e, bqDepth);
          if (bi >= 0) maskSectionNumber(w, node);
        }
        break;
      case 'blockquote':
        walkFlow(w, node, 'blockquote', bqDepth + 1);
        break;
      case 'list':
        walkFlow(w, node, kind, bqDepth);
        break;
      case 'listItem':
        walkFlow(w, node, 'listItem', bqDepth);
        break;
      case 'footnoteDefinition':
        w.defs.push({ start: startOf(node), label: '^' + (node.label ?? node.identifier) });
        walkFlow(w, node, 'paragraph', bqDepth);
        break;
      case 'table':
        for (const row of node.children) {
          for (const cell of row.children) {
            if (!cell.children.length || startOf(cell) >= len) continue;
            const s = startOf(cell.children[0] as Nodes);
            const e = Math.min(endOf(cell.children[cell.children.length - 1] as Nodes), len);
            addBlock(w, 'tableCell', cell, s, e, bqDepth);
          }
        }
        break;
      case 'definition':
        w.defs.push({ start: startOf(node), label: node.label ?? node.identifier });
        break;
      default:
        // code, html, yaml, toml, thematicBreak, ...: not prose
        break;
    }
  }
}

function addBlock(w: Work, kind: BlockKind, node: Parents, s: number, e: number, bqDepth: number): number {
  if (e <= s) return -1;
  w.scan.fill(1, s, e);
  walkInline(w, node, e);
  if (bqDepth > 0) maskQuotePrefixes(w, s, e, bqDepth);
  w.blocks.push({ kind, start: s, end: e });
  return w.blocks.length - 1;
}

function maskRange(a: Uint8Array, s: number, e: number): void {
  if (e > s) a.fill(0, s, Math.min(e, a.length));
}

function walkInline(w: Work, parent: Parents, limit: number): void {
  const src = w.src;
  for (const node of parent.children as Nodes[]) {
    const s = startOf(node);
    const e = Math.min(endOf(node), limit);
    if (s >= limit) break;
    switch (node.type) {
      case 'text': {
        w.prose.fill(1, s, e);
        // backslash escapes are not prose
        for (let i = s; i < e - 1; i++) {
          if (src.charCodeAt(i) === 92 && isAsciiPunct(src.charCodeAt(i + 1))) w.prose[i++] = 0;
        }
        break;
      }
      case 'emphasis':
      case 'strong':
      case 'delete':
        walkInline(w, node, limit);
        break;
      case 'link':
      case 'linkReference': {
        if (src.charCodeAt(s) !== 0x5b /* [ */) {
          maskRange(w.scan, s, e); // autolink <...>, bare URL or e-mail address
          break;
        }
        const kids = node.children as Nodes[];
        if (!kids.length) {
          maskRange(w.scan, s, e);
          break;
        }
        maskRange(w.scan, s, startOf(kids[0]));
        maskRange(w.scan, endOf(kids[kids.length - 1]), e);
        walkInline(w, node, limit);
        break;
      }
      default:
        // inlineCode, html, image, imageReference, footnoteReference, break, ...
        maskRange(w.scan, s, e);
        break;
    }
  }
}

/** `>` container markers on continuation lines of a paragraph inside block quotes. */
function maskQuotePrefixes(w: Work, s: number, e: number, depth: number): void {
  const src = w.src;
  for (let nl = find(src, 10, s, e); nl !== -1; nl = find(src, 10, nl + 1, e)) {
    let i = nl + 1;
    let left = depth;
    while (i < e && left > 0) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (c === 0x3e /* > */) {
        w.prose[i] = 0;
        w.scan[i] = 0;
        i++;
        left--;
      } else break;
    }
  }
}

/** "## 2.1 Results" -> mask "2.1"; "## 2. Method" -> mask "2."; "## 2.5 million" stays. */
function maskSectionNumber(w: Work, heading: Parents): void {
  const first = heading.children[0] as Nodes;
  if (first.type !== 'text') return;
  const s = startOf(first);
  const rest = w.src.slice(s, Math.min(endOf(first), s + 40));
  const m = /^(\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[A-Z]\.)[ \t]+(\S)/.exec(rest);
  if (!m) return;
  const num = m[1];
  const dotted = num.includes('.');
  if (!dotted) return;
  const trailingDot = num.endsWith('.');
  const nextUpper = /[A-Z\p{Lu}]/u.test(m[2]);
  if (!trailingDot && !nextUpper) return; // "2.5 million displaced" is a figure
  maskRange(w.prose, s, s + num.length);
}

function finishChunk(w: Work): ChunkResult {
  const { src } = w;
  const citations: Citation[] = [];
  for (const b of w.blocks) {
    if (find(src, 64, b.start, b.end) === -1) continue;
    const found = scanCitations(src, w.scan, b.start, b.end);
    for (const c of found.citations) {
      citations.push(c);
      maskRange(w.prose, c.start, c.end);
    }
    for (const [s, e] of found.masked) maskRange(w.prose, s, e);
  }
  const prose = buildProse(src, w.prose);
  const sentences: Sentence[] = [];
  const quotes: Quote[] = [];
  let ci = 0;
  for (let bi = 0; bi < w.blocks.length; bi++) {
    const b = w.blocks[bi];
    while (ci < citations.length && citations[ci].start < b.start) ci++;
    let cj = ci;
    while (cj < citations.length && citations[cj].start < b.end) cj++;
    splitSentences(prose, b, bi, citations.slice(ci, cj), sentences);
    findQuotes(prose, b, quotes);
  }
  const scan: number[] = [];
  const a = w.scan;
  for (let i = 0; i < a.length; ) {
    if (!a[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < a.length && a[j]) j++;
    scan.push(i, j);
    i = j;
  }
  return { prose, blocks: w.blocks, sentences, citations, quotes, scan, defs: w.defs.map((d) => d.label) };
}

/** Index of the first `code` in s[from, to), or -1. */
function find(s: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
}

function buildProse(src: string, keep: Uint8Array): string {
  const parts: string[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    let j = i;
    if (keep[i]) {
      while (j < n && keep[j]) j++;
      parts.push(src.slice(i, j));
    } else {
      while (j < n && !keep[j]) j++;
      // masked run: spaces, newlines kept
      let k = i;
      while (k < j) {
        const nl = find(src, 10, k, j);
        const stop = nl === -1 || nl >= j ? j : nl;
        let lineEnd = stop;
        if (stop < j && lineEnd > k && src.charCodeAt(lineEnd - 1) === 13) lineEnd--;
        if (lineEnd > k) parts.push(' '.repeat(lineEnd - k));
        if (stop < j) {
          parts.push(lineEnd < stop ? '\r\n' : '\n');
          k = stop + 1;
        } else k = stop;
      }
    }
    i = j;
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------
// Sentences

const SEGMENTER = new Intl.Segmenter('en', { granularity: 'sentence' });
const NUMERAL_START = /[.!?]["'”’)\]]*\s+(?=\d)/g;

const ABBREVIATIONS = new Set([
  'U.S.', 'U.K.', 'U.N.', 'E.U.', 'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Gov.', 'Sen.', 'Rep.', 'St.', 'Gen.', 'Col.', 'Lt.', 'Sgt.', 'Capt.',
  'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  'No.', 'Nos.', 'vs.', 'v.', 'e.g.', 'i.e.', 'etc.', 'cf.', 'al.', 'approx.', 'Inc.', 'Ltd.', 'Co.', 'Corp.', 'Jr.', 'Sr.',
  'p.', 'pp.', 'para.', 'paras.', 'fig.', 'Fig.', 'vol.', 'Vol.', 'ch.', 'sec.',
]);

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0 || c === 12 || c === 11 || c === 0x2028 || c === 0x2029;
}

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Does the sentence [s, e) of `prose` end with an abbreviation that cannot end a sentence? */
function endsWithAbbreviation(prose: string, s: number, e: number): boolean {
  if (prose.charCodeAt(e - 1) !== 0x2e /* . */) return false;
  let k = e - 1;
  while (k > s && !isSpace(prose.charCodeAt(k - 1))) k--;
  let word = prose.slice(k, e);
  word = word.replace(/^[(\["'“‘*]+/, '');
  if (ABBREVIATIONS.has(word)) return true;
  if (/^\p{Lu}\.$/u.test(word)) return true; // an initial: "J. Smith"
  return /^(?:\p{Lu}\.){2,3}$/u.test(word); // other initialisms: "D.C.", "U.S.A."
}

function splitSentences(prose: string, b: DraftBlock, bi: number, cites: Citation[], out: Sentence[]): void {
  const ranges: [number, number][] = [];
  // Segment a view of the block where author-in-text citations read as a capitalised
  // word ("@smith argues" starts a sentence), while bracketed ones stay blank.
  let view = prose.slice(b.start, b.end);
  if (cites.some((c) => !c.bracketed)) {
    const parts: string[] = [];
    let k = 0;
    for (const c of cites) {
      if (c.bracketed) continue;
      const s = c.start - b.start;
      parts.push(view.slice(k, s), 'X', 'x'.repeat(c.end - c.start - 1));
      k = c.end - b.start;
    }
    parts.push(view.slice(k));
    view = parts.join('');
  }
  if (b.kind === 'heading') {
    const t = trimRange(view, 0, view.length);
    if (t) ranges.push(t);
  } else {
    const pieces: [number, number][] = [];
    for (const seg of SEGMENTER.segment(view)) {
      let a = seg.index;
      const z = seg.index + seg.segment.length;
      // UAX 29 does not break before a numeral followed by lower case ("detained. 415 were
      // killed"); a sentence opening with a figure is common in reporting, so break there.
      NUMERAL_START.lastIndex = a;
      for (let m = NUMERAL_START.exec(view); m && m.index < z; m = NUMERAL_START.exec(view)) {
        const cut = m.index + m[0].length;
        if (cut >= z) break;
        pieces.push([a, cut]);
        a = cut;
      }
      pieces.push([a, z]);
    }
    for (const [a, z] of pieces) {
      const t = trimRange(view, a, z);
      if (!t) continue;
      const last = ranges[ranges.length - 1];
      if (last && endsWithAbbreviation(view, last[0], last[1])) last[1] = t[1];
      else ranges.push(t);
    }
  }
  for (const r of ranges) {
    r[0] += b.start;
    r[1] += b.start;
  }
  // Citations outside every sentence (citations are masked in prose): attach them.
  for (const c of cites) {
    let prev = -1;
    let next = -1;
    let inside = false;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i];
      if (r[0] <= c.start && c.end <= r[1]) {
        inside = true;
        break;
      }
      if (r[1] <= c.start) prev = i;
      else if (r[0] >= c.end && next === -1) next = i;
      else if (r[0] < c.end && r[1] > c.start) {
        // overlaps: widen to cover it
        r[0] = Math.min(r[0], c.start);
        r[1] = Math.max(r[1], c.end);
        inside = true;
        break;
      }
    }
    if (inside) continue;
    if (prev === -1 && next === -1) ranges.push([c.start, c.end]);
    else if (c.bracketed ? prev !== -1 : next === -1) ranges[prev][1] = c.end;
    else ranges[next][0] = c.start;
  }
  // merge any overlaps created by widening (keeps the list sorted and disjoint)
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  for (const [s, e] of merged) out.push({ start: s, end: e, block: bi });
}

function trimRange(prose: string, s: number, e: number): [number, number] | undefined {
  while (s < e && isSpace(prose.charCodeAt(s))) s++;
  while (e > s && isSpace(prose.charCodeAt(e - 1))) e--;
  return e > s ? [s, e] : undefined;
}

// ---------------------------------------------------------------------------
// Quotations

const OPEN_CONTEXT = /[\s([{\u2014\u2013\-/:;,“"‘]/;

/** Spans between distinct opening and closing marks; with nesting, the innermost opening mark wins. */
function pairedMarks(prose: string, open: string, close: string, e: number, found: [number, number][]): void {
  for (let i = prose.indexOf(open); i !== -1 && i < e; ) {
    const j = prose.indexOf(close, i + 1);
    if (j === -1 || j >= e) break;
    const inner = prose.lastIndexOf(open, j);
    found.push([inner + 1, j]);
    i = prose.indexOf(open, j + 1);
  }
}

function findQuotes(whole: string, b: DraftBlock, out: Quote[]): void {
  const base = b.start;
  const prose = whole.slice(b.start, b.end);
  const s = 0;
  const e = prose.length;
  const found: [number, number][] = [];
  // curly double quotes and guillemets (« … »; the German » … « is rare in English drafts: not handled)
  pairedMarks(prose, '“', '”', e, found);
  pairedMarks(prose, '«', '»', e, found);
  // straight double quotes
  let open = -1;
  for (let i = prose.indexOf('"', s); i !== -1 && i < e; i = prose.indexOf('"', i + 1)) {
    const before = i > s ? prose[i - 1] : ' ';
    const after = i + 1 < e ? prose[i + 1] : ' ';
    if (open === -1) {
      if (OPEN_CONTEXT.test(before) && !/\s/.test(after)) open = i;
    } else if (!/\s/.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
      found.push([open + 1, i]);
      open = -1;
    } else if (OPEN_CONTEXT.test(before) && !/\s/.test(after)) {
      open = i; // unbalanced: restart from the later opening mark
    }
  }
  // curly single quotes, only when clearly a quotation (not apostrophes)
  for (let i = prose.indexOf('‘', s); i !== -1 && i < e; i = prose.indexOf('‘', i + 1)) {
    const before = i > s ? prose[i - 1] : ' ';
    const after = i + 1 < e ? prose[i + 1] : ' ';
    if (!OPEN_CONTEXT.test(before) || /[\s\d]/.test(after)) continue;
    let j = -1;
    for (let k = prose.indexOf('’', i + 1); k !== -1 && k < e; k = prose.indexOf('’', k + 1)) {
      const nx = k + 1 < e ? prose[k + 1] : ' ';
      if (/[\p{L}\p{N}]/u.test(nx) || /\s/.test(prose[k - 1])) continue; // apostrophe: don’t
      j = k;
      break;
    }
    if (j === -1) break;
    const nested = prose.lastIndexOf('‘', j - 1);
    if (nested > i) continue; // a later opening mark owns this closing one
    found.push([i + 1, j]);
    i = j;
  }
  found.sort((x, y) => x[0] - y[0]);
  for (const [qs, qe] of found) {
    const t = trimRange(prose, qs, qe);
    if (!t) continue;
    const text = prose.slice(t[0], t[1]).replace(/\s+/g, ' ');
    out.push({ text, start: t[0] + base, end: t[1] + base });
  }
}
