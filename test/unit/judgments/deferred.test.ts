/**
 * Issue 9, every draft up to 5 MB within 2 s through the server: past the first diagnostics the
 * language server only counts a paragraph's judgments (check.ts countJudgments) and checks it in
 * full when something reads it (DraftChecker's eagerJudgments). The count must be checkDraft's,
 * and everything read from a deferred analysis must equal the eager one's.
 */
import * as assert from 'assert';
import * as path from 'path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { DEFAULT_SETTINGS, Settings } from '../../../server/src/core/settings';
import { countAsync, DraftAnalysis, DraftChecker, isDeferred, settleAsync } from '../../../server/src/core/judgments/incremental';
import { checkDraft, countJudgments } from '../../../server/src/core/judgments/check';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { provideDiagnostics } from '../../../server/src/features/diagnostics';
import { newChecker } from '../../../server/src/lsp/analysis';
import { MAX_DIAGNOSTICS } from '../../../server/src/features/diagnostics';
import { JudgmentCode } from '../../../server/src/core/types';
import { heavyParagraphs, heavyQuotes } from '../../bench/stress';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

/** Every kind of judgment, cited to the seeds (found by key at run time), in paragraphs and nested quotes. */
function everyKind(index: CorpusIndex, n: number): string {
  const [a, b] = index.sources().map((s) => s.key);
  const para = index.byKey(a)!.passages[1].text.split(/\s+/).slice(0, 9).join(' ');
  const bodies = [
    (i: number) => `Officials said ${100 + i} officers were counted [@${a}, para. 2].`, // figure-not-in-source
    (i: number) => `Some ${200 + i} suspects were detained after the ambush.`, // uncited-figure
    () => `He said "${para}" [@${a}].`, // a quotation the source holds: no judgment
    () => `He said "${para.replace(/\b\w+$/, 'elsewhere')}" [@${a}].`, // a misquotation
    () => `They wrote "the quick brown fox jumps over the lazy dog again" [@${b}].`, // not in the cited source
    () => `Someone wrote "a quotation that no source of the corpus holds anywhere at all".`, // uncited-quote
    () => `"${para}"`, // an uncited quotation some passage holds
    (i: number) => `In ${2000 + (i % 20)}, ${i}% of units [@nope-${i % 3}, para. 2] and [@${a}, para. 40].`, // unknown-source, bad-locator
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = bodies[i % bodies.length](i);
    out.push(i % 3 === 0 ? '> '.repeat(1 + (i % 5)) + body : body);
  }
  return out.join('\n\n') + '\n';
}

const VIEWS = ['judgments', 'figures', 'quotes', 'draftFigures'] as const;

function assertSame(lazy: DraftAnalysis, eager: DraftAnalysis, what: string): void {
  assert.strictEqual(lazy.judgmentCount, eager.judgmentCount, `${what}: judgment count`);
  assert.strictEqual(lazy.judgmentCount, eager.judgments.length, `${what}: count is the judgments'`);
  for (const v of VIEWS) assert.deepStrictEqual(json(lazy[v]), json(eager[v]), `${what}: ${v}`);
}

const deferredParts = (a: DraftAnalysis) => a.parts.filter((p) => isDeferred(p.res)).length;

/** How many leading paragraphs hold the draft's first `n` judgments (the ones checked at once). */
function leading(a: DraftAnalysis, n: number): number {
  let seen = 0;
  let k = 0;
  while (seen < n && k < a.parts.length) seen += a.parts[k++].res.count;
  return k;
}

