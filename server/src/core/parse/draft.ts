/**
 * Draft parsing: Markdown text -> DraftModel (prose blocks, a masked prose view,
 * Pandoc citations, sentences, quotations and citable ranges), all with exact offsets
 * into the text.
 *
 * The text is cut into independent top-level chunks (chunks.ts), the chunks are parsed
 * (markdown.ts) and placed at their offsets (model.ts). Reference definitions apply to the
 * whole document, so each chunk is parsed with synthetic copies of them. This module keeps
 * no cache: the draft analysis (judgments/incremental.ts) is the only cache of parsed chunks,
 * and it parses through `parseChunksOf`, so both give the same model.
 */
import { DraftModel } from '../types';
import { Chunk, chunksOf, definitionsSource, defsId, draftLang, guessDefinitionLabels } from './chunks';
import { ChunkModel, parseChunkTexts } from './markdown';
import { draftTooLarge, uncheckedRange } from './limits';
import { chunkDraftModel, joinModels } from './model';

export { draftLang, splitChunks, chunkDraft } from './chunks';
export { isCitableOffset, shiftCitation } from './model';
export type { ChunkModel } from './markdown';

export interface ParseOptions {
  /** Let plain-paragraph chunks bypass the Markdown parser (default true). */
  fastPath?: boolean;
  /** Cut the text into chunks at safe blank lines (default true). */
  chunk?: boolean;
  /**
   * The text is a chunk from inside a larger document, not its start: no front matter and
   * no leading-BOM stripping, exactly as when the whole document is parsed (issue 9 fuzzing).
   */
  midDocument?: boolean;
  /** Language of the draft's figures (default: the front matter's `lang:`, else English). */
  lang?: string;
}

/** The model of a draft over the 5 MB limit: nothing parsed, one reason on the first line. */
export function tooLargeModel(text: string, reason: string): DraftModel {
  return { text, prose: text.replace(/[^\r\n]/g, ' '), blocks: [], sentences: [], citations: [], quotes: [], citable: [], unchecked: [uncheckedRange(text.slice(0, 10000), reason)] };
}

export function parseDraft(text: string, options: ParseOptions = {}): DraftModel {
  const tooLarge = draftTooLarge(text);
  if (tooLarge) return tooLargeModel(text, tooLarge);
  const chunks = options.chunk === false ? [{ start: 0, end: text.length }] : chunksOf(text);
  const parsed = parseChunksOf(text, chunks, { startsDocument: !options.midDocument, fastPath: options.fastPath !== false });
  // a chunk from inside a document has no front matter of its own: its language is the caller's
  const lang = options.lang ?? (options.midDocument ? undefined : draftLang(text));
  return joinModels(
    text,
    chunks.map((c, i) => ({ start: c.start, model: chunkDraftModel('', parsed[i]) })),
    lang,
  );
}

/**
 * The model of the one chunk that holds `offset` (offsets relative to its `base`), for a quick
 * answer when no analysis of this very text exists (completion while a large draft's new
 * version is being checked): one chunk is parsed, not the whole draft. Definitions are the
 * guessed ones (see parseChunksOf).
 */
export function chunkModelAt(text: string, offset: number): { base: number; model: DraftModel } {
  if (draftTooLarge(text)) return { base: 0, model: tooLargeModel('', 'too large') };
  const chunks = chunksOf(text);
  let c = chunks[0];
  for (const k of chunks) if (k.start <= offset) c = k;
  const src = text.slice(c.start, c.end);
  const [m] = parseChunkTexts([src], definitionsSource(guessDefinitionLabels(text)), c.start === 0);
  return { base: c.start, model: chunkDraftModel(src, m) };
}

export interface ChunkParseOptions {
  /** The first chunk is the document's start (front matter, a leading BOM). */
  startsDocument: boolean;
  fastPath?: boolean;
  /** Results known already, by cache key (see `chunkKey`); new ones are added to `fresh`. */
  known?: (key: string) => ChunkModel | undefined;
  fresh?: Map<string, ChunkModel>;
}

/** The cache key of a chunk's parse: its text, the definitions in force, and whether it starts the document. */
export function chunkKey(chunkText: string, defs: string, first: boolean): string {
  return (first ? '\u0001' : '') + (defs ? defsId(defs) + '\u0000' + chunkText : chunkText);
}

/**
 * Parse the chunks of a document (tiling it in order). First guess the definition labels
 * from the text; if the parser finds a different set of real definitions (one inside a code
 * block, say), parse again with those.
 */
export function parseChunksOf(text: string, chunks: Chunk[], opts: ChunkParseOptions): ChunkModel[] {
  const guess = definitionsSource(guessDefinitionLabels(text));
  let results = parseWith(text, chunks, guess, opts);
  const real = definitionsSource(results.flatMap((r) => r.defs));
  if (real !== guess) results = parseWith(text, chunks, real, opts);
  return results;
}

function parseWith(text: string, chunks: Chunk[], defs: string, opts: ChunkParseOptions): ChunkModel[] {
  const out: ChunkModel[] = new Array(chunks.length);
  const missing: number[] = [];
  const keys: string[] = [];
  chunks.forEach((c, i) => {
    const key = opts.known || opts.fresh ? chunkKey(text.slice(c.start, c.end), defs, i === 0 && opts.startsDocument) : '';
    keys[i] = key;
    const hit = opts.known?.(key) ?? opts.fresh?.get(key);
    if (hit) out[i] = hit;
    else missing.push(i);
  });
  if (missing.length) {
    const startsDocument = missing[0] === 0 && opts.startsDocument;
    const parsed = parseChunkTexts(missing.map((i) => text.slice(chunks[i].start, chunks[i].end)), defs, startsDocument, opts.fastPath !== false);
    missing.forEach((i, k) => {
      out[i] = parsed[k];
      opts.fresh?.set(keys[i], parsed[k]);
    });
  }
  return out;
}
