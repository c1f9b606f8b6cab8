/**
 * The seeds' bibliography as pandoc --citeproc renders it: every entry written out in
 * full, in Chicago author-date (pandoc's default style) and in APA 7th edition (the
 * `apa` style shipped by the `@citation-js/plugin-csl` package, a dev dependency).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'source-linked.js');

const CHICAGO = [
  'Graham, Dave. n.d. “Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico.” Reuters.',
  'Justice in Mexico. 2021a. “Mexico Clears Former Defense Minister Cienfuegos of Criminal Allegations,” January 26, 2021.',
  '———. 2021b. “Two Years of AMLO in Office: A Brief Look at His Security Strategy,” February 1, 2021.',
  '———. 2021c. “Defining the Candidacy of Félix Salgado Macedonio,” March 9, 2021.',
  '———. 2021d. “Conversations Between Mexico and the United States Signal Changes on Cooperation,” March 18, 2021.',
  '———. 2021e. “13 Edomex Officers Killed in Ambush,” April 1, 2021.',
  'Mexico News Daily. n.d. “Zacatecas-US Security Agreement Illegal and Invalid, AMLO Says.” Accessed November 21, 2025.',
  'teleSUR. 2018. “Mexico: AMLO’s Gov’t to Review Security Agreements with US,” August 4, 2018.',
  '“U.S. And Mexico Strengthen Joint Action Against Organized Crime.” n.d.',
];

const APA = [
  '13 Edomex Officers Killed in Ambush. (2021, April 1). Justice in Mexico.',
  'Conversations between Mexico and the United States Signal Changes on Cooperation. (2021, March 18). Justice in Mexico.',
  'Defining the Candidacy of Félix Salgado Macedonio. (2021, March 9). Justice in Mexico.',
  'Graham, D. (n.d.). Mexico President Asks Lawmakers to Let U.S. Military Trainers into Mexico. Reuters.',
  'Mexico Clears Former Defense Minister Cienfuegos of Criminal Allegations. (2021, January 26). Justice in Mexico.',
  'Mexico: AMLO’s Gov’t to Review Security Agreements with US. (2018, August 4). teleSUR.',
  'Two Years of AMLO in Office: A Brief Look at his Security Strategy. (2021, February 1). Justice in Mexico.',
  'U.S. and Mexico Strengthen Joint Action Against Organized Crime. (n.d.).',
  'Zacatecas-US security agreement illegal and invalid, AMLO says. (n.d.). Mexico News Daily.',
];

describe('the seeds bibliography through pandoc --citeproc', function () {
  this.timeout(30000);
  let dir: string;
  let refs: string;
  let md: string;
  before(function () {
    if (spawnSync('pandoc', ['--version']).status !== 0) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-pandoc-bib-'));
    refs = path.join(dir, 'references.json');
    const r = spawnSync(process.execPath, [BIN, 'export', '--format', 'csl-json', '--corpus', 'seeds', '--output', refs], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    md = path.join(dir, 'all.md');
    fs.writeFileSync(md, '---\nnocite: "@*"\n---\n');
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const render = (...extra: string[]) => {
    const p = spawnSync('pandoc', ['--citeproc', '--bibliography', refs, ...extra, md, '-t', 'plain', '--columns', '10000'], { encoding: 'utf8' });
    assert.strictEqual(p.status, 0, p.stderr);
    return p.stdout.split('\n').filter((l) => l.trim());
  };

  it('renders every seed entry in Chicago author-date with real authors or organisations, publishers and dates', () => {
    const lines = render();
    assert.deepStrictEqual(lines, CHICAGO);
    for (const l of lines) {
      assert.doesNotMatch(l, /\b(?:scortez|tmcginnis|emarinoni|rramos)\b/, 'no usernames');
      assert.doesNotMatch(l, /\b(\d{4}), \w+ \d{1,2}, \1\b/, 'no "2018, August 4, 2018"');
      assert.doesNotMatch(l, /Global Security Wire/, 'the republisher is not credited as the publisher');
    }
  });

  it('renders every seed entry in APA 7th edition (style from the @citation-js/plugin-csl package)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const styles = require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>;
    const csl = path.join(dir, 'apa.csl');
    fs.writeFileSync(csl, styles.apa);
    assert.deepStrictEqual(render('--csl', csl), APA);
  });
});
