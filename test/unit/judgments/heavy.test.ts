/**
 * Issue 9, heavy drafts: the faster checks give the same results as the straightforward ones.
 * Each optimisation is compared with an oracle written the plain way (the scan or scoring it
 * replaced), on drafts generated from the bundled seeds/ corpus at run time.
 */
import * as assert from 'assert';
import * as path from 'path';
import fc from 'fast-check';
import { loadIndex } from '../../../server/src/core/indexLoad';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { checkDraft } from '../../../server/src/core/judgments/check';
import { parseDraft } from '../../../server/src/core/parse/draft';
import { closestMatch, misquoteMaxDistance, MISQUOTE_MIN_SIMILARITY, quoteWords } from '../../../server/src/core/judgments/quotes';
import { AlignCandidate, AlignedFigure, alignFigure, CONFIDENT_MARGIN, CONFIDENT_SCORE, describeStated, marker } from '../../../server/src/core/judgments/align';
import { clauseAround, contentTerms, sentenceOf } from '../../../server/src/core/judgments/context';
import { segmentedPieces, sentencePieces } from '../../../server/src/core/parse/sentences';
import { extractFigures, unitsCompatible } from '../../../server/src/core/figures';
import { Figure, Source } from '../../../server/src/core/types';
import { heavyParagraphs, heavyQuotes } from '../../bench/stress';
import { AMBUSH, indexOf, source } from '../../helpers/fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A small seeded generator (tests must not depend on Math.random). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Word runs cut from the corpus's passages, some edited (a misquote), some not close at all. */
function quotations(index: CorpusIndex, seed: number): { src: Source; text: string }[] {
  const r = rng(seed);
  const out: { src: Source; text: string }[] = [];
  for (const src of index.sources()) {
    for (const p of src.passages) {
      const ws = p.text.split(/\s+/).filter(Boolean);
      if (ws.length < 6) continue;
      const a = Math.floor(r() * Math.max(1, ws.length - 12));
      const q = ws.slice(a, a + 4 + Math.floor(r() * 12));
      for (let e = Math.floor(r() * 6); e > 0; e--) {
        const i = Math.floor(r() * q.length);
        const k = r();
        if (k < 0.4) q[i] = 'changed';
        else if (k < 0.7) q.splice(i, 1);
        else q.splice(i, 0, 'extra');
      }
      out.push({ src, text: q.join(' ') });
    }
  }
  return out;
}

/** Plain semi-global word edit distance of the quotation inside every passage; the first least one. */
function scanAll(sources: Source[], quote: string): { n: number; distance: number } | undefined {
  const q = quoteWords(quote).map((x) => x.w);
  let best: { n: number; distance: number } | undefined;
  for (const src of sources) {
    for (const p of src.passages) {
      const w = quoteWords(p.text).map((x) => x.w);
      if (!w.length) continue;
      let prev = new Array(w.length + 1).fill(0);
      for (let i = 1; i <= q.length; i++) {
        const row = [i];
        for (let j = 1; j <= w.length; j++) row[j] = Math.min(prev[j - 1] + (q[i - 1] === w[j - 1] ? 0 : 1), prev[j] + 1, row[j - 1] + 1);
        prev = row;
      }
      const d = Math.min(...prev.slice(1));
      if (!best || d < best.distance) best = { n: p.n, distance: d };
    }
  }
  return best;
}

