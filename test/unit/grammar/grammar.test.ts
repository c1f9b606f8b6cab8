/**
 * Runs vscode-tmgrammar-test on test/grammar/*.test.md with the injection grammar
 * from package.json (contributes.grammars) over a Markdown base grammar, and
 * checks that the harness really fails on a wrong grammar.
 *
 * Base grammar: VS Code's own markdown grammar when one is found
 * (SOURCE_LINKED_MARKDOWN_GRAMMAR, or code-server in ~/.cache/source-linked-e2e),
 * always also the small stub test/grammar/markdown-stub.tmLanguage.json.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const TOOL = path.join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
const STUB = path.join(ROOT, 'test/grammar/markdown-stub.tmLanguage.json');
const CASES = 'test/grammar/*.test.md';
const GRAMMAR = path.join(ROOT, 'syntaxes/pandoc-citations.tmLanguage.json');

interface Run {
  status: number | null;
  output: string;
}

function runTool(baseGrammar: string, config = path.join(ROOT, 'package.json')): Run {
  const r = spawnSync(process.execPath, [TOOL, '--config', config, '-g', baseGrammar, CASES], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function caseFiles(): string[] {
  const dir = path.join(ROOT, 'test/grammar');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.md'))
    .map((f) => path.join(dir, f));
}

/** A config (package.json-like) pointing at a modified copy of the injection grammar. */
function mutatedConfig(tmp: string, mutate: (g: Record<string, unknown>) => void): string {
  const g = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8'));
  mutate(g);
  fs.writeFileSync(path.join(tmp, 'grammar.json'), JSON.stringify(g));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const grammars = (pkg.contributes?.grammars ?? []).map((x: { path: string }) =>
    path.resolve(ROOT, x.path) === GRAMMAR ? { ...x, path: './grammar.json' } : { ...x, path: path.resolve(ROOT, x.path) },
  );
  const config = path.join(tmp, 'package.json');
  fs.writeFileSync(config, JSON.stringify({ contributes: { grammars } }));
  return config;
}

function realMarkdownGrammar(): string | undefined {
  const env = process.env.SOURCE_LINKED_MARKDOWN_GRAMMAR;
  if (env && fs.existsSync(env)) return env;
  const cache = process.env.SOURCE_LINKED_E2E_CACHE ?? path.join(os.homedir(), '.cache/source-linked-e2e');
  const candidate = path.join(
    cache,
    'code-server/node_modules/code-server/lib/vscode/extensions/markdown-basics/syntaxes/markdown.tmLanguage.json',
  );
  return fs.existsSync(candidate) ? candidate : undefined;
}

describe('grammar: Pandoc citation injection (vscode-tmgrammar-test)', function () {
  this.timeout(120_000);

  it('package.json contributes the injection into text.html.markdown', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const g = (pkg.contributes?.grammars ?? []).find((x: { path: string }) => path.resolve(ROOT, x.path) === GRAMMAR);
    assert.ok(g, 'contributes.grammars has syntaxes/pandoc-citations.tmLanguage.json');
    assert.deepStrictEqual(g.injectTo, ['text.html.markdown']);
    const grammar = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8'));
    assert.strictEqual(grammar.scopeName, g.scopeName);
    assert.match(grammar.injectionSelector, /^L:text\.html\.markdown /);
    for (const excluded of ['-markup.inline.raw', '-markup.fenced_code', '-markup.raw', '-meta.embedded', '-comment']) {
      assert.ok(grammar.injectionSelector.split(/\s+/).includes(excluded), `injectionSelector excludes ${excluded}`);
    }
  });

  it('the test cases assert every scope the grammar promises, and the exclusions', () => {
    const text = caseFiles()
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const assertions = text.split('\n').filter((l) => /^<!--\s*(\^|<~*-)/.test(l));
    assert.ok(assertions.length >= 40, `expected many assertions, found ${assertions.length}`);
    const required = [
      'punctuation.definition.citation.begin.pandoc',
      'punctuation.definition.citation.end.pandoc',
      'punctuation.definition.citation-key.pandoc',
      'entity.name.citation-key.pandoc',
      // The scope themes colour (issue 15: the key was uncoloured in VS Code's Markdown editor).
      'variable.other.citation-key.pandoc',
      'keyword.other.locator.pandoc',
      'constant.numeric.locator.pandoc',
      'string.other.citation-prefix.pandoc',
      'string.other.citation-suffix.pandoc',
      'punctuation.separator.citation.pandoc',
      'keyword.operator.suppress-author.pandoc',
      'meta.citation.author-in-text.pandoc',
    ];
    for (const scope of required) {
      assert.ok(assertions.some((l) => l.split(' - ')[0].includes(scope)), `a positive assertion for ${scope}`);
    }
    // Exclusions: code spans, fenced and indented code, comments, e-mail addresses.
    for (const base of ['markup.inline.raw', 'markup.fenced_code', 'markup.raw.block', 'comment.block.html']) {
      assert.ok(
        assertions.some((l) => l.includes(base) && / - .*entity\.name\.citation-key\.pandoc/.test(l)),
        `a negative assertion inside ${base}`,
      );
    }
    assert.ok(/a@b\.com/.test(text), 'an e-mail address case');
  });

  it('passes over the Markdown stub grammar', () => {
    const r = runTool(STUB);
    assert.strictEqual(r.status, 0, r.output);
    for (const f of caseFiles()) {
      assert.ok(r.output.includes(`${path.relative(ROOT, f)} run successfuly`), `ran ${f}\n${r.output}`);
    }
  });

  it("passes over VS Code's own markdown grammar (when available)", function () {
    const real = realMarkdownGrammar();
    if (!real) this.skip();
    const r = runTool(real!);
    assert.strictEqual(r.status, 0, r.output);
  });

  describe('the harness catches a wrong grammar', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-grammar-'));
    });
    afterEach(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('fails when a scope name is wrong', () => {
      const config = mutatedConfig(tmp, (g) => {
        const s = JSON.stringify(g).replace(/entity\.name\.citation-key\.pandoc/g, 'variable.other.wrong.pandoc');
        Object.assign(g, JSON.parse(s));
      });
      const r = runTool(STUB, config);
      assert.notStrictEqual(r.status, 0, r.output);
      assert.match(r.output, /missing required scopes: .*entity\.name\.citation-key\.pandoc/);
    });

    it('fails when the injection selector no longer excludes code', () => {
      const config = mutatedConfig(tmp, (g) => {
        g.injectionSelector = 'L:text.html.markdown';
      });
      const r = runTool(STUB, config);
      assert.notStrictEqual(r.status, 0, r.output);
      assert.match(r.output, /prohibited scopes: .*(meta\.citation|entity\.name\.citation-key)/);
    });

    it('fails when e-mail addresses are taken for citations', () => {
      const config = mutatedConfig(tmp, (g) => {
        const repo = g.repository as Record<string, { match: string }>;
        repo['in-text-citation'].match = repo['in-text-citation'].match.replace(/^\(\?<!\[[^\]]*\]\)/, '');
      });
      const r = runTool(STUB, config);
      assert.notStrictEqual(r.status, 0, r.output);
      assert.match(r.output, /prohibited scopes/);
    });
  });
});
