/**
 * Pure text helpers for the client (no `vscode` import, so unit tests can load
 * them in plain Node).
 */

export interface CitationInsertion {
  /** 0-based character on the line where `text` goes. */
  character: number;
  text: string;
  /** True when the citation joins an existing `[@…]` group. */
  joinsGroup: boolean;
}

/** `[@key, para. N]` item text without brackets: `@key, para. N`. */
export function citationItem(key: string, n: number, locator?: string): string {
  if (locator === '') return `@${key}`;
  return `@${key}, ${locator ?? `para. ${n}`}`;
}

/**
 * Where and what to insert for a citation of `key`, paragraph `n`, with the
 * cursor at `character` on `line`. Inside an existing bracketed citation group
 * (`[see @a, para. 2]`), the item is appended before its `]` as
 * `; @key, para. N`; otherwise `[@key, para. N]` goes at the cursor, with a
 * space in front when the cursor directly follows a word.
 */
export function citationInsertion(line: string, character: number, key: string, n: number, locator?: string): CitationInsertion {
  const group = citationGroupAt(line, character);
  if (group) {
    return { character: group.close, text: `; ${citationItem(key, n, locator)}`, joinsGroup: true };
  }
  const before = character > 0 ? line.charAt(character - 1) : '';
  const space = /[\p{L}\p{N}.,;:!?)\]"'”’%*_]/u.test(before) ? ' ' : '';
  return { character, text: `${space}[${citationItem(key, n, locator)}]`, joinsGroup: false };
}

/**
 * The bracketed citation group around `character` on `line`, if any: the
 * offsets of its `[` and `]`. The cursor counts as inside when it is after the
 * `[` and at or before the `]`.
 */
export function citationGroupAt(line: string, character: number): { open: number; close: number } | undefined {
  let open = -1;
  for (let i = Math.min(character, line.length) - 1; i >= 0; i--) {
    const c = line.charAt(i);
    if (c === ']') return undefined;
    if (c === '[' && !isEscaped(line, i)) {
      open = i;
      break;
    }
  }
  if (open < 0) return undefined;
  let close = -1;
  for (let i = Math.max(character, open + 1); i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '[') return undefined;
    if (c === ']' && !isEscaped(line, i)) {
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  const inner = line.slice(open + 1, close);
  // A Pandoc citation group holds at least one `@key` not glued to a word (so not an e-mail).
  if (!/(?:^|[\s;])-?@[\p{L}\p{N}_{]/u.test(inner)) return undefined;
  if (open > 0 && line.charAt(open - 1) === '!') return undefined;
  if (line.charAt(close + 1) === '(') return undefined; // a link, not a citation
  return { open, close };
}

function isEscaped(line: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && line.charAt(j) === '\\'; j--) n++;
  return n % 2 === 1;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&#39;';
      default:
        return '&#96;';
    }
  });
}

/** The code of a diagnostic as a string (`code` may be a string, a number or `{ value, target }`). */
export function diagnosticCode(code: unknown): string | undefined {
  if (code === undefined || code === null) return undefined;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (typeof code === 'object' && 'value' in (code as object)) return String((code as { value: unknown }).value);
  return undefined;
}

/** Checks the URL as typed: undefined when acceptable, else what is wrong. */
export function validateUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Paste the address of a web article or a PDF (http or https).';
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Only http and https addresses can be added.';
  } catch {
    return 'This is not a web address (it should start with https://).';
  }
  return undefined;
}
