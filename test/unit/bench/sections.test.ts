import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sectionsOf, upsertSection } from '../../bench/sections';

describe('BENCHMARKS.md named sections', () => {
  it('adds a section before the results marker, replaces it in place, and keeps "$" text verbatim', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-sections-')), 'BENCHMARKS.md');
    fs.writeFileSync(file, '# Benchmarks\n\ntables\n\n<!-- bench-results:[] -->\n');
    upsertSection('a', 'first $1.5bn and $& and $$', file);
    upsertSection('b', 'other', file);
    upsertSection('a', 'second £2m $1 $& $$', file);
    const md = fs.readFileSync(file, 'utf8');
    assert.deepStrictEqual(sectionsOf(md), [
      '<!-- section:a -->\nsecond £2m $1 $& $$\n<!-- /section:a -->\n',
      '<!-- section:b -->\nother\n<!-- /section:b -->\n',
    ]);
    assert.ok(md.startsWith('# Benchmarks\n\ntables\n\n<!-- section:a -->'), md);
    assert.ok(md.trimEnd().endsWith('<!-- bench-results:[] -->'), md);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
