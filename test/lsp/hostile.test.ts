/**
 * Issue 9, over stdio: a server whose input framing is broken must exit non-zero (so the
 * client restarts it) instead of staying alive but deaf; requests after `shutdown` get
 * InvalidRequest; a second `initialize` gets an error.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ROOT, SERVER, startServer } from './harness';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

/** Spawn the server, write `bytes`, and resolve with its exit code (or 'alive' after `ms`). */
function feed(bytes: string, ms = 8000): Promise<{ code: number | 'alive'; stdout: string; stderr: string }> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-frame-'));
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  proc.stdin.write(bytes);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve({ code: 'alive', stdout, stderr });
    }, ms);
    proc.on('exit', (code) => {
      clearTimeout(t);
      fs.rmSync(ws, { recursive: true, force: true });
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('language server: broken framing exits non-zero (issue 9)', function () {
  this.timeout(30000);
  const cases: [string, string][] = [
    ['a missing Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${INIT}`],
    ['a negative Content-Length', `Content-Length: -5\r\n\r\n${INIT}`],
    ['a NaN Content-Length', `Content-Length: NaN\r\n\r\n${INIT}`],
    ['a 2 GB Content-Length', `Content-Length: 2147483648\r\n\r\n${INIT}`],
    ['a garbage header line', `hello there\r\n${frame(INIT)}`],
    ['a Content-Length too short (body is not JSON)', `Content-Length: 7\r\n\r\n${INIT}`],
    ['a Content-Length too long (swallows the next request)', `Content-Length: ${INIT.length + 5}\r\n\r\n${INIT}${frame(INIT)}`],
  ];
  for (const [name, bytes] of cases) {
    it(`exits with code 1 after ${name}`, async () => {
      const r = await feed(bytes);
      assert.strictEqual(r.code, 1, `server stayed ${r.code}; stderr: ${r.stderr.slice(-500)}`);
      assert.match(r.stderr, /exiting with code 1/);
    });
  }

  it('still answers a well-framed session (control)', async () => {
    const r = await feed(frame(INIT), 3000);
    assert.strictEqual(r.code, 'alive');
    assert.match(r.stdout, /"id":1,"result":\{"capabilities"/);
  });

  it('exits 1 when the input closes without shutdown', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-frame-'));
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdin.end(frame(INIT));
    const code = await new Promise((r) => proc.on('exit', r));
    fs.rmSync(ws, { recursive: true, force: true });
    assert.strictEqual(code, 1);
  });
});

describe('language server: lifecycle after shutdown (issue 9)', function () {
  this.timeout(30000);
  it('refuses a second initialize, answers InvalidRequest after shutdown, and exits 0 on exit', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-life-'));
    fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
    const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    try {
      await assert.rejects(c.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }), (e: { code: number; message: string }) => e.code === -32600 && /only once/.test(e.message));
      const uri = c.open(path.join(ws, 'd.md'), 'Text [@x]');
      await c.conn.sendRequest('shutdown');
      await assert.rejects(
        c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } }),
        (e: { code: number }) => e.code === -32600,
      );
      await assert.rejects(c.conn.sendRequest('shutdown'), (e: { code: number }) => e.code === -32600);
      const exited = new Promise<number | null>((r) => c.proc.on('exit', (code) => r(code)));
      await c.conn.sendNotification('exit');
      assert.strictEqual(await exited, 0);
      void pathToFileURL;
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
