import { describe, expect, it } from 'vitest';
import { firstRanked, keepWithinBudget } from '../../../../../src/workflows/csv/summary/select';

// The reference is a full sort of every entry, as the snapshots were made before the selection.
let seed = 7;
const rand = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};

function entries(n: number, counts: number, lengths: number) {
  const count = Array.from({ length: n }, () => 1 + rand(counts));
  const cost = Array.from({ length: n }, () => 1 + rand(lengths));
  const before = (a: number, b: number): number => count[b] - count[a] || a - b;
  return { count, cost, before };
}

describe('partial ranking of snapshot entries', () => {
  it('keeps exactly the longest sorted prefix within the budget', () => {
    for (let round = 0; round < 300; round++) {
      const n = rand(400);
      const { cost, before } = entries(n, 1 + rand(5), 1 + rand(30));
      const budget = rand(2000);
      const sorted = Array.from({ length: n }, (_, i) => i).sort(before);
      const want = new Set<number>();
      let left = budget;
      for (const e of sorted) {
        if (cost[e] > left) break;
        left -= cost[e];
        want.add(e);
      }
      const got = new Set<number>();
      const order = Int32Array.from({ length: n }, (_, i) => i);
      keepWithinBudget(
        order,
        before,
        (e) => cost[e],
        budget,
        (e) => got.add(e),
      );
      expect([...got].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
    }
  });

  it('gives the first k of the full ranking in order', () => {
    for (let round = 0; round < 300; round++) {
      const n = rand(400);
      const { before } = entries(n, 1 + rand(5), 1);
      const k = rand(450);
      const sorted = Array.from({ length: n }, (_, i) => i).sort(before);
      const order = Int32Array.from({ length: n }, (_, i) => i);
      expect([...firstRanked(order, k, before)]).toEqual(sorted.slice(0, k));
    }
  });
});
