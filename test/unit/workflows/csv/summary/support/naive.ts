/**
 * The naive reference for a column: decoded strings (U+FFFD for invalid UTF-8, as the CSV shows
 * them), regular expressions for the kinds, Number() for numbers, a Set for distinct, a Map for
 * counts, a full sort for quantiles and a linear scan for histogram bins.
 */
import { expect } from 'vitest';
import type { ColumnProfile } from '../../../../../../src/workflows/csv/summary';
import { type Column, valueAt } from './columns';

const loose = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,][0-9]+)?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$/;
const BOOLEAN = /^(?:true|false|yes|no)$/i;

/** Code points, then compared as arrays: independent of the code's UTF-16 unit mapping. */
const points = new Map<string, number[]>();
const pointsOf = (s: string): number[] => {
  let p = points.get(s);
  if (p === undefined) {
    if (points.size > 100_000) points.clear();
    points.set(s, (p = Array.from(s, (c) => c.codePointAt(0) as number)));
  }
  return p;
};

export function cmpCodePoints(a: string, b: string): number {
  const x = pointsOf(a);
  const y = pointsOf(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function realDate(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(2000, Number(m) - 1, Number(d)));
  t.setUTCFullYear(Number(y));
  return t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

export interface Reference {
  profile: Omit<ColumnProfile, 'name'>;
  numbers: number[];
  strings: string[];
  counts: Map<string, number>;
}

function calendarBins(
  keys: { y: number; m: number }[],
): { unit: string; bins: [string, string, number][] } | null {
  if (keys.length === 0) return null;
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  const months = keys.map((k) => k.y * 12 + k.m - 1);
  const m0 = Math.min(...months);
  const m1 = Math.max(...months);
  const y0 = Math.min(...keys.map((k) => k.y));
  const y1 = Math.max(...keys.map((k) => k.y));
  const distinctMonths = new Set(months).size;
  if (distinctMonths <= 60 && (m1 - m0 + 1 <= 40 || y1 - y0 + 1 < 5)) {
    const bins: [string, string, number][] = [];
    for (let k = m0; k <= m1; k++) {
      const label = `${p(Math.floor(k / 12), 4)}-${p((k % 12) + 1, 2)}`;
      bins.push([label, label, months.filter((x) => x === k).length]);
    }
    return { unit: 'month', bins };
  }
  const w = Math.ceil((y1 - y0 + 1) / 40);
  const bins: [string, string, number][] = [];
  for (let y = y0; y <= y1; y += w)
    bins.push([
      p(y, 4),
      p(Math.min(y + w - 1, y1), 4),
      keys.filter((k) => k.y >= y && k.y < y + w).length,
    ]);
  return { unit: 'year', bins };
}

export function naive(c: Column): Reference {
  const strings: string[] = [];
  let invalidUtf8 = 0;
  for (let i = 0; i < c.length; i++) {
    const b = valueAt(c, i);
    strings.push(loose.decode(b));
    try {
      strict.decode(b);
    } catch {
      invalidUtf8++;
    }
  }
  const nonEmpty = strings.filter((s) => s !== '');
  const kinds = { integer: 0, decimal: 0, boolean: 0, date: 0, datetime: 0 };
  const numbers: number[] = [];
  const dates: { y: number; m: number }[] = [];
  const datetimes: { y: number; m: number }[] = [];
  for (const s of nonEmpty) {
    const t = s.replace(/^[ \t]+|[ \t]+$/g, '');
    if (DECIMAL.test(t) && Number.isFinite(Number(t))) {
      kinds.decimal++;
      numbers.push(Number(t));
      if (INTEGER.test(t)) kinds.integer++;
      continue;
    }
    if (BOOLEAN.test(t)) kinds.boolean++;
    let m = DATE.exec(t);
    if (m && realDate(m[1], m[2], m[3])) {
      kinds.date++;
      dates.push({ y: Number(m[1]), m: Number(m[2]) });
      continue;
    }
    m = DATETIME.exec(t);
    if (
      m &&
      realDate(m[1], m[2], m[3]) &&
      Number(m[4]) < 24 &&
      Number(m[5]) < 60 &&
      Number(m[6] ?? 0) < 61
    ) {
      kinds.datetime++;
      datetimes.push({ y: Number(m[1]), m: Number(m[2]) });
    }
  }
  let type: ColumnProfile['type'] = 'string';
  let typeShare = nonEmpty.length > 0 ? 1 : 0;
  for (const k of ['integer', 'decimal', 'boolean', 'date', 'datetime'] as const)
    if (nonEmpty.length > 0 && kinds[k] / nonEmpty.length >= 0.9) {
      type = k;
      typeShare = kinds[k] / nonEmpty.length;
      break;
    }
  const numeric = type === 'integer' || type === 'decimal';
  const counts = new Map<string, number>();
  for (const s of nonEmpty) counts.set(s, (counts.get(s) ?? 0) + 1);
  const byText = [...nonEmpty].sort(cmpCodePoints);
  const lengths = nonEmpty.map((s) => [...s].length);
  const sorted = [...numbers].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n > 0 ? sorted.reduce((a, x) => a + x, 0) / n : null;
  const q = (p: number): number => sorted[Math.max(1, Math.ceil((p * n) / 100)) - 1];
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || cmpCodePoints(a[0], b[0]))
    .slice(0, 10)
    .map(([value, count]) => ({ value, count }));
  const cal =
    type === 'date' ? calendarBins(dates) : type === 'datetime' ? calendarBins(datetimes) : null;
  return {
    strings,
    numbers,
    counts,
    profile: {
      count: strings.length,
      empty: strings.length - nonEmpty.length,
      nullShare: strings.length > 0 ? (strings.length - nonEmpty.length) / strings.length : 0,
      type,
      typeShare,
      min: numeric ? (n > 0 ? sorted[0] : null) : (byText[0] ?? null),
      max: numeric ? (n > 0 ? sorted[n - 1] : null) : (byText[byText.length - 1] ?? null),
      mean: numeric ? mean : null,
      stddev:
        numeric && n > 1 && mean !== null
          ? Math.sqrt(sorted.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1))
          : null,
      quantiles:
        numeric && n > 0
          ? { p1: q(1), p5: q(5), p25: q(25), p50: q(50), p75: q(75), p95: q(95), p99: q(99) }
          : null,
      quantilesRankError: 0,
      histogram: cal
        ? {
            unit: cal.unit as 'month',
            bins: cal.bins.map(([lo, hi, count]) => ({ lo, hi, count })),
            estimated: false,
          }
        : null,
      distinct: counts.size,
      distinctEstimated: false,
      top,
      topEstimated: false,
      nearlyUnique: nonEmpty.length > 0 && counts.size >= 0.95 * nonEmpty.length,
      minLength: lengths.length > 0 ? Math.min(...lengths) : null,
      maxLength: lengths.length > 0 ? Math.max(...lengths) : null,
      meanLength: lengths.length > 0 ? lengths.reduce((a, x) => a + x, 0) / lengths.length : null,
      invalidUtf8,
    },
  };
}

