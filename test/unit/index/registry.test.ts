import * as assert from 'assert';
import { SourceRegistry } from '../../../server/src/core/index/registry';
import { source } from '../../helpers/fixtures';

describe('index: source registry', () => {
  it('numbers passages, and tombstones them when their file goes', () => {
    const r = new SourceRegistry();
    const a = source('a-2021', 'A', ['one two', 'three']);
    const b = source('b-2021', 'B', ['four']);
    const ids = r.add([a, b]);
    assert.deepStrictEqual([...ids], [0, 1, 2]);
    assert.deepStrictEqual(
      a.passages.map((p) => p.id),
      [0, 1],
    );
    assert.strictEqual(r.aliveCount, 0, 'passages are dead until activated');
    for (const id of ids) r.activate(id, 2);
    assert.strictEqual(r.aliveCount, 3);
    assert.strictEqual(r.avgdl, 2);
    assert.ok(r.sequential());
    assert.ok(r.removeFile(a.file));
    assert.strictEqual(r.removeFile(a.file), false, 'a file is removed once');
    assert.strictEqual(r.get('a-2021'), undefined);
    assert.deepStrictEqual([r.isAlive(0), r.isAlive(1), r.isAlive(2)], [false, false, true]);
    assert.strictEqual(r.dead, 2);
    assert.strictEqual(r.totalLen, 2);
    assert.ok(!r.sequential());
  });

  it('a source with a key already registered replaces the old one', () => {
    const r = new SourceRegistry();
    const old = source('k-2021', 'Old', ['x']);
    for (const id of r.add([old])) r.activate(id, 1);
    const fresh = source('k-2021', 'New', ['y'], { file: '/corpus/other.txt' });
    for (const id of r.add([fresh])) r.activate(id, 1);
    assert.strictEqual(r.get('k-2021')?.title, 'New');
    assert.strictEqual(r.aliveCount, 1);
    assert.ok(!r.isAlive(old.passages[0].id));
  });

  it('rebuilds the key map after keys changed in place', () => {
    const r = new SourceRegistry();
    const s = source('tmp', 'T', ['x']);
    r.add([s]);
    s.key = 'final-2021';
    r.rebuildKeyMap();
    assert.strictEqual(r.get('final-2021'), s);
    assert.strictEqual(r.get('tmp'), undefined);
  });

  it('loads snapshot sources only when their passages are in order', () => {
    const s = source('a', 'A', ['x', 'y']);
    s.passages.forEach((p, i) => (p.id = i));
    const r = new SourceRegistry();
    r.loadSequential([s], Uint16Array.from([3, 4]));
    assert.strictEqual(r.aliveCount, 2);
    assert.strictEqual(r.totalLen, 7);
    const bad = source('b', 'B', ['x']);
    bad.passages[0].id = 5;
    assert.throws(() => new SourceRegistry().loadSequential([bad], Uint16Array.from([1])), /out of order/);
    assert.throws(() => new SourceRegistry().loadSequential([s], Uint16Array.from([1])), /lengths/);
  });
});
