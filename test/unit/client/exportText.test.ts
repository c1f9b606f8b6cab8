import * as assert from 'assert';
import * as path from 'path';
import { bibliographyBytes, entryCount } from '../../../client/src/exportText';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { exportCslJson } from '../../../server/src/core/export/csl';

describe('client: Export Bibliography writes the server text byte for byte', () => {
  it('writes exactly what exportCslJson (the CLI export) produced for the seeds', async () => {
    const load = await loadIndex(['seeds'], path.resolve(__dirname, '..', '..', '..', '..'));
    const text = exportCslJson(load.index.sources(), (f) => load.keys.displayPath(f));
    const bytes = bibliographyBytes(text);
    assert.ok(bytes.equals(Buffer.from(text, 'utf8')));
    assert.strictEqual(entryCount(text), 9);
    assert.strictEqual(entryCount('not json'), undefined);
  });
});
