import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeQuietly, readFully } from '../../../server/src/core/text/files';

describe('text/files: reading by descriptor', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('readFully fills the buffer from a position, and says how many bytes the end of the file left', () => {
    const file = path.join(dir, 'f.bin');
    fs.writeFileSync(file, Buffer.from('0123456789'));
    const fd = fs.openSync(file, 'r');
    try {
      const b = Buffer.alloc(4);
      assert.strictEqual(readFully(fd, b, 3), 4);
      assert.strictEqual(b.toString(), '3456');
      const tail = Buffer.alloc(6, 0x2d);
      assert.strictEqual(readFully(fd, tail, 7), 3);
      assert.strictEqual(tail.toString(), '789---');
      assert.strictEqual(readFully(fd, Buffer.alloc(2), 10), 0);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('readFully throws on a closed descriptor; closeQuietly does not', () => {
    const file = path.join(dir, 'g.bin');
    fs.writeFileSync(file, 'x');
    const fd = fs.openSync(file, 'r');
    closeQuietly(fd);
    assert.throws(() => readFully(fd, Buffer.alloc(1), 0));
    assert.doesNotThrow(() => closeQuietly(fd));
  });
});
