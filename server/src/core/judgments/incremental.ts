/**
 * The draft analysis: one immutable result per version of a draft (parse, sentences,
 * figures, citations, citable ranges and judgments), and the checker that builds it
 * incrementally. It is the only chunker and the only cache of parsed and checked chunks:
 * the text is cut into chunks (parse/chunks.ts), each chunk is parsed and checked on its
 * own, and its result is kept by the chunk's text (and the reference definitions in force),
 * so after a one-character edit only the edited paragraph is parsed and checked again.
 * Citation scope never crosses a paragraph, so chunked results equal a whole-document
 * check. Every feature (diagnostics, hover, completion, code actions, report, CLI) reads
 * the analysis; the whole-draft views are assembled once, on first use.
 *
 * Long drafts are checked cooperatively (`checkAsync`): in steps of one parser batch or one
 * chunk check, yielding to the event loop between time slices, and stopped when a newer
 * version arrives. With `eagerJudgments` (the language server), the chunks past the draft's
 * first that many judgments are only counted, and checked in full when first read.
 */
import { CorpusIndex } from '../index/index';
import { Chunk, chunksOf, definitionsSource, draftLang, guessDefinitionLabels } from '../parse/chunks';
import { chunkKey, tooLargeModel } from '../parse/draft';
import { BATCH_CHARS, ChunkModel, parseChunkTexts } from '../parse/markdown';
import { chunkDraftModel, joinModels, lastStartingBy } from '../parse/model';
import { Settings } from '../settings';
import { DraftModel, Figure, Judgment } from '../types';
import { checkDraft, CheckResult, countJudgments } from './check';
import { draftTooLarge } from '../parse/limits';
import { ownCopy } from '../text/copy';

export { chunkDraft } from '../parse/chunks';
export type { Chunk } from '../parse/chunks';

/** One chunk's model and judgments, in chunk-relative offsets. */
export interface ChunkResult {
  model: DraftModel;
  /** The chunk's checks; a deferred chunk (see DraftChecker's `eagerJudgments`) runs them on first read. */
  readonly check: CheckResult;
  /** How many judgments `check` has (known without reading it). */
  readonly count: number;
}

/** One chunk of a checked draft: its offset and text, and its result in chunk-relative offsets. */
export interface CheckedChunk {
  start: number;
  text: string;
  res: ChunkResult;
}

/** The analysis of one version of a draft. Never changed once built. */
export interface DraftAnalysis extends CheckResult {
  /** The whole draft's model (assembled from the chunks on first use). */
  readonly model: DraftModel;
  /** Per-chunk results, for adapters that can reuse work per chunk (diagnostics). */
  readonly parts: readonly CheckedChunk[];
  /** How many chunks were parsed and checked anew (the rest came from the cache). */
  readonly fresh: number;
  readonly chunks: number;
  /**
   * How many judgments the draft has. Counted while the analysis was built (no walk over every
   * chunk), except, with `eagerJudgments`, the chunks past the first that many judgments: those
   * are counted by countAsync, in time slices, or all at once when this is read first.
   */
  readonly judgmentCount: number;
  /** Whether judgmentCount is known without counting any chunk now. */
  readonly judgmentCountKnown: boolean;
  /** The judgments whose range holds `offset` (ends included), in draft order, without shifting the others. */
  judgmentsAt(offset: number): Judgment[];
  /** The draft's figures lying wholly inside [start, end), in draft order (draftFigures without shifting them all). */
  figuresBetween(start: number, end: number): Figure[];
  /**
   * A model of the draft for lookups at `offset` (a hover): the whole text and prose, but the blocks,
   * sentences, citations and quotes of the chunks around `offset` only (citation scope never crosses a
   * chunk). Built per call and not kept, unlike `model`, whose lists of a long draft's every sentence
   * lived as long as the version and went to the old generation with it (issue 13).
   */
  modelAround(offset: number): DraftModel;
}


/**
 * Wall-clock milliseconds of work between yields to the event loop in `checkAsync`. A request
 * for another document waits at most about this long plus one step (one parser batch of
 * PARSE_STEP_CHARS or one paragraph's checks).
 */
