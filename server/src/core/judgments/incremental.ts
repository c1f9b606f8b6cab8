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
import { draftTooLarge, uncheckedRange } from '../parse/limits';

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
    // only what Markdown treats as blank (not NBSP, BOM or U+2028, which the parser keeps as text)
    while (end > start && /[ \t\r\n]/.test(text[end - 1])) end--;
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
  /** Parsed chunks kept across an index or settings change, until the next complete check. */
  private models = new Map<string, DraftModel>();
  private indexVersion = -1;
  private index: CorpusIndex | undefined;
  private settings: Settings | undefined;
  private lang: string | undefined;

  check(text: string, index: CorpusIndex, settings: Settings): IncrementalCheck {
    const steps = this.steps(text, index, settings);
    let r = steps.next();
    while (!r.done) r = steps.next();
    return r.value;
  }

  /**
   * The same check, yielding to the event loop about every `sliceMs` of work (between
   * chunks), so one long draft never blocks requests for other documents. Resolves
   * undefined, leaving the cache as it was, when `shouldStop()` turns true (a newer
   * version, a cancelled request) or the index changes under it.
   */
  async checkAsync(text: string, index: CorpusIndex, settings: Settings, shouldStop: () => boolean, sliceMs = 8): Promise<IncrementalCheck | undefined> {
    const version = index.version;
    const steps = this.steps(text, index, settings);
    let t0 = Date.now();
    let r = steps.next();
    while (!r.done) {
      if (Date.now() - t0 >= sliceMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (shouldStop() || index.version !== version) return undefined;
        t0 = Date.now();
      }
      r = steps.next();
    }
    return r.value;
  }

  /** The check as steps: one per chunk parsed and checked anew. */
  private *steps(text: string, index: CorpusIndex, settings: Settings): Generator<void, IncrementalCheck> {
    // The draft's front matter `lang:` applies to every chunk's figures (and their parse).
    const lang = draftLang(text);
    if (lang !== this.lang) {
      this.cache.clear();
      this.models.clear();
    }
    if (index !== this.index || index.version !== this.indexVersion || settings !== this.settings || lang !== this.lang) {
      this.lang = lang;
      // Checks depend on the index and settings; parsing does not: keep the parsed chunks.
      for (const [t, r] of this.cache) this.models.set(t, r.model);
      this.cache.clear();
      this.index = index;
      this.indexVersion = index.version;
      this.settings = settings;
    }
    const tooLarge = draftTooLarge(text);
    if (tooLarge) {
      // Past the size limit: one judgment on the first line, no parsing at all.
      const head = text.slice(0, 10000);
      const model: DraftModel = { text: head, prose: head.replace(/[^\r\n]/g, ' '), blocks: [], sentences: [], citations: [], quotes: [], unchecked: [uncheckedRange(head, tooLarge)] };
      this.cache = new Map();
      return lazyCheck(text, [{ start: 0, text: head, res: { model, check: checkDraft(model, index, settings) } }], 1);
    }
    const chunks = chunkDraft(text);
    const next = new Map<string, ChunkResult>();
    const parts: CheckedChunk[] = [];
    let fresh = 0;
    for (const chunk of chunks) {
      const t = text.slice(chunk.start, chunk.end);
      // The document's first chunk parses differently (front matter, a leading BOM): keyed apart.
      const key = chunk.start > 0 ? t : '\u0001' + t;
      let res = next.get(key) ?? this.cache.get(key);
      if (!res) {
        // this checker caches parsed chunks itself (no second copy in parseDraft's cache)
        const model = this.models.get(key) ?? parseDraft(t, { cache: false, midDocument: chunk.start > 0, ...(lang ? { lang } : {}) });
        res = { model, check: checkDraft(model, index, settings) };
        fresh++;
        yield;
      }
      next.set(key, res);
      parts.push({ start: chunk.start, text: t, res });
    }
    this.cache = next;
    this.models = new Map();
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
    for (const u of res.model.unchecked ?? []) (model.unchecked ??= []).push({ ...u, start: u.start + d, end: u.end + d });
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
