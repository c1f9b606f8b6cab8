/** The server in a second real LSP client: Neovim's built-in one, headless (skipped when nvim is absent). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, SERVER } from './harness';

describe('Neovim built-in LSP client', function () {
  this.timeout(60000);
  it('gets diagnostics, ranked completion and passage hovers from source-linked-ls', function () {
    if (spawnSync('nvim', ['--version']).status !== 0) this.skip();
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-nvim-'));
    try {
      fs.cpSync(path.join(ROOT, 'seeds'), path.join(ws, 'seeds'), { recursive: true });
      const draft = path.join(ws, 'draft.md');
      fs.copyFileSync(path.join(ROOT, 'samples', 'draft.md'), draft);
      const out = path.join(ws, 'result.json');
      const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'test', 'lsp', 'neovim', 'check.lua')}`], {
        env: { ...process.env, SL_SERVER: SERVER, SL_WORKSPACE: ws, SL_DRAFT: draft, SL_OUT: out, XDG_STATE_HOME: ws, XDG_DATA_HOME: ws, XDG_CONFIG_HOME: ws },
        encoding: 'utf8',
        timeout: 50000,
      });
      assert.ok(fs.existsSync(out), `nvim wrote no result: ${r.stderr}`);
      const res = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.strictEqual(res.error, undefined, res.error);
      const codes = res.diagnostics.map((d: { code: string }) => d.code).sort();
      assert.deepStrictEqual(codes, ['bad-locator', 'figure-not-in-source', 'quote-not-in-source', 'uncited-figure', 'uncited-figure', 'unknown-source']);
      assert.strictEqual(res.completion[0], 'edomex-officers-killed-2021, para. 4');
      assert.match(res.hover, /\*\*414\*\* members of police institutions/);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
