/**
 * Judgments: the checks of a draft against the corpus. Pure: a parsed draft,
 * an index and settings in; judgments (code, severity, exact range, message,
 * suggestions) out. Adapters turn them into LSP diagnostics or CLI output.
 */
import { citationsForRange } from '../citations/scope';
import { closerOfKind, extractFigures, figureMatches } from '../figures';
import { CorpusIndex } from '../index/index';
import { Settings } from '../settings';
import { Citation, DraftModel, Figure, Judgment, JudgmentCode, Passage, Source, Suggestion } from '../types';

export interface CheckResult {
  judgments: Judgment[];
  /** Every figure found in the draft's prose, with its status; feeds the citation report. */
  figures: { figure: Figure; status: 'cited' | 'uncited' | 'mismatched'; keys: string[]; sentenceStart: number; sentenceEnd: number }[];
}

/** Check a parsed draft. `figures` may be passed when the caller already extracted them. */
export function checkDraft(model: DraftModel, index: CorpusIndex, settings: Settings): CheckResult {
  const out: Judgment[] = [];
  const report: CheckResult['figures'] = [];
  const emit = (j: Omit<Judgment, 'severity'>) => {
    const sev = settings.severity[j.code];
    if (sev === 'off') return;
    out.push({ ...j, severity: sev });
  };

  // Citation keys and locators.
  for (const c of model.citations) {
    for (const item of c.items) {
      const src = index.byKey(item.key);
      if (!src) {
        const trace = index.keyTrace?.(item.key);
        const moved = trace?.key && index.byKey(trace.key) ? trace.key : undefined;
        let near = index.nearestKeys(item.key, 3);
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
              ? `${loc.term} ${bad.join(', ')} is out of range: @${item.key} has ${n} paragraph${n === 1 ? '' : 's'}.`
              : `Cannot read the paragraph number in "${loc.term} ${loc.value}".`,
          });
        }
      }
    }
  }

  // Figures.
  const figs = extractFigures(model.prose);
  const isHeading = (off: number) => model.blocks.some((b) => b.kind === 'heading' && b.start <= off && off < b.end);
  for (const f of figs) {
    const sentence = sentenceRange(model, f.start);
    const cites = citationsForRange(model, f.start, f.end, settings.citationScope);
    const known = knownItems(cites, index);
    const keys = cites.flatMap((c) => c.items.map((i) => i.key));
    if (cites.length === 0) {
      if (isHeading(f.start)) continue;
      const suggestions = suggestFor(index, model, f, sentence);
      report.push({ figure: f, status: 'uncited', keys, sentenceStart: sentence[0], sentenceEnd: sentence[1] });
      emit({
        code: 'uncited-figure',
        start: f.start,
        end: f.end,
        figure: f,
        message: suggestions.length
          ? `Uncited figure "${f.text}". Stated in [@${suggestions[0].key}, ${suggestions[0].locator}]` +
            (suggestions.length > 1 ? ` and ${suggestions.length - 1} other passage${suggestions.length > 2 ? 's' : ''}.` : '.')
          : `Uncited figure "${f.text}". No source passage in the corpus states it.`,
        suggestions,
        related: suggestions.slice(0, 1).map((s) => ({ file: s.file, startLine: s.startLine, endLine: s.endLine, message: `${s.title}, ${s.locator} states ${s.figureText ?? f.text}` })),
      });
      continue;
    }
    if (known.length === 0) {
      report.push({ figure: f, status: 'cited', keys, sentenceStart: sentence[0], sentenceEnd: sentence[1] });
      continue; // unknown-source already reported
    }
    let matched = false;
    let nearest: { fig: Figure; src: Source; p: Passage } | undefined;
    for (const { src, passages } of known) {
      for (const p of passages) {
        for (const pf of p.figures) {
          if (figureMatches(f, pf)) matched = true;
          else if (closerOfKind(f, pf, nearest?.fig)) nearest = { fig: pf, src, p };
        }
      }
    }
    if (matched) {
      report.push({ figure: f, status: 'cited', keys, sentenceStart: sentence[0], sentenceEnd: sentence[1] });
      continue;
    }
    report.push({ figure: f, status: 'mismatched', keys, sentenceStart: sentence[0], sentenceEnd: sentence[1] });
    const where = known.map(({ src, scoped }) => '@' + src.key + (scoped ? ` (${scoped})` : '')).join(', ');
    const suggestions = suggestFor(index, model, f, sentence);
    emit({
      code: 'figure-not-in-source',
      start: f.start,
      end: f.end,
      figure: f,
      message:
        `"${f.text}" is not stated in ${where}` +
        (nearest ? `; source says ${nearest.fig.text.trim()}.` : '; the cited text states no figure of this kind.'),
      sourceFigure: nearest ? { text: nearest.fig.text.trim(), replacement: nearest.fig.text.trim() } : undefined,
      suggestions,
      key: known[0].src.key,
      related: nearest
        ? [{ file: nearest.src.file, startLine: nearest.p.startLine, endLine: nearest.p.endLine, message: `${nearest.src.title}, para. ${nearest.p.n} says ${nearest.fig.text.trim()}` }]
        : known.map(({ src, passages }) => ({
            file: src.file,
            startLine: passages[0]?.startLine ?? src.startLine,
            endLine: passages[passages.length - 1]?.endLine ?? src.endLine,
            message: `Cited: ${src.title}`,
          })),
    });
  }

  // Quotations.
  for (const q of model.quotes) {
    const words = q.text.trim().split(/\s+/).filter(Boolean);
    if (words.length < settings.minQuoteWords) continue;
    const cites = citationsForRange(model, q.start, q.end, settings.citationScope);
    const known = knownItems(cites, index);
    if (known.length === 0) continue;
    const fragments = quoteFragments(q.text);
    if (fragments.length === 0) continue;
    const found = known.some(({ src }) => {
      const hay = normalizedSourceText(src);
      return fragments.every((fr) => hay.includes(fr));
    });
    if (!found) {
      emit({
        code: 'quote-not-in-source',
        start: q.start,
        end: q.end,
        key: known[0].src.key,
        message: `Quotation not found in ${known.map(({ src }) => '@' + src.key).join(', ')}.`,
        related: known.map(({ src }) => ({ file: src.file, startLine: src.startLine, endLine: src.endLine, message: `Cited: ${src.title}` })),
      });
    }
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || codeOrder(a.code) - codeOrder(b.code));
  return { judgments: out, figures: report };
}

