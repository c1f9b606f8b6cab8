/** Corpus membership over LSP: a deleted source stops being citable; two workspace folders keep two corpora apart. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Diagnostic, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import picomatch from 'picomatch';
import { Client, startServer, waitReady } from './harness';

const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

function folderWithSource(name: string, file: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sl-${name}-`));
  fs.mkdirSync(path.join(dir, 'sources'));
  fs.writeFileSync(path.join(dir, 'sources', file), text);
  return dir;
}

const READY = (c: Client) => waitReady(c);

describe('language server: corpus membership', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  let client: Client | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a deleted source file stops being citable (unknown-source after the Deleted event)', async () => {
    const ws = folderWithSource('del', 'harbour.md', '---\nid: harbour-2022\n---\n# Harbour Report\n\nThe harbour handled 7,412 ships in 2022.\n');
    // A second source, so the corpus is not empty after the deletion (an empty corpus reports one
    // no-sources warning instead of unknown keys: test/lsp/writer.test.ts).
    fs.writeFileSync(path.join(ws, 'sources', 'port.md'), '---\nid: port-2022\n---\n# Port Report\n\nThe port opened 3 new berths.\n');
    dirs.push(ws);
    client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
    await READY(client);
    const uri = client.open(path.join(ws, 'draft.md'), 'The harbour handled 7,412 ships [@harbour-2022, para. 1].\n');
    const clean = await client.waitDiagnostics(uri);
    assert.deepStrictEqual(clean.map((d) => d.code), [], 'clean while the source exists');
    const file = path.join(ws, 'sources', 'harbour.md');
    fs.rmSync(file);
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).toString(), type: FileChangeType.Deleted }] });
    const after = await client.waitDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-source'));
    assert.match(msg(after.find((d) => d.code === 'unknown-source')!), /harbour-2022/);
  });

  it('two workspace folders keep their own corpora', async () => {
    const a = folderWithSource('a', 'alpha.md', '---\nid: alpha-2021\n---\n# Alpha\n\nAlpha counted 1,234 wells.\n');
    const b = folderWithSource('b', 'beta.md', '---\nid: beta-2021\n---\n# Beta\n\nBeta counted 5,678 farms.\n');
    dirs.push(a, b);
    client = await startServer({ workspace: a, moreFolders: [b], settings: { corpus: ['sources'] } });
    await client.waitFor('both folders ready', () => (client!.statuses.filter((s) => (s as { state: string }).state === 'ready').length >= 2 ? true : undefined));
    const textA = 'Alpha counted 1,234 wells [@alpha-2021, para. 1]. Beta counted 5,678 farms [@beta-2021, para. 1].\n';
    const textB = 'Beta counted 5,678 farms [@beta-2021, para. 1]. Alpha counted 1,234 wells [@alpha-2021, para. 1].\n';
    const ua = client.open(path.join(a, 'draft.md'), textA);
    const ub = client.open(path.join(b, 'draft.md'), textB);
    const da = await client.waitDiagnostics(ua, (d) => d.length > 0);
    const db = await client.waitDiagnostics(ub, (d) => d.length > 0);
    // The text each unknown-source diagnostic covers (one line drafts: characters are offsets).
    const unknownKeys = (ds: Diagnostic[], text: string) =>
      ds.filter((d) => d.code === 'unknown-source').map((d) => text.slice(d.range.start.character, d.range.end.character));
    assert.deepStrictEqual(unknownKeys(da, textA), ['@beta-2021'], 'folder a knows only its own source');
    assert.deepStrictEqual(unknownKeys(db, textB), ['@alpha-2021'], 'folder b knows only its own source');
    assert.ok(da.every((d) => d.code === 'unknown-source'), da.map(msg).join(' | '));
  });

  it('registers one file watcher, for sources, key files, sidecars and bibliographies (the VS Code client sets up none)', async () => {
    const ws = folderWithSource('watch', 'a.md', '# A\n\nA counted 12 wells.\n');
    dirs.push(ws);
    client = await startServer({ workspace: ws, settings: { corpus: ['sources'] } });
    await READY(client);
    const watchers = client.registrations.filter((r) => r.method === DidChangeWatchedFilesNotification.method);
    assert.strictEqual(watchers.length, 1, JSON.stringify(client.registrations));
    const globs = (watchers[0].registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.strictEqual(globs.length, 1);
    const matches = picomatch(globs[0]);
    for (const f of ['sources/a.txt', 'sources/b.md', 'sources/c.PDF', 'sources/d.docx', 'sources/e.html', 'sources/citation-keys.tsv', 'sources/a.meta.yaml', 'refs.bib', 'refs.csl.json']) assert.ok(matches(f), f);
    assert.ok(!matches('sources/image.png'));
    // and the client's source holds no watcher of its own
    const extension = fs.readFileSync(path.join(__dirname, '../../../client/src/extension.ts'), 'utf8');
    assert.doesNotMatch(extension, /createFileSystemWatcher|fileEvents\s*:/);
  });
});
