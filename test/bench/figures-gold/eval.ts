/**
 * `npm run eval:figures`: the figure extractor against the hand-labelled gold set in
 * test/fixtures/figures-gold/gold.json. Reports precision, recall, exact-span rate, value,
 * unit and kind agreement, and the false-figure rate on non-figure spans (dates, times, years,
 * ordinals, identifiers, ...), per set (dev, held-out, Spanish) and per class, into BENCHMARKS.md
 * (section `figures-gold`). Corpus sentences are read from ../shared/corpora at run time; without
 * it those cases are skipped with a message and only the Spanish set is scored.
 *
 * FIGURES_NO_WRITE=1 prints without writing BENCHMARKS.md. FIGURES_VERBOSE=1 lists every miss.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extractFigures } from '../../../server/src/core/figures';
import { Figure } from '../../../server/src/core/types';
import { upsertSection } from '../sections';
import { corpusRoot, resolveSentence, SentenceRef } from './sentences';

interface Label {
  s: number;
  e: number;
  kind: string;
  value?: number;
  high?: number;
  second?: number;
  unit?: string;
  cls?: string;
}
interface Case extends Partial<SentenceRef> {
  id: string;
  set: string;
  lang?: string;
  text?: string;
  labels: Label[];
}
interface Gold {
  cases: Case[];
  spanish: Case[];
}

const GOLD = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'figures-gold', 'gold.json');

class Tally {
  tp = 0;
  fp = 0;
  fn = 0;
  exact = 0;
  value = 0;
  unit = 0;
  kind = 0;
  add(o: Tally): void {
    this.tp += o.tp;
    this.fp += o.fp;
    this.fn += o.fn;
    this.exact += o.exact;
    this.value += o.value;
    this.unit += o.unit;
    this.kind += o.kind;
  }
}
class NonTally {
  n = 0;
  hit = 0;
}

function overlaps(a: { s: number; e: number }, b: { start: number; end: number }): boolean {
  return a.s < b.end && b.start < a.e;
}
function near(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-4 * Math.max(1e-9, Math.abs(b)) + 1e-12;
}
function valueAgrees(f: Figure, g: Label): boolean {
  const second = (f as Figure & { second?: number }).second;
  return near(f.value, g.value) && near(f.high, g.high) && near(second, g.second);
}

/** Figure classes for the per-class table: the kind plus the form it was written in. */
function classesOf(g: Label, text: string): string[] {
  const t = text.slice(g.s, g.e);
  const out = [`kind: ${g.kind}`];
  if (/\d(?:m|bn|k|tn|b)\b/i.test(t)) out.push('form: scale suffix (2m, £1.5bn)');
  if (/\b(?:mln|billion|million|trillion|millones|billones|mil)\b/i.test(t)) out.push('form: scale word (2.3 million, mln)');
  if (/^[^\d]*[a-záéíóú]/i.test(t) && !/^[£$€¥]/.test(t)) out.push('form: written number');
  if (g.high !== undefined) out.push('form: range');
  if (/\b(?:cts|cents|pence)\b|\dp\b/i.test(t)) out.push('form: money subunit');
  if (/\d-\d\/\d|\/\d/.test(t)) out.push('form: fraction in digits (27-1/2)');
  if (g.kind === 'measure') out.push(`unit: ${g.unit}`);
  return out;
}

