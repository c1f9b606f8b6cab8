/**
 * What the checks and the editor features ask of an index. CorpusIndex answers
 * in process; a remote engine (OpenSearch or similar, see docs/remote-index.md)
 * could answer the same questions for a shared archive too large for one
 * machine. Only the index's query side is here: building and persisting stay
 * with each implementation.
 */
import type { Figure, Passage, Source } from '../types';
import type { FigureHit, PassageHit } from './corpusIndex';
import type { FigureMatches } from './figureIndex';

export interface SearchBackend {
  /** Changes whenever the indexed corpus does (callers key their caches on it). */
  readonly version: number;
  readonly sourceCount: number;
  readonly passageCount: number;

  // Source registry: keys, metadata and passage texts.
  sources(): Source[];
  byKey(key: string): Source | undefined;
  passage(id: number): Passage | undefined;
  sourceOfPassage(id: number): Source | undefined;

  // Figure index: passages stating a quantity within the draft's precision.
  figureCandidates(f: Figure): FigureMatches;
  passagesWithFigure(f: Figure, limit?: number): FigureHit[];

  // Ranking: passages and sources for a sentence (words, proximity, figures).
  rankPassages(text: string, figures: Figure[], opts?: RankOptions): PassageHit[];
  rankSources(text: string, figures: Figure[], limit?: number): PassageHit[];
  rankCandidates(text: string, candidates: Uint32Array, limit?: number): { id: number; score: number; at: number }[];
  suggestPassages(f: Figure, text: string, limit?: number): { id: number; score: number; figure: Figure }[];

  // Sources by name: fuzzy key/title/author search, and keys near an unknown one.
  fuzzySources(query: string, limit?: number): Source[];
  nearestKeys(key: string, n?: number): string[];
}

/** Options of rankPassages. */
export interface RankOptions {
  limit?: number;
  /** Score only these passages. */
  only?: Iterable<number>;
  /**
   * Only passages holding every index term of the text that the index knows (a quotation's words): when at most
   * RANK_PARAMS.rerank passages do, just those are ranked; otherwise the ranking is the usual one.
   */
  holdingAll?: boolean;
}
