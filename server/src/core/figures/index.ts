/** Figure extraction and matching (pure core; no editor or LSP imports). */
export { extractFigures } from './extract';
export type { ExtractOptions } from './extract';
export { figureMatches, unitsCompatible, figureBucket, describeFigure, closerOfKind, candidateRange, convertValue } from './match';
export { parseWrittenNumber, scaleDigits, halfUnit } from './numbers';
export { detectLang, localeFor } from './locale';
export { toBase, unitByCode } from './units';
export type { WrittenNumber } from './numbers';