export const SLICE_MS = 5;

/** Characters of chunks parsed in one step of a cooperative check (one parser batch). */
const PARSE_STEP_CHARS = BATCH_CHARS;

export interface DraftCheckerOptions {
  /**
   * Check chunks in full only until the draft has this many judgments (in draft order); past that,
   * a chunk waits: its judgments are counted when the total is first needed (countAsync, or reading
   * judgmentCount; check.ts countJudgments, about half the work of a check) and it is checked in
   * full when something first reads its `check` (a hover there, the report, the diagnostics of a
   * draft whose first paragraphs were deleted). The language server publishes the first
   * MAX_DIAGNOSTICS diagnostics, then the total once counted, so it sets this to that number; the
   * default checks every chunk at once. Either way the judgments read are the same.
   */
  eagerJudgments?: number;
}

/**
 * A chunk past the eager judgments: its judgments counted on first need (the draft's total,
 * counted in time slices after the first diagnostics are out: countAsync), its checks run on
 * first read. Both read the index then: one read after the index changed (an analysis kept as
 * the last good one while the new one is built) reflects the new index.
 */
class DeferredChunk implements ChunkResult {
  private done: CheckResult | undefined;
  private counted: number | undefined;
  constructor(
    readonly model: DraftModel,
    private index: CorpusIndex | undefined,
    private settings: Settings | undefined,
  ) {}
  get count(): number {
    if (this.done) return this.done.judgments.length;
    return (this.counted ??= countJudgments(this.model, this.index!, this.settings!));
  }
  /** True once the count is known without more work. */
  get isCounted(): boolean {
    return this.done !== undefined || this.counted !== undefined;
  }
  get check(): CheckResult {
    return this.run();
  }
  run(): CheckResult {
    if (!this.done) {
      this.done = exactSize(checkDraft(this.model, this.index!, this.settings!));
      this.index = this.settings = undefined;
    }
    return this.done;
  }
  /** True once the checks have run. */
  get checked(): boolean {
    return this.done !== undefined;
  }
}

/** Whether reading `res.check` would run a chunk's checks now (a deferred chunk not read yet). */
export function isDeferred(res: ChunkResult): boolean {
  return res instanceof DeferredChunk && !res.checked;
}

/** Builds the analyses of successive versions of one draft, re-doing only chunks whose text changed. */
export class DraftChecker {
  private readonly eagerJudgments: number;
  constructor(opts: DraftCheckerOptions = {}) {
    this.eagerJudgments = opts.eagerJudgments ?? Infinity;
  }

  /** Parsed chunks by key (parse/draft.ts chunkKey); they do not depend on the index or settings. */
  private parsed = new Map<string, ChunkModel>();
  /** Checked chunks by key, valid for `index` at `indexVersion`, `settings` and `lang`. */
  private checked = new Map<string, ChunkResult>();
  private indexVersion = -1;
  private index: CorpusIndex | undefined;
  private settings: Settings | undefined;
  private lang: string | undefined;

  check(text: string, index: CorpusIndex, settings: Settings): DraftAnalysis {
    const steps = this.steps(text, index, settings);
    let r = steps.next();
    while (!r.done) r = steps.next();
    return r.value;
  }

  /**
   * The same check, yielding to the event loop about every `sliceMs` of work (between
   * steps), so one long draft never blocks requests for other documents. Resolves
   * undefined when `shouldStop()` turns true (a newer version, a cancelled request) or the
   * index changes under it; the chunks done so far stay cached for the next run.
   */
  async checkAsync(text: string, index: CorpusIndex, settings: Settings, shouldStop: () => boolean, sliceMs = SLICE_MS): Promise<DraftAnalysis | undefined> {
    const version = index.version;
    const steps = this.steps(text, index, settings);
    let t0 = Date.now();
    let r = steps.next();
    while (!r.done) {
      if (Date.now() - t0 >= sliceMs) {
        await yieldToRequests();
        if (shouldStop() || index.version !== version) return undefined;
        t0 = Date.now();
      }
      r = steps.next();
    }
    return r.value;
  }

