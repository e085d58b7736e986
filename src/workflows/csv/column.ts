/**
 * Statistics of one column, updated value by value, and their checkpoint form.
 *
 * Empty values are counted in `empty` and left out of everything else (type, min/max, distinct,
 * top, lengths). Distinct values and their counts are exact up to EXACT_DISTINCT_LIMIT values;
 * past that the column switches to a HyperLogLog estimate for `distinct` and Space-Saving
 * heavy hitters for `top` (counts then are upper bounds, flagged by `topEstimated`).
 */
import { codePointLength, compareCodePoints } from './code-points';
import {
  type HeavyHitters,
  type HeavyHittersSnapshot,
  heavyAdd,
  heavyEntries,
  heavyFromCounts,
  loadHeavy,
  saveHeavy,
} from './space-saving';
import { hllAdd, hllEstimate, newHll } from './hyperloglog';
import {
  KIND_BOOLEAN,
  KIND_DATE,
  KIND_DATETIME,
  KIND_DECIMAL,
  KIND_INTEGER,
  classified,
  classify,
} from './value-kind';

export const EXACT_DISTINCT_LIMIT = 10_000;
export const TOP_N = 10;
/** A column gets a type when at least this share of its non-empty values fit it. */
export const TYPE_MIN_SHARE = 0.9;

export type ColumnType = 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'string';

export interface TopValue {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  /** Rows that have this column (ragged short rows lack some). */
  count: number;
  /** Values that are the empty string. */
  empty: number;
  type: ColumnType;
  /** Share of non-empty values that fit `type` (0 when there are none). */
  typeShare: number;
  /** Numbers for integer/decimal columns (over the values that are numbers), else code point order. */
  min: number | string | null;
  max: number | string | null;
  /** Integer/decimal columns only; stddev is the sample standard deviation (n − 1). */
  mean: number | null;
  stddev: number | null;
  distinct: number;
  distinctEstimated: boolean;
  /** Most common values, most frequent first (ties in code point order). */
  top: TopValue[];
  topEstimated: boolean;
  /** In characters (code points) of non-empty values. */
  minLength: number | null;
  maxLength: number | null;
}

interface ColumnCounters {
  name: string;
  count: number;
  empty: number;
  integers: number;
  decimals: number;
  booleans: number;
  dates: number;
  datetimes: number;
  /** Welford running mean and sum of squared deviations over numeric values. */
  numCount: number;
  numMean: number;
  numM2: number;
  numMin: number;
  numMax: number;
  textMin: string | null;
  textMax: string | null;
  minLength: number;
  maxLength: number;
}

export interface ColumnAcc extends ColumnCounters {
  exact: Map<string, number> | null;
  hll: Uint8Array | null;
  heavy: HeavyHitters | null;
}

export interface ColumnSnapshot extends ColumnCounters {
  /** The exact value counts, as parallel arrays (a Map is not plain data). */
  exactValues: string[] | null;
  exactCounts: number[] | null;
  hll: Uint8Array | null;
  heavy: HeavyHittersSnapshot | null;
}

export function newColumn(name: string): ColumnAcc {
  return {
    name,
    count: 0,
    empty: 0,
    integers: 0,
    decimals: 0,
    booleans: 0,
    dates: 0,
    datetimes: 0,
    numCount: 0,
    numMean: 0,
    numM2: 0,
    numMin: Infinity,
    numMax: -Infinity,
    textMin: null,
    textMax: null,
    minLength: -1,
    maxLength: -1,
    exact: new Map(),
    hll: null,
    heavy: null,
  };
}

function byCountThenValue(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || compareCodePoints(a[0], b[0]);
}

/** Too many distinct values: hand them to the sketches and stop counting exactly. */
function switchToSketches(col: ColumnAcc, exact: Map<string, number>): void {
  const hll = newHll();
  for (const v of exact.keys()) hllAdd(hll, v);
  col.hll = hll;
  col.heavy = heavyFromCounts([...exact].sort(byCountThenValue));
  col.exact = null;
}

