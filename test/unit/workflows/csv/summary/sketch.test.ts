/**
 * The sketch phase (past 10,000 distinct values), against exact answers from a sort, a Map and
 * a Set: quantiles within the stated rank error, estimated histogram bins within twice it, top
 * value bounds that always hold, distinct within 2.5 % (3 HyperLogLog standard errors), a
 * nearly-unique column without a top list; for a whole column and for merges of 2–8 pieces.
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../../../helpers/drive';
import { ColumnSummary, type ColumnProfile } from '../../../../../src/workflows/csv/summary';
import { type Column, bytesOf, pack, summarize } from './support/columns';
import { naive, recountBins } from './support/naive';

const N = 60_000;

function column(gen: (r: () => number, i: number) => string, seed: number, n = N): Column {
  const r = rng(seed);
  return pack(Array.from({ length: n }, (_, i) => bytesOf(gen(r, i))));
}

const zipf = (r: () => number): number => Math.floor(1 / Math.max(r(), 1e-12));

const NUMERIC: Record<string, (r: () => number, i: number) => string> = {
  uniform: (r) => (r() * 1000).toFixed(4),
  ascending: (_r, i) => String(i * 3),
  descending: (_r, i) => String(N * 5 - i * 5),
  heavy: (r) => String(r() < 0.4 ? 42 : r() < 0.5 ? zipf(r) : Math.floor(r() * 1e6)),
  normal: (r) => (Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()) * 50).toFixed(3),
};

function merged(col: Column, pieces: number, seed: number): ColumnSummary {
  const r = rng(seed);
  const cuts = Array.from({ length: pieces - 1 }, () => Math.floor(r() * col.length)).sort(
    (a, b) => a - b,
  );
  const bounds = [0, ...cuts, col.length];
  const parts = bounds
    .slice(1)
    .map((to, i) => ColumnSummary.load(structuredClone(summarize(col, bounds[i], to).save())));
  for (const p of parts.slice(1)) parts[0].merge(p);
  return parts[0];
}

function expectQuantilesWithin(p: ColumnProfile, numbers: number[], what: string): void {
  const sorted = [...numbers].sort((a, b) => a - b);
  const n = sorted.length;
  const eps = p.quantilesRankError;
  expect(eps, what).toBeGreaterThan(0);
  expect(eps, what).toBeLessThanOrEqual(0.01);
  const q = p.quantiles as NonNullable<ColumnProfile['quantiles']>;
  for (const [key, pct] of [
    ['p1', 1],
    ['p5', 5],
    ['p25', 25],
    ['p50', 50],
    ['p75', 75],
    ['p95', 95],
    ['p99', 99],
  ] as const) {
    const v = q[key];
    let below = 0;
    while (below < n && sorted[below] < v) below++;
    let upTo = below;
    while (upTo < n && sorted[upTo] <= v) upTo++;
    expect(upTo, `${what} ${key}=${v} is a value of the column`).toBeGreaterThan(below);
    const target = Math.ceil((pct * n) / 100);
    // Some rank v holds lies within eps·n of the target rank.
    const distance = target < below + 1 ? below + 1 - target : target > upTo ? target - upTo : 0;
    expect(distance / n, `${what} ${key}: rank distance`).toBeLessThanOrEqual(eps);
  }
  const counts = p.histogram?.bins.map((b) => b.count) ?? [];
  const truth = recountBins(p, numbers);
  expect(p.histogram?.estimated, what).toBe(true);
  expect(
    counts.reduce((a, b) => a + b, 0),
    what,
  ).toBe(n);
  counts.forEach((c, i) =>
    expect(Math.abs(c - truth[i]) / n, `${what} bin ${i}`).toBeLessThanOrEqual(2 * eps),
  );
}

describe('sketch quantiles within the stated rank error', () => {
  for (const [name, gen] of Object.entries(NUMERIC))
    it(name, () => {
      const col = column(gen, name.length);
      const ref = naive(col);
      expect(ref.profile.distinct, 'past the exact table').toBeGreaterThan(10_000);
      for (const [pieces, s] of [
        [1, summarize(col)],
        [2, merged(col, 2, 1)],
        [8, merged(col, 8, 2)],
      ] as const) {
        const p = s.profile(name);
        expect(p.distinctEstimated).toBe(true);
        expect(p.min).toBe(ref.profile.min);
        expect(p.max).toBe(ref.profile.max);
        expect(p.count).toBe(ref.profile.count);
        expectQuantilesWithin(p, ref.numbers, `${name} in ${pieces}`);
        expect(
          Math.abs(p.distinct - ref.profile.distinct) / ref.profile.distinct,
          `${name} distinct`,
        ).toBeLessThanOrEqual(0.025);
      }
    });
});

describe('estimated top values: bounds that always hold', () => {
  const cases: Record<string, (r: () => number, i: number) => string> = {
    'zipf words and a uniform tail': (r) =>
      r() < 0.5 ? `w${zipf(r)}` : `u${Math.floor(r() * 1e6)}`,
    'few heavy, long tail': (r) =>
      r() < 0.3 ? ['alpha', 'beta', 'gamma'][Math.floor(r() * 3)] : `tail-${Math.floor(r() * 1e6)}`,
    'drifting: heavy values change halfway': (r, i) =>
      r() < 0.4
        ? `h${Math.floor(i / (N / 2))}-${Math.floor(r() * 4)}`
        : `t${Math.floor(r() * 1e7)}`,
  };
  for (const [name, gen] of Object.entries(cases))
    it(name, () => {
      const col = column(gen, name.length + 100);
      const truth = naive(col).counts;
      const heavy = [...truth].filter(([, c]) => c > N / 1024).map(([v]) => v);
      for (const s of [summarize(col), merged(col, 3, 5), merged(col, 7, 6)]) {
        const p = s.profile(name);
        expect(p.topEstimated).toBe(true);
        expect(p.nearlyUnique).toBe(false);
        // Values whose text is unknown (no repeat since they took a counter) are left out.
        expect(p.top.length).toBeGreaterThanOrEqual(3);
        expect(p.top.length).toBeLessThanOrEqual(10);
        for (const t of p.top) {
          const c = truth.get(t.value) ?? 0;
          expect(t.countLow, `${t.value} low`).toBeLessThanOrEqual(c);
          expect(t.countHigh, `${t.value} high`).toBeGreaterThanOrEqual(c);
          expect(t.count).toBe(t.countHigh);
        }
        // Space-Saving keeps every value above n / capacity: the true heavy hitters are listed.
        const shown = new Set(p.top.map((t) => t.value));
        const trueTop = [...truth]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([v]) => v);
        for (const v of trueTop.filter((v) => heavy.includes(v)))
          expect(shown.has(v), v).toBe(true);
      }
    });

  it('a unique column is nearly unique and lists no top values', () => {
    const col = column((_r, i) => `user-${(i * 2654435761) >>> 0}@example.org`, 9);
    for (const s of [summarize(col), merged(col, 5, 3)]) {
      const p = s.profile('email');
      expect(p.nearlyUnique).toBe(true);
      expect(p.top).toEqual([]);
      expect(Math.abs(p.distinct - N) / N).toBeLessThanOrEqual(0.025);
    }
  });
});
