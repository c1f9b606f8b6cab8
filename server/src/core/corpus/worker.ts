/**
 * Synchronous calls into the document worker (docWorker.ts, bundled as
 * dist/doc-worker.mjs): the corpus loader is synchronous, pdf.js and mammoth
 * are asynchronous. The bytes go to a worker thread and this thread blocks on
 * a shared flag (Atomics.wait) until the answer is posted. The worker, and
 * pdf.js or mammoth inside it, start on the first PDF or .docx only, so a
 * corpus without them never loads either. A file that takes longer than the
 * timeout is skipped and the worker restarted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { DocKind, DocWorkerResult } from './docWorker';

let worker: Worker | undefined;

/** Where the worker script is: beside the bundle (dist/doc-worker.mjs) or the compiled module (out/.../docWorker.js). */
function workerPath(): string | undefined {
  for (const name of ['doc-worker.mjs', 'docWorker.js']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function getWorker(): Worker | undefined {
  if (worker) return worker;
  const p = workerPath();
  if (!p) return undefined;
  worker = new Worker(p);
  worker.unref();
  worker.on('error', () => (worker = undefined));
  worker.on('exit', () => (worker = undefined));
  return worker;
}

/** Stop the worker (tests, CLI exit). The next PDF or .docx starts a new one. */
export function stopDocWorker(): void {
  const w = worker;
  worker = undefined;
  if (w) void w.terminate();
}

/** Read a document in the worker; blocks until it answers or `timeoutMs` passes. */
export function callDocWorker<K extends DocKind>(kind: K, buf: Uint8Array, timeoutMs = 30000): DocWorkerResult<K> {
  const w = getWorker();
  if (!w) return { ok: false, reason: `${kind === 'pdf' ? 'PDF' : 'Word'} support is not installed (doc-worker.mjs missing)` };
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    const bytes = new Uint8Array(buf); // a copy: the reader may detach what it is given
    w.postMessage({ kind, bytes, signal, port: port2 }, [port2, bytes.buffer]);
    const r = Atomics.wait(signal, 0, 0, timeoutMs);
    const msg = receiveMessageOnPort(port1);
    if (r === 'timed-out' || !msg) {
      stopDocWorker();
      return { ok: false, reason: `reading the file took longer than ${Math.round(timeoutMs / 1000)} s` };
    }
    return msg.message as DocWorkerResult<K>;
  } finally {
    port1.close();
  }
}