  /** The check as steps: one per parser batch and one per chunk checked anew. */
  private *steps(text: string, index: CorpusIndex, settings: Settings): Generator<void, DraftAnalysis> {
    // The draft's front matter `lang:` applies to every chunk's figures.
    const lang = draftLang(text);
    if (index !== this.index || index.version !== this.indexVersion || settings !== this.settings || lang !== this.lang) {
      // Checks depend on the index, settings and language; parsing does not: keep the parsed chunks.
      this.checked = new Map();
      this.index = index;
      this.indexVersion = index.version;
      this.settings = settings;
      this.lang = lang;
    }
    const tooLarge = draftTooLarge(text);
    if (tooLarge) {
      // Past the size limit: one judgment on the first line, no parsing at all.
      const head = text.slice(0, 10000);
      const model = tooLargeModel(head, tooLarge);
      this.checked = new Map();
      this.parsed = new Map();
      const check = checkDraft(model, index, settings);
      return analysis(text, [{ start: 0, text: head, res: { model, check, count: check.judgments.length } }], 1, lang, check.judgments.length, () => tooLargeModel(text, tooLarge));
    }
    const chunks = chunksOf(text);
    // Reference definitions apply to the whole draft: guess them from the text, and parse
    // again with the real ones when the parser finds others (one inside a code block, say).
    const guess = definitionsSource(guessDefinitionLabels(text));
    let parsed = yield* this.parseSteps(text, chunks, guess);
    const real = definitionsSource(parsed.models.flatMap((m) => m.defs));
    const defs = real === guess ? guess : real;
    if (real !== guess) parsed = yield* this.parseSteps(text, chunks, real);
    // The chunk keys the last parse worked out are this check's keys (the same definitions).
    const { models, keys: chunkKeys } = parsed;
    const parts: CheckedChunk[] = [];
    const keys = new Set<string>();
    let fresh = 0;
    let count = 0;
    let uncounted = false;
    for (let i = 0; i < chunks.length; i++) {
      const key = chunkKeys[i];
      keys.add(key);
      let res = this.checked.get(key);
      if (!res) {
        const own = ownCopy(text.slice(chunks[i].start, chunks[i].end));
        const model = chunkDraftModel(own, models[i], lang);
        if (count < this.eagerJudgments) {
          const check = exactSize(checkDraft(model, index, settings));
          res = { model, check, count: check.judgments.length };
        } else {
          res = new DeferredChunk(model, index, settings);
        }
        this.checked.set(chunkKey(own, defs, i === 0), res);
        fresh++;
        yield;
      } else if (count < this.eagerJudgments && res instanceof DeferredChunk && !res.checked) {
        // A paragraph deferred in an earlier version now holds one of the first judgments (the text
        // before it shrank): check it here, in a step, rather than when the diagnostics read it.
        res.run();
        yield;
      }
      parts.push({ start: chunks[i].start, text: res.model.text, res });
      // Exact up to the eager judgments; past them the chunks counted already add up, and the
      // others are counted later (countAsync), after the first diagnostics are out.
      if (count < this.eagerJudgments || !(res instanceof DeferredChunk) || res.isCounted) count += res.count;
      else uncounted = true;
    }
    // Keep only this version's chunks.
    for (const k of this.checked.keys()) if (!keys.has(k)) this.checked.delete(k);
    for (const k of this.parsed.keys()) if (!keys.has(k)) this.parsed.delete(k);
    return analysis(text, parts, fresh, lang, uncounted ? undefined : count);
  }