function codeOrder(c: JudgmentCode): number {
  return ['unknown-source', 'bad-locator', 'uncited-figure', 'figure-not-in-source', 'quote-not-in-source'].indexOf(c);
}

/** The sentence (start, end) around an offset, or the offset itself when outside sentences. */
export function sentenceRange(model: DraftModel, offset: number): [number, number] {
  for (const s of model.sentences) if (s.start <= offset && offset < s.end) return [s.start, s.end];
  return [offset, offset];
}

interface KnownItem {
  src: Source;
  /** Passages that count as "the source": the locator's paragraphs and their neighbours, or all. */
  passages: Passage[];
  /** Human form of the scope ("para. 3"), when narrowed by a locator. */
  scoped?: string;
}

function knownItems(cites: Citation[], index: CorpusIndex): KnownItem[] {
  const out: KnownItem[] = [];
  for (const c of cites) {
    for (const item of c.items) {
      const src = index.byKey(item.key);
      if (!src) continue;
      const paras = item.locator?.label === 'paragraph' ? (item.locator.paragraphs ?? []).filter((n) => n >= 1 && n <= src.passages.length) : [];
      if (paras.length) {
        const want = new Set<number>();
        for (const n of paras) for (const d of [-1, 0, 1]) want.add(n + d);
        out.push({ src, passages: src.passages.filter((p) => want.has(p.n)), scoped: `${item.locator!.term} ${item.locator!.value}` });
      } else out.push({ src, passages: src.passages });
    }
  }
  return out;
}

/** Up to 3 passages that state the figure, ranked by how well their words match the sentence. */
export function suggestFor(index: CorpusIndex, model: DraftModel, f: Figure, sentence: [number, number], limit = 3): Suggestion[] {
  return index.suggestPassages(f, model.prose.slice(sentence[0], sentence[1]), limit).map(({ id, score, figure }) => {
    const p = index.passage(id)!;
    const src = index.sourceOfPassage(id)!;
    return {
      key: src.key,
      n: p.n,
      locator: `para. ${p.n}`,
      title: src.title,
      score: Math.round(score * 1000) / 1000,
      file: src.file,
      startLine: p.startLine,
      endLine: p.endLine,
      figureText: figure.text.trim(),
    };
  });
}

/** Normalise quote marks, whitespace and case. */
export function normalizeForQuote(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim();
}

/** A quotation split at ellipses and [editorial insertions]; each fragment must appear. */
export function quoteFragments(q: string): string[] {
  return normalizeForQuote(q)
    .split(/\s*(?:\.\.\.|…|\[[^\]]*\])\s*/)
    .map((s) => s.replace(/^[\s"',.;:!?]+|[\s"',.;:!?]+$/g, ''))
    .filter((s) => s.split(' ').length >= 2);
}

const normCache = new WeakMap<Source, string>();
function normalizedSourceText(src: Source): string {
  let s = normCache.get(src);
  if (s === undefined) {
    s = normalizeForQuote(src.passages.map((p) => p.text).join(' '));
    normCache.set(src, s);
  }
  return s;
}
