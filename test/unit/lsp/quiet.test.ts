import * as assert from 'assert';
import { QuietQueue } from '../../../server/src/lsp/quiet';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `probe()` is true (polled every 2 ms), or rejects after `ms`. */
async function until(probe: () => boolean, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > end) throw new Error('timed out');
    await sleep(2);
  }
}

describe('lsp/quiet: background work waits for a quiet server', () => {
  it('runs a job only once no message came in for the quiet time', async () => {
    const q = new QuietQueue(() => false, 30);
    const t0 = performance.now();
    let ranAt = 0;
    q.schedule('a', async () => ((ranAt = performance.now()), true));
    let lastMessage = 0;
    // Messages every 5 ms for 80 ms: the job must wait for all of them and then the quiet time.
    while (performance.now() - t0 < 80) {
      q.activity();
      lastMessage = performance.now();
      assert.strictEqual(ranAt, 0, 'ran while messages kept coming');
      await sleep(5);
    }
    await until(() => ranAt > 0);
    assert.ok(ranAt - lastMessage >= 29, `ran ${(ranAt - lastMessage).toFixed(1)} ms after the last message`);
    assert.strictEqual(q.size, 0);
    q.dispose();
  });

  it('waits while the server is busy (a check scheduled or running)', async () => {
    let busy = true;
    const q = new QuietQueue(() => busy, 5);
    let runs = 0;
    q.schedule('a', async () => (runs++, true));
    await sleep(60);
    assert.strictEqual(runs, 0, 'ran while busy');
    busy = false;
    await until(() => runs === 1);
    q.dispose();
  });

  it('keeps one job per key (the newest), drops a deleted key, and runs again a job that stopped early', async () => {
    const q = new QuietQueue(() => false, 5);
    const ran: string[] = [];
    q.schedule('a', async () => (ran.push('a1'), true));
    q.schedule('a', async () => (ran.push('a2'), true));
    q.schedule('b', async () => (ran.push('b'), true));
    q.delete('b');
    let tries = 0;
    q.schedule('c', async () => (ran.push(`c${++tries}`), tries >= 3));
    await until(() => tries === 3 && ran.includes('a2'));
    await sleep(30);
    assert.deepStrictEqual(ran.filter((x) => x.startsWith('a') || x === 'b'), ['a2']);
    assert.deepStrictEqual(ran.filter((x) => x.startsWith('c')), ['c1', 'c2', 'c3']);
    assert.strictEqual(q.size, 0);
    q.dispose();
  });

  it('is running while a job runs, and a job that throws is not run again', async () => {
    const q = new QuietQueue(() => false, 5);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let throws = 0;
    q.schedule('a', async () => {
      await gate;
      return true;
    });
    q.schedule('b', async () => {
      throws++;
      throw new Error('boom');
    });
    await until(() => q.running);
    release();
    await until(() => throws === 1 && !q.running && q.size === 0);
    await sleep(30);
    assert.strictEqual(throws, 1);
    q.dispose();
  });
});
