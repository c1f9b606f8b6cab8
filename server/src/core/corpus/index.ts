/** Corpus loading: split source files into articles and passages, assign keys, load folders. */
export { splitFile, parseFrontMatter, matchDateline } from './split';
export type { ParsedArticle, FrontMatter, SplitOptions } from './split';
export { makeKey, assignKeys, sanitizeId, shortHash, toAscii } from './keys';
export type { KeyItem } from './keys';
export { loadCorpus, loadFile, listCorpusFiles, relativeId, globToRegExp } from './load';
export type { LoadOptions, LoadFileOptions, LoadFileResult, CorpusLoadResult, FileStamp } from './load';
export { classifyBoilerplate, publisherFromFooter } from './boilerplate';
export type { BoilerKind, BoilerMatch } from './boilerplate';
export { parseDateLine, matchLeadingDate, normalizeDate, findDateInText } from './dates';
