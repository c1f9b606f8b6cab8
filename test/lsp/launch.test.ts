/**
 * The server as launched (issue 13, memory): the harness starts it with the environment the VS
 * Code client gives it (protocol.ts serverEnv), and the process really carries it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, startServer } from './harness';

describe('language server launch environment', function () {
  it('the server process has the malloc settings the client sets (Linux: /proc/<pid>/environ)', async function () {
    if (process.platform !== 'linux') this.skip();
    const client = await startServer({ workspace: path.join(ROOT, 'samples') });
    try {
      const environ = fs.readFileSync(`/proc/${client.proc.pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_MMAP_THRESHOLD_=131072'), environ.filter((e) => e.startsWith('MALLOC')).join(', ') || 'no MALLOC_ variable');
      // Huge pages are opt-in (protocol.ts HUGE_PAGES_TUNABLE): they cost query latency at 100 MB.
      if (process.env.GLIBC_TUNABLES === undefined) assert.ok(!environ.some((e) => e.startsWith('GLIBC_TUNABLES=')), environ.filter((e) => e.startsWith('GLIBC')).join(', '));
    } finally {
      await client.stop();
    }
  });
});
