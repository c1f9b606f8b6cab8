/**
 * Judgments: the checks of a draft against the corpus. Pure: a parsed draft,
 * an index and settings in; judgments (code, severity, exact range, message,
 * suggestions) out. Adapters turn them into LSP diagnostics or CLI output.
 */
import { isPaged, pageLocatorProblem, paragraphNote, passageLocator } from '../citations/pages';
import { citationsForRange } from '../citations/scope';
import { extractFigures, figureMatches } from '../figures';
import { CorpusIndex } from '../index/index';
import { Settings } from '../settings';
import { punctuationInCitations } from './punctuation';
import { Citation, ClaimStatus, DraftModel, Figure, Judgment, JudgmentCode, Suggestion } from '../types';
import { AlignCandidate, alignFigure, describeStated } from './align';
import { citedKeys, claimStatus, describeCited, KnownItem, knownItems, sentenceRange } from './cited';
import { checkQuotes, QuoteReport } from './quotes';
import { nearestKeysOf } from './nearest';
import { intern } from '../text/copy';
import { suggestInContext } from './suggest';

export { sentenceRange } from './cited';
export type { QuoteReport } from './quotes';

export interface CheckResult {
  judgments: Judgment[];
  /** Every figure found in the draft's prose, with its status; feeds the citation report. */
  figures: { figure: Figure; status: ClaimStatus; keys: string[]; sentenceStart: number; sentenceEnd: number }[];
  /** Every checked quotation (inline and block), with its status; feeds the citation report. */
  quotes: QuoteReport[];
  /**
   * Every figure of the draft's prose, in draft order (headings included), as the checks read
   * them: hover and completion take a sentence's figures from here instead of extracting again.
   */
  draftFigures: Figure[];
}

/**
 * The figures of a draft's prose, block by block: a figure never spans two blocks
 * ("70\n\npercent" is not "70 percent"), so the result does not depend on whether the
 * draft was checked whole or chunk by chunk (fuzzing found such spans; issue 9).
 */
export function figuresByBlock(model: DraftModel): Figure[] {
  const out: Figure[] = [];
  let done = 0;
  for (const b of [...model.blocks].sort((x, y) => x.start - y.start)) {
    const s = Math.max(b.start, done);
    if (b.end <= s) continue;
    for (const f of extractFigures(model.prose.slice(s, b.end), model.lang ? { lang: model.lang } : undefined)) out.push({ ...f, start: f.start + s, end: f.end + s });
    done = b.end;
  }
  return out;
}

/** Check a parsed draft. */
export function checkDraft(model: DraftModel, index: CorpusIndex, settings: Settings): CheckResult {
  return runChecks(model, index, settings, true);
}

/**
 * How many judgments checkDraft gives on this draft, without working out what they say: the same
 * checks decide which claims are judged (an uncited figure, a figure or quotation the cited source
 * lacks), but the work that only shapes a judgment's message, suggestions and related information
 * is skipped (aligning a figure with the source's, searching the corpus for passages stating an
 * uncited figure or holding an uncited quotation, the closest run of a misquotation). About half the
 * cost of checkDraft on a long draft: the language server counts the paragraphs past the first
 * diagnostics this way and checks them in full only when something reads them
 * (DraftChecker's `eagerJudgments`).
 */
export function countJudgments(model: DraftModel, index: CorpusIndex, settings: Settings): number {
  return runChecks(model, index, settings, false).judgments.length;
}

/**
 * The checks. With `full` false only the judgments' codes and ranges are right (messages are empty,
 * nothing else is set, the list is not sorted): every judgment checkDraft emits is emitted, so the
 * count is checkDraft's.
 */
