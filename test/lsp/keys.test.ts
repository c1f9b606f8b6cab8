/**
 * Citation keys over LSP: a source added while the server runs gets the key the CLI
 * gives it, a colliding addition renames nothing, a renamed file keeps its key, the
 * editor's export is byte-identical to the CLI's, and a re-keyed source's old key is
 * fixed by a quick fix offering its new key first.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { Client, ROOT, startServer } from './harness';

const BIN = path.join(ROOT, 'bin', 'source-linked.js');
const ARTICLE = (title: string, body: string) => `${title}\n\nMarch 3, 2024\n\n${body}\n`;

/** The file `source-linked export --output` writes, run from the workspace. */
function cliExport(ws: string): string {
  const out = path.join(ws, '..', 'cli-references.json');
  const r = spawnSync(process.execPath, [BIN, 'export', '--format', 'csl-json', '--corpus', 'sources', '--output', out], { cwd: ws, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return fs.readFileSync(out, 'utf8');
}

/** key by file ("sources/b.txt") from an exported bibliography. */
function keysByFile(text: string): Map<string, string> {
  const items = JSON.parse(text) as { id: string; note: string }[];
  return new Map(items.map((i) => [i.note.split(',')[0], i.id]));
}

describe('citation keys over LSP', function () {
  this.timeout(60000);
  let tmp: string;
  let ws: string;
  let src: string;
  let client: Client;

  const event = (changes: [string, FileChangeType][]) =>
    client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map(([f, type]) => ({ uri: pathToFileURL(f).toString(), type })) });
  const serverExport = async (): Promise<string> => {
    const data = await client.conn.sendRequest('sourceLinked/exportCsl', {});
    assert.strictEqual(typeof data, 'string');
    return data as string;
  };
  const waitExport = (pred: (keys: Map<string, string>) => boolean) =>
    client.waitFor('the index to pick up the change', () => {
      // Poll the request; waitFor re-probes every 100 ms.
      let out: string | undefined;
      void serverExport().then((t) => (latest = t));
      if (latest && pred(keysByFile(latest))) out = latest;
      return out;
    });
  let latest: string | undefined;

  beforeEach(async () => {
    latest = undefined;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-lsp-keys-'));
    ws = path.join(tmp, 'ws');
    src = path.join(ws, 'sources');
    fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(src, 'b.txt'), ARTICLE('Security Pact Signed', 'The pact covers 12 agencies, officials said.'));
    fs.writeFileSync(path.join(src, 'd.txt'), ARTICLE('Security Pact Signed', 'A second story on the pact names 40 officers.'));
    fs.writeFileSync(path.join(src, 'sub', 'z.txt'), ARTICLE('Water Prices Rise', 'Prices rose 12% in March, the utility said.'));
    client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a live file event gives the CLI key; a colliding addition renames nothing; a renamed file keeps its key; export is byte-identical to the CLI', async () => {
    const start = await waitExport((k) => k.size === 3);
    const before = keysByFile(start);
    assert.strictEqual(start, cliExport(ws), 'editor and CLI export the same bytes at start');

    // A source added while the server runs, colliding with two existing titles.
    fs.writeFileSync(path.join(src, '0-first.txt'), ARTICLE('Security Pact Signed', 'A third story, 7 pages long.'));
    await event([[path.join(src, '0-first.txt'), FileChangeType.Created]]);
    const added = keysByFile(await waitExport((k) => k.size === 4));
    for (const [f, k] of before) assert.strictEqual(added.get(f), k, `${f} kept its key`);
    assert.strictEqual(new Set(added.values()).size, 4);
    assert.strictEqual(latest, cliExport(ws), 'the live key equals the CLI key (the CLI reads the key file the server wrote)');

    // A rename: delete + create events.
    fs.renameSync(path.join(src, 'b.txt'), path.join(src, 'sub', 'renamed.txt'));
    await event([
      [path.join(src, 'b.txt'), FileChangeType.Deleted],
      [path.join(src, 'sub', 'renamed.txt'), FileChangeType.Created],
    ]);
    const renamed = keysByFile(await waitExport((k) => k.has('sources/sub/renamed.txt')));
    assert.strictEqual(renamed.get('sources/sub/renamed.txt'), before.get('sources/b.txt'));
    assert.strictEqual(latest, cliExport(ws));
  });

  it('offers the key the same content has now as the first quick fix when a source was re-keyed', async () => {
    const note = path.join(src, 'note.md');
    fs.writeFileSync(note, '# Border Trade Notes\n\nTrade rose 4% in the first quarter, officials said.\n');
    await waitExport((k) => k.size >= 3);
    await event([[note, FileChangeType.Created]]);
    const old = (await waitExport((k) => k.has('sources/note.md'))) && keysByFile(latest!).get('sources/note.md')!;
    const text = `Trade rose 4% in the first quarter [@${old}].\n`;
    const uri = client.open(path.join(ws, 'draft.md'), text);
    await client.waitDiagnostics(uri, (d) => d.length === 0);
    fs.writeFileSync(note, '---\nid: trade-notes\n---\n# Border Trade Notes\n\nTrade rose 4% in the first quarter, officials said.\n');
    await event([[note, FileChangeType.Changed]]);
    const [d] = await client.waitDiagnostics(uri, (ds) => ds.length === 1 && ds[0].code === 'unknown-source');
    assert.match(String(d.message), /Its source now has the key @trade-notes\./);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.strictEqual(actions[0].title, "Replace with @trade-notes (the same source's key now)");
    assert.strictEqual(actions[0].isPreferred, true);
    const edit = actions[0].edit!.changes![uri][0];
    assert.strictEqual(edit.newText, 'trade-notes');
  });

  it('a sidecar edit re-indexes its source, and a team bibliography file gives its key and metadata (same as the CLI)', async () => {
    await waitExport((k) => k.size === 3);
    fs.writeFileSync(path.join(src, 'sub', 'z.meta.yaml'), 'author: Ana López\npublisher: El Norte\n');
    await event([[path.join(src, 'sub', 'z.meta.yaml'), FileChangeType.Created]]);
    await client.waitFor('the sidecar metadata', () => (latest && /"literal": "El Norte"|"container-title": "El Norte"/.test(latest) ? true : (void serverExport().then((t) => (latest = t)), undefined)));
    const item = (JSON.parse(latest!) as { note: string; author?: unknown; publisher?: string }[]).find((i) => i.note.startsWith('sources/sub/z.txt'))!;
    assert.deepStrictEqual([item.author, item.publisher], [[{ family: 'López', given: 'Ana' }], 'El Norte']);
    // A BibTeX file in the corpus folder: its key wins for the matching source.
    const bib = path.join(src, 'team.bib');
    fs.writeFileSync(bib, '@online{lopezWater2024,\n  title = {Water Prices Rise},\n  author = {L{\\\'o}pez, Ana},\n  date = {2024-03-04},\n  url = {https://example.org/water}\n}\n');
    await event([[bib, FileChangeType.Created]]);
    const keys = keysByFile(await waitExport((k) => k.get('sources/sub/z.txt') === 'lopezWater2024'));
    assert.strictEqual(keys.get('sources/sub/z.txt'), 'lopezWater2024');
    assert.strictEqual(latest, cliExport(ws));
  });

  it('gives the same keys whatever the server process working directory, equal to the CLI; a key file changed by git reloads', async () => {
    const first = await waitExport((k) => k.size === 3);
    await client.stop();
    const copy = path.join(tmp, 'copy');
    for (const cwd of [src, os.tmpdir()]) {
      // A fresh copy without the key file, served from another working directory.
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(ws, copy, { recursive: true });
      fs.rmSync(path.join(copy, 'sources', 'citation-keys.tsv'));
      client = await startServer({ workspace: copy, settings: { corpus: ['sources'] }, cwd });
      latest = undefined;
      const again = await waitExport((k) => k.size === 3);
      assert.deepStrictEqual([...keysByFile(again)], [...keysByFile(first)], `server started in ${cwd}`);
      await client.stop();
    }
    // The key file changes under a running server (a pull, a merge, a hand edit): it reloads with it.
    client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
    latest = undefined;
    await waitExport((k) => k.size === 3);
    const keyFile = path.join(src, 'citation-keys.tsv');
    const old = keysByFile(latest!).get('sources/sub/z.txt')!;
    fs.writeFileSync(keyFile, fs.readFileSync(keyFile, 'utf8').replace(new RegExp(`^${old}\\t`, 'm'), 'water-renamed-by-hand\t'));
    await event([[keyFile, FileChangeType.Changed]]);
    await waitExport((k) => k.get('sources/sub/z.txt') === 'water-renamed-by-hand');
    assert.strictEqual(latest, cliExport(ws));
  });
});
