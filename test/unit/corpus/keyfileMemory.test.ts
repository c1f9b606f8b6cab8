import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { fingerprint, parseKeyFile } from '../../../server/src/core/corpus/keyfile';
import { IndexLookup } from '../../../server/src/core/corpus/reutersIndex';

/** Two lookups of `dir`'s dates, in a frame of its own (nothing of it stays on the caller's stack). */
function lookTwice(dir: string): { seen: WeakRef<Map<string, string>>; dates: [string, string][] } {
  const first = new IndexLookup().get(dir);
  assert.ok(first && first.size === 2);
  assert.strictEqual(new IndexLookup().get(dir), first, 'held by the first lookup: shared');
  return { seen: new WeakRef(first), dates: [...first] };
}

describe('corpus: key file and Reuters dates, what they keep (issue 13)', () => {
  it('fingerprint: the first 16 hex digits of the SHA-256 of the paragraphs, each followed by a newline', () => {
    const passages = [{ text: 'First paragraph, 4.6 mln shares.' }, { text: 'Zweiter Absatz: Überschuß.' }, { text: '' }];
    const want = createHash('sha256').update('First paragraph, 4.6 mln shares.\nZweiter Absatz: Überschuß.\n\n').digest('hex').slice(0, 16);
    assert.strictEqual(fingerprint(passages), want);
    assert.strictEqual(fingerprint([]), createHash('sha256').update('').digest('hex').slice(0, 16));
  });

  it('parseKeyFile: the same entries, long values included', () => {
    const long = 'reuters/training/' + 'x'.repeat(40) + '.sgm#3';
    const text = `# header\nsmith-2020\t0123456789abcdef\ta.txt\nlong-key-of-twenty-chars\tfedcba9876543210\t${long}\nbad line\n`;
    const r = parseKeyFile(text);
    assert.deepStrictEqual(r.entries, [
      { key: 'smith-2020', fingerprint: '0123456789abcdef', path: 'a.txt' },
      { key: 'long-key-of-twenty-chars', fingerprint: 'fedcba9876543210', path: long },
    ]);
    assert.strictEqual(r.problems.length, 1);
  });

  it('Reuters dates: a second lookup while the first holds them shares the map; once none does the collector may take it, and it is read again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-reuters-'));
    try {
      const rows = [
        { file: 'a.txt', date: '26-FEB-1987 15:01:01.79' },
        { file: 'b.txt', date: '1987-03-02' },
      ];
      fs.writeFileSync(path.join(dir, 'reuters21578_index.json'), JSON.stringify(rows));
      const { seen, dates } = lookTwice(dir);
      // Let the WeakRef go out of this job, then collect: nothing but the cache's weak reference holds the map.
      await new Promise((r) => setImmediate(r));
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      await new Promise((r) => setImmediate(r));
      gc();
      assert.strictEqual(seen.deref(), undefined, 'the module did not keep the map');
      const again = new IndexLookup().get(dir);
      assert.deepStrictEqual([...(again ?? [])], dates, 'read again, the same dates');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
