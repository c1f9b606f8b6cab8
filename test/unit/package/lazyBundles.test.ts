/**
 * The packages the engine loads only on first use (HTML import, BibTeX) are bundled into files of their own,
 * dist/lazy/*.js, not into the server's and the CLI's bundles, which every start reads and compiles (issue 13,
 * warm start; scripts/bundle.mjs). `npm test` builds dist/ first.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const DIST = path.join(ROOT, 'dist');
const LAZY = { linkedom: 'linkedom.js', '@mozilla/readability': 'mozilla-readability.js', '@citation-js/core': 'citation-js-core.js', '@citation-js/plugin-bibtex': 'citation-js-plugin-bibtex.js' };

describe('package: lazily loaded bundles (dist/lazy)', () => {
  it('the server and CLI bundles require the lazy packages from dist/lazy instead of holding them', () => {
    for (const f of ['server-main.js', 'cli.js']) {
      const js = fs.readFileSync(path.join(DIST, f), 'utf8');
      for (const [pkg, file] of Object.entries(LAZY)) {
        assert.ok(!js.includes(`node_modules/${pkg}/`), `dist/${f} bundles ${pkg}`);
        // The bibliography requires only the core and the BibTeX plugin; HTML import only linkedom and Readability.
        if (js.includes(`"${pkg}"`)) assert.fail(`dist/${f} requires ${pkg} by name`);
      }
      assert.ok(js.includes('require("./lazy/linkedom.js")'), `dist/${f} loads linkedom from dist/lazy`);
      assert.ok(js.includes('require("./lazy/citation-js-core.js")'), `dist/${f} loads Citation.js from dist/lazy`);
    }
  });

  it('each lazy file loads on its own and gives its package\'s exports', () => {
    const { parseHTML } = require(path.join(DIST, 'lazy', LAZY.linkedom));
    const { document } = parseHTML('<html><body><p id="x">Hello</p></body></html>');
    assert.strictEqual(document.getElementById('x').textContent, 'Hello');
    const { Readability } = require(path.join(DIST, 'lazy', LAZY['@mozilla/readability']));
    assert.strictEqual(typeof Readability, 'function');
  });

  it('the BibTeX plugin registers in the same Citation.js core the bibliography reads with (one instance)', () => {
    const core = require(path.join(DIST, 'lazy', LAZY['@citation-js/core']));
    require(path.join(DIST, 'lazy', LAZY['@citation-js/plugin-bibtex']));
    const out = core.plugins.input.chain('@article{smith2001, title={On Lazy Loading}, year=2001}', { generateGraph: false, target: '@csl/list+object' });
    assert.ok(Array.isArray(out) && out.length === 1, JSON.stringify(out));
    assert.strictEqual(out[0].id, 'smith2001');
    assert.strictEqual(out[0].title, 'On Lazy Loading');
  });
});
