/**
 * Quantiles and the numeric histogram from a weighted sample sorted by value: the exact one
 * (distinct numbers × counts) or the KLL sketch's items (weights 2^level).
 */
import type { Histogram, HistogramBin, Quantiles } from './types';

export const HISTOGRAM_BINS = 20;
const PERCENTS = [1, 5, 25, 50, 75, 95, 99] as const;

export interface Weighted {
  values: Float64Array;
  weights: Float64Array;
}

/** pN: the first value whose cumulative weight reaches ⌈N·n/100⌉ (integer arithmetic). */
export function quantilesOf({ values, weights }: Weighted): Quantiles | null {
  let n = 0;
  for (const w of weights) n += w;
  if (n === 0) return null;
  const out: number[] = [];
  let i = 0;
  let cumulative = weights[0];
  for (const p of PERCENTS) {
    const rank = Math.max(1, Math.ceil((p * n) / 100));
    while (cumulative < rank && i + 1 < values.length) cumulative += weights[++i];
    out.push(values[i]);
  }
  const [p1, p5, p25, p50, p75, p95, p99] = out;
  return { p1, p5, p25, p50, p75, p95, p99 };
}

/** HISTOGRAM_BINS equal bins from min to max (one bin when they are equal). */
export function numberHistogram(
  { values, weights }: Weighted,
  min: number,
  max: number,
  estimated: boolean,
): Histogram | null {
  if (values.length === 0 || !(max >= min)) return null;
  const bins: HistogramBin[] = [];
  const parts = max > min ? HISTOGRAM_BINS : 1;
  // Divided first: max − min may overflow where max/parts − min/parts does not.
  const width = max / parts - min / parts;
  for (let b = 0; b < parts; b++)
    bins.push({ lo: min + b * width, hi: b === parts - 1 ? max : min + (b + 1) * width, count: 0 });
  for (let i = 0; i < values.length; i++) {
    // Bins by the same edges they show, so a value on an edge lands where its edge says.
    let b = parts === 1 ? 0 : Math.min(parts - 1, Math.floor((values[i] - min) / width));
    while (b > 0 && values[i] < (bins[b].lo as number)) b--;
    while (b < parts - 1 && values[i] >= (bins[b + 1].lo as number)) b++;
    bins[b].count += weights[i];
  }
  return { unit: 'number', bins, estimated };
}
