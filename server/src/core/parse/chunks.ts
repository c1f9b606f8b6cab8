/**
 * Where a draft is cut into independently parseable chunks, the reference definitions
 * that apply across chunks, and the draft's language. The only chunker: the analysis
 * (judgments/incremental.ts) and parseDraft both use these chunk boundaries.
 */

const LANG_FM = /^(?:\uFEFF)?---[ \t]*\r?\n(?:(?!---|\.\.\.)[^\n]*\n){0,100}?[ \t]*lang(?:uage)?[ \t]*:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)/;

/** The `lang:` of a draft's YAML front matter ("es", "es-MX"), or undefined. */
export function draftLang(text: string): string | undefined {
  return LANG_FM.exec(text.length > 8000 ? text.slice(0, 8000) : text)?.[1];
}

export interface Chunk {
  start: number;
  end: number;
}

/**
 * The chunks of a draft: [start, end) from one chunk start (see `splitChunks`) to the
 * next, trailing blank lines included, so the chunks tile the text.
 */
export function chunksOf(text: string): Chunk[] {
  const starts = splitChunks(text);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : text.length }));
}

/** The chunks without their trailing blank lines (empty ones dropped). */
export function chunkDraft(text: string): Chunk[] {
  const out: Chunk[] = [];
  for (const { start, end: e } of chunksOf(text)) {
    let end = e;
    // only what Markdown treats as blank (not NBSP, BOM or U+2028, which the parser keeps as text)
    while (end > start && /[ \t\r\n]/.test(text[end - 1])) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
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
    // The line's first character after up to three spaces: fences and HTML blocks open (and
    // fences close) only at one of theirs, so other lines skip those patterns.
    let k = pos;
    while (k < le && k - pos < 3 && text.charCodeAt(k) === 32) k++;
    const lead = k < le ? text.charCodeAt(k) : -1;
    const mayOpen = lead === 0x60 /* ` */ || lead === 0x7e /* ~ */ || lead === 0x3c; /* < */
    let blank = true;
    for (let i = pos; i < le && blank; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) blank = false;
    }
    const line = mayOpen || htmlEnd ? text.slice(pos, le) : '';
    if (fenceChar) {
      const m = mayOpen ? /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line) : null;
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
    if (!blank && prevBlank && text.charCodeAt(pos) !== 32 && text.charCodeAt(pos) !== 9) starts.push(pos);
    if (!blank && mayOpen) {
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
export function guessDefinitionLabels(text: string): string[] {
  if (!text.includes(']:')) return [];
  const re = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\[((?:[^\]\\\n]|\\.){1,999})\]:/gm;
  const labels: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) labels.push(m[1]);
  return labels;
}

/** Synthetic definitions for the labels, so references and footnotes resolve in every chunk. */
export function definitionsSource(labels: string[]): string {
  let out = '';
  for (const l of new Set(labels)) out += l.startsWith('^') ? `[${l}]: x\n\n` : `[${l}]: #\n\n`;
  return out;
}

const DEFS_IDS = new Map<string, string>();
let defsCounter = 0;

/** A short stand-in for a definitions string inside cache keys. */
export function defsId(defs: string): string {
  let id = DEFS_IDS.get(defs);
  if (id === undefined) {
    if (DEFS_IDS.size > 1000) DEFS_IDS.clear(); // ids are never reused, old entries just age out
    id = 'd' + ++defsCounter;
    DEFS_IDS.set(defs, id);
  }
  return id;
}
