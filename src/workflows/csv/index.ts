export { csvProfileWorkflow } from './workflow';
export type { CsvParams, CsvProfileResult, DelimiterOption, QuoteOption } from './profile';
export { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';
export type { ColumnProfile, ColumnType, TopValue } from './column';
export { DELIMITERS, type Delimiter } from './sniff';
export { EXACT_DISTINCT_LIMIT, TOP_N, TYPE_MIN_SHARE } from './column';
