/**
 * The stdio transport's JSON encoder (issue 13): byte for byte what vscode-jsonrpc's own encoder
 * writes (`Buffer.from(JSON.stringify(msg), 'utf-8')`), but a published diagnostic list reuses the
 * UTF-8 bytes of the diagnostics it published before. features/diagnostics.ts converts a draft's
 * judgments per chunk (paragraph) and keeps a chunk's Diagnostic objects while its text and first
 * line stay; it registers each chunk's list here (groupDiagnostics), and the list's JSON is encoded
 * once, the first time it is sent. A re-check after a one-character edit then encodes one
 * paragraph's diagnostics instead of serialising and encoding all of them again (about 580 KB of
 * JSON for a 1,000-paragraph Reuters draft: the largest part of the server's time for that re-check).
 *
 * The IPC transport (the VS Code client) serialises in Node's child_process and is not affected.
 */
import { AbstractMessageWriter, Diagnostic, Message, MessageWriter } from 'vscode-languageserver/node';

/** One chunk's diagnostics, in order, and their JSON (comma-separated, UTF-8) once encoded. */
interface Group {
  list: readonly Diagnostic[];
  bytes?: Buffer;
}

/** A chunk's first diagnostic -> its chunk's group. Diagnostics are never changed once built. */
const GROUPS = new WeakMap<Diagnostic, Group>();

/** Register one chunk's converted diagnostics (never changed afterwards) as a unit the encoder may reuse. */
export function groupDiagnostics(list: readonly Diagnostic[]): void {
  if (list.length) GROUPS.set(list[0], { list });
}

/** Stands for the diagnostics array while the rest of the message is serialised. */
const MARK = '\u0000source-linked-diagnostics\u0000';
const MARK_JSON = JSON.stringify(MARK);

function isPublish(msg: Message): msg is Message & { method: string; params: { diagnostics: Diagnostic[] } } {
  const m = msg as { method?: unknown; params?: { diagnostics?: unknown } };
  return m.method === 'textDocument/publishDiagnostics' && Array.isArray(m.params?.diagnostics);
}

/** The UTF-8 JSON of `list`'s diagnostics, comma-separated, reusing each registered chunk's bytes (each with a leading comma). */
function diagnosticsBytes(list: readonly Diagnostic[], parts: Buffer[]): void {
  for (let i = 0; i < list.length; ) {
    const g = GROUPS.get(list[i]);
    let b: Buffer;
    if (g && i + g.list.length <= list.length && g.list.every((d, k) => list[i + k] === d)) {
      b = g.bytes ??= Buffer.from(',' + g.list.map((d) => JSON.stringify(d)).join(','), 'utf-8');
      i += g.list.length;
    } else {
      b = Buffer.from(',' + JSON.stringify(list[i]), 'utf-8');
      i++;
    }
    parts.push(parts.length === 1 ? b.subarray(1) : b); // the first one without its comma (a view, no copy)
  }
}

/**
 * `Buffer.from(JSON.stringify(msg), charset)` in parts (concatenated, the same bytes): a publishDiagnostics
 * list is built from its chunks' bytes, which are reused, not copied.
 */
export function encodeParts(msg: Message, charset: string): Buffer[] {
  const whole = () => [Buffer.from(JSON.stringify(msg, undefined, 0), charset as BufferEncoding)];
  if (!isPublish(msg) || (charset !== 'utf-8' && charset !== 'utf8')) return whole();
  const list = msg.params.diagnostics;
  const text = JSON.stringify(msg, (_k, v: unknown) => (v === list ? MARK : v), 0);
  const at = text.indexOf(MARK_JSON);
  if (at < 0 || text.indexOf(MARK_JSON, at + 1) >= 0) return whole();
  const parts = [Buffer.from(text.slice(0, at) + '[', 'utf-8')];
  diagnosticsBytes(list, parts);
  parts.push(Buffer.from(']' + text.slice(at + MARK_JSON.length), 'utf-8'));
  return parts;
}

/** encodeParts, concatenated. */
export function encodeMessage(msg: Message, charset: string): Buffer {
  return Buffer.concat(encodeParts(msg, charset));
}

/**
 * The `--stdio` transport's writer: vscode-jsonrpc's framing (`Content-Length: n\r\n\r\n` and the JSON),
 * with the parts of a message written as they are (one gathered write): a long draft's diagnostics are
 * neither serialised again nor copied into a new buffer (on this machine a fresh 580 KB buffer per
 * publish cost more than the copy itself: the server runs with MALLOC_MMAP_THRESHOLD_, protocol.ts).
 */
export class StdioMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;
  constructor(private readonly out: NodeJS.WritableStream & { cork(): void; uncork(): void }) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let parts: Buffer[];
    try {
      parts = encodeParts(msg, 'utf-8');
    } catch (e) {
      this.fireError(e, msg, ++this.errors);
      return Promise.reject(e);
    }
    let length = 0;
    for (const p of parts) length += p.byteLength;
    return new Promise<void>((resolve, reject) => {
      const done = (e?: Error | null) => {
        if (!e) {
          this.errors = 0;
          return resolve();
        }
        this.fireError(e, msg, ++this.errors);
        reject(e);
      };
      this.out.cork();
      this.out.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
      parts.forEach((p, i) => (i === parts.length - 1 ? this.out.write(p, done) : this.out.write(p)));
      this.out.uncork();
    });
  }

  end(): void {
    /* stdout stays open until the process exits */
  }
}
