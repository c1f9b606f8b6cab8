/**
 * Incremental checking for drafts being edited. The draft is cut into chunks
 * at blank lines that cannot be inside a Markdown construct (not in a fenced
 * code block, front matter or HTML comment, and not before an indented
 * continuation line). Each chunk is parsed and checked on its own, and the
 * result is cached by the chunk's text: after a one-character edit only the
 * edited paragraph is parsed and checked again. Citation scope never crosses
 * a paragraph, so chunked results equal a whole-document check.
 */
import { CorpusIndex } from '../index/index';
import { parseDraft } from '../parse/draft';
import { Settings } from '../settings';
import { Citation, DraftModel, Judgment } from '../types';
import { checkDraft, CheckResult } from './check';

export interface Chunk {
  start: number;
  end: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Split a draft into independently parseable chunks (offsets into `text`). */
export function chunkDraft(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const n = text.length;
  let lineStart = 0;
  let chunkStart = -1;
  let lastContentEnd = -1;
  let fence: string | undefined;
  let inComment = false;
  let frontMatter: string | undefined;
  let lineNo = 0;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const line = text.slice(lineStart, lineEnd);
    const blank = line.trim() === '';
    if (lineNo === 0 && (line === '---' || line === '+++')) frontMatter = line;
    else if (frontMatter && (line === frontMatter || (frontMatter === '---' && line === '...'))) frontMatter = frontMatter + '!';
    const inFront = frontMatter !== undefined && !frontMatter.endsWith('!');
    if (!blank) {
      if (chunkStart < 0) chunkStart = lineStart;
      lastContentEnd = lineEnd;
      const f = FENCE.exec(line);
      if (f && !inFront) {
        if (!fence) fence = f[1];
        else if (f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      }
      if (!fence) {
        if (!inComment && line.includes('<!--') && !line.slice(line.lastIndexOf('<!--')).includes('-->')) inComment = true;
        else if (inComment && line.includes('-->')) inComment = false;
      }
    } else if (chunkStart >= 0 && !fence && !inComment && !inFront) {
      // Split here unless the next content line is indented (list continuation, indented code).
      let next = lineEnd + 1;
      while (next < n) {
        const e = text.indexOf('\n', next);
        const l = text.slice(next, e < 0 ? n : e);
        if (l.trim() !== '') break;
        next = e < 0 ? n : e + 1;
      }
      const indented = next < n && (text[next] === ' ' || text[next] === '\t');
      if (!indented) {
        chunks.push({ start: chunkStart, end: lastContentEnd });
        chunkStart = -1;
      }
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + 1;
    lineNo++;
  }
  if (chunkStart >= 0) chunks.push({ start: chunkStart, end: lastContentEnd });
  return chunks;
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

function shiftCitation(c: Citation, d: number): Citation {
  return {
    ...c,
    start: c.start + d,
    end: c.end + d,
    items: c.items.map((i) => ({
      ...i,
      keyStart: i.keyStart + d,
      keyEnd: i.keyEnd + d,
      start: i.start + d,
      end: i.end + d,
      locator: i.locator ? { ...i.locator, start: i.locator.start + d, end: i.locator.end + d } : undefined,
    })),
  };
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
