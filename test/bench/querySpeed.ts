/**
 * `npm run bench:query`: completion's work in process, with a fingerprint of its answers, so two builds can be
 * compared for identical results as well as for time (run it in each, on the same corpus; issue 13).
 *
 * Per corpus, over the bench positions (the sentences the server bench types `[@` after):
 *   - rankPassages(sentence, its figures, limit 250): the ranking one completion request makes;
 *   - the whole completion: a 20-paragraph draft of those sentences, ` [@` typed before a sentence's full stop,
 *     the draft's analysis brought up to date (one paragraph re-checked) and provideCompletion answered.
 *
 *   BENCH_CORPORA=reuters,big   corpora (default reuters); BENCH_TMP as for `npm run bench`
 *   QUERY_REPS=n                passes over the positions (default 3; the first warms up and is not counted)
 *   BENCH_SEED=n                PRNG seed (default 20240611, as the bench)
 *
 * Prints one Markdown row per corpus: p50 / p95 / p99 of each, and the fingerprints (ranked passages with their
 * scores; completion items' labels, details and order).
 */
import { createHash } from 'crypto';
import * as os from 'os';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { extractFigures } from '../../server/src/core/figures';
import { loadIndex } from '../../server/src/core/indexLoad';
import { DraftChecker } from '../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { provideCompletion } from '../../server/src/features/completion';
import { CorpusName, prepareCorpus } from './corpora';
import { makePositions } from './positions';
import { envInt } from './util';

function pcts(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return [0.5, 0.95, 0.99].map((p) => at(p).toFixed(2)).join(' / ');
}

async function main(): Promise<void> {
  const corpora = (process.env.BENCH_CORPORA || 'reuters').split(',').map((s) => s.trim()) as CorpusName[];
  const reps = Math.max(2, envInt('QUERY_REPS', 3));
  const seed = envInt('BENCH_SEED', 20240611);
  console.log('| corpus | passages | rankPassages ms (p50 / p95 / p99) | completion after ` [@` ms (p50 / p95 / p99) | fingerprints (ranking, completion) | load average |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const name of corpora) {
    const spec = prepareCorpus(name, (s) => console.error(s));
    const { index } = await loadIndex(spec.roots, spec.workspace);
    const sentences = makePositions(index, 240, seed, { findDuplicates: false }).map((p) => p.sentence);
    const load0 = os.loadavg()[0];
    const rank: number[] = [];
    const compl: number[] = [];
    let rankPrint = '';
    let complPrint = '';
    for (let rep = 0; rep < reps; rep++) {
      const hr = createHash('sha1');
      for (const s of sentences) {
        const t0 = performance.now();
        const hits = index.rankPassages(s, extractFigures(s), { limit: 250 });
        if (rep > 0) rank.push(performance.now() - t0);
        hr.update(JSON.stringify(hits.map((h) => [h.source.key, h.passage.n, h.score, h.textScore, h.figure?.text])));
      }
      rankPrint = hr.digest('hex').slice(0, 12);
      const hc = createHash('sha1');
      for (let d = 0; d < sentences.length; d += 20) {
        const lines = sentences.slice(d, d + 20);
        const base = lines.join('\n\n') + '\n';
        const checker = new DraftChecker();
        checker.check(base, index, DEFAULT_SETTINGS);
        let off = 0;
        for (const line of lines) {
          const at = off + line.length - 1; // before the sentence's last character (its full stop)
          const text = base.slice(0, at) + ' [@' + base.slice(at);
          const doc = TextDocument.create('file:///bench-query.md', 'markdown', 1, text);
          const t0 = performance.now();
          const analysis = checker.check(text, index, DEFAULT_SETTINGS);
          const list = provideCompletion(index, doc, doc.positionAt(at + 3), DEFAULT_SETTINGS, analysis, undefined, true);
          if (rep > 0) compl.push(performance.now() - t0);
          hc.update(JSON.stringify(list?.items.map((i) => [i.label, i.labelDetails, i.sortText, i.textEdit])));
          off += line.length + 2;
        }
      }
      complPrint = hc.digest('hex').slice(0, 12);
    }
    const load1 = os.loadavg()[0];
    console.log(`| ${spec.label} | ${index.passageCount.toLocaleString('en')} | ${pcts(rank)} | ${pcts(compl)} | ${rankPrint}, ${complPrint} | ${load0.toFixed(1)} → ${load1.toFixed(1)} |`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
