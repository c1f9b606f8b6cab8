#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild.
//   node scripts/bundle.mjs               development build (sourcemaps, not minified)
//   node scripts/bundle.mjs --production  minified (also NODE_ENV=production)
//   node scripts/bundle.mjs --watch       rebuild on change
// Entries whose source file does not exist yet are skipped with a note.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production') || process.env.NODE_ENV === 'production';
const watch = args.has('--watch');

/**
 * Packages the engine loads only on first use (HTML import: formats.ts `htmlReader`; BibTeX: bibliography.ts),
 * each bundled into a file of its own, `dist/lazy/<name>.js`, that the server and the CLI require when they
 * need it. Inside the server's bundle they were 1.2 MB of its 2.6 MB, read and compiled at every start though
 * never run there (issue 13, warm start). Another lazy package a lazy file imports is required from its own
 * file too, so there is one instance of each (the BibTeX plugin registers itself in Citation.js's core).
 */
const LAZY_PACKAGES = ['linkedom', '@mozilla/readability', '@citation-js/core', '@citation-js/plugin-bibtex'];
const lazyFileName = (pkg) => `${pkg.replace(/^@/, '').replace(/\//g, '-')}.js`;
const LAZY_FILTER = new RegExp(`^(${LAZY_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
/** Resolves the lazy packages to their own files: `./lazy/x.js` from dist/, `./x.js` from dist/lazy/ (except `self`). */
function lazyPackages(prefix, self) {
  return {
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter: LAZY_FILTER }, (a) => (a.path === self ? undefined : { path: `${prefix}${lazyFileName(a.path)}`, external: true }));
    },
  };
}

const entries = [
  { name: 'extension', src: 'client/src/extension.ts', out: 'dist/extension.js' },
  // dist/server.js is the entry (start.ts): it runs the server's bundle, dist/server-main.js, with a V8 code cache (codeCache.ts).
  { name: 'server', src: 'server/src/start.ts', out: 'dist/server.js', engine: true },
  { name: 'server-main', src: 'server/src/server.ts', out: 'dist/server-main.js', engine: true },
  { name: 'cli', src: 'server/src/cli/main.ts', out: 'dist/cli.js', engine: true },
  // pdf.js runs in a worker thread started only when a PDF is read (server/src/core/corpus/pdf.ts);
  // ESM because pdf.js is an ES module.
  { name: 'doc-worker', src: 'server/src/core/corpus/docWorker.ts', out: 'dist/doc-worker.mjs', format: 'esm' },
  ...LAZY_PACKAGES.map((pkg) => ({ name: pkg, pkg, out: `dist/lazy/${lazyFileName(pkg)}` })),
];

/** A hash of the engine's sources: a persisted index cache from another engine build is rebuilt, never trusted. */
function engineHash() {
  const h = createHash('sha1');
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) h.update(p).update(readFileSync(join(root, p)));
    }
  };
  walk('server/src/core');
  return h.digest('hex').slice(0, 12);
}

/** Citation.js's HTTP clients are replaced by a stub: bibliographies are read from disk only. */
const noFetch = {
  name: 'no-fetch',
  setup(build) {
    build.onResolve({ filter: /^(node-fetch|sync-fetch)$/ }, () => ({ path: join(root, 'scripts/no-fetch.cjs') }));
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  plugins: [noFetch],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: production,
  keepNames: true,
  external: ['vscode'],
  logLevel: 'warning',
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'), __ENGINE_HASH__: JSON.stringify(engineHash()) },
  absWorkingDir: root,
};

let failed = false;
const contexts = [];
for (const e of entries) {
  if (e.src && !existsSync(join(root, e.src))) {
    console.log(`[bundle] note: ${e.src} does not exist yet; skipping ${e.out}`);
    continue;
  }
  const options = { ...common, entryPoints: e.src ? [e.src] : undefined, outfile: e.out, ...(e.format ? { format: e.format } : {}) };
  if (e.engine) options.plugins = [...common.plugins, lazyPackages('./lazy/')];
  if (e.pkg) {
    // A lazy package: its exports as this file's (module.exports), sharing the other lazy packages' files.
    Object.assign(options, { entryPoints: undefined, stdin: { contents: `module.exports = require(${JSON.stringify(e.pkg)});`, resolveDir: root, sourcefile: `lazy:${e.pkg}`, loader: 'js' } });
    options.plugins = [...common.plugins, lazyPackages('./', e.pkg)];
  }
  // The engine (server and CLI) keeps its identifiers instead of esbuild's keepNames: keepNames wraps every
  // function expression in a __name() call, so a closure made in a hot loop (statesExactly's comparison, made
  // once per candidate figure) escapes and is allocated, and a 1,000-paragraph check in the server allocated
  // 343 MB instead of the check's own ~70 MB. Names stay readable in stack traces either way.
  if (e.engine || e.pkg) Object.assign(options, { keepNames: false, minify: false, minifyWhitespace: production, minifySyntax: production });
  // CommonJS dependencies inside an ES module bundle (mammoth) still call require() for Node built-ins.
  if (e.format === 'esm') options.banner = { js: "import { createRequire as __slCreateRequire } from 'node:module'; const require = __slCreateRequire(import.meta.url);" };
  try {
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
      contexts.push(ctx);
      console.log(`[bundle] watching ${e.src}`);
    } else {
      const t0 = Date.now();
      const result = await esbuild.build({ ...options, metafile: true });
      const bytes = Object.entries(result.metafile.outputs).find(([f]) => /\.m?js$/.test(f))?.[1].bytes ?? 0;
      console.log(`[bundle] ${e.src ?? e.pkg} -> ${relative(root, join(root, e.out))} (${(bytes / 1024).toFixed(0)} KB, ${Date.now() - t0} ms${production ? ', minified' : ''})`);
    }
  } catch (err) {
    failed = true;
    console.error(`[bundle] ${e.src ?? e.pkg} failed${err && err.errors ? '' : `: ${err}`}`);
  }
}
if (!watch && failed) process.exit(1);
