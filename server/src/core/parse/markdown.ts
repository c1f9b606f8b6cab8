/**
 * One chunk of Markdown -> its prose blocks, masked prose view, citations, sentences,
 * quotations and citable ranges, with offsets into the chunk (ChunkModel).
 *
 * Structure comes from the CommonMark parser (mdast-util-from-markdown with GFM and
 * front matter). Chunks (see chunks.ts) are independent top-level block sequences, so
 * several are handed to the parser in one call and the results cut apart. Chunks that
 * are a single plain paragraph (no Markdown syntax characters at all) skip the parser:
 * their tree is known (one paragraph holding one text node).
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import type { Nodes, Parents, Root } from 'mdast';
import { BlockKind, Citation, DraftBlock, Quote, Sentence } from '../types';
import { scanCitations } from './citations';
import { blockTooComplex, Unchecked, uncheckedRange } from './limits';
import { findQuotes, isAsciiPunct, isSpace, splitSentences } from './sentences';
import { chunkMasks, isPlainParagraph, QuotedParagraph, quotedParagraph } from './fastpath';
import { shiftChunkModel } from './model';

/** A parsed chunk; every offset is relative to the chunk's text. */
export interface ChunkModel {
  prose: string;
  blocks: DraftBlock[];
  sentences: Sentence[];
  citations: Citation[];
  quotes: Quote[];
  /** Intervals where a citation may be written, [s0, e0, s1, e1, ...] sorted. */
  citable: number[];
  /** Labels of the reference/footnote definitions in the chunk ("^1" for footnotes). */
  defs: string[];
  /** Set when the chunk exceeded a limit and was not parsed. */
  unchecked?: Unchecked;
}

/** Counts of the work done, for tests that show the parse stays linear (never timed). */
export const parseStats = { parserCalls: 0, parserChars: 0, fastPathChunks: 0, quotedFastPathChunks: 0 };

const MD_OPTIONS = {
  extensions: [gfm(), frontmatter(['yaml', 'toml'])],
  mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml'])],
};

/** Characters of chunks handed to the parser in one call. */
export const BATCH_CHARS = 8192;

/**
 * Parse chunk texts of one document, in document order. `startsDocument`: the first text
 * is the document's first chunk (it may open with front matter or a BOM). `defs`: synthetic
 * definitions (chunks.ts) so references resolve across chunks.
 */
export function parseChunkTexts(texts: string[], defs: string, startsDocument: boolean, fastPath = true): ChunkModel[] {
  // The parser drops a leading byte order mark and counts offsets without it: parse the text
  // after it and put the results back in place (the mark itself is not prose).
  if (startsDocument && texts.length && texts[0].charCodeAt(0) === 0xfeff) {
    const out = parseChunkTexts([texts[0].slice(1), ...texts.slice(1)], defs, true, fastPath);
    out[0] = shiftChunkModel(out[0], 1);
    return out;
  }
  const n = texts.length;
  const results: (ChunkModel | undefined)[] = new Array(n);
  const plain: number[] = [];
  const quoted: (QuotedParagraph | undefined)[] = [];
  for (let c = 0; c < n; c++) {
    if (fastPath && isPlainParagraph(texts[c], defs)) plain.push(c);
    else if (fastPath && (quoted[c] = quotedParagraph(texts[c], defs))) plain.push(c);
    else {
      const why = blockTooComplex(texts[c]);
      if (why) results[c] = uncheckedChunk(texts[c], why);
    }
  }
  if (plain.length) {
    // Work on slices of one fresh string: strings kept in cached results (quotes) must
    // not be slices of the document, which would keep every version of it alive.
    const flat = plain.map((c) => texts[c]).join('');
    let off = 0;
    for (const c of plain) {
      const len = texts[c].length;
      const q = quoted[c];
      results[c] = q ? quotedChunk(flat.slice(off, off + len), q) : plainChunk(flat.slice(off, off + len));
      off += len;
      if (q) parseStats.quotedFastPathChunks++;
      else parseStats.fastPathChunks++;
    }
  }
  const pending: number[] = [];
  for (let c = 0; c < n; c++) if (!results[c]) pending.push(c);
  // Batches stay small: the parser slows down more than linearly on long inputs with many
  // containers, and a bounded batch keeps the cost linear.
  for (let p = 0; p < pending.length; ) {
    let q = p;
    let size = 0;
    while (q < pending.length && (q === p || size < BATCH_CHARS)) {
      size += texts[pending[q]].length;
      q++;
    }
    const batch = pending.slice(p, q);
    const run = parseChunks(batch.map((c) => texts[c]), defs, batch[0] === 0 && startsDocument);
    batch.forEach((c, k) => (results[c] = run[k]));
    p = q;
  }
  return results as ChunkModel[];
}