function runChecks(model: DraftModel, index: CorpusIndex, settings: Settings, full: boolean): CheckResult {
  const out: Judgment[] = [];
  const report: CheckResult['figures'] = [];
  const emit = (j: Omit<Judgment, 'severity'>) => {
    const sev = settings.severity[j.code];
    if (sev === 'off') return;
    // Every caller hands over a new object: give it its severity rather than copying it.
    (j as Judgment).severity = sev;
    out.push(j as Judgment);
  };

  // Parts skipped by a limit say so, so a writer never mistakes silence for a clean draft.
  for (const u of model.unchecked ?? []) emit({ code: 'not-checked', start: u.start, end: u.end, message: u.reason });

  // Citation keys and locators.
  for (const c of model.citations) {
    for (const item of c.items) {
      const src = index.byKey(item.key);
      if (!src) {
        const trace = index.keyTrace?.(item.key);
        const moved = trace?.key && index.byKey(trace.key) ? trace.key : undefined;
        let near = nearestKeysOf(index, item.key, 3);
        if (moved) near = [moved, ...near.filter((k) => k !== moved)].slice(0, 3);
        const why = moved
          ? ` Its source now has the key @${moved}.`
          : trace?.file
            ? ` Its source (${trace.file}) is no longer in the corpus.`
            : near.length
              ? ` Did you mean ${near.map((k) => '@' + k).join(', ')}?`
              : '';
        emit({
          code: 'unknown-source',
          start: Math.max(c.start, item.keyStart - 1),
          end: item.keyEnd,
          key: item.key,
          message: `Unknown source @${item.key}: no source in the corpus has this key.` + why,
          nearestKeys: near,
          ...(moved ? { movedKey: moved } : {}),
        });
        continue;
      }
      const loc = item.locator;
      if (loc && loc.label === 'paragraph') {
        const n = src.passages.length;
        const bad = (loc.paragraphs ?? []).filter((p) => p < 1 || p > n);
        if (bad.length || !(loc.paragraphs ?? []).length) {
          emit({
            code: 'bad-locator',
            start: loc.start,
            end: loc.end,
            key: item.key,
            message: bad.length
              ? `${loc.term} ${bad.join(', ')} is out of range: @${item.key} has ${n} paragraph${n === 1 ? '' : 's'}${paragraphNote(src)}.`
              : `Cannot read the paragraph number in "${loc.term} ${loc.value}".`,
          });
        }
      }
      const pageProblem = loc ? pageLocatorProblem(src, item.key, loc) : undefined;
      if (loc && pageProblem) emit({ code: 'bad-locator', start: loc.start, end: loc.end, key: item.key, message: pageProblem });
    }
  }

  for (const j of punctuationInCitations(model)) emit(j);

  // Figures.
  const figs = figuresByBlock(model);
  const headings = model.blocks.filter((b) => b.kind === 'heading'); // a long draft's uncited figures each ask: scan the few headings, not every block
  const isHeading = (off: number) => headings.some((b) => b.start <= off && off < b.end);
  // Figures of one sentence share its citations: what they resolve to is looked up once.
  let cited: { cites: Citation[]; known: KnownItem[]; keys: string[] } | undefined;
  for (const f of figs) {
    const cites = citationsForRange(model, f.start, f.end, settings.citationScope);
    if (!cited || cited.cites.length !== cites.length || cited.cites.some((c, i) => c !== cites[i])) {
      cited = { cites, known: knownItems(cites, index), keys: citedKeys(cites) };
    }
    const { known, keys } = cited;
    if (!full) {
      // Counting: the decisions below (an uncited figure outside a heading; a cited one no known item states), nothing else.
      if (cites.length === 0 ? !isHeading(f.start) : known.length > 0 && !known.some((k) => statesFigure(k, f))) {
        emit({ code: cites.length === 0 ? 'uncited-figure' : 'figure-not-in-source', start: f.start, end: f.end, message: '' });
      }
      continue;
    }
    const sentence = sentenceRange(model, f.start);
    const entry = (status: ClaimStatus) => report.push({ figure: f, status, keys, sentenceStart: sentence[0], sentenceEnd: sentence[1] });
    if (cites.length === 0) {
      if (isHeading(f.start)) continue;
      const { suggestions, statedAnywhere } = suggestFor(index, model, f, sentence);
      entry('uncited');
      emit({
        code: 'uncited-figure',
        start: f.start,
        end: f.end,
        figure: f,
        message: suggestions.length
          ? `Uncited figure "${f.text}". Stated in [@${suggestions[0].key}, ${suggestions[0].locator}]` +
            (suggestions.length > 1 ? ` and ${suggestions.length - 1} other passage${suggestions.length > 2 ? 's' : ''}.` : '.')
          : statedAnywhere
            ? `Uncited figure "${f.text}". No source passage states it in this context.`
            : `Uncited figure "${f.text}". No source passage in the corpus states it.`,
        suggestions,
        related: suggestions.slice(0, 1).map((s) => ({ file: s.file, startLine: s.startLine, endLine: s.endLine, message: `${s.title}, ${s.locator} states ${s.figureText ?? f.text}`, ...(s.page ? { page: s.page, pages: s.pages } : {}) })),
      });
      continue;
    }
    const backing = new Map<KnownItem, boolean>();
    const backs = (k: KnownItem) => {
      let b = backing.get(k);
      if (b === undefined) backing.set(k, (b = statesFigure(k, f)));
      return b;
    };
    entry(claimStatus(known, backs));
    if (known.length === 0 || known.some(backs)) continue; // unknown-source already reported, or backed
    emit(full ? notInSource(index, model, f, sentence, known) : { code: 'figure-not-in-source', start: f.start, end: f.end, message: '' });
  }

  const quotes = checkQuotes(model, index, settings, emit, full);
  if (!full) return { judgments: out, figures: report, quotes, draftFigures: figs };
  out.sort((a, b) => a.start - b.start || a.end - b.end || codeOrder(a.code) - codeOrder(b.code));
  return { judgments: out, figures: report, quotes, draftFigures: figs };
}

/** Whether a cited item's passages state the draft figure `f` (within its precision). */
function statesFigure(k: KnownItem, f: Figure): boolean {
  for (const p of k.passages) for (const pf of p.figures) if (figureMatches(f, pf)) return true;
  return false;
}

