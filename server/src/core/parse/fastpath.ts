/**
 * Chunks whose Markdown tree is known without the parser: a single plain paragraph, and a
 * single plain paragraph inside block quotes nested to the same depth on every line (the
 * common `> > quoted text` of drafts). The parser is exact but costly on nested
 * containers (issue 9: a 4 MB draft of nested quotes took 18 s); these chunks skip it. Any
 * doubt (other syntax characters, uneven depth, lazy lines, tabs, bare CRs) goes to the
 * parser, and tests compare both paths with one whole parse.
 */
import { MAX_BLOCK_CHARS, MAX_NESTING } from './limits';

export const PLAIN_BAD = /[`*_<>\\~|\t]|!\[|&[#A-Za-z]|\]\(|\]\[|\]:|\[\^|https?:|ftp:|www\.|mailto:|xmpp:|[A-Za-z0-9._+-]@| {2,}\r?\n/i;
const LINE_START_BAD = /^[ ]*(?:[-+=#]|\d{1,9}[.)])/;

/** A chunk that is certainly one plain CommonMark paragraph containing one text node. */
export function isPlainParagraph(src: string, defs: string): boolean {
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

/** A plain paragraph inside `depth` block quotes: [start, end) of its text. */
export interface QuotedParagraph {
  start: number;
  end: number;
  depth: number;
}

const QUOTE_PREFIX = /^(?:>[ ]?)+/;

/**
 * The paragraph of a chunk made of one plain paragraph inside block quotes, every line
 * opening with the same number of `>` markers (each followed by at most one space) and its
 * text right after them; undefined when the parser must decide. Linear in the chunk.
 */
export function quotedParagraph(src: string, defs: string): QuotedParagraph | undefined {
  if (src.charCodeAt(0) !== 0x3e /* > */ || src.length > MAX_BLOCK_CHARS) return undefined;
  if (/\r(?!\n)/.test(src)) return undefined; // bare CR line ends: leave them to the parser
  if (defs && src.includes('[')) return undefined;
  let depth = -1;
  let start = -1;
  let lastEnd = -1;
  let sawBlank = false;
  let lines = 0;
  let pos = 0;
  while (pos < src.length) {
    let le = src.indexOf('\n', pos);
    if (le === -1) le = src.length;
    const next = le + 1;
    if (le > pos && src.charCodeAt(le - 1) === 13) le--;
    const line = src.slice(pos, le);
    if (/^ *$/.test(line)) {
      sawBlank = true;
      pos = next;
      continue;
    }
    if (sawBlank) return undefined; // text after a blank line: not a single paragraph
    const m = QUOTE_PREFIX.exec(line);
    if (!m) return undefined; // a lazy continuation line
    let d = 0;
    for (let i = 0; i < m[0].length; i++) if (m[0].charCodeAt(i) === 0x3e) d++;
    if (depth === -1) depth = d;
    else if (d !== depth) return undefined;
    const content = line.slice(m[0].length);
    if (!content || content.charCodeAt(0) === 32) return undefined;
    if (PLAIN_BAD.test(content) || LINE_START_BAD.test(content)) return undefined;
    if (start === -1) start = pos + m[0].length;
    lastEnd = le;
    lines++;
    pos = next;
  }
  if (start === -1 || depth > MAX_NESTING) return undefined;
  // The parser's paragraph inside a block quote keeps the last line's trailing spaces.
  const end = lastEnd;
  // A hard break ("  \n") across lines; one line's text was tested above.
  if (lines > 1 && PLAIN_BAD.test(src.slice(start, end))) return undefined;
  return { start, end, depth };
}

/**
 * Per-character masks for one fast-path chunk, zeroed over its `len` characters: two buffers
 * reused from chunk to chunk (a chunk's masks are dropped once finishChunk has read them), so a
 * draft of tens of thousands of paragraphs allocates no array per chunk. They may be longer
 * than the chunk: readers stop at the chunk's length.
 */
let PROSE_MASK = new Uint8Array(4096);
let SCAN_MASK = new Uint8Array(4096);
export function chunkMasks(len: number): { prose: Uint8Array; scan: Uint8Array } {
  if (PROSE_MASK.length < len) {
    PROSE_MASK = new Uint8Array(Math.max(len, 2 * PROSE_MASK.length));
    SCAN_MASK = new Uint8Array(PROSE_MASK.length);
  }
  PROSE_MASK.fill(0, 0, len);
  SCAN_MASK.fill(0, 0, len);
  return { prose: PROSE_MASK, scan: SCAN_MASK };
}
