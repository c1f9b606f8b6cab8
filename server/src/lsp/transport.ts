/**
 * The server's transport, hardened against a broken or hostile client (issue 9).
 *
 * - Framing (stdio): every header block must be `Name: value` lines with exactly one
 *   decimal `Content-Length` of at most MAX_MESSAGE_BYTES. A missing, negative, NaN or
 *   oversized length, a garbage header line, a body that is not JSON, or a message left
 *   half-sent make the process exit with code 1, so the client's restart logic takes
 *   over instead of talking to a server that can no longer hear it.
 * - Lifecycle (any transport): a second `initialize` gets an error; after `shutdown`,
 *   requests get InvalidRequest and notifications other than `exit` are dropped.
 */
import { Transform, TransformCallback } from 'stream';
import {
  DataCallback,
  Disposable,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  StreamMessageReader,
} from 'vscode-languageserver/node';
import { StdioMessageWriter } from './encode';

/** Larger messages are refused: a 5 MB draft (the check limit) encodes to well under this. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[ \t]*(.*)$/;

/**
 * Passes the byte stream through unchanged while checking its framing; calls
 * `fatal` (once) with a reason at the first violation and stops passing data.
 */
export class FramingGuard extends Transform {
  private header: number[] = [];
  private remaining = 0;
  private failed = false;

  constructor(private readonly fatal: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      const b = chunk[i++];
      this.header.push(b);
      const h = this.header;
      const L = h.length;
      if (L >= 4 && h[L - 4] === 13 && h[L - 3] === 10 && h[L - 2] === 13 && h[L - 1] === 10) {
        const problem = this.checkHeader(Buffer.from(h.slice(0, L - 4)).toString('ascii'));
        this.header = [];
        if (problem) return this.fail(problem, done);
      } else if (L > MAX_HEADER_BYTES) return this.fail(`header longer than ${MAX_HEADER_BYTES} bytes`, done);
    }
    this.push(chunk);
    done();
  }

  private checkHeader(text: string): string | undefined {
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      const m = HEADER_LINE.exec(line);
      if (!m) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`;
      if (line.slice(0, line.indexOf(':')).toLowerCase() !== 'content-length') continue;
      if (length !== undefined) return 'more than one Content-Length header';
      const v = m[1].trim();
      if (!/^\d{1,12}$/.test(v)) return `invalid Content-Length ${JSON.stringify(v.slice(0, 40))}`;
      length = Number(v);
      if (length > MAX_MESSAGE_BYTES) return `Content-Length ${length} exceeds the ${MAX_MESSAGE_BYTES}-byte limit`;
    }
    if (length === undefined) return 'header without Content-Length';
    this.remaining = length;
    return undefined;
  }

  private fail(reason: string, done: TransformCallback): void {
    this.failed = true;
    done();
    this.fatal(reason);
  }
}

/** Wraps a reader so the LSP lifecycle rules above hold whatever the handlers do. */
export function guardLifecycle(inner: MessageReader, writer: MessageWriter, onMessage?: () => void): MessageReader & { readonly shutdown: boolean } {
  let initialized = false;
  let shutdown = false;
  const refuse = (id: number | string | null, message: string) =>
    void writer.write({ jsonrpc: '2.0', id, error: { code: ErrorCodes.InvalidRequest, message } } as Message).catch(() => undefined);
  return {
    get shutdown() {
      return shutdown;
    },
    onError: inner.onError,
    onClose: inner.onClose,
    onPartialMessage: inner.onPartialMessage,
    dispose: () => inner.dispose(),
    listen(callback: DataCallback): Disposable {
      return inner.listen((msg) => {
        onMessage?.();
        if (Message.isRequest(msg)) {
          if (msg.method === 'initialize') {
            if (initialized) return refuse(msg.id, 'initialize may be sent only once');
            initialized = true;
          } else if (shutdown) return refuse(msg.id, `the server is shut down: ${msg.method} refused (only exit is accepted)`);
          if (msg.method === 'shutdown') shutdown = true;
        } else if (Message.isNotification(msg) && shutdown && msg.method !== 'exit') return;
        callback(msg);
      });
    },
  };
}

export interface Transport {
  reader: MessageReader & { readonly shutdown: boolean };
  writer: MessageWriter;
}

/**
 * The reader and writer for this process's command line (`--stdio` or `--node-ipc`), or
 * undefined for other transports (left to vscode-languageserver). Installs the exits.
 * `onMessage` is called for every message the client sends.
 */
export function createTransport(log: (s: string) => void, onMessage?: () => void): Transport | undefined {
  let reader: MessageReader;
  let writer: MessageWriter;
  const exit = (code: number, why: string) => {
    log(`source-linked-ls: ${why}; exiting with code ${code}`);
    process.exit(code);
  };
  if (process.argv.includes('--stdio')) {
    const guard = new FramingGuard((reason) => exit(1, `broken input stream (${reason})`));
    process.stdin.pipe(guard);
    reader = new StreamMessageReader(guard);
    // Reuses the bytes of diagnostics published before (lsp/encode.ts); the same bytes as StreamMessageWriter.
    writer = new StdioMessageWriter(process.stdout);
    // stdout carries the protocol: anything printed with console.* goes to stderr instead
    for (const k of ['log', 'info', 'warn', 'debug'] as const) console[k] = (...a: unknown[]) => void process.stderr.write(a.map(String).join(' ') + '\n');
  } else if (process.argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else return undefined;
  const guarded = guardLifecycle(reader, writer, onMessage);
  reader.onError((e) => exit(1, `unreadable message (${e?.message ?? e})`));
  reader.onPartialMessage((info) => exit(1, `message incomplete after ${info.waitingTime} ms`));
  reader.onClose(() => exit(guarded.shutdown ? 0 : 1, 'input closed'));
  return { reader: guarded, writer };
}