  /** Parse the chunks not parsed yet (with these definitions), one parser batch per step. */
  private *parseSteps(text: string, chunks: Chunk[], defs: string): Generator<void, { models: ChunkModel[]; keys: string[] }> {
    const out: ChunkModel[] = new Array(chunks.length);
    const keys: string[] = new Array(chunks.length);
    let group: number[] = [];
    let size = 0;
    const flush = (): void => {
      const parsed = parseChunkTexts(group.map((i) => text.slice(chunks[i].start, chunks[i].end)), defs, group[0] === 0);
      group.forEach((i, k) => {
        out[i] = parsed[k];
        this.parsed.set(ownCopy(keys[i]), parsed[k]);
      });
      group = [];
      size = 0;
    };
    for (let i = 0; i < chunks.length; i++) {
      const t = text.slice(chunks[i].start, chunks[i].end);
      keys[i] = chunkKey(t, defs, i === 0);
      const hit = this.parsed.get(keys[i]);
      if (hit) {
        out[i] = hit;
        continue;
      }
      group.push(i);
      size += t.length;
      if (size >= PARSE_STEP_CHARS) {
        flush();
        yield;
      }
    }
    if (group.length) flush();
    return { models: out, keys };
  }
}

/**
 * Run the deferred chunks' checks of an analysis (see DraftCheckerOptions) in time slices, as
 * checkAsync does, so that reading all of its judgments afterwards (the citation report) does not
 * block other requests for the whole draft's checks. Resolves false when `shouldStop()` turned true
 * first (the chunks run so far stay run).
 */
export function settleAsync(a: DraftAnalysis, shouldStop: () => boolean, sliceMs = SLICE_MS): Promise<boolean> {
  return eachWaiting(a, (c) => c.checked, (c) => c.run(), shouldStop, sliceMs);
}

/**
 * Count the judgments of an analysis's chunks not counted yet (past the first `eagerJudgments`:
 * see DraftChecker's options), in time slices as checkAsync does, so the language server can
 * publish the first diagnostics before the total is known and the total after. Resolves false
 * when `shouldStop()` turned true first (the chunks counted so far stay counted).
 */
export function countAsync(a: DraftAnalysis, shouldStop: () => boolean, sliceMs = SLICE_MS): Promise<boolean> {
  return eachWaiting(a, (c) => c.isCounted, (c) => void c.count, shouldStop, sliceMs);
}

/** Do `work` on each deferred chunk not `done` yet, yielding to requests about every `sliceMs`; false when stopped. */
async function eachWaiting(a: DraftAnalysis, done: (c: DeferredChunk) => boolean, work: (c: DeferredChunk) => void, shouldStop: () => boolean, sliceMs: number): Promise<boolean> {
  let t0 = Date.now();
  for (const part of a.parts) {
    if (!(part.res instanceof DeferredChunk) || done(part.res)) continue;
    if (Date.now() - t0 >= sliceMs) {
      await yieldToRequests();
      if (shouldStop()) return false;
      t0 = Date.now();
    }
    work(part.res);
  }
  return true;
}

/**
 * A chunk's check result with exact-size lists: it is cached as long as the chunk's text stays,
 * and a list grown by push keeps room for 17 entries or more (on a draft of 40,000 short
 * paragraphs, hundreds of bytes per chunk that the garbage collector copies and marks).
 */
function exactSize(c: CheckResult): CheckResult {
  return { judgments: c.judgments.slice(), figures: c.figures.slice(), quotes: c.quotes.slice(), draftFigures: c.draftFigures.slice() };
}

/**
 * Let the event loop run everything waiting, requests first. Two hops: the first lands in the
 * same check phase as the immediates the language server's message queue set up when a
 * request arrived, so those run before the second hop, and a request never waits for a slice
 * started after it arrived.
 */
