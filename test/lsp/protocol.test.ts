/**
 * Issue 8 §3: the custom requests over stdio, by their typed objects in protocol.ts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CitationInsertRequest, ExportCslRequest, RebuildIndexRequest } from '../../server/src/protocol';
import { Client, startServer, waitReady } from './harness';

describe('language server: typed custom requests', function () {
  this.timeout(30000);
  let dir: string;
  let client: Client | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-proto-'));
    fs.mkdirSync(path.join(dir, 'sources'));
    fs.writeFileSync(path.join(dir, 'sources', 'a.md'), '---\nid: alpha-2021\n---\n# Alpha\n\nAlpha counted 1,234 wells.\n');
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('citationInsert: the server computes the edit at each cursor; a draft it does not have is refused with a message', async () => {
    client = await startServer({ workspace: dir, settings: { corpus: ['sources'] } });
    await waitReady(client!);
    const uri = client.open(path.join(dir, 'draft.md'), 'Alpha counted 1,234 wells [see @x, para. 1]. More wells');
    await client.waitDiagnostics(uri);
    const edits = await client.conn.sendRequest(CitationInsertRequest, {
      uri,
      positions: [
        { line: 0, character: 30 },
        { line: 0, character: 55 },
      ],
      key: 'alpha-2021',
      locator: 'para. 1',
    });
    assert.deepStrictEqual(
      edits.map((e) => [e.range.start.character, e.newText]),
      [
        [42, '; @alpha-2021, para. 1'],
        [55, ' [@alpha-2021, para. 1]'],
      ],
    );
    await assert.rejects(
      client.conn.sendRequest(CitationInsertRequest, { uri: pathToFileURL(path.join(dir, 'closed.md')).toString(), positions: [{ line: 0, character: 0 }], key: 'k', locator: '' }),
      /not open/,
    );
  });

  it('rebuildIndex answers each folder status; exportCsl answers the file text', async () => {
    client = await startServer({ workspace: dir, settings: { corpus: ['sources'] } });
    const statuses = await client.conn.sendRequest(RebuildIndexRequest, null);
    assert.deepStrictEqual(statuses.map((s) => [s.state, s.sources]), [['ready', 1]]);
    const text = await client.conn.sendRequest(ExportCslRequest, {});
    assert.strictEqual(typeof text, 'string');
    assert.deepStrictEqual((JSON.parse(text) as { id: string }[]).map((e) => e.id), ['alpha-2021']);
  });
});
