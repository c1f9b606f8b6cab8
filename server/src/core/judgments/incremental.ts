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
import { parseDraft, shiftCitation, splitChunks } from '../parse/draft';
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

interface ChunkResult {
  model: DraftModel;
  check: CheckResult;
}

export interface IncrementalCheck extends CheckResult {
  model: DraftModel;
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

  check(text: string, index: CorpusIndex, settings: Settings): IncrementalCheck {
    if (index !== this.index || index.version !== this.indexVersion || settings !== this.settings) {
      this.cache.clear();
      this.index = index;
      this.indexVersion = index.version;
      this.settings = settings;
    }
    const chunks = chunkDraft(text);
    const next = new Map<string, ChunkResult>();
    const parts: { chunk: Chunk; res: ChunkResult }[] = [];
    let fresh = 0;
    for (const chunk of chunks) {
      const t = text.slice(chunk.start, chunk.end);
      let res = next.get(t) ?? this.cache.get(t);
      if (!res) {
        const model = parseDraft(t);
        res = { model, check: checkDraft(model, index, settings) };
        fresh++;
      }
      next.set(t, res);
      parts.push({ chunk, res });
    }
    this.cache = next;
    return { ...assemble(text, parts), fresh, chunks: chunks.length };
  }
}

/** One model and one result for the whole draft, from per-chunk results shifted to their offsets. */
function assemble(text: string, parts: { chunk: Chunk; res: ChunkResult }[]): CheckResult & { model: DraftModel } {
  const model: DraftModel = { text, prose: '', blocks: [], sentences: [], citations: [], quotes: [] };
  const judgments: Judgment[] = [];
  const figures: CheckResult['figures'] = [];
  const prose: string[] = [];
  let at = 0;
  for (const { chunk, res } of parts) {
    const d = chunk.start;
    prose.push(text.slice(at, d).replace(/[^\n]/g, ' '), res.model.prose);
    at = chunk.end;
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
  }
  prose.push(text.slice(at).replace(/[^\n]/g, ' '));
  model.prose = prose.join('');
  return { model, judgments, figures };
}
