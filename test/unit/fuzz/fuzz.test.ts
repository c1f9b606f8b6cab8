/**
 * Property-based fuzzing (fast-check) of the draft checker, the line index and the
 * corpus loader (issue 9). Invariants, for every generated case:
 *   - nothing throws;
 *   - every judgment range lies inside its document, and every LSP diagnostic inside its line;
 *   - an incremental check (after any sequence of edits) equals a fresh check of the same text;
 *   - each case finishes within a time bound.
 * Seeded and bounded so `npm test` stays fast (FUZZ_RUNS, default 60 per property);
 * `npm run fuzz` runs 10,000 cases per property (FUZZ_SEED picks another seed).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { wholeCheck } from '../../helpers/wholeCheck';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { provideDiagnostics } from '../../../server/src/features/diagnostics';
import { loadCorpus } from '../../../server/src/core/corpus/load';
import { extractFigures } from '../../../server/src/core/figures';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { Judgment, Source } from '../../../server/src/core/types';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS) || 60;
const SEED = Number(process.env.FUZZ_SEED) || 20260903;
/** Per-case bound: generous, so a loaded machine does not fail it; a hang or a blow-up does. */
const CASE_MS = Number(process.env.FUZZ_CASE_MS) || 3000;
const params = { seed: SEED, numRuns: RUNS };

const PIECES = [
  // words and figures in every format
  'police', 'officers', 'were', 'killed', 'in', 'the', 'ambush', '.', ',', ' ', ' ', ' ', 'U.S.', 'Mr.',
  '415', '414', '1,059', '2.3 million', '$4 billion', 'US$2.9 billion', '15.1%', '60 to 70 percent', 'thirteen', 'one-third', '99 out of 126', '£600m', '5.5 pct', '2019', 'March 18, 2021', '7th', 'FY2021',
  // citations
  '[@ambush-2021]', '[@ambush-2021, para. 3]', '[@aid-2021, para. 40]', '[@nope-2020]', '[see @budget-2021, p. 2; @aid-2021]', '@ambush-2021', '@ambush-2021 [para. 2]', '[-@aid-2021]', '[@', '@', '[@ambush-2021, para.',
  // quotes
  '"', '“', '”', '"thirteen officers were killed in an ambush"',
  // Markdown structure
  '\n', '\n', '\n\n', '\r\n', '\r', '\r\r', '> ', '>>>> ', '- ', '* ', '1. ', '    ', '\t', '# ', '## 2.1 ', '| a | b |\n|---|---|\n| 524 | [@aid-2021] |', '```\n', '~~~', '`', '<div>', '</div>', '<!--', '-->', '---\n', '*', '_', '**', '[', ']', '(', ')', '](http://x.org)', '[x]: http://y', '[^1]', '[^1]: note', '&amp;', '\\',
  // hostile code units
  '\u0000', '\uD800', '\uDC00', '😀', '\u2028', '\uFEFF', '\u00A0',
];

const draftArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((a) => a.join(''));

const sourceArb: fc.Arbitrary<Source> = fc
  .tuple(fc.constantFrom('alpha', 'beta', 'gamma', 'delta'), fc.array(fc.array(fc.constantFrom('officers', 'killed', '415', '414', '1,059', '$4 billion', '15.1%', 'the', 'port', 'thirteen', '.'), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }))
  .map(([w, paras]) => source(`${w}-2021`, `${w} report`, paras.map((p) => p.join(' '))));

const indexArb: fc.Arbitrary<CorpusIndex> = fc.oneof(
  fc.constant(null).map(() => indexOf(AMBUSH, AID, BUDGET)),
  fc.uniqueArray(sourceArb, { selector: (s) => s.key, maxLength: 4 }).map((ss) => indexOf(...ss.map((s) => ({ ...s, passages: s.passages.map((p) => ({ ...p, figures: extractFigures(p.text) })) })))),
);

const view = (js: Judgment[]) => js.map((j) => `${j.code}|${j.start}|${j.end}|${j.message}`);