function evaluate(cases: { c: Case; text: string }[], byClass: Map<string, Tally>, nonBy: Map<string, NonTally>, misses: string[]): Tally {
  const total = new Tally();
  for (const { c, text } of cases) {
    const figs = extractFigures(text, { lang: c.lang ?? "en" });
    const gold = c.labels.filter((l) => l.kind !== 'none' && l.kind !== 'skip');
    const used = new Set<number>();
    for (const g of gold) {
      const t = new Tally();
      const k = figs.findIndex((f, i) => !used.has(i) && overlaps(g, f));
      if (k < 0) {
        t.fn++;
        misses.push(`${c.id} MISS ${JSON.stringify(text.slice(g.s, g.e))} (${g.kind} ${g.value}${g.unit ? ' ' + g.unit : ''})`);
      } else {
        used.add(k);
        const f = figs[k];
        t.tp++;
        if (f.start === g.s && f.end === g.e) t.exact++;
        else misses.push(`${c.id} SPAN ${JSON.stringify(f.text)} vs gold ${JSON.stringify(text.slice(g.s, g.e))}`);
        if (valueAgrees(f, g)) t.value++;
        else misses.push(`${c.id} VALUE ${JSON.stringify(f.text)} ${f.value}${f.high !== undefined ? '..' + f.high : ''} vs gold ${g.value}${g.high !== undefined ? '..' + g.high : ''}`);
        if (f.unit === (g.unit ?? '')) t.unit++;
        else misses.push(`${c.id} UNIT ${JSON.stringify(f.text)} ${f.unit} vs gold ${g.unit}`);
        if (f.kind === g.kind) t.kind++;
        else misses.push(`${c.id} KIND ${JSON.stringify(f.text)} ${f.kind} vs gold ${g.kind}`);
      }
      total.add(t);
      for (const cl of classesOf(g, text)) {
        if (!byClass.has(cl)) byClass.set(cl, new Tally());
        byClass.get(cl)!.add(t);
      }
    }
    const ignore = c.labels.filter((l) => l.kind === 'skip');
    figs.forEach((f, i) => {
      if (used.has(i) || ignore.some((l) => overlaps(l, f))) return;
      if (gold.some((g) => overlaps(g, f))) return; // a second figure inside a gold span: split, counted as span error
      total.fp++;
      misses.push(`${c.id} FALSE ${JSON.stringify(f.text)} (${f.kind} ${f.value})`);
    });
    for (const l of c.labels.filter((l) => l.kind === 'none')) {
      const cls = l.cls ?? 'other';
      if (!nonBy.has(cls)) nonBy.set(cls, new NonTally());
      const n = nonBy.get(cls)!;
      n.n++;
      if (figs.some((f) => overlaps(l, f))) n.hit++;
    }
  }
  return total;
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : (a / b).toFixed(3));

function row(name: string, t: Tally, nonDT?: NonTally, noPrecision = false): string {
  const p = noPrecision ? '–' : pct(t.tp, t.tp + t.fp);
  const r = pct(t.tp, t.tp + t.fn);
  const extra = nonDT ? ` | ${nonDT.n ? ((100 * nonDT.hit) / nonDT.n).toFixed(1) + '%' : '–'} (${nonDT.hit}/${nonDT.n})` : '';
  return `| ${name} | ${t.tp + t.fn} | ${p} | ${r} | ${pct(t.exact, t.tp)} | ${pct(t.value, t.tp)} | ${pct(t.unit, t.tp)} | ${pct(t.kind, t.tp)}${extra} |`;
}

