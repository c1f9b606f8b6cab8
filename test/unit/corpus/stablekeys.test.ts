import * as assert from 'assert';
import { assignStableKeys, KeyEntry, shortHash, StableItem } from '../../../server/src/core/corpus/keys';
import { fingerprint, formatKeyFile, parseKeyFile } from '../../../server/src/core/corpus/keyfile';

const item = (baseKey: string, fp: string, p: string, explicit?: string): StableItem => ({ baseKey, fingerprint: fp, path: p, explicit });

describe('assignStableKeys (keys with memory)', () => {
  it('gives a new source its base key, and a later colliding source a suffix: the earlier holder is never renamed', () => {
    const first = assignStableKeys([item('pact-signed-2024', 'aaaa1111', '/c/b.txt')], []);
    assert.deepStrictEqual(first.keys, ['pact-signed-2024']);
    const second = assignStableKeys([item('pact-signed-2024', '0000ffff', '/c/a.txt'), item('pact-signed-2024', 'aaaa1111', '/c/b.txt')], first.all);
    // a.txt sorts first and has the smaller fingerprint, yet b.txt keeps the key it had.
    assert.deepStrictEqual(second.keys, [`pact-signed-2024-${shortHash('0000ffff')}`, 'pact-signed-2024']);
  });

  it('keeps the key of a renamed or moved file (same fingerprint, new path) and updates the path', () => {
    const a = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/old.txt')], []);
    const b = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/sub/new.txt')], a.all);
    assert.deepStrictEqual(b.keys, ['x-2020']);
    assert.deepStrictEqual(b.all, [{ key: 'x-2020', fingerprint: 'f1f1f1f1', path: '/c/sub/new.txt' }]);
  });

  it('keeps the key of a file edited in place when its title and year are unchanged', () => {
    const a = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/a.txt')], []);
    const b = assignStableKeys([item('x-2020', 'e2e2e2e2', '/c/a.txt')], a.all);
    assert.deepStrictEqual(b.keys, ['x-2020']);
    // A different article saved over the same file is a new source: it does not inherit the key.
    const c = assignStableKeys([item('other-story-2021', 'd3d3d3d3', '/c/a.txt')], a.all);
    assert.deepStrictEqual(c.keys, ['other-story-2021']);
    assert.ok(c.all.some((e) => e.key === 'x-2020'), 'the old key stays reserved (retired)');
  });

  it('never hands a retired key (source deleted) to a new source', () => {
    const a = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/a.txt')], []);
    const b = assignStableKeys([item('x-2020', '99999999', '/c/b.txt')], a.all);
    assert.deepStrictEqual(b.keys, [`x-2020-${shortHash('99999999')}`]);
  });

  it('does not depend on the order of the items', () => {
    const items = [item('a-2020', '33333333', '/c/1.txt'), item('a-2020', '11111111', '/c/2.txt'), item('b', '22222222', '/c/3.txt')];
    const one = assignStableKeys(items, []);
    const two = assignStableKeys([items[2], items[0], items[1]], []);
    assert.deepStrictEqual([two.keys[1], two.keys[2], two.keys[0]], one.keys);
  });

  it('lets an explicit key win and keeps the entry under its first key, so old citations can be traced', () => {
    const a = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/a.md')], []);
    const b = assignStableKeys([item('x-2020', 'f1f1f1f1', '/c/a.md', 'my-key')], a.all);
    assert.deepStrictEqual(b.keys, ['my-key']);
    assert.deepStrictEqual(b.all.map((e) => e.key), ['x-2020']);
    // An explicit id equal to another source's remembered key takes it; that source gets a new key.
    const c = assignStableKeys([item('y', 'e1e1e1e1', '/c/b.md', 'x-2020'), item('x-2020', 'f1f1f1f1', '/c/a.md')], a.all);
    assert.strictEqual(c.keys[0], 'x-2020');
    assert.notStrictEqual(c.keys[1], 'x-2020');
  });

  it('resolves two entries holding one key after a union merge: the smaller fingerprint keeps it', () => {
    const merged: KeyEntry[] = [
      { key: 'same-2024', fingerprint: 'bbbbbbbb', path: '/c/b.txt' },
      { key: 'same-2024', fingerprint: 'aaaaaaaa', path: '/c/a.txt' },
    ];
    const r = assignStableKeys([item('same-2024', 'bbbbbbbb', '/c/b.txt'), item('same-2024', 'aaaaaaaa', '/c/a.txt')], merged);
    assert.deepStrictEqual(r.keys, [`same-2024-${shortHash('bbbbbbbb')}`, 'same-2024']);
  });

  it('treats reserved keys and held entries of other files as taken (single-file re-index)', () => {
    const held = new Set<KeyEntry>([{ key: 'a-2020', fingerprint: '11111111', path: '/c/a.txt' }]);
    const r = assignStableKeys([item('a-2020', '22222222', '/c/b.txt')], [...held], { held, reserved: new Set(['other']) });
    assert.deepStrictEqual(r.keys, [`a-2020-${shortHash('22222222')}`]);
  });
});

describe('key file format', () => {
  it('writes sorted lines KEY<TAB>FINGERPRINT<TAB>PATH after a comment header, duplicates dropped', () => {
    const text = formatKeyFile([
      { key: 'b-2021', fingerprint: '0123456789abcdef', path: 'b.txt' },
      { key: 'a-2020', fingerprint: 'fedcba9876543210', path: 'dir/a.txt#2' },
      { key: 'b-2021', fingerprint: '0123456789abcdef', path: 'b.txt' },
    ]);
    const lines = text.split('\n');
    assert.ok(lines[0].startsWith('# '));
    assert.deepStrictEqual(lines.filter((l) => l && !l.startsWith('#')), ['a-2020\tfedcba9876543210\tdir/a.txt#2', 'b-2021\t0123456789abcdef\tb.txt']);
    assert.deepStrictEqual(parseKeyFile(text).entries.map((e) => e.key), ['a-2020', 'b-2021']);
  });

  it('skips conflict markers and malformed lines with a reason, keeping every good line', () => {
    const r = parseKeyFile('a\t0123456789abcdef\ta.txt\n<<<<<<< HEAD\nnot a line\n=======\nb\t0123456789abcdee\tb.txt\n>>>>>>> other\n');
    assert.deepStrictEqual(r.entries.map((e) => e.key), ['a', 'b']);
    assert.strictEqual(r.problems.length, 4);
    assert.match(r.problems[0], /line 2: git conflict marker/);
  });

  it('fingerprints the paragraphs: equal for the same text, different when a word changes', () => {
    assert.strictEqual(fingerprint([{ text: 'The peso rose.' }, { text: 'Two' }]), fingerprint([{ text: 'The peso rose.' }, { text: 'Two' }]));
    assert.notStrictEqual(fingerprint([{ text: 'The peso rose.' }]), fingerprint([{ text: 'The peso fell.' }]));
    assert.notStrictEqual(fingerprint([{ text: 'a' }, { text: 'b' }]), fingerprint([{ text: 'a b' }]), 'paragraph breaks count');
    assert.match(fingerprint([{ text: 'x' }]), /^[0-9a-f]{16}$/);
  });
});
