/**
 * The index package: CorpusIndex (corpusIndex.ts) and its parts. Kept as the
 * import path the rest of the engine uses.
 */
export { CorpusIndex } from './corpusIndex';
export type { FigureHit, IndexSnapshot, PassageHit } from './corpusIndex';
export { levenshtein } from './levenshtein';
export type { SearchBackend } from './backend';