async function yieldToRequests(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The analysis of one version. The whole-draft views are assembled only when something
 * asks for them: publishing diagnostics works per chunk and never needs them, so an edit
 * that touched one paragraph does not pay for shifting every other paragraph's results.
 */
function analysis(text: string, parts: CheckedChunk[], fresh: number, lang: string | undefined, counted: number | undefined, wholeModel?: () => DraftModel): DraftAnalysis {
  let model: DraftModel | undefined;
  // Each whole-draft list is shifted on first use, apart: a hover reads a sentence's figures, not every judgment.
  let judgments: Judgment[] | undefined;
  let figures: CheckResult['figures'] | undefined;
  let quotes: CheckResult['quotes'] | undefined;
  let draftFigures: CheckResult['draftFigures'] | undefined;
  return Object.freeze({
    parts: Object.freeze(parts),
    fresh,
    chunks: parts.length,
    get judgmentCount() {
      return (counted ??= parts.reduce((n, p) => n + p.res.count, 0));
    },
    get judgmentCountKnown() {
      return counted !== undefined || parts.every((p) => !(p.res instanceof DeferredChunk) || p.res.isCounted);
    },
    get model() {
      return (model ??= wholeModel ? wholeModel() : joinModels(text, parts.map((p) => ({ start: p.start, model: p.res.model })), lang));
    },
    get judgments() {
      return (judgments ??= shiftJudgments(parts));
    },
    get figures() {
      return (figures ??= shiftFigures(parts));
    },
    get quotes() {
      return (quotes ??= shiftQuotes(parts));
    },
    get draftFigures() {
      return (draftFigures ??= shiftDraftFigures(parts));
    },
    modelAround(offset: number): DraftModel {
      if (model || wholeModel || parts.length <= 3) return this.model;
      const k = Math.max(0, lastStartingBy(parts, offset));
      const near = parts.slice(Math.max(0, k - 1), k + 2).map((p) => ({ start: p.start, model: p.res.model }));
      const m = joinModels(text, near, lang);
      m.prose = parts.map((p) => p.res.model.prose).join('');
      return m;
    },
    judgmentsAt(offset: number): Judgment[] {
      // A judgment lies inside its chunk; one ending at a chunk's end touches the next chunk's start.
      const k = lastStartingBy(parts, offset);
      const out: Judgment[] = [];
      for (const part of [parts[k - 1], parts[k]]) {
        if (!part) continue;
        const d = part.start;
        for (const j of part.res.check.judgments) if (j.start + d <= offset && offset <= j.end + d) out.push(shiftJudgment(j, d));
      }
      return out;
    },
    figuresBetween(start: number, end: number): Figure[] {
      const out: Figure[] = [];
      for (let k = Math.max(0, lastStartingBy(parts, start)); k < parts.length && parts[k].start < end; k++) {
        const d = parts[k].start;
        for (const f of parts[k].res.check.draftFigures) if (f.start + d >= start && f.end + d <= end) out.push(shiftFigure(f, d));
      }
      return out;
    },
  });
}

function shiftFigure(f: Figure, d: number): Figure {
  return { ...f, start: f.start + d, end: f.end + d };
}

function shiftJudgment(j: Judgment, d: number): Judgment {
  return { ...j, start: j.start + d, end: j.end + d, figure: j.figure ? shiftFigure(j.figure, d) : undefined };
}

/** The chunks' judgments at their offsets in the draft. */
function shiftJudgments(parts: CheckedChunk[]): Judgment[] {
  const out: Judgment[] = [];
  for (const { start: d, res } of parts) for (const j of res.check.judgments) out.push(shiftJudgment(j, d));
  return out;
}

function shiftFigures(parts: CheckedChunk[]): CheckResult['figures'] {
  const out: CheckResult['figures'] = [];
  for (const { start: d, res } of parts) {
    for (const f of res.check.figures) out.push({ ...f, figure: shiftFigure(f.figure, d), sentenceStart: f.sentenceStart + d, sentenceEnd: f.sentenceEnd + d });
  }
  return out;
}

function shiftQuotes(parts: CheckedChunk[]): CheckResult['quotes'] {
  const out: CheckResult['quotes'] = [];
  for (const { start: d, res } of parts) for (const q of res.check.quotes) out.push({ ...q, quote: { ...q.quote, start: q.quote.start + d, end: q.quote.end + d } });
  return out;
}

function shiftDraftFigures(parts: CheckedChunk[]): CheckResult['draftFigures'] {
  const out: CheckResult['draftFigures'] = [];
  for (const { start: d, res } of parts) for (const f of res.check.draftFigures) out.push(shiftFigure(f, d));
  return out;
}