function main(): void {
  const gold: Gold = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
  const root = corpusRoot((s) => console.error(s));
  const sets = new Map<string, { c: Case; text: string }[]>();
  let skipped = 0;
  const errors: string[] = [];
  for (const c of gold.cases) {
    if (!root) {
      skipped++;
      continue;
    }
    const r = resolveSentence(root, c as SentenceRef);
    if ('error' in r) {
      errors.push(`${c.id}: ${r.error}`);
      continue;
    }
    if (!sets.has(c.set)) sets.set(c.set, []);
    sets.get(c.set)!.push({ c, text: r.text });
  }
  sets.set('spanish', gold.spanish.map((c) => ({ c, text: c.text as string })));
  if (!root) console.error(`figures-gold: ../shared/corpora not found; skipping ${skipped} corpus cases, scoring the Spanish set only.`);
  for (const e of errors) console.error(`figures-gold: skipped ${e}`);

  const lines: string[] = [];
  const byClass = new Map<string, Tally>();
  const nonBy = new Map<string, NonTally>();
  const misses: string[] = [];
  const all = new Tally();
  const setRows: string[] = [];
  const allDT = new NonTally();
  for (const name of ['dev', 'holdout', 'blind', 'blind2', 'spanish']) {
    const cs = sets.get(name) ?? [];
    const nb = new Map<string, NonTally>();
    const t = evaluate(cs, byClass, nb, misses);
    all.add(t);
    const dt = new NonTally();
    for (const [cls, n] of nb) {
      if (!nonBy.has(cls)) nonBy.set(cls, new NonTally());
      nonBy.get(cls)!.n += n.n;
      nonBy.get(cls)!.hit += n.hit;
      if (cls === 'date' || cls === 'time') {
        dt.n += n.n;
        dt.hit += n.hit;
      }
    }
    allDT.n += dt.n;
    allDT.hit += dt.hit;
    const label =
      name === 'dev'
        ? 'dev (seeds 11, 12)'
        : name === 'holdout'
          ? 'held out (seed 13)'
          : name === 'blind'
            ? 'formerly blind (seed 14), now dev'
            : name === 'blind2'
              ? 'blind (seed 15)'
              : 'Spanish (written for the set)';
    setRows.push(row(`${label}, ${cs.length} sentences`, t, dt));
  }
  setRows.push(row('**all**', all, allDT));
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push('## Figure recognition: gold set');
  lines.push('');
  lines.push(
    `\`npm run eval:figures\`, ${when} UTC. Gold: \`test/fixtures/figures-gold/gold.json\` (BBC and Reuters sentences by reference, hand-labelled; Spanish sentences written for the set). ` +
      'A figure is found when an extracted figure overlaps the labelled span; exact span, value, unit and kind are over the found ones. ' +
      'Dev and held-out sentences (seeds 11-13) were labelled before the extractor was changed; the dev ones were then used while changing it (their misses were read and fixed where a general rule fixed them); for the held-out ones only the totals were printed, their misses were not read, but the sentences had been read while labelling. ' +
      'The seed-14 sentences were sampled and labelled after that change and scored once while blind (P 0.917, R 0.982, exact span 0.964, value 0.964, false figures on dates/times 3.4%); the classes behind their errors were then fixed, so they are dev sentences now. ' +
      'The seed-15 sentences (30) were sampled and labelled by hand after those fixes and scored once: the fairest estimate, on a small sample. The Spanish sentences were written by the developer, who also wrote the Spanish rules.' +
      (root ? '' : ' **Corpus cases skipped: ../shared/corpora not found.**'),
  );
  lines.push('');
  lines.push('| set | gold figures | precision | recall | exact span | value | unit | kind | false figures on dates/times |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  lines.push(...setRows);
  lines.push('');
  lines.push('Targets: precision ≥ 0.97, recall ≥ 0.97, exact span ≥ 0.92, value ≥ 0.97, false figures on dates/times ≤ 2%.');
  lines.push('');
  lines.push(
    'For comparison, the extractor before issue 11 (commit 85f156b) on the same labels (run 2026-12-03, before the blind set existed): ' +
      'dev P 0.936 / R 0.939 / exact span 0.819 / value 0.927, false figures on dates/times 3.1%; held out P 0.963 / R 0.940 / span 0.835 / value 0.943; ' +
      'Spanish P 0.932 / R 0.788 / span 0.268 / value 0.244.',
  );
  lines.push('');
  lines.push('### Per class (all sets)');
  lines.push('');
  lines.push('| class | gold figures | precision | recall | exact span | value | unit | kind |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [cl, t] of [...byClass].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(row(cl, t, undefined, true));
  lines.push('');
  lines.push('Precision has no per-class value (a false figure has no gold class); the false figures are counted by non-figure class below and in the totals above.');
  lines.push('');
  lines.push('### Non-figure spans: how often a figure was wrongly reported on them');
  lines.push('');
  lines.push('| class | spans | false figures | rate |');
  lines.push('| --- | --- | --- | --- |');
  for (const [cls, n] of [...nonBy].sort((a, b) => b[1].n - a[1].n)) lines.push(`| ${cls} | ${n.n} | ${n.hit} | ${((100 * n.hit) / n.n).toFixed(1)}% |`);
  const md = lines.join('\n');
  console.log(md);
  if (process.env.FIGURES_VERBOSE) console.log('\n' + misses.join('\n'));
  else console.log(`\n(${misses.length} misses and mismatches; FIGURES_VERBOSE=1 lists them)`);
  if (!process.env.FIGURES_NO_WRITE) upsertSection('figures-gold', md);
}

main();