/** A chunk past a limit: no prose, nothing to check, and the reason on its first line. */
function uncheckedChunk(src: string, reason: string): ChunkModel {
  return { prose: src.replace(/[^\r\n]/g, ' '), blocks: [], sentences: [], citations: [], quotes: [], citable: [], defs: [], unchecked: uncheckedRange(src, reason) };
}


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

function plainChunk(src: string): ChunkModel {
  const len = src.length;
  const m = chunkMasks(len);
  const w: Work = { src, prose: m.prose, scan: m.scan, blocks: [], defs: [] };
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

/** A plain paragraph inside nested block quotes (fastpath.ts), as the parser would give it. */
function quotedChunk(src: string, q: QuotedParagraph): ChunkModel {
  const len = src.length;
  const m = chunkMasks(len);
  const w: Work = { src, prose: m.prose, scan: m.scan, blocks: [{ kind: 'blockquote', start: q.start, end: q.end }], defs: [] };
  w.prose.fill(1, q.start, q.end);
  w.scan.fill(1, q.start, q.end);
  maskQuotePrefixes(w, q.start, q.end, q.depth);
  return finishChunk(w);
}

/**
 * Parse chunks with one parser call: each chunk is a sequence of whole top-level blocks
 * ending in a blank line (only the document's last chunk may not, and it comes last), so
 * their concatenation parses into the same blocks. Synthetic definitions go first.
 */
function parseChunks(chunks: string[], defs: string, startsDocument: boolean): ChunkModel[] {
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
  // Every chunk but the document's first comes right after a separator, whatever was parsed
  // before it in the same call, so a chunk parses the same alone or in any batch.
  if (!startsDocument) add(CHUNK_SEPARATOR);
  if (defs && !defsAfterFirst) {
    add(defs);
    if (!startsDocument) add(CHUNK_SEPARATOR);
  }
  chunks.forEach((chunk, k) => {
    if (k > 0) add(CHUNK_SEPARATOR);
    offsets.push(pos);
    add(chunk);
    if (k === 0 && defs && defsAfterFirst) add(chunk.endsWith('\n') ? '\n' + defs : '\n\n' + defs);
  });
  const src = parts.join('');
  const len = src.length;
  const w: Work = { src, prose: new Uint8Array(len), scan: new Uint8Array(len), blocks: [], defs: [] };
  parseStats.parserCalls++;
  parseStats.parserChars += src.length;
  walkFlow(w, fromMarkdown(src, MD_OPTIONS) as Root, 'paragraph', 0);
  w.blocks.sort((a, b) => a.start - b.start);
  const out: ChunkModel[] = [];
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

function finishChunk(w: Work): ChunkModel {
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
  const n = src.length; // the masks may be longer than the chunk (fastpath.ts chunkMasks)
  for (let i = 0; i < n; ) {
    if (!a[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && a[j]) j++;
    scan.push(i, j);
    i = j;
  }
  // Exact-size arrays: the model is cached per chunk, and an array grown by push keeps room
  // for 17 elements or more (on a draft of 40,000 short chunks, about 1 KB per chunk).
  return { prose, blocks: w.blocks.slice(), sentences: sentences.slice(), citations: citations.slice(), quotes: quotes.slice(), citable: scan.slice(), defs: w.defs.map((d) => d.label) };
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

