import * as assert from 'assert';
import { decodeBytes, normalizeNewlines } from '../../../server/src/core/text/decode';

function utf16le(s: string, bom = true): Uint8Array {
  const body = Buffer.from(s, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(s: string, bom = true): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
}

const SAMPLE = 'Título: López Obrador\n\nEl 15.1% — “citado” €5\n';

describe('decodeBytes', () => {
  it('decodes plain UTF-8', () => {
    const r = decodeBytes(Buffer.from(SAMPLE, 'utf8'));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.strictEqual(r.encoding, 'utf-8');
    assert.strictEqual(r.text, SAMPLE);
  });

  it('strips a UTF-8 BOM and reports utf-8-bom', () => {
    const r = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.strictEqual(r.encoding, 'utf-8-bom');
    assert.strictEqual(r.text, SAMPLE);
    assert.notStrictEqual(r.text.charCodeAt(0), 0xfeff);
  });

  it('decodes UTF-16 LE and BE with BOM', () => {
    const le = decodeBytes(utf16le(SAMPLE));
    const be = decodeBytes(utf16be(SAMPLE));
    assert.deepStrictEqual(le, { ok: true, text: SAMPLE, encoding: 'utf-16le' });
    assert.deepStrictEqual(be, { ok: true, text: SAMPLE, encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 of ASCII text instead of calling it binary', () => {
    const text = 'Plain ASCII text in UTF-16 without a byte order mark.\n';
    assert.deepStrictEqual(decodeBytes(utf16le(text, false)), { ok: true, text, encoding: 'utf-16le' });
    assert.deepStrictEqual(decodeBytes(utf16be(text, false)), { ok: true, text, encoding: 'utf-16be' });
  });

  it('normalises CRLF and lone CR to LF, keeping the line count', () => {
    const r = decodeBytes(Buffer.from('a\r\nb\rc\n\r\nd', 'utf8'));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.strictEqual(r.text, 'a\nb\nc\n\nd');
    assert.strictEqual(r.text.split('\n').length, 5);
    assert.strictEqual(normalizeNewlines('x\r\n\r\ny'), 'x\n\ny');
  });

  it('normalises CRLF in UTF-16 too', () => {
    const r = decodeBytes(utf16le('one\r\ntwo\r\n'));
    assert.ok(r.ok && r.text === 'one\ntwo\n');
  });

  it('falls back to windows-1252 for invalid UTF-8, losing nothing', () => {
    // "café – “ok” €" in windows-1252
    const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x20, 0x80, 0x0d, 0x0a]);
    const r = decodeBytes(bytes);
    assert.deepStrictEqual(r, { ok: true, text: 'café – “ok” €\n', encoding: 'latin1' });
  });

  it('rejects files with NUL bytes as binary', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const r = decodeBytes(png);
    assert.strictEqual(r.ok, false);
    if (r.ok) return;
    assert.match(r.reason, /^binary file \(contains NUL bytes\)$/);
  });

  it('rejects text dominated by control characters', () => {
    const bytes = Buffer.alloc(400);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0x41 : (i % 7) + 1; // controls 1..7
    const r = decodeBytes(bytes);
    assert.strictEqual(r.ok, false);
    if (r.ok) return;
    assert.match(r.reason, /^binary file \(\d+% control characters\)$/);
  });

  it('accepts a few stray control characters in real text', () => {
    const r = decodeBytes(Buffer.from('Reuters text with a form feed \f and an ESC \x1b char and a \x03 here, plus lots of normal prose.', 'latin1'));
    assert.ok(r.ok);
  });

  it('decodes an empty buffer to empty text', () => {
    assert.deepStrictEqual(decodeBytes(new Uint8Array(0)), { ok: true, text: '', encoding: 'utf-8' });
  });
});