/** Figure alignment scored term by candidate, as align.ts did before its pooled scoring. */
function referenceAlign(f: Figure, draft: string, fStart: number, fEnd: number, candidates: AlignCandidate[]) {
  const marker = (text: string, at: number) => {
    const m = /([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, at - 20), at));
    const w = m?.[1].toLowerCase();
    return w && ['to', 'from', 'by', 'of', 'at', 'than', 'with'].includes(w) ? ['@' + w] : [];
  };
  const mine = [...clauseAround(draft, fStart, fEnd, 2, true).terms, ...marker(draft, fStart)];
  const sentenceTerms = contentTerms(draft.slice(0, fStart) + ' ' + draft.slice(fEnd), true);
  const prepared = candidates
    .filter((c) => c.fig.kind === f.kind && unitsCompatible(f, c.fig))
    .map((c) => {
      const s = sentenceOf(c.p.text, c.fig.start);
      const sentence = c.p.text.slice(s[0], s[1]);
      const at = c.fig.start - s[0];
      const end = c.fig.end - s[0];
      const cl = clauseAround(sentence, at, end, 2, true);
      const clause = new Map<string, number>(cl.terms.map((t) => [t, cl.close.includes(t) ? 1 : cl.near.includes(t) ? 0.6 : 0.4]));
      for (const mk of marker(sentence, at)) clause.set(mk, 1);
      return { c, clause, whole: new Set(contentTerms(sentence.slice(0, at) + ' ' + sentence.slice(end), true)) };
    });
  const dfC = new Map<string, number>();
  const dfS = new Map<string, number>();
  for (const x of prepared) {
    for (const t of x.clause.keys()) dfC.set(t, (dfC.get(t) ?? 0) + 1);
    for (const t of x.whole) dfS.set(t, (dfS.get(t) ?? 0) + 1);
  }
  const ranked = prepared.map(({ c, clause, whole }) => {
    const clauseScore = mine.reduce((sum, t) => sum + (clause.get(t) ?? 0) / (dfC.get(t) ?? 1), 0);
    const sentenceShared = sentenceTerms.reduce((sum, t) => sum + (whole.has(t) ? 1 : 0) / (dfS.get(t) ?? 1), 0);
    return { ...c, clauseScore, sentenceShared, score: clauseScore + 0.5 * sentenceShared };
  });
  const dist = (g: Figure) => (f.value > 0 && g.value > 0 ? Math.abs(Math.log(g.value / f.value)) : Math.abs(g.value - f.value));
  ranked.sort((a, b) => b.score - a.score || dist(a.fig) - dist(b.fig));
  const top = ranked[0];
  if (!top || top.clauseScore <= 0) return { best: undefined, confident: false, ranked };
  const second = ranked.find((x) => x !== top && !(x.fig.value === top.fig.value && x.fig.unit === top.fig.unit));
  return { best: top, confident: top.clauseScore >= CONFIDENT_SCORE && (!second || top.score - second.score >= CONFIDENT_MARGIN), ranked };
}

/** What a passage states, as align.ts described it before it memoised descriptions. */
function referenceDescribe(ranked: AlignedFigure[], max = 3): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of ranked) {
    const text = r.fig.text.replace(/\s+/g, ' ').trim();
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(r.label ? `${text} (${r.label})` : text);
    if (parts.length >= max) break;
  }
  if (parts.length <= 1) return parts.join('');
  return parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1];
}

