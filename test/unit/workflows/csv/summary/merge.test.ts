/**
 * Merging in record order: the summaries of the pieces of a column, cut anywhere and into 1–8
 * pieces (each saved, structured-cloned and loaded as a worker would hand it over), merge into
 * the summary of the whole: every exact field equal, moments equal to 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../../../helpers/drive';
import { ColumnSummary, type ColumnProfile } from '../../../../../src/workflows/csv/summary';
import { type Column, GENERATORS, generate, summarize } from './support/columns';
import { expectExact, naive } from './support/naive';

function viaClone(s: ColumnSummary): ColumnSummary {
  return ColumnSummary.load(structuredClone(s.save()));
}

function mergedAt(col: Column, cuts: number[]): ColumnSummary {
  const bounds = [0, ...cuts, col.length];
  const pieces = bounds.slice(1).map((to, i) => viaClone(summarize(col, bounds[i], to)));
  const out = pieces[0];
  for (const p of pieces.slice(1)) out.merge(p);
  return out;
}

function expectSame(a: ColumnProfile, b: ColumnProfile, what: string): void {
  const { mean, stddev, meanLength, ...rest } = a;
  const { mean: bMean, stddev: bStd, meanLength: bLen, ...bRest } = b;
  expect(rest, what).toEqual(bRest);
  for (const [x, y] of [
    [mean, bMean],
    [stddev, bStd],
    [meanLength, bLen],
  ])
    if (x !== y)
      expect(Math.abs((x as number) - (y as number)), what).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(y as number)),
      );
}

describe('merge of pieces == summary of the whole', () => {
  for (const kind of Object.keys(GENERATORS))
    it(`${kind}: every cut into two, random cuts into 3–8`, () => {
      const small = generate(kind, 120, 7 + kind.length);
      const whole = summarize(small).profile(kind);
      expectExact(whole, naive(small), kind);
      for (let cut = 0; cut <= small.length; cut++)
        expectSame(mergedAt(small, [cut]).profile(kind), whole, `${kind} cut ${cut}`);
      const big = generate(kind, 6000, 11 + kind.length);
      const bigWhole = summarize(big).profile(kind);
      const r = rng(kind.length);
      for (let pieces = 1; pieces <= 8; pieces++) {
        const cuts = Array.from({ length: pieces - 1 }, () =>
          Math.floor(r() * (big.length + 1)),
        ).sort((a, b) => a - b);
        expectSame(
          mergedAt(big, cuts).profile(kind),
          bigWhole,
          `${kind} ${pieces} pieces at ${cuts.join(',')}`,
        );
      }
    });

  it('pieces whose union passes 10,000 distinct values merge into sketches', () => {
    const col = generate('ids', 16_000, 5);
    const merged = mergedAt(col, [7000, 12_000]).profile('id');
    expect(merged.distinctEstimated).toBe(true);
    expect(Math.abs(merged.distinct - 16_000)).toBeLessThanOrEqual(16_000 * 0.025);
    expect(merged.nearlyUnique).toBe(true);
    expect(merged.top).toEqual([]);
  });
});
