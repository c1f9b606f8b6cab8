/**
 * `npm run bench:speed`: the whole-draft check in process, on the bench's 1,000-paragraph draft
 * (the same draft the server bench opens), with a fingerprint of its judgments so two builds can be
 * compared for identical results as well as for time (run it in each, on the same corpus).
 *
 *   BENCH_CORPORA=reuters,big   corpora (default reuters); BENCH_TMP as for `npm run bench`
 *   SPEED_REPS=n                checks per corpus (default 8; the first two warm up and are not counted)
 *   BENCH_SEED=n                PRNG seed (default 20240611, as the bench)
 *
 * Prints one Markdown row per corpus: parse and check medians and minimum (wall and CPU), judgments, fingerprint
 * (files relative to the corpus root, so copies of a corpus in two places compare).
 */
import { createHash } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { loadIndex } from '../../server/src/core/indexLoad';
import { checkDraft } from '../../server/src/core/judgments/check';
import { parseDraft } from '../../server/src/core/parse/draft';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { Judgment } from '../../server/src/core/types';
import { CorpusName, prepareCorpus } from './corpora';
import { bigDraft, makePositions } from './positions';
import { envInt, median } from './util';

/** What a user or the CLI sees of a judgment (not the figure objects' internals); files relative to `root`, so two copies of a corpus compare. */
function visible(j: Judgment, root: string): unknown {
  const file = (f: string) => (root ? path.relative(root, f) : f);
  return [
    j.code,
    j.severity,
    j.start,
    j.end,
    j.message,
    j.key,
    (j.suggestions ?? []).map((s) => [s.key, s.n, s.locator, s.score, s.figureText, file(s.file)]),
    (j.related ?? []).map((r) => [file(r.file), r.startLine, r.endLine, r.message]),
  ];
}

export function judgmentsFingerprint(judgments: Judgment[], root = ''): string {
  return createHash('sha1')
    .update(JSON.stringify(judgments.map((j) => visible(j, root))))
    .digest('hex')
    .slice(0, 12);
}

async function main(): Promise<void> {
  const corpora = (process.env.BENCH_CORPORA || 'reuters').split(',').map((s) => s.trim()) as CorpusName[];
  const reps = Math.max(3, envInt('SPEED_REPS', 8));
  const seed = envInt('BENCH_SEED', 20240611);
  console.log('| corpus | passages | parse ms (median) | check ms (median / min) | check CPU ms (median / min) | judgments | fingerprint | load average |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const name of corpora) {
    const spec = prepareCorpus(name, (s) => console.error(s));
    const { index } = await loadIndex(spec.roots, spec.workspace);
    const pool = makePositions(index, 1200, seed + 1, { findDuplicates: false });
    const { text } = bigDraft(pool, 1000, 2000);
    const load0 = os.loadavg()[0];
    const parse: number[] = [];
    const check: number[] = [];
    const cpu: number[] = []; // user + system CPU of the process (GC helper threads included): less moved by other processes than wall time
    let judgments: Judgment[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const t0 = performance.now();
      const model = parseDraft(text);
      const t1 = performance.now();
      const u = process.cpuUsage();
      judgments = checkDraft(model, index, DEFAULT_SETTINGS).judgments;
      const used = process.cpuUsage(u);
      const t2 = performance.now();
      if (rep >= 2) {
        parse.push(t1 - t0);
        check.push(t2 - t1);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    const load1 = os.loadavg()[0];
    console.log(
      `| ${spec.label} | ${index.passageCount.toLocaleString('en')} | ${median(parse).toFixed(0)} | ${median(check).toFixed(0)} / ${Math.min(...check).toFixed(0)} | ${median(cpu).toFixed(0)} / ${Math.min(...cpu).toFixed(0)} | ${judgments.length} | ${judgmentsFingerprint(judgments, spec.roots[0])} | ${load0.toFixed(1)} → ${load1.toFixed(1)} |`,
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