/**
 * figure-not-in-source for `f`: names the cited passage's figure that plays
 * the same role (see align.ts), offers its replacement only when the
 * alignment is confident, and says what the passage states when nothing aligns.
 */
function notInSource(index: CorpusIndex, model: DraftModel, f: Figure, sentence: [number, number], known: KnownItem[]): Omit<Judgment, 'severity'> {
  const where = intern(describeCited(known)); // one copy for every claim cited alike
  const candidates: AlignCandidate[] = [];
  for (const { src, passages } of known) for (const p of passages) for (const fig of p.figures) candidates.push({ src, p, fig });
  const text = model.prose.slice(sentence[0], sentence[1]);
  const al = sentence[1] > sentence[0] ? alignFigure(f, text, f.start - sentence[0], f.end - sentence[0], candidates) : alignFigure(f, f.text, 0, f.text.length, candidates);
  // Other passages stating the figure back "Cite …" fixes; a confident alignment's fix is the change itself.
  const suggestions = al.confident ? [] : suggestFor(index, model, f, sentence).suggestions;
  const draftFig = f.text.trim();
  const base = { code: 'figure-not-in-source' as const, start: f.start, end: f.end, figure: f, suggestions, key: known[0].src.key };
  const best = al.best;
  if (best) {
    const said = best.fig.text.replace(/\s+/g, ' ').trim();
    const sent = best.sentenceText;
    // One literal in base's order (no spread of base: a copy and a second shape per claim).
    return {
      code: base.code,
      start: base.start,
      end: base.end,
      figure: base.figure,
      suggestions: base.suggestions,
      key: best.src.key,
      message: al.confident
        ? `"${draftFig}" is not stated in ${where}; source says ${said}${best.label ? ` (${best.label})` : ''}.`
        : `"${draftFig}" is not stated in ${where}; which figure plays the same role is uncertain: the cited text gives ${describeStated(al.ranked) || said}. Check the passage.`,
      sourceFigure: al.confident ? { text: said } : undefined,
      alignment: {
        key: best.src.key,
        n: best.p.n,
        file: best.src.file,
        startLine: best.p.startLine,
        endLine: best.p.endLine,
        figure: said,
        sentence: sent,
        figureStart: best.fig.start - best.sentence[0],
        figureEnd: best.fig.end - best.sentence[0],
        confident: al.confident,
      },
      related: [{ file: best.src.file, startLine: best.p.startLine, endLine: best.p.endLine, message: `${best.src.title}, ${passageLocator(best.src, best.p)}: "${oneLine(sent)}" (${said}; the draft says ${draftFig})`, ...(isPaged(best.src) && best.p.page ? { page: best.p.page, pages: best.src.pages } : {}) }],
    };
  }
  const stated = describeStated(al.ranked);
  return {
    ...base,
    message: stated
      ? `"${draftFig}" is not stated in ${where}; the cited text gives ${stated}, none in the same role.`
      : `"${draftFig}" is not stated in ${where}; the cited text states no figure of this kind.`,
    related: known.map(({ src, passages }) => ({
      file: src.file,
      startLine: passages[0]?.startLine ?? src.startLine,
      endLine: passages[passages.length - 1]?.endLine ?? src.endLine,
      message: `Cited: ${src.title}`,
      // A PDF opens at the page view of the cited passages (lines are lines of that page).
      ...(isPaged(src) && passages[0]?.page ? { page: passages[0].page, pages: src.pages, endLine: passages.filter((q) => q.page === passages[0].page).pop()!.endLine } : {}),
    })),
  };
}

/** Memo by source sentence (the same string for every claim aligned to it; see align.ts sentenceText). */
const ONE_LINE = new Map<string, string>();

function oneLine(s: string): string {
  let line = ONE_LINE.get(s);
  if (line !== undefined) return line;
  const t = s.replace(/\s+/g, ' ').trim();
  line = intern(t.length > 200 ? t.slice(0, 199) + '…' : t);
  if (ONE_LINE.size >= 4096) ONE_LINE.clear();
  ONE_LINE.set(s, line);
  return line;
}

function codeOrder(c: JudgmentCode): number {
  return CODE_ORDER.indexOf(c);
}

/** One list for every comparison (a literal in codeOrder was a new array per call). */
const CODE_ORDER: JudgmentCode[] = ['unknown-source', 'bad-locator', 'uncited-figure', 'figure-not-in-source', 'uncited-quote', 'quote-not-in-source', 'punctuation-in-citation'];

/** Up to 3 passages that state the figure in the sentence's context, ranked by the figure's clause (see suggest.ts). */
export function suggestFor(index: CorpusIndex, model: DraftModel, f: Figure, sentence: [number, number], limit = 3): { suggestions: Suggestion[]; statedAnywhere: number } {
  const text = model.prose.slice(sentence[0], sentence[1]);
  if (sentence[1] <= sentence[0] || f.start < sentence[0] || f.end > sentence[1]) return suggestInContext(index, f, f.text, 0, f.text.length, limit);
  return suggestInContext(index, f, text, f.start - sentence[0], f.end - sentence[0], limit);
}
