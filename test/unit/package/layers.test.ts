/**
 * Issue 8: the layer picture. Imports point one way, down:
 *   types/version → settings, text → figures, parse → citations, corpus → index, export
 *   → judgments → indexLoad → folder → (features, lsp, cli, server)
 * and client/src reaches server/src only through protocol.ts. Reads the TypeScript
 * sources' import lines; fails naming every edge that points up or sideways.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const SERVER = path.join(ROOT, 'server/src');

/** Rank of each part of server/src/core: a part may import only parts of lower rank (and itself). */
const CORE_RANK: Record<string, number> = {
  'types.ts': 0,
  'version.ts': 0,
  'settings.ts': 1,
  text: 1,
  figures: 2,
  parse: 2,
  citations: 3,
  corpus: 3,
  index: 4,
  export: 4,
  judgments: 5,
  'indexLoad.ts': 6,
  folder: 7,
};

/**
 * Known back edges, tolerated until the change that removes them lands (not required:
 * the test passes once they are gone). None left: parse → citations went with issue 8 §1.
 */
const PENDING = new Set<string>([]);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers a file imports or re-exports (static imports, `export … from`, `import('…')`, `require('…')`). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1]);
  return out;
}

function corePart(file: string): string | undefined {
  const rel = path.relative(path.join(SERVER, 'core'), file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(path.sep)[0];
}

/** The edges of one server/src file that break the picture, as "from -> to (file)". */
function edgeProblems(file: string, source: string): string[] {
  const from = corePart(file);
  if (from === undefined) return [];
  const bad: string[] = [];
  const rel = path.relative(ROOT, file);
  for (const spec of importsOf(source)) {
    if (/^vscode(-languageserver|-languageclient|-jsonrpc)?(\/|$)/.test(spec)) {
      bad.push(`${from} -> ${spec} (${rel}: core never talks LSP)`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    let to = corePart(target);
    if (to === undefined) {
      bad.push(`${from} -> ${path.relative(SERVER, target)} (${rel}: core imports nothing outside core)`);
      continue;
    }
    if (!to.includes(path.sep) && CORE_RANK[to] === undefined && CORE_RANK[to + '.ts'] !== undefined) to += '.ts';
    if (to === from) continue;
    const rf = CORE_RANK[from];
    const rt = CORE_RANK[to];
    if (rf === undefined || rt === undefined) bad.push(`${from} -> ${to} (${rel}: give the new part a rank in layers.test.ts)`);
    else if (rt >= rf && !PENDING.has(`${from} -> ${to}`)) bad.push(`${from} -> ${to} (${rel})`);
  }
  return bad;
}

/** Every edge of the tree that breaks the picture. */
function violations(): string[] {
  const bad: string[] = [];
  for (const file of tsFiles(SERVER)) bad.push(...edgeProblems(file, fs.readFileSync(file, 'utf8')));
  for (const file of tsFiles(path.join(ROOT, 'client/src'))) {
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(SERVER) && target !== path.join(SERVER, 'protocol')) bad.push(`client -> ${path.relative(ROOT, target)} (${path.relative(ROOT, file)}: only protocol.ts is shared)`);
    }
  }
  return bad;
}

describe('layers: no import points back up (issue 8)', () => {
  it('reads every kind of import line', () => {
    assert.deepStrictEqual(importsOf("import { a } from '../x';\nexport { b } from './y';\nimport './z';\nconst h = require('../h');\ntype T = typeof import('./t');"), ['../x', './y', './z', '../h', './t']);
  });

  it('names an edge that points up or sideways, and one into LSP or features', () => {
    const f = (part: string) => path.join(SERVER, 'core', part, 'x.ts');
    assert.deepStrictEqual(edgeProblems(f('index'), "import { checkDraft } from '../judgments/check';").length, 1);
    assert.deepStrictEqual(edgeProblems(f('judgments'), "import { CorpusIndex } from '../index/index';"), []);
    assert.match(edgeProblems(f('judgments'), "import { toRange } from '../../lsp/convert';")[0], /outside core/);
    assert.match(edgeProblems(f('text'), "import { Range } from 'vscode-languageserver';")[0], /never talks LSP/);
    assert.strictEqual(edgeProblems(f('parse'), "import { parseCitations } from '../citations/parse';").length, 1, 'parse -> citations points back up');
    assert.deepStrictEqual(edgeProblems(f('citations'), "import { x } from '../figures/extract';"), []);
    assert.strictEqual(edgeProblems(f('figures'), "import { x } from '../parse/draft';").length, 1, 'same rank, other part: sideways');
  });

  it('core imports only lower core layers, never LSP, features or the protocol; the client only protocol.ts', () => {
    const bad = violations();
    assert.deepStrictEqual(bad, [], `edges pointing up:\n${bad.join('\n')}`);
  });
});
