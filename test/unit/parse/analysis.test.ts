import * as assert from 'assert';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { parseStats } from '../../../server/src/core/parse/markdown';
import { sentenceRange } from '../../../server/src/core/parse/model';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

/** `n` paragraphs in block quotes nested 1 to 12 deep (the issue 9 stress draft's shape). */
function nestedQuotes(n: number, extra = ''): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${'> '.repeat(1 + (i % 12))}Some ${100 + (i % 900)} officers were counted in district ${i}${extra} [@a, para. 2].`);
  return out.join('\n\n') + '\n';
}

function work(f: () => void): typeof parseStats {
  const before = { ...parseStats };
  f();
  return { parserCalls: parseStats.parserCalls - before.parserCalls, parserChars: parseStats.parserChars - before.parserChars, fastPathChunks: parseStats.fastPathChunks - before.fastPathChunks, quotedFastPathChunks: parseStats.quotedFastPathChunks - before.quotedFastPathChunks };
}

describe('draft analysis: nested block quotes are parsed in linear work (issue 9)', () => {
  it('plain paragraphs in nested quotes never reach the Markdown parser, and agree with it', () => {
    const text = nestedQuotes(240);
    const w = work(() => parseDraft(text));
    assert.strictEqual(w.parserCalls, 0);
    assert.strictEqual(w.quotedFastPathChunks, 240);
    assert.deepStrictEqual(parseDraft(text), parseDraft(text, { fastPath: false }));
  });

  it('quotes the fast path refuses are handed to the parser once per batch, not once per level or chunk', () => {
    // `*x*` needs the parser; the parser reads each character once (plus small separators)
    for (const n of [120, 480]) {
      const text = nestedQuotes(n, ' *x*');
      const w = work(() => parseDraft(text));
      assert.strictEqual(w.quotedFastPathChunks, 0);
      assert.ok(w.parserChars < text.length * 1.2, `${w.parserChars} parser characters for ${text.length}`);
      assert.ok(w.parserCalls <= Math.ceil(text.length / 8192) + 1, `${w.parserCalls} parser calls for ${text.length} characters`);
    }
  });

  it('the analysis parses a nested-quote draft chunk by chunk, and re-parses only the edited chunk', () => {
    const text = nestedQuotes(200);
    const checker = new DraftChecker();
    const ix = new CorpusIndex();
    const a = checker.check(text, ix, DEFAULT_SETTINGS);
    assert.strictEqual(a.chunks, 200);
    const edited = text.replace('district 7 ', 'district 77 ');
    const w = work(() => assert.strictEqual(checker.check(edited, ix, DEFAULT_SETTINGS).fresh, 1));
    assert.strictEqual(w.quotedFastPathChunks + w.fastPathChunks + w.parserCalls, 1);
  });
});

describe('draft model queries (parse/model.ts)', () => {
  it('sentenceRange finds the sentence by binary search, as a scan would', () => {
    const text = Array.from({ length: 50 }, (_, i) => `Sentence ${i} is here. And ${i} more.`).join('\n\n');
    const m = parseDraft(text);
    for (let off = 0; off <= text.length; off += 7) {
      const scan = m.sentences.find((s) => s.start <= off && off < s.end);
      assert.deepStrictEqual(sentenceRange(m, off), scan ? [scan.start, scan.end] : [off, off], `offset ${off}`);
    }
  });
});

describe('completion context without an analysis of the text (issue 9)', () => {
  it('parses only the chunk around the cursor, and answers as the whole model does', () => {
    const { citationContextAt } = require('../../../server/src/core/citations/scope') as typeof import('../../../server/src/core/citations/scope');
    const text = [
      'Intro with 25 officers [@a, para. 2] and more.',
      '```\n[@code]\n```',
      '> > Quoted 7 [@q] here.',
      '- item [see @b; @c] and `[@no]`.',
      'Mail me at x@y.org; then @smith argues 3 [@',
      '[r]: http://x/@no\n\nLink [r] and [@d, p. 4].',
      'Last [@e',
    ].join('\n\n');
    const whole = parseDraft(text);
    let offsets = 0;
    for (let off = 1; off <= text.length; off++) {
      if (!/[@\w]/.test(text[off - 1])) continue;
      offsets++;
      const before = { ...parseStats };
      const quick = citationContextAt(text, off);
      assert.ok(parseStats.parserCalls - before.parserCalls <= 1, 'at most one chunk parsed');
      assert.deepStrictEqual(quick, citationContextAt(text, off, whole), `offset ${off}: ${JSON.stringify(text.slice(Math.max(0, off - 20), off))}`);
    }
    assert.ok(offsets > 100);
  });
});

describe('a leading byte order mark (fuzzing, issue 9)', () => {
  it('offsets count the mark, whichever path parsed the chunk, so a cached chunk equals a fresh parse', () => {
    const text = '\uFEFF* \n\n15.1%';
    assert.deepStrictEqual(parseDraft(text).blocks, [{ kind: 'paragraph', start: 5, end: 10 }]);
    assert.deepStrictEqual(parseDraft(text, { fastPath: false, chunk: false }).blocks, [{ kind: 'paragraph', start: 5, end: 10 }]);
    assert.deepStrictEqual(parseDraft('\uFEFFHello 25 [@a].').citations.map((c) => [c.start, c.end]), [[10, 14]]);
    const checker = new DraftChecker();
    const ix = new CorpusIndex();
    checker.check('\n\n15.1%', ix, DEFAULT_SETTINGS);
    const a = checker.check(text, ix, DEFAULT_SETTINGS);
    assert.deepStrictEqual(a.judgments.map((j) => [j.code, j.start, j.end]), [['uncited-figure', 5, 10]]);
    assert.deepStrictEqual(a.model, parseDraft(text));
  });
});
