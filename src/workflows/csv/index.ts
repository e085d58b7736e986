export { csvProfileWorkflow } from './workflow';
export type { CsvParams, DelimiterOption, QuoteOption } from './head';
export type { CsvProfileResult } from './partial';
export { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';
export type { ColumnProfile, ColumnType, TopValue } from './summary';
export { DELIMITERS, type Delimiter } from './sniff';
