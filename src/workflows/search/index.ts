export { searchWorkflow } from './workflow';
export { SEARCH_DEFAULTS, type SearchParams, compileRegExp } from './params';
export type { SearchLine, SearchResult } from './partial';
export { MAX_LINE_TEXT } from './line-text';
export { matchRanges } from './ranges';
