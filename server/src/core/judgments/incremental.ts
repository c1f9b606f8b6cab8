/**
 * Incremental checking for drafts being edited. The draft is cut into chunks
 * at blank lines that cannot be inside a Markdown construct (the parser's own
 * chunk boundaries: not in fenced code, front matter or multi-line HTML, and
 * not before an indented continuation line). Each chunk is parsed and checked
 * on its own, and the
 * result is cached by the chunk's text: after a one-character edit only the
 * edited paragraph is parsed and checked again. Citation scope never crosses
 * a paragraph, so chunked results equal a whole-document check.
 */
import { CorpusIndex } from '../index/index';
import { draftLang, parseDraft, shiftCitation, splitChunks } from '../parse/draft';
import { Settings } from '../settings';
import { DraftModel, Judgment } from '../types';
import { checkDraft, CheckResult } from './check';

export interface Chunk {
  start: number;
  end: number;
}

/**
 * Split a draft into independently parseable chunks (offsets into `text`),
 * at the parser's own chunk boundaries (see `splitChunks`), without the
 * trailing blank lines.
 */
export function chunkDraft(text: string): Chunk[] {
  const starts = splitChunks(text);
  const out: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    let end = i + 1 < starts.length ? starts[i + 1] : text.length;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
}

export interface ChunkResult {
  model: DraftModel;
  check: CheckResult;
}

/** One chunk of a checked draft: its offset and text, and its result in chunk-relative offsets. */
export interface CheckedChunk {
  start: number;
  text: string;
  res: ChunkResult;
}

export interface IncrementalCheck extends CheckResult {
  /** The whole draft's model (assembled from the chunks on first use). */
  model: DraftModel;
  /** Per-chunk results, for adapters that can reuse work per chunk (diagnostics). */
  parts: CheckedChunk[];
  /** How many chunks were parsed and checked anew (the rest came from the cache). */
  fresh: number;
  chunks: number;
}

/** Checks successive versions of one draft, re-checking only chunks whose text changed. */
export class DraftChecker {
  private cache = new Map<string, ChunkResult>();
  private indexVersion = -1;
  private index: CorpusIndex | undefined;
  private settings: Settings | undefined;
  private lang: string | undefined;

  check(text: string, index: CorpusIndex, settings: Settings): IncrementalCheck {
    // The draft's front matter `lang:` applies to every chunk's figures.
    const lang = draftLang(text);
    if (index !== this.index || index.version !== this.indexVersion || settings !== this.settings || lang !== this.lang) {
      this.lang = lang;
      this.cache.clear();
      this.index = index;
      this.indexVersion = index.version;
      this.settings = settings;
    }
    const chunks = chunkDraft(text);
    const next = new Map<string, ChunkResult>();
    const parts: CheckedChunk[] = [];
    let fresh = 0;
    for (const chunk of chunks) {
      const t = text.slice(chunk.start, chunk.end);
      let res = next.get(t) ?? this.cache.get(t);
      if (!res) {
        const model = parseDraft(t, lang ? { lang } : {});
        res = { model, check: checkDraft(model, index, settings) };
        fresh++;
      }
      next.set(t, res);
      parts.push({ start: chunk.start, text: t, res });
    }
    this.cache = next;
    return lazyCheck(text, parts, fresh);
  }
}

/**
 * The whole-draft view, assembled only when something asks for it: publishing
 * diagnostics works per chunk and never needs it, so an edit that touched one
 * paragraph does not pay for shifting every other paragraph's results.
 */
function lazyCheck(text: string, parts: CheckedChunk[], fresh: number): IncrementalCheck {
  let whole: (CheckResult & { model: DraftModel }) | undefined;
  const get = () => (whole ??= assemble(text, parts));
  return {
    parts,
    fresh,
    chunks: parts.length,
    get model() {
      return get().model;
    },
    get judgments() {
      return get().judgments;
    },
    get figures() {
      return get().figures;
    },
    get quotes() {
      return get().quotes;
    },
  };
}

/** One model and one result for the whole draft, from per-chunk results shifted to their offsets. */
function assemble(text: string, parts: CheckedChunk[]): CheckResult & { model: DraftModel } {
  const model: DraftModel = { text, prose: '', blocks: [], sentences: [], citations: [], quotes: [] };
  const lang = parts.find((p) => p.res.model.lang)?.res.model.lang;
  if (lang) model.lang = lang;
  const judgments: Judgment[] = [];
  const figures: CheckResult['figures'] = [];
  const quotes: CheckResult['quotes'] = [];
  const prose: string[] = [];
  let at = 0;
  for (const { start: d, text: t, res } of parts) {
    prose.push(text.slice(at, d).replace(/[^\n]/g, ' '), res.model.prose);
    at = d + t.length;
    const blockBase = model.blocks.length;
    for (const b of res.model.blocks) model.blocks.push({ ...b, start: b.start + d, end: b.end + d });
    for (const s of res.model.sentences) model.sentences.push({ start: s.start + d, end: s.end + d, block: s.block + blockBase });
    for (const c of res.model.citations) model.citations.push(shiftCitation(c, d));
    for (const q of res.model.quotes) model.quotes.push({ ...q, start: q.start + d, end: q.end + d });
    for (const j of res.check.judgments) {
      judgments.push({ ...j, start: j.start + d, end: j.end + d, figure: j.figure ? { ...j.figure, start: j.figure.start + d, end: j.figure.end + d } : undefined });
    }
    for (const f of res.check.figures) {
      figures.push({ ...f, figure: { ...f.figure, start: f.figure.start + d, end: f.figure.end + d }, sentenceStart: f.sentenceStart + d, sentenceEnd: f.sentenceEnd + d });
    }
    for (const q of res.check.quotes) quotes.push({ ...q, quote: { ...q.quote, start: q.quote.start + d, end: q.quote.end + d } });
  }
  prose.push(text.slice(at).replace(/[^\n]/g, ' '));
  model.prose = prose.join('');
  return { model, judgments, figures, quotes };
}
