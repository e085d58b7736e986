/**
 * A summary's result: the column's type from its counters, then the fields that type calls for,
 * exact from the table or estimated from the sketches (and then saying so).
 */
import { hllEstimate } from '../hyperloglog';
import type { ColumnSummary, Counters } from './column-summary';
import { type Weighted, numberHistogram, quantilesOf } from './distribution';
import { decodeText } from './kept-text';
import { rank } from './top-sketch';
import {
  type ColumnProfile,
  type ColumnType,
  type Histogram,
  TOP_N,
  TYPE_MIN_SHARE,
  type TopValue,
} from './types';
import type { ValueTable } from './value-table';

/** The rank error stated for sketch quantiles (KLL_K = 512 keeps it far below; see kll.ts). */
export const QUANTILE_RANK_ERROR = 0.01;
/** A column is nearly unique when its distinct values are at least this share of its values. */
export const NEARLY_UNIQUE_SHARE = 0.95;

function columnType(c: Counters): { type: ColumnType; typeShare: number } {
  const values = c.count - c.empty;
  if (values === 0) return { type: 'string', typeShare: 0 };
  const candidates: [ColumnType, number][] = [
    ['integer', c.integers],
    ['decimal', c.decimals],
    ['boolean', c.booleans],
    ['date', c.dates],
    ['datetime', c.datetimes],
  ];
  for (const [type, n] of candidates)
    if (n / values >= TYPE_MIN_SHARE) return { type, typeShare: n / values };
  return { type: 'string', typeShare: 1 };
}

/** The table's numbers with their counts, by value. */
function exactNumbers(table: ValueTable): Weighted {
  const order: number[] = [];
  for (let e = 0; e < table.size; e++) if (!Number.isNaN(table.numbers[e])) order.push(e);
  order.sort((a, b) => table.numbers[a] - table.numbers[b]);
  return {
    values: Float64Array.from(order, (e) => table.numbers[e]),
    weights: Float64Array.from(order, (e) => table.counts[e]),
  };
}

function exactTop(table: ValueTable): TopValue[] {
  const out: TopValue[] = [];
  for (const e of table.ranked()) {
    if (out.length === TOP_N) break;
    const value = table.text(e);
    // Only after merging snapshots that each left this text out (see docs/csv-summary.md).
    if (value === null) continue;
    out.push(
      table.truncated[e] === 1
        ? { value, count: table.counts[e], truncated: true }
        : { value, count: table.counts[e] },
    );
  }
  return out;
}

export function profileOf(s: ColumnSummary, name: string): ColumnProfile {
  const c = s.c;
  const { type, typeShare } = columnType(c);
  const numeric = type === 'integer' || type === 'decimal';
  const nonEmpty = c.count - c.empty;
  const table = s.table;
  const sketches = s.sketches;
  let distinct = 0;
  let top: TopValue[] = [];
  let weighted: Weighted | null = null;
  if (table !== null) {
    distinct = table.size;
    top = exactTop(table);
    if (numeric) weighted = exactNumbers(table);
  } else if (sketches !== null) {
    distinct = Math.round(hllEstimate(sketches.hll));
    if (numeric) weighted = sketches.kll.weighted();
  }
  const nearlyUnique = nonEmpty > 0 && distinct >= NEARLY_UNIQUE_SHARE * nonEmpty;
  if (table === null && sketches !== null && !nearlyUnique)
    top = rank(sketches.top.entries())
      .filter((x) => x.text !== null)
      .slice(0, TOP_N)
      .map((x) => {
        const v: TopValue = {
          value: x.text as string,
          count: x.count,
          countLow: x.count - x.error,
          countHigh: x.count,
        };
        if (x.truncated) v.truncated = true;
        return v;
      });
  const estimated = table === null;
  let histogram: Histogram | null = null;
  if (numeric && weighted !== null && c.numCount > 0)
    histogram = numberHistogram(weighted, c.numMin, c.numMax, estimated);
  else if (type === 'date' || type === 'datetime') {
    const cal = type === 'date' ? s.dateCalendar : s.datetimeCalendar;
    const h = cal ? cal.histogram() : null;
    histogram = h ? { ...h, estimated: false } : null;
  }
  const text = (b: Uint8Array | null): string | null =>
    b === null ? null : decodeText(b, 0, b.length);
  return {
    name,
    count: c.count,
    empty: c.empty,
    nullShare: c.count > 0 ? c.empty / c.count : 0,
    type,
    typeShare,
    min: numeric ? (c.numCount > 0 ? c.numMin : null) : text(s.textMin),
    max: numeric ? (c.numCount > 0 ? c.numMax : null) : text(s.textMax),
    mean: numeric && c.numCount > 0 ? c.numMean : null,
    stddev: numeric && c.numCount > 1 ? Math.sqrt(c.numM2 / (c.numCount - 1)) : null,
    quantiles: weighted !== null ? quantilesOf(weighted) : null,
    quantilesRankError: weighted !== null && estimated ? QUANTILE_RANK_ERROR : 0,
    histogram,
    distinct,
    distinctEstimated: estimated,
    top,
    topEstimated: estimated,
    nearlyUnique,
    minLength: c.minLength < 0 ? null : c.minLength,
    maxLength: c.maxLength < 0 ? null : c.maxLength,
    meanLength: nonEmpty > 0 ? c.chars / nonEmpty : null,
    invalidUtf8: c.invalidUtf8,
  };
}
