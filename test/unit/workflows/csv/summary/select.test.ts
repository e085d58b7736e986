import { describe, expect, it } from 'vitest';
import { ColumnSummary } from '../../../../../src/workflows/csv/summary';
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

describe('top values tied on count rank by code point, not UTF-16 unit', () => {
  it('astral, private-use and plain texts in code point order (reference: codePointAt)', () => {
    const texts = ['\u{1F600}', '\uE000', '\uFFFD', 'z', 'a\u{10000}', 'a\uFB01', 'é', 'ab'];
    const s = new ColumnSummary();
    const enc = new TextEncoder();
    for (const t of texts) {
      const b = enc.encode(t);
      s.add(b, 0, b.length);
    }
    const byCodePoint = (a: string, b: string): number => {
      const x = Array.from(a, (c) => c.codePointAt(0) as number);
      const y = Array.from(b, (c) => c.codePointAt(0) as number);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    const want = texts.slice().sort(byCodePoint);
    expect(s.profile('c').top.map((v) => v.value)).toEqual(want);
  });
});
