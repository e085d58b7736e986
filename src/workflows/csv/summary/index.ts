/** Per-column summaries of the CSV profile: fed with bytes, mergeable, bounded snapshots. */
export { ColumnSummary, type ColumnSummarySnapshot } from './column-summary';
export { KEPT_BYTES } from './kept-text';
export { KLL_K } from './kll';
export { NEARLY_UNIQUE_SHARE, QUANTILE_RANK_ERROR } from './profile-of';
export { HISTOGRAM_BINS } from './distribution';
export { TABLE_LIMIT } from './value-table';
export { TOP_CAPACITY } from './top-sketch';
export type {
  ColumnProfile,
  ColumnType,
  Histogram,
  HistogramBin,
  Quantiles,
  TopValue,
} from './types';