function assertInside(text: string, js: Judgment[]): void {
  for (const j of js) assert.ok(0 <= j.start && j.start <= j.end && j.end <= text.length, `${j.code} [${j.start}, ${j.end}) outside a ${text.length}-character draft`);
  const doc = TextDocument.create('file:///f.md', 'markdown', 1, text);
  const lines = text.split(/\r\n|\r|\n/);
  const check = new DraftChecker().check(text, indexOf(AMBUSH), DEFAULT_SETTINGS);
  for (const d of provideDiagnostics(doc, check, { relatedInformation: true })) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `diagnostic at ${p.line}:${p.character} outside the draft (${lines.length} lines)`);
    }
  }
}

function timed<T>(f: () => T): T {
  const t0 = Date.now();
  const r = f();
  const ms = Date.now() - t0;
  assert.ok(ms < CASE_MS, `case took ${ms} ms (bound ${CASE_MS} ms)`);
  return r;
}

describe(`fuzz (fast-check, seed ${SEED}, ${RUNS} runs per property)`, function () {
  this.timeout(Math.max(60000, RUNS * 200));

  it('drafts: no throw, ranges inside the document, incremental equals fresh, bounded time', () => {
    fc.assert(
      fc.property(draftArb, indexArb, (text, index) =>
        timed(() => {
          const fresh = wholeCheck(text, index, DEFAULT_SETTINGS);
          assertInside(text, fresh.judgments);
          const inc = new DraftChecker().check(text, index, DEFAULT_SETTINGS);
          assert.deepStrictEqual(view(inc.judgments), view(fresh.judgments));
        }),
      ),
      params,
    );
  });

  it('edit sequences: the incremental checker after each edit equals a fresh check', () => {
    const editArb = fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join('')) });
    fc.assert(
      fc.property(draftArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), (start, edits) =>
        timed(() => {
          const index = indexOf(AMBUSH, AID, BUDGET);
          const checker = new DraftChecker();
          let doc = TextDocument.create('file:///e.md', 'markdown', 0, start);
          checker.check(doc.getText(), index, DEFAULT_SETTINGS);
          let v = 0;
          for (const e of edits) {
            const text = doc.getText();
            const s = text.length ? e.at % (text.length + 1) : 0;
            const range = { start: doc.positionAt(s), end: doc.positionAt(Math.min(text.length, s + e.del)) };
            doc = TextDocument.update(doc, [{ range, text: e.ins }], ++v);
            const now = doc.getText();
            const inc = checker.check(now, index, DEFAULT_SETTINGS);
            assert.deepStrictEqual(view(inc.judgments), view(wholeCheck(now, index, DEFAULT_SETTINGS).judgments));
            assertInside(now, inc.judgments);
          }
        }),
      ),
      { ...params, numRuns: Math.max(10, Math.floor(RUNS / 2)) },
    );
  });

  it('corpora: arbitrary bytes in source files never throw; every source has a key, title and passages', async () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.array(fc.constantFrom(...PIECES, 'Title Line Here\n\n', '04/01/21 (written by x) –\n', '\n\n'), { maxLength: 40 }).map((a) => Buffer.from(a.join(''), 'utf8')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(bytesArb, { minLength: 1, maxLength: 5 }), async (files) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-fuzz-'));
        try {
          files.forEach((b, i) => fs.writeFileSync(path.join(dir, `f${i}.${i % 2 ? 'md' : 'txt'}`), b));
          const t0 = Date.now();
          const res = await loadCorpus(['.'], { baseDir: dir });
          assert.ok(Date.now() - t0 < CASE_MS);
          assert.strictEqual(res.sources.length + res.skipped.length >= files.length ? true : res.sources.length > 0, true);
          const keys = new Set<string>();
          for (const s of res.sources) {
            assert.ok(s.key && !keys.has(s.key), `duplicate or empty key ${s.key}`);
            keys.add(s.key);
            assert.ok(s.passages.length > 0);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { ...params, numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    );
  });
});