describe('heavy drafts: fast checks give the plain checks\' results (issue 9)', function () {
  this.timeout(60000);
  let seeds: CorpusIndex;
  before(async () => {
    seeds = (await loadIndex(['seeds'], ROOT)).index;
  });

  it('the misquote search finds the closest passage the full scan finds, and skips only what cannot be a misquote', () => {
    let misquotes = 0;
    let far = 0;
    for (const { src, text } of quotations(seeds, 1)) {
      const want = scanAll([src], text);
      const n = quoteWords(text).length;
      const full = closestMatch([src], text);
      assert.strictEqual(full?.distance, want?.distance, text);
      assert.strictEqual(full?.p.n, want?.n, text);
      const bounded = closestMatch([src], text, misquoteMaxDistance(n));
      if (want && 1 - want.distance / n >= MISQUOTE_MIN_SIMILARITY) {
        misquotes++;
        assert.deepStrictEqual(bounded, full, text);
      } else {
        far++;
        assert.strictEqual(bounded, undefined, text);
      }
    }
    // The generated set holds both kinds, so both branches were exercised.
    assert.ok(misquotes > 20 && far > 5, `${misquotes} misquotes, ${far} far`);
  });

  it('the misquote distance bound is exactly the similarity threshold', () => {
    for (let n = 1; n <= 400; n++) {
      const max = misquoteMaxDistance(n);
      assert.ok(1 - max / n >= MISQUOTE_MIN_SIMILARITY, `n=${n}`);
      assert.ok(max === n || 1 - (max + 1) / n < MISQUOTE_MIN_SIMILARITY, `n=${n}`);
    }
  });

  it('figure alignment ranks, scores and decides as term-by-candidate scoring, cached or not', () => {
    const r = rng(2);
    let compared = 0;
    for (const src of seeds.sources()) {
      const candidates: AlignCandidate[] = src.passages.flatMap((p) => p.figures.map((fig) => ({ src, p, fig })));
      if (!candidates.length) continue;
      for (const p of src.passages) {
        // The passage's own sentences with their figures changed: the draft side of an alignment.
        const draft = p.text.replace(/\d+/g, (d) => String(Number(d) + 1 + Math.floor(r() * 5)));
        for (const f of extractFigures(draft)) {
          const want = referenceAlign(f, draft, f.start, f.end, candidates);
          for (const got of [alignFigure(f, draft, f.start, f.end, candidates), alignFigure(f, draft, f.start, f.end, candidates.map((c) => ({ ...c })))]) {
            assert.strictEqual(got.confident, want.confident);
            assert.strictEqual(got.best?.fig, want.best?.fig);
            assert.deepStrictEqual(
              got.ranked.map((x) => [x.fig, x.clauseScore, x.sentenceShared, x.score]),
              want.ranked.map((x) => [x.fig, x.clauseScore, x.sentenceShared, x.score]),
            );
            for (const x of got.ranked) assert.strictEqual(x.sentenceText, x.p.text.slice(x.sentence[0], x.sentence[1]));
            // The memoised description equals one built afresh, for this ranking and its reverse.
            for (const order of [got.ranked, [...got.ranked].reverse()]) assert.strictEqual(describeStated(order), referenceDescribe(order));
          }
          compared++;
        }
      }
    }
    assert.ok(compared > 50, `${compared} figures aligned`);
  });

  it('a cached alignment pool is not reused for other passages holding equal figures', () => {
    const a = source('a-2020', 'A', ['Sales rose to £50m in the year.']);
    const b = source('b-2020', 'B', ['Sales rose to £50m in the year.']);
    const text = 'Sales rose to £51m in the year.';
    const [f] = extractFigures(text);
    const fromA = alignFigure(f, text, f.start, f.end, a.passages.flatMap((p) => p.figures.map((fig) => ({ src: a, p, fig }))));
    const fromB = alignFigure(f, text, f.start, f.end, b.passages.flatMap((p) => p.figures.map((fig) => ({ src: b, p, fig }))));
    assert.strictEqual(fromA.best?.src, a);
    assert.strictEqual(fromB.best?.src, b);
  });

  it('the role marker before a figure is the word the regular expression found', () => {
    const MARKERS = new Set(['to', 'from', 'by', 'of', 'at', 'than', 'with']);
    const byRegExp = (text: string, at: number) => {
      const w = /([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, at - 20), at))?.[1].toLowerCase();
      return w && MARKERS.has(w) ? ['@' + w] : [];
    };
    const piece = fc.constantFrom('to', 'TO', 'from', 'by', 'of', 'at', 'than', 'with', 'x', 'rose', '_', '1', '5 ', ' ', '$', '£', 'é', '-', ',', '(', '\n', 'ot', 'wto');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 15 }).map((x) => x.join('')), fc.nat(40), (t, k) => {
        const at = Math.min(t.length, k);
        assert.deepStrictEqual(marker(t, at), byRegExp(t, at));
      }),
      { numRuns: 20000, seed: 4 },
    );
  });

  it('one-line ASCII sentences skip the segmenter and split exactly as it does', () => {
    const piece = fc.constantFrom(...'aA1 .!?"\')]}([,;:-\t\n\r@x'.split(''), '. 4', 'e.g. ', 'Mr. ', '... ', '! a', '? B', 'é', '\u2019', '\u0085', '\u000b', '. "', '." ', '? )', '! \'', '.) ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((x) => x.join('')), (v) => {
        assert.deepStrictEqual(sentencePieces(v), segmentedPieces(v));
      }),
      { numRuns: 20000, seed: 9 },
    );
  });

  it('heavy drafts: the analysis gives the judgments of one whole parse without fast paths', () => {
    const r = rng(3);
    const lines: string[] = [];
    for (const { src, text } of quotations(seeds, 4)) {
      const body = `Officials said ${Math.floor(r() * 900)} people, and "${text}" [@${src.key}, para. ${1 + Math.floor(r() * 3)}].`;
      lines.push(r() < 0.3 ? '> '.repeat(1 + Math.floor(r() * 3)) + body : body);
    }
    for (const text of [heavyQuotes(20000), heavyParagraphs(20000), lines.join('\n\n') + '\n']) {
      const fast = new DraftChecker().check(text, seeds, DEFAULT_SETTINGS);
      const plain = checkDraft(parseDraft(text, { fastPath: false, chunk: false }), seeds, DEFAULT_SETTINGS);
      assert.ok(plain.judgments.length > 50);
      // As JSON: the whole-draft view spells an absent figure as `figure: undefined`.
      const json = (x: unknown) => JSON.parse(JSON.stringify(x));
      assert.deepStrictEqual(json(fast.judgments), json(plain.judgments));
      assert.deepStrictEqual(json(fast.quotes), json(plain.quotes));
      assert.deepStrictEqual(json(fast.figures), json(plain.figures));
    }
  });

  it('nearest keys of an unknown key follow the index when a source is added', () => {
    const index = indexOf(AMBUSH);
    const draft = 'In 2020, 524 police officers were killed [@ambush-2022].\n';
    const before = new DraftChecker().check(draft, index, DEFAULT_SETTINGS).judgments.find((j) => j.code === 'unknown-source');
    assert.deepStrictEqual(before?.nearestKeys, ['ambush-2021']);
    index.addSources([source('ambush-2022x', 'Another ambush', ['Nothing here.'])]);
    const after = new DraftChecker().check(draft, index, DEFAULT_SETTINGS).judgments.find((j) => j.code === 'unknown-source');
    assert.ok(after?.nearestKeys?.includes('ambush-2022x'), JSON.stringify(after?.nearestKeys));
  });
});
