/**
 * Decode the bytes of a source file into a JS string.
 *
 * - BOMs: UTF-8 (EF BB BF), UTF-16 LE (FF FE), UTF-16 BE (FE FF). The BOM is
 *   stripped from the returned text.
 * - UTF-16 without a BOM is recognised when at least 30% of the first 8 KB are
 *   NUL bytes and nearly all of them sit at odd (LE) or even (BE) positions.
 * - Binary files are rejected: any other NUL byte in the first 8 KB, or more
 *   than 10% control characters (C0 controls other than tab, LF, VT, FF, CR,
 *   ESC, SUB) in the first 8 KB.
 * - Text without a BOM is strict UTF-8 when it validates; otherwise it is decoded
 *   as windows-1252 (a superset of Latin-1 for printable characters), reported
 *   as `latin1`, so no byte is lost.
 * - CRLF and lone CR become LF. Each line break stays one line break, so line
 *   numbers are those an editor shows.
 *
 * Pure: no file system, no `vscode`.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin1';

export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncodingName }
  | { ok: false; reason: string };

const SNIFF = 8192;
const MAX_CONTROL_RATIO = 0.1;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** windows-1252 code points for bytes 0x80..0x9F (undefined bytes map to the C1 control, as browsers do). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function isControlByte(b: number): boolean {
  // Tab 9, LF 10, VT 11, FF 12, CR 13, SUB 26 (old DOS EOF), ESC 27 are common in text files.
  return b < 32 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 26 && b !== 27;
}

/** Normalise CRLF and lone CR to LF. */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

function decodeUtf16(buf: Uint8Array, start: number, bigEndian: boolean): string {
  let len = buf.length - start;
  if (len % 2 === 1) len -= 1; // a dangling odd byte cannot be a code unit
  const b = Buffer.from(buf.buffer, buf.byteOffset + start, len);
  if (!bigEndian) return b.toString('utf16le');
  const swapped = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i += 2) {
    swapped[i] = b[i + 1];
    swapped[i + 1] = b[i];
  }
  return swapped.toString('utf16le');
}

function decodeCp1252(buf: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < buf.length; i += CHUNK) {
    const end = Math.min(buf.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const b = buf[j];
      codes[j - i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode.apply(null, codes));
  }
  return parts.join('');
}

/** Control-character check on decoded text (used for UTF-16, where bytes do not tell). */
function controlRatioOfText(text: string): number {
  const n = Math.min(text.length, SNIFF / 2);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || isControlByte(c)) bad++;
  }
  return bad / n;
}

function binaryReason(ratio: number): string {
  return `binary file (${Math.round(ratio * 100)}% control characters)`;
}

function utf16Result(buf: Uint8Array, start: number, bigEndian: boolean): DecodeResult {
  const text = decodeUtf16(buf, start, bigEndian);
  const ratio = controlRatioOfText(text);
  if (ratio > MAX_CONTROL_RATIO) {
    return text.slice(0, SNIFF / 2).indexOf('\0') >= 0
      ? { ok: false, reason: 'binary file (contains NUL characters)' }
      : { ok: false, reason: binaryReason(ratio) };
  }
  return { ok: true, text: normalizeNewlines(text), encoding: bigEndian ? 'utf-16be' : 'utf-16le' };
}

export function decodeBytes(buf: Uint8Array): DecodeResult {
  const n = buf.length;
  if (n >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return utf16Result(buf, 2, false);
  if (n >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return utf16Result(buf, 2, true);
  const bom = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const start = bom ? 3 : 0;

  // Sniff the first 8 KB for NULs and control characters.
  const sniffEnd = Math.min(n, start + SNIFF);
  let nul = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = start; i < sniffEnd; i++) {
    const b = buf[i];
    if (b === 0) {
      nul++;
      if ((i - start) & 1) nulOdd++;
    } else if (b < 32 && isControlByte(b)) control++;
  }
  const sniffLen = sniffEnd - start;
  if (nul > 0) {
    if (!bom && nul >= sniffLen * 0.3) {
      // BOM-less UTF-16: NULs are the high bytes of ASCII characters.
      if (nulOdd >= nul * 0.95) return utf16Result(buf, 0, false);
      if (nul - nulOdd >= nul * 0.95) return utf16Result(buf, 0, true);
    }
    return { ok: false, reason: 'binary file (contains NUL bytes)' };
  }
  if (sniffLen > 0 && control / sniffLen > MAX_CONTROL_RATIO) return { ok: false, reason: binaryReason(control / sniffLen) };

  const body = start ? buf.subarray(start) : buf;
  let text: string;
  try {
    text = utf8Fatal.decode(body);
  } catch {
    if (bom) {
      // Declared UTF-8 but invalid: keep what decodes, replacing bad sequences.
      return { ok: true, text: normalizeNewlines(new TextDecoder('utf-8').decode(body)), encoding: 'utf-8-bom' };
    }
    return { ok: true, text: normalizeNewlines(decodeCp1252(buf)), encoding: 'latin1' };
  }
  return { ok: true, text: normalizeNewlines(text), encoding: bom ? 'utf-8-bom' : 'utf-8' };
}
