/**
 * Limits that keep a hostile or pathological draft from stalling the checker
 * (issue 9). The Markdown parser's cost grows faster than linearly with
 * container nesting, with the length of one block, and with emphasis and
 * bracket delimiters inside one paragraph; past these limits a block is not
 * parsed, and a `not-checked` judgment on its first line says why. The rest of
 * the draft is checked as usual. Documented in README ("Limits").
 */

/** Drafts longer than this (characters, ~5 MB) get one "too large to check" judgment. */
export const MAX_DRAFT_CHARS = 5 * 1024 * 1024;
/** Block quotes and list levels on one line, counted from its markers and indentation. */
export const MAX_NESTING = 32;
/** A block (text between blank lines) with Markdown syntax longer than this is not parsed. */
export const MAX_BLOCK_CHARS = 128 * 1024;
/** Emphasis (`*`, `_`) or bracket (`[`) delimiters in one paragraph. */
export const MAX_DELIMITERS = 2000;

export interface Unchecked {
  start: number;
  end: number;
  reason: string;
}

function firstLineEnd(src: string): number {
  const n = src.search(/[\r\n]/);
  return n < 0 ? src.length : n;
}

/** The judgment range for a block not checked: its first line (never empty when the block is not). */
export function uncheckedRange(src: string, reason: string): Unchecked {
  let s = 0;
  while (s < src.length && /\s/.test(src[s])) s++;
  const e = s + firstLineEnd(src.slice(s));
  return { start: s, end: Math.max(e, Math.min(s + 1, src.length)), reason };
}

export function draftTooLarge(text: string): string | undefined {
  if (text.length <= MAX_DRAFT_CHARS) return undefined;
  const mb = (text.length / (1024 * 1024)).toFixed(1);
  return `Draft too large to check: ${mb} MB, over the 5 MB limit. Split it into several files to check it.`;
}

/**
 * Why a block of Markdown is too complex to parse, or undefined. Linear in its length.
 * Nesting is over-estimated (markers plus half the indentation), never under-estimated.
 */
export function blockTooComplex(src: string): string | undefined {
  if (src.length > MAX_BLOCK_CHARS) {
    return `Not checked: this block is ${Math.round(src.length / 1024)} KB without a blank line (the limit is ${MAX_BLOCK_CHARS / 1024} KB). Add blank lines between paragraphs to check it.`;
  }
  let delims = 0;
  let brackets = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    // line prefix: indentation, block quote and list markers
    let depth = 0;
    let indent = 0;
    let blank = true;
    for (;;) {
      const c = src.charCodeAt(i);
      if (c === 32) indent++, i++;
      else if (c === 9) indent += 4, i++;
      else if (c === 62) depth++, i++; // >
      else if ((c === 45 || c === 42 || c === 43) && (src.charCodeAt(i + 1) === 32 || src.charCodeAt(i + 1) === 9 || i + 1 >= n || src.charCodeAt(i + 1) === 10)) depth++, i++; // - * +
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 9 && src.charCodeAt(j) >= 48 && src.charCodeAt(j) <= 57) j++;
        const d = src.charCodeAt(j);
        const after = src.charCodeAt(j + 1);
        if ((d === 46 || d === 41) && (after === 32 || after === 9 || j + 1 >= n || after === 10)) depth++, (i = j + 1);
        else break;
      } else break;
    }
    const total = depth + (indent >> 1);
    if (total > MAX_NESTING) return `Not checked: this block nests block quotes or lists more than ${MAX_NESTING} levels deep.`;
    // rest of the line
    const lineStartsItem = depth > 0;
    if (lineStartsItem) delims = brackets = 0; // a new list item or quote line starts a new paragraph's worth
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (c !== 32 && c !== 9) blank = false;
      if (c === 42 || c === 95) delims++;
      else if (c === 91) brackets++;
    }
    if (blank) delims = brackets = 0;
    if (delims > MAX_DELIMITERS || brackets > MAX_DELIMITERS) {
      return `Not checked: this paragraph has more than ${MAX_DELIMITERS} ${delims > MAX_DELIMITERS ? 'emphasis markers (* or _)' : 'brackets'}.`;
    }
    if (src.charCodeAt(i) === 13 && src.charCodeAt(i + 1) === 10) i++;
    i++;
  }
  return undefined;
}
