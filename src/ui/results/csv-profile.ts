/**
 * The "Column profile" table's rows from a CSV profile result, and their sorting. Read
 * defensively: a field the result lacks (an older or newer profile) shows as "—".
 */
import { formatCount, formatShare, formatValue } from './result-format';

export interface TopEntry {
  value: string;
  count: number;
  countLow?: number;
  countHigh?: number;
  truncated?: boolean;
}

export interface HistogramBin {
  lo: number | string;
  hi: number | string;
  count: number;
}

export interface ColumnRow {
  /** Position in the file (0-based): the order before any sorting. */
  index: number;
  name: string;
  type: string;
  typeShare: number | null;
  count: number | null;
  empty: number | null;
  emptyShare: number | null;
  distinct: number | null;
  distinctEstimated: boolean;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  stddev: number | null;
  quantiles: Record<string, number> | null;
  quantilesRankError: number;
  histogram: { unit: string; bins: HistogramBin[]; estimated: boolean } | null;
  top: TopEntry[];
  topEstimated: boolean;
  nearlyUnique: boolean;
  minLength: number | null;
  maxLength: number | null;
  meanLength: number | null;
  invalidUtf8: number | null;
}

type Obj = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && !Number.isNaN(v) ? v : null);
const numOrText = (v: unknown): number | string | null =>
  typeof v === 'number' || typeof v === 'string' ? v : null;

export function csvColumns(result: unknown): ColumnRow[] {
  const cols = (result as Obj | null)?.columns;
  if (!Array.isArray(cols)) return [];
  return cols.map((raw, index): ColumnRow => {
    const c = (raw ?? {}) as Obj;
    const count = num(c.count);
    const empty = num(c.empty);
    const h = c.histogram as ColumnRow['histogram'] | undefined;
    return {
      index,
      name: typeof c.name === 'string' ? c.name : `Column ${index + 1}`,
      type: typeof c.type === 'string' ? c.type : 'string',
      typeShare: num(c.typeShare),
      count,
      empty,
      emptyShare: num(c.nullShare) ?? (count && empty !== null ? empty / count : null),
      distinct: num(c.distinct),
      distinctEstimated: c.distinctEstimated === true,
      min: numOrText(c.min),
      max: numOrText(c.max),
      mean: num(c.mean),
      stddev: num(c.stddev),
      quantiles: (c.quantiles as Record<string, number> | null | undefined) ?? null,
      quantilesRankError: num(c.quantilesRankError) ?? 0,
      histogram: h && Array.isArray(h.bins) && h.bins.length > 0 ? h : null,
      top: Array.isArray(c.top) ? (c.top as TopEntry[]) : [],
      topEstimated: c.topEstimated === true,
      nearlyUnique: c.nearlyUnique === true,
      minLength: num(c.minLength),
      maxLength: num(c.maxLength),
      meanLength: num(c.meanLength),
      invalidUtf8: num(c.invalidUtf8),
    };
  });
}

/** The sortable columns of the table, in its order, with their header text. */
export const SORT_KEYS = [
  ['name', 'Column'],
  ['type', 'Type'],
  ['count', 'Count'],
  ['empty', 'Empty'],
  ['distinct', 'Distinct'],
  ['min', 'Min'],
  ['max', 'Max'],
  ['mean', 'Mean'],
  ['stddev', 'Std dev'],
] as const;

export type SortKey = (typeof SORT_KEYS)[number][0];
export type SortDir = 'ascending' | 'descending';

function sortValue(r: ColumnRow, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return r.name;
    case 'type':
      return r.type;
    case 'empty':
      return r.emptyShare;
    default:
      return r[key];
  }
}

/**
 * Code point order, as the profile orders texts (not the locale's, nor UTF-16's, which puts
 * U+10000 and above before U+E000–U+FFFF).
 */
export function compareText(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Rows by `key`: numbers before texts, texts in code point order; missing values last in
 * either direction; ties in file order.
 */
export function sortColumns(rows: readonly ColumnRow[], key: SortKey, dir: SortDir): ColumnRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else if (typeof x === 'string' && typeof y === 'string') c = compareText(x, y);
    else c = typeof x === 'number' ? -1 : 1;
    return sign * c || a.index - b.index;
  });
}

/** The next sort after a click on `key`'s header: ascending, then descending, then file order. */
export function nextSort(
  current: { key: SortKey; dir: SortDir } | undefined,
  key: SortKey,
): { key: SortKey; dir: SortDir } | undefined {
  if (current?.key !== key) return { key, dir: 'ascending' };
  return current.dir === 'ascending' ? { key, dir: 'descending' } : undefined;
}

/**
 * A top value's count as the profile knows it: exact ("×12"), or its bounds when estimated
 * ("12–15"; an estimate is never shown as a count).
 */
export function topCount(t: TopEntry, estimated: boolean): string {
  const n = formatCount;
  if (!estimated) return `×${n(t.count)}`;
  const lo = t.countLow ?? 0;
  const hi = t.countHigh ?? t.count;
  return lo === hi ? `×${n(hi)}` : `${n(lo)}–${n(hi)}`;
}

/** "integer 100 %", "string" (a string column's share says nothing). */
export function typeLabel(r: ColumnRow): { type: string; share: string | undefined } {
  return {
    type: r.type,
    share: r.type === 'string' || r.typeShare === null ? undefined : formatShare(r.typeShare),
  };
}

/** A histogram bin's range in words, for its tooltip and the detail's table. */
export function binLabel(b: HistogramBin): string {
  return b.lo === b.hi ? formatValue(b.lo) : `${formatValue(b.lo)} – ${formatValue(b.hi)}`;
}

/** Heights (0–1) of a histogram's bars, relative to the largest bin. */
export function barHeights(bins: readonly HistogramBin[]): number[] {
  const max = Math.max(0, ...bins.map((b) => b.count));
  return bins.map((b) => (max > 0 ? b.count / max : 0));
}
