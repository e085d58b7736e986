export { csvProfileWorkflow } from './workflow';
export type { CsvParams, CsvProfileResult, DelimiterOption } from './profile';
export type { ColumnProfile, ColumnType, TopValue } from './column';
export { DELIMITERS, type Delimiter } from './sniff';
export { EXACT_DISTINCT_LIMIT, TOP_N, TYPE_MIN_SHARE } from './column';
