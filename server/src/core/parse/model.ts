/**
 * The parsed draft's model and the queries on it: placing chunk results at their offsets
 * (the one place offsets are shifted), and binary-search lookups of the sentence, block,
 * citations and citable ranges at an offset. Sentences, blocks and citations are sorted
 * and disjoint (each chunk's are, and chunks tile the text in order).
 */
import { Citation, DraftBlock, DraftModel, Quote, Sentence } from '../types';
import type { ChunkModel } from './markdown';
import type { Unchecked } from './limits';

/** A citation moved by `d` characters (a chunk's result placed in the whole draft). */
export function shiftCitation(c: Citation, d: number): Citation {
  return {
    start: c.start + d,
    end: c.end + d,
    bracketed: c.bracketed,
    items: c.items.map((it) => ({
      ...it,
      keyStart: it.keyStart + d,
      keyEnd: it.keyEnd + d,
      start: it.start + d,
      end: it.end + d,
      ...(it.locator ? { locator: { ...it.locator, start: it.locator.start + d, end: it.locator.end + d, ...(it.locator.paragraphs ? { paragraphs: [...it.locator.paragraphs] } : {}) } } : {}),
    })),
  };
}

/** A chunk's model moved `d` characters right (behind a byte order mark the parser dropped). */
export function shiftChunkModel(c: ChunkModel, d: number): ChunkModel {
  const out: ChunkModel = {
    prose: ' '.repeat(d) + c.prose,
    blocks: c.blocks.map((b) => ({ ...b, start: b.start + d, end: b.end + d })),
    sentences: c.sentences.map((x) => ({ ...x, start: x.start + d, end: x.end + d })),
    citations: c.citations.map((x) => shiftCitation(x, d)),
    quotes: c.quotes.map((q) => ({ ...q, start: q.start + d, end: q.end + d })),
    citable: c.citable.map((o) => o + d),
    defs: c.defs,
  };
  if (c.unchecked) out.unchecked = { ...c.unchecked, start: c.unchecked.start + d, end: c.unchecked.end + d };
  return out;
}

/** The model of a chunk on its own (offsets relative to the chunk). */
export function chunkDraftModel(text: string, c: ChunkModel, lang?: string): DraftModel {
  const m: DraftModel = { text, prose: c.prose, blocks: c.blocks, sentences: c.sentences, citations: c.citations, quotes: c.quotes, citable: c.citable };
  if (c.unchecked) m.unchecked = [c.unchecked];
  if (lang) m.lang = lang;
  return m;
}

/** Chunk models placed at their offsets; the chunks tile `text` in order. */
export function joinModels(text: string, parts: { start: number; model: DraftModel }[], lang?: string): DraftModel {
  const proseParts: string[] = [];
  const blocks: DraftBlock[] = [];
  const sentences: Sentence[] = [];
  const citations: Citation[] = [];
  const quotes: Quote[] = [];
  const unchecked: Unchecked[] = [];
  const citable: number[] = [];
  for (const { start: d, model: r } of parts) {
    proseParts.push(r.prose);
    for (const u of r.unchecked ?? []) unchecked.push({ ...u, start: u.start + d, end: u.end + d });
    const blockBase = blocks.length;
    for (const b of r.blocks) blocks.push({ kind: b.kind, start: b.start + d, end: b.end + d });
    for (const s of r.sentences) sentences.push({ start: s.start + d, end: s.end + d, block: s.block + blockBase });
    for (const q of r.quotes) quotes.push({ text: q.text, start: q.start + d, end: q.end + d });
    for (const ct of r.citations) citations.push(shiftCitation(ct, d));
    const scan = r.citable ?? [];
    for (let i = 0; i < scan.length; i += 2) {
      const s = scan[i] + d;
      const e = scan[i + 1] + d;
      if (citable.length && citable[citable.length - 1] === s) citable[citable.length - 1] = e;
      else citable.push(s, e);
    }
  }
  const model: DraftModel = { text, prose: proseParts.join(''), blocks, sentences, citations, quotes };
  if (unchecked.length) model.unchecked = unchecked;
  if (lang) model.lang = lang;
  model.citable = citable;
  return model;
}

/** Index of the last item whose start is <= offset, or -1 (items sorted by start). */
export function lastStartingBy(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the sentence containing `offset` (its end counts as inside), or -1. */
export function sentenceAt(model: DraftModel, offset: number): number {
  const i = lastStartingBy(model.sentences, offset);
  return i >= 0 && offset <= model.sentences[i].end ? i : -1;
}

/** The sentence (start, end) around an offset (end exclusive), or the offset itself when outside sentences. */
export function sentenceRange(model: DraftModel, offset: number): [number, number] {
  const i = lastStartingBy(model.sentences, offset);
  const s = i >= 0 ? model.sentences[i] : undefined;
  return s && offset < s.end ? [s.start, s.end] : [offset, offset];
}

/** Index of the block containing `offset` (its end counts as inside), or -1. */
export function blockAt(model: DraftModel, offset: number): number {
  const i = lastStartingBy(model.blocks, offset);
  return i >= 0 && offset <= model.blocks[i].end ? i : -1;
}

/** Citations lying (at least partly) inside [s, e). */
export function citationsIn(model: DraftModel, s: number, e: number): Citation[] {
  const cs = model.citations;
  // first citation that may end after s: citations are disjoint and sorted
  let i = Math.max(0, lastStartingBy(cs, s));
  const out: Citation[] = [];
  for (; i < cs.length; i++) {
    const c = cs[i];
    if (c.start >= e) break;
    if (c.end > s) out.push(c);
  }
  return out;
}

/**
 * The citations that cover a claim at [start, end): those in the same sentence(s)
 * (scope 'sentence') or the same block(s) (scope 'paragraph').
 */
export function citationsForRange(model: DraftModel, start: number, end: number, scope: 'sentence' | 'paragraph'): Citation[] {
  if (end < start) [start, end] = [end, start];
  const last = end > start ? end - 1 : end;
  const [at, spans]: [(m: DraftModel, o: number) => number, readonly { start: number; end: number }[]] = scope === 'sentence' ? [sentenceAt, model.sentences] : [blockAt, model.blocks];
  const a = at(model, start);
  const b = at(model, last);
  if (a < 0 && b < 0) return [];
  return citationsIn(model, spans[a >= 0 ? a : b].start, spans[b >= 0 ? b : a].end);
}

/**
 * Whether `offset` lies in prose where a citation may be written (inside a prose block
 * and outside code, HTML, URLs, link destinations, images, footnote labels, front matter).
 * A model without citable ranges (built by hand) has none.
 */
export function isCitableOffset(model: DraftModel, offset: number): boolean {
  const scan = model.citable;
  if (!scan) return false;
  let lo = 0;
  let hi = scan.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scan[mid * 2 + 1] <= offset) lo = mid + 1;
    else if (scan[mid * 2] > offset) hi = mid - 1;
    else return true;
  }
  return false;
}