const close = (a: number | null, b: number | null, what: string): void => {
  if (a === null || b === null || a === b) return void expect(a, what).toBe(b);
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(b)),
  );
};

/** A numeric histogram's counts, recounted naively over the bins' own edges. */
export function recountBins(p: ColumnProfile, numbers: number[]): number[] {
  const bins = p.histogram?.bins ?? [];
  return bins.map(
    (b, i) =>
      numbers.filter(
        (x) =>
          x >= (b.lo as number) &&
          (i === bins.length - 1 ? x <= (b.hi as number) : x < (b.hi as number)),
      ).length,
  );
}

/** Every field equal to the naive reference (floating sums within 1e-9 relative). */
export function expectExact(p: ColumnProfile, ref: Reference, what: string): void {
  const r = ref.profile;
  const { mean, stddev, meanLength, histogram, ...rest } = p;
  const { mean: rMean, stddev: rStd, meanLength: rLen, histogram: rHist, ...rRest } = r;
  expect({ ...rest, name: undefined }, what).toEqual({ ...rRest, name: undefined });
  close(mean, rMean, `${what} mean`);
  close(stddev, rStd, `${what} stddev`);
  close(meanLength, rLen, `${what} meanLength`);
  if (p.type === 'integer' || p.type === 'decimal') {
    expect(histogram?.unit, what).toBe('number');
    expect(histogram?.estimated, what).toBe(false);
    const bins = histogram?.bins ?? [];
    expect(bins.length, what).toBe(p.min === p.max ? 1 : 20);
    expect(bins[0].lo, what).toBe(p.min);
    expect(bins[bins.length - 1].hi, what).toBe(p.max);
    for (let i = 1; i < bins.length; i++) expect(bins[i].lo, what).toBe(bins[i - 1].hi);
    expect(
      bins.map((b) => b.count),
      `${what} histogram`,
    ).toEqual(recountBins(p, ref.numbers));
  } else expect(histogram, `${what} histogram`).toEqual(rHist);
}
