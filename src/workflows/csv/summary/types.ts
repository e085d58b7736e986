/**
 * The result of one column of the CSV profile (the JSON of "Download result"): today's fields,
 * with the same meanings, and the deeper ones of issue 13. See the README for the schema.
 */
export type ColumnType = 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'string';

/** Top values a profile lists. */
export const TOP_N = 10;
/** A column gets a type when at least this share of its non-empty values fit it. */
export const TYPE_MIN_SHARE = 0.9;

export interface TopValue {
  value: string;
  /** Exact while `topEstimated` is false; else the upper bound (`countHigh`). */
  count: number;
  /** Present when estimated: the true count lies in [countLow, countHigh]. */
  countLow?: number;
  countHigh?: number;
  /** The value is longer than the kept 1,024 bytes: `value` is its start. */
  truncated?: boolean;
}

/** Numbers: [lo, hi) (the last bin [lo, hi]); dates: one month 'YYYY-MM' or years 'YYYY'. */
export interface HistogramBin {
  lo: number | string;
  hi: number | string;
  count: number;
}

export interface Histogram {
  unit: 'number' | 'month' | 'year';
  bins: HistogramBin[];
  /** Counts from the quantile sketch: each within ±2 × quantilesRankError × n of the truth. */
  estimated: boolean;
}

export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

export interface ColumnProfile {
  name: string;
  /** Rows that have this column (ragged short rows lack some). */
  count: number;
  /** Values that are the empty string. */
  empty: number;
  /** empty / count (0 when count is 0): CSV has no null but the empty value. */
  nullShare: number;
  type: ColumnType;
  /** Share of non-empty values that fit `type` (0 when there are none). */
  typeShare: number;
  /** Numbers for integer/decimal columns (over the values that are numbers), else code point order. */
  min: number | string | null;
  max: number | string | null;
  /** Integer/decimal columns only; stddev is the sample standard deviation (n − 1). */
  mean: number | null;
  stddev: number | null;
  /**
   * Integer/decimal columns only, over their numbers: pN is the smallest value with at least
   * N % of the numbers ≤ it (numpy's `inverted_cdf`). Exact while `quantilesRankError` is 0.
   */
  quantiles: Quantiles | null;
  /** 0 when exact; else the stated bound on the rank error of each quantile (0.01: 1 %). */
  quantilesRankError: number;
  /** Integer/decimal columns: 20 equal bins from min to max; date/datetime: by month or year. */
  histogram: Histogram | null;
  distinct: number;
  distinctEstimated: boolean;
  /** Most common values, most frequent first (ties in code point order). */
  top: TopValue[];
  topEstimated: boolean;
  /** Nearly every value differs (distinct ≥ 95 % of non-empty values): estimated top left out. */
  nearlyUnique: boolean;
  /** In characters (code points) of non-empty values. */
  minLength: number | null;
  maxLength: number | null;
  meanLength: number | null;
  /** Values holding invalid UTF-8 (counted as the text the decoder makes of them). */
  invalidUtf8: number;
}
