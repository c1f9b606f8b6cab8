import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { corpusEntry, passageSelection, sameRange } from '../../../client/src/passageRange';
import { JUDGMENT_CODES } from '../../../server/src/core/types';

const ROOT = path.resolve(__dirname, '../../../..');

describe('client: landing on a passage', () => {
  const lens = [10, 20, 30, 0, 40];
  const len = (l: number) => lens[l];
  it('ends the selection at the end of the passage\'s last line, not the start of the next', () => {
    assert.deepStrictEqual(passageSelection({ start: { line: 1, character: 0 }, end: { line: 3, character: 0 } }, len, lens.length), {
      start: { line: 1, character: 0 },
      end: { line: 2, character: 30 },
    });
  });
  it('clamps a range past the end of the file, and keeps an exact range as it is', () => {
    assert.deepStrictEqual(passageSelection({ start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, len, lens.length).end, { line: 4, character: 40 });
    assert.deepStrictEqual(passageSelection({ start: { line: 0, character: 2 }, end: { line: 0, character: 7 } }, len, lens.length).end, { line: 0, character: 7 });
  });
});

describe('client: a related-information link', () => {
  const r = (a: number, b: number, c: number, d: number) => ({ start: { line: a, character: b }, end: { line: c, character: d } });
  it('is recognised by its whole range being selected, never by a bare cursor', () => {
    assert.ok(sameRange(r(10, 0, 12, 0), r(10, 0, 12, 0)));
    assert.ok(!sameRange(r(10, 0, 10, 0), r(10, 0, 12, 0)), 'a cursor at the passage start is not the link');
    assert.ok(!sameRange(r(10, 0, 10, 0), r(10, 0, 10, 0)), 'an empty range never matches');
    assert.ok(!sameRange(r(10, 0, 11, 5), r(10, 0, 12, 0)));
  });
});

describe('client: choosing a sources folder', () => {
  it('writes a folder inside the workspace relative, with forward slashes; outside it absolute', () => {
    assert.strictEqual(corpusEntry('/home/w/report', '/home/w/report/research/articles', path.posix), 'research/articles');
    assert.strictEqual(corpusEntry('/home/w/report', '/home/w/report', path.posix), '.');
    assert.strictEqual(corpusEntry('/home/w/report', '/home/w/shared/articles', path.posix), '/home/w/shared/articles');
    assert.strictEqual(corpusEntry('C:\\w\\report', 'C:\\w\\report\\research\\articles', path.win32), 'research/articles');
  });
});

describe('package.json: walkthrough, commands and severities', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  it('the walkthrough goes from sources to citing to the report; its pages and commands exist', () => {
    const [w] = pkg.contributes.walkthroughs;
    assert.deepStrictEqual(
      w.steps.map((s: { id: string }) => s.id),
      ['openSources', 'citeFigure', 'readReport'],
    );
    for (const s of w.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
      for (const m of String(s.description).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(m[1]), `${s.id} links ${m[1]}`);
      for (const e of s.completionEvents) assert.ok(commands.has(e.replace(/^onCommand:/, '')), e);
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'samples', 'draft.md')));
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!walkthrough\/\*\.md$/m);
    assert.match(ignore, /^!samples\/draft\.md$/m);
  });
  it('every check has a severity setting', () => {
    const sev = pkg.contributes.configuration.properties['sourceLinked.severity'];
    for (const code of JUDGMENT_CODES) {
      assert.ok(sev.properties[code], `severity schema for ${code}`);
      assert.ok(sev.default[code], `severity default for ${code}`);
    }
  });
  it('registers every contributed command in the client', () => {
    const src = fs.readdirSync(path.join(ROOT, 'client', 'src')).map((f) => fs.readFileSync(path.join(ROOT, 'client', 'src', f), 'utf8')).join('\n');
    for (const c of commands) assert.ok(src.includes(`registerCommand('${c}'`), c);
  });
});
