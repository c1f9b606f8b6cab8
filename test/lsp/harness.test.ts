/**
 * The test client itself: waiting for two things at once must not starve it. Each wait polls on
 * one timer of its own; a timer per wake-up made two concurrent waits double their timers every
 * 100 ms, and the stress bench's completions then seemed to take tens of seconds.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, startServer } from './harness';

describe('LSP test harness', function () {
  this.timeout(60000);
  it('two concurrent waits poll a bounded number of times', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-harness-'));
    fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
    const c = await startServer({ workspace: ws, settings: { corpus: ['seeds'] } });
    try {
      await c.waitFor('ready', () => c.statuses.find((s) => (s as { state: string }).state === 'ready'));
      let probes = 0;
      let stop = false;
      const probe = () => (++probes, stop ? true : undefined);
      const both = Promise.all([c.waitFor('a', probe, 10000), c.waitFor('b', probe, 10000)]);
      await new Promise((r) => setTimeout(r, 1500));
      const during = probes;
      stop = true;
      await both;
      // About 15 timer polls each in 1.5 s, plus a wake-up per server message.
      assert.ok(during < 200, `${during} probes in 1.5 s`);
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