describe('deferred paragraph checks give the eager results (issue 9)', function () {
  this.timeout(120000);
  let seeds: CorpusIndex;
  before(async () => {
    seeds = (await loadIndex(['seeds'], ROOT)).index;
  });

  it('countJudgments is the number of judgments checkDraft gives, for every kind of judgment', () => {
    const model = parseDraft(everyKind(seeds, 64));
    const full = checkDraft(model, seeds, DEFAULT_SETTINGS);
    const codes = new Set(full.judgments.map((j) => j.code));
    for (const c of ['figure-not-in-source', 'uncited-figure', 'quote-not-in-source', 'uncited-quote', 'unknown-source', 'bad-locator'] as JudgmentCode[]) {
      assert.ok(codes.has(c), `the draft has a ${c}`);
    }
    assert.ok(full.judgments.some((j) => j.code === 'quote-not-in-source' && j.message.startsWith('Misquotation')), 'a misquotation');
    assert.ok(full.judgments.some((j) => j.code === 'uncited-quote' && /It is in \[@/.test(j.message)), 'an uncited quotation found in the corpus');
    assert.strictEqual(countJudgments(model, seeds, DEFAULT_SETTINGS), full.judgments.length);
  });

  it('countJudgments follows the severity settings (a check turned off is not counted)', () => {
    const model = parseDraft(everyKind(seeds, 40));
    for (const off of ['figure-not-in-source', 'uncited-figure', 'quote-not-in-source', 'uncited-quote', 'unknown-source'] as JudgmentCode[]) {
      const settings: Settings = { ...DEFAULT_SETTINGS, severity: { ...DEFAULT_SETTINGS.severity, [off]: 'off' } };
      const full = checkDraft(model, seeds, settings).judgments;
      assert.ok(!full.some((j) => j.code === off));
      assert.strictEqual(countJudgments(model, seeds, settings), full.length, off);
    }
  });

  it('on generated drafts, the count is checkDraft\'s and a checker that defers after k judgments reads the same as one that does not', () => {
    const keys = seeds.sources().map((s) => s.key).slice(0, 3);
    const pieces = [
      'officers', 'were', 'killed', 'in', 'the', 'ambush', '.', ' ', ' ', '415', '14', '13 police officers', '2019', '$2.9 billion', '15.1%',
      `[@${keys[0]}]`, `[@${keys[1]}, para. 2]`, `[@${keys[2]}, para. 40]`, '[@nope-2020]', '"', '"with total force and with the backing of the law"',
      '\n', '\n\n', '\n\n', '> ', '> > ', '- ', '# ', '```\n',
    ];
    const draft = fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((a) => a.join(''));
    fc.assert(
      fc.property(draft, fc.integer({ min: 0, max: 6 }), (text, k) => {
        const model = parseDraft(text);
        assert.strictEqual(countJudgments(model, seeds, DEFAULT_SETTINGS), checkDraft(model, seeds, DEFAULT_SETTINGS).judgments.length);
        assertSame(new DraftChecker({ eagerJudgments: k }).check(text, seeds, DEFAULT_SETTINGS), new DraftChecker().check(text, seeds, DEFAULT_SETTINGS), text);
      }),
      { seed: 20261203, numRuns: Number(process.env.FUZZ_RUNS) || 80 },
    );
  });

  it('on generated edit sequences, a deferring checker (some paragraphs read, some not) equals a fresh eager check after each edit', () => {
    const keys = seeds.sources().map((s) => s.key).slice(0, 2);
    const pieces = ['officers', ' ', '415', '13 police officers', '$2.9 billion', `[@${keys[0]}, para. 2]`, `[@${keys[1]}]`, '[@nope-2020]', '"with total force and with the backing of the law"', '\n\n', '> ', '> > '];
    const piece = fc.constantFrom(...pieces);
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 30 }), ins: fc.array(piece, { maxLength: 6 }).map((a) => a.join('')), read: fc.boolean() });
    fc.assert(
      fc.property(fc.array(piece, { minLength: 20, maxLength: 150 }), fc.array(edit, { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), (start, edits, k) => {
        const checker = new DraftChecker({ eagerJudgments: k });
        let text = start.join('');
        checker.check(text, seeds, DEFAULT_SETTINGS);
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          const a = checker.check(text, seeds, DEFAULT_SETTINGS);
          if (e.read) assertSame(a, new DraftChecker().check(text, seeds, DEFAULT_SETTINGS), JSON.stringify(text));
          else assert.strictEqual(a.judgmentCount, new DraftChecker().check(text, seeds, DEFAULT_SETTINGS).judgmentCount, 'count without reading');
        }
      }),
      { seed: 20261204, numRuns: Number(process.env.FUZZ_RUNS) || 60 },
    );
  });

  it('the stress drafts: paragraphs past the first judgments wait, the diagnostics are the eager ones, and reading gives the eager analysis', async () => {
    for (const text of [heavyQuotes(60000), heavyParagraphs(60000), everyKind(seeds, 300)]) {
      const eager = new DraftChecker().check(text, seeds, DEFAULT_SETTINGS);
      const lazy = (await new DraftChecker({ eagerJudgments: 50 }).checkAsync(text, seeds, DEFAULT_SETTINGS, () => false, 0))!;
      assert.ok(eager.judgmentCount > 300, `${eager.judgmentCount} judgments`);
      assert.strictEqual(lazy.judgmentCount, eager.judgmentCount, 'the total is known before any deferred paragraph is read');
      const waiting = deferredParts(lazy);
      const k = leading(lazy, 50);
      assert.ok(lazy.parts.slice(0, k).every((p) => !isDeferred(p.res)), 'the paragraphs of the first 50 judgments are checked');
      // Past them every paragraph waits, but one whose text came earlier shares that paragraph's result.
      assert.ok(waiting <= lazy.parts.length - k);
      assert.ok(waiting > lazy.parts.length / 3, `${waiting} of ${lazy.parts.length} paragraphs wait`);
      // The diagnostics (the first 50 and the total) read only the paragraphs they need.
      const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
      const ds = provideDiagnostics(doc, lazy, { relatedInformation: true, max: 50 });
      assert.deepStrictEqual(ds, provideDiagnostics(doc, eager, { relatedInformation: true, max: 50 }));
      assert.match(String(ds[50].message), new RegExp(`first 50 of ${eager.judgmentCount.toLocaleString('en-US')} problems`));
      assert.ok(deferredParts(lazy) >= waiting - 2, 'publishing them ran no paragraph past them');
      // A hover at the end reads its own paragraph.
      const last = eager.judgments[eager.judgments.length - 1];
      assert.deepStrictEqual(json(lazy.judgmentsAt(last.start)), json(eager.judgmentsAt(last.start)));
      assertSame(lazy, eager, text.slice(0, 40));
      assert.strictEqual(deferredParts(lazy), 0, 'reading every judgment ran every paragraph');
    }
  });

  it('past the first judgments the count waits too: the first diagnostics say the rest is being counted, countAsync counts it in slices without checking', async () => {
    const text = heavyQuotes(40000);
    const eager = new DraftChecker().check(text, seeds, DEFAULT_SETTINGS);
    const a = (await new DraftChecker({ eagerJudgments: 20 }).checkAsync(text, seeds, DEFAULT_SETTINGS, () => false, 0))!;
    assert.strictEqual(a.judgmentCountKnown, false, 'the total waits past the first judgments');
    const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
    const first = provideDiagnostics(doc, a, { relatedInformation: true, max: 20 });
    assert.strictEqual(first.length, 21);
    assert.match(String(first[20].message), /^Showing the first 20 problems in this draft \(counting the rest\)/);
    assert.deepStrictEqual(first.slice(0, 20), provideDiagnostics(doc, eager, { relatedInformation: true, max: 20 }).slice(0, 20));
    assert.strictEqual(a.judgmentCountKnown, false, 'publishing the first diagnostics counted nothing past them');
    const waiting = deferredParts(a);
    let asked = 0;
    assert.strictEqual(await countAsync(a, () => ++asked > 2, 0), false, 'stopped when asked');
    assert.strictEqual(a.judgmentCountKnown, false);
    assert.strictEqual(await countAsync(a, () => false, 0), true);
    assert.strictEqual(a.judgmentCountKnown, true);
    assert.strictEqual(deferredParts(a), waiting, 'counting checked no paragraph');
    assert.strictEqual(a.judgmentCount, eager.judgments.length);
    const then = provideDiagnostics(doc, a, { relatedInformation: true, max: 20 });
    assert.match(String(then[20].message), new RegExp(`^Showing the first 20 of ${eager.judgments.length.toLocaleString('en-US')} problems`));
    assert.deepStrictEqual(then.slice(0, 20), first.slice(0, 20));
    assertSame(a, eager, 'counted, then read');
  });

  it('a draft whose judgments all fit under the cap has its total at once, and reading the total of a waiting one counts it', () => {
    const small = everyKind(seeds, 16);
    const a = new DraftChecker({ eagerJudgments: 1000 }).check(small, seeds, DEFAULT_SETTINGS);
    assert.strictEqual(a.judgmentCountKnown, true);
    const doc = TextDocument.create('file:///s.md', 'markdown', 1, small);
    assert.ok(provideDiagnostics(doc, a, { relatedInformation: true }).every((d) => d.code !== 'too-many-problems'));
    const b = new DraftChecker({ eagerJudgments: 5 }).check(small, seeds, DEFAULT_SETTINGS);
    assert.strictEqual(b.judgmentCountKnown, false);
    assert.strictEqual(b.judgmentCount, new DraftChecker().check(small, seeds, DEFAULT_SETTINGS).judgments.length);
    assert.strictEqual(b.judgmentCountKnown, true);
  });

  it('settleAsync runs the waiting paragraphs in slices, and stops when asked', async () => {
    const text = heavyQuotes(40000);
    const eager = new DraftChecker().check(text, seeds, DEFAULT_SETTINGS);
    const a = new DraftChecker({ eagerJudgments: 10 }).check(text, seeds, DEFAULT_SETTINGS);
    const before = deferredParts(a);
    assert.ok(before > 100);
    let asked = 0;
    assert.strictEqual(await settleAsync(a, () => ++asked > 2, 0), false, 'stopped');
    const left = deferredParts(a);
    assert.ok(left > 0 && left < before, `${left} of ${before} still wait`);
    assert.strictEqual(await settleAsync(a, () => false, 0), true);
    assert.strictEqual(deferredParts(a), 0);
    assertSame(a, eager, 'settled');
  });

  it('an edited draft checked with deferred paragraphs equals a fresh eager check, edits before and after the first judgments', () => {
    const checker = new DraftChecker({ eagerJudgments: 30 });
    let text = everyKind(seeds, 120);
    const first = checker.check(text, seeds, DEFAULT_SETTINGS);
    assert.ok(deferredParts(first) > 50);
    const edits: [number, string][] = [
      [text.length - 200, ' 12 more officers [@nope-2021].'],
      [10, '\n\nA new paragraph says 45% [@nope-2022].\n\n'],
      [Math.floor(text.length / 2), '"'],
    ];
    for (const [at, insert] of edits) {
      text = text.slice(0, at) + insert + text.slice(at);
      const next = checker.check(text, seeds, DEFAULT_SETTINGS);
      assert.ok(next.fresh < next.chunks, 'unchanged paragraphs come from the cache');
      assertSame(next, new DraftChecker().check(text, seeds, DEFAULT_SETTINGS), `after inserting ${JSON.stringify(insert)}`);
    }
  });

  it('a deferred paragraph that comes to hold one of the first judgments (the text before it was deleted) is checked by the check, not by its reader', () => {
    const checker = new DraftChecker({ eagerJudgments: 40 });
    const text = heavyQuotes(30000);
    const first = checker.check(text, seeds, DEFAULT_SETTINGS);
    const k = leading(first, 40);
    assert.ok(first.parts.length > 2 * k && isDeferred(first.parts[2 * k].res));
    const cut = text.slice(first.parts[k].start); // the paragraphs of the first judgments deleted
    const next = checker.check(cut, seeds, DEFAULT_SETTINGS);
    assert.ok(next.fresh <= 1, 'every paragraph but the new first one came from the cache');
    const k2 = leading(next, 40);
    assert.ok(next.parts.slice(0, k2).every((p) => !isDeferred(p.res)), 'the first judgments\' paragraphs are checked');
    assert.ok(isDeferred(next.parts[k2 + 1].res), 'the rest still wait');
    assertSame(next, new DraftChecker().check(cut, seeds, DEFAULT_SETTINGS), 'after the cut');
  });

  it('the language server defers past the diagnostics it publishes', () => {
    const text = heavyQuotes(400000);
    const a = newChecker().check(text, seeds, DEFAULT_SETTINGS);
    assert.ok(a.judgmentCount > MAX_DIAGNOSTICS * 3);
    // The paragraphs holding the first MAX_DIAGNOSTICS judgments are checked; the rest wait.
    const k = leading(a, MAX_DIAGNOSTICS);
    assert.strictEqual(a.parts.slice(0, k).filter((p) => isDeferred(p.res)).length, 0);
    assert.strictEqual(deferredParts(a), a.parts.length - k);
  });
});
