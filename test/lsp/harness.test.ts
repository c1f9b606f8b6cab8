/**
 * The test client itself: waiting for two things at once must not starve it. Each wait polls on
 * one timer of its own; a timer per wake-up made two concurrent waits double their timers every
 * 100 ms, and the stress bench's completions then seemed to take tens of seconds.
 */
import * as assert from 'assert';
import { withSeedsServer } from './harness';

describe('LSP test harness', function () {
  this.timeout(60000);
  it('two concurrent waits poll a bounded number of times', async () => {
    await withSeedsServer(async (c) => {
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
    }, { prefix: 'sl-harness-' });
  });
});