/**
 * A copy of `s` that does not share memory with the text it was sliced from. V8 slices of 13
 * characters or more point into their parent string; kept as map keys or extremes they would
 * keep whole decoded pieces (megabytes each) alive for the rest of the run.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export function addValue(col: ColumnAcc, value: string): void {
  col.count++;
  if (value === '') {
    col.empty++;
    return;
  }
  const kinds = classify(value);
  if (kinds !== 0) {
    if (kinds & KIND_INTEGER) col.integers++;
    if (kinds & KIND_DECIMAL) {
      const x = classified.number;
      col.decimals++;
      col.numCount++;
      const delta = x - col.numMean;
      col.numMean += delta / col.numCount;
      col.numM2 += delta * (x - col.numMean);
      if (x < col.numMin) col.numMin = x;
      if (x > col.numMax) col.numMax = x;
    }
    if (kinds & KIND_BOOLEAN) col.booleans++;
    if (kinds & KIND_DATE) col.dates++;
    if (kinds & KIND_DATETIME) col.datetimes++;
  }
  if (col.textMin === null || compareCodePoints(value, col.textMin) < 0)
    col.textMin = detach(value);
  if (col.textMax === null || compareCodePoints(value, col.textMax) > 0)
    col.textMax = detach(value);
  // A string of n UTF-16 units has between n/2 and n characters: skip counting when neither
  // bound can move.
  if (
    col.minLength < 0 ||
    value.length > col.maxLength ||
    (value.length + 1) >> 1 < col.minLength
  ) {
    const len = codePointLength(value);
    if (col.minLength < 0 || len < col.minLength) col.minLength = len;
    if (len > col.maxLength) col.maxLength = len;
  }
  countDistinct(col, value);
}

function countDistinct(col: ColumnAcc, value: string): void {
  const exact = col.exact;
  if (exact !== null) {
    const seen = exact.get(value);
    if (seen !== undefined) {
      exact.set(value, seen + 1);
      return;
    }
    if (exact.size < EXACT_DISTINCT_LIMIT) {
      exact.set(detach(value), 1);
      return;
    }
    switchToSketches(col, exact);
  }
  if (col.hll) hllAdd(col.hll, value);
  if (col.heavy) heavyAdd(col.heavy, col.heavy.counts.has(value) ? value : detach(value));
}

function columnType(col: ColumnAcc): { type: ColumnType; typeShare: number } {
  const values = col.count - col.empty;
  if (values === 0) return { type: 'string', typeShare: 0 };
  const candidates: [ColumnType, number][] = [
    ['integer', col.integers],
    ['decimal', col.decimals],
    ['boolean', col.booleans],
    ['date', col.dates],
    ['datetime', col.datetimes],
  ];
  for (const [type, n] of candidates)
    if (n / values >= TYPE_MIN_SHARE) return { type, typeShare: n / values };
  return { type: 'string', typeShare: 1 };
}

export function profileColumn(col: ColumnAcc): ColumnProfile {
  const { type, typeShare } = columnType(col);
  const numeric = type === 'integer' || type === 'decimal';
  let top: TopValue[];
  let distinct: number;
  if (col.exact !== null) {
    distinct = col.exact.size;
    top = [...col.exact]
      .sort(byCountThenValue)
      .slice(0, TOP_N)
      .map(([value, count]) => ({ value, count }));
  } else {
    distinct = col.hll ? Math.round(hllEstimate(col.hll)) : 0;
    const heavy = col.heavy;
    top = heavy
      ? heavyEntries(heavy)
          .map((e): [string, number] => [e.value, e.count])
          .sort(byCountThenValue)
          .slice(0, TOP_N)
          .map(([value, count]) => ({ value, count }))
      : [];
  }
  return {
    name: col.name,
    count: col.count,
    empty: col.empty,
    type,
    typeShare,
    min: numeric ? (col.numCount > 0 ? col.numMin : null) : col.textMin,
    max: numeric ? (col.numCount > 0 ? col.numMax : null) : col.textMax,
    mean: numeric && col.numCount > 0 ? col.numMean : null,
    stddev: numeric && col.numCount > 1 ? Math.sqrt(col.numM2 / (col.numCount - 1)) : null,
    distinct,
    distinctEstimated: col.exact === null,
    top,
    topEstimated: col.exact === null,
    minLength: col.minLength < 0 ? null : col.minLength,
    maxLength: col.maxLength < 0 ? null : col.maxLength,
  };
}

export function saveColumn(col: ColumnAcc): ColumnSnapshot {
  const { exact, hll, heavy, ...counters } = col;
  return {
    ...counters,
    exactValues: exact ? [...exact.keys()] : null,
    exactCounts: exact ? [...exact.values()] : null,
    // Copies: the live state goes on changing while the snapshot is being stored.
    hll: hll ? hll.slice() : null,
    heavy: heavy ? saveHeavy(heavy) : null,
  };
}

export function loadColumn(snap: ColumnSnapshot): ColumnAcc {
  const { exactValues, exactCounts, hll, heavy, ...counters } = snap;
  return {
    ...counters,
    exact:
      exactValues && exactCounts ? new Map(exactValues.map((v, i) => [v, exactCounts[i]])) : null,
    hll: hll ? hll.slice() : null,
    heavy: heavy ? loadHeavy(heavy) : null,
  };
}
