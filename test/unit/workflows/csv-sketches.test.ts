import { describe, expect, it } from 'vitest';
import { hllAdd, hllEstimate, newHll } from '../../../src/workflows/csv/hyperloglog';
import {
  HEAVY_CAPACITY,
  heavyAdd,
  heavyEntries,
  heavyFromCounts,
  loadHeavy,
  saveHeavy,
} from '../../../src/workflows/csv/space-saving';
import { codePointLength, compareCodePoints } from '../../../src/workflows/csv/code-points';
import { rng } from '../helpers/drive';

describe('HyperLogLog', () => {
  it('estimates distinct counts within 2% from ten thousand to a million', () => {
    const random = rng(5);
    for (const n of [10_001, 50_000, 200_000, 1_000_000]) {
      const h = newHll();
      const salt = Math.floor(random() * 1e9);
      for (let i = 0; i < n; i++) hllAdd(h, `v${salt}-${i}`);
      // Duplicates change nothing.
      for (let i = 0; i < 1000; i++) hllAdd(h, `v${salt}-${i}`);
      const error = Math.abs(hllEstimate(h) - n) / n;
      expect(error, `n = ${n}`).toBeLessThan(0.02);
    }
  });

  it('is exact-ish when small and survives structured cloning', () => {
    const h = newHll();
    for (const v of ['a', 'b', 'c', 'a']) hllAdd(h, v);
    expect(Math.round(hllEstimate(structuredClone(h)))).toBe(3);
    expect(hllEstimate(newHll())).toBe(0);
  });
});

describe('Space-Saving heavy hitters', () => {
  it('keeps every value above N / capacity with a bounded overestimate, and resumes exactly', () => {
    const random = rng(8);
    const truth = new Map<string, number>();
    const seed: [string, number][] = [];
    for (let i = 0; i < 20_000; i++) seed.push([`s${i}`, 1]);
    let resumed = heavyFromCounts(seed);
    const uninterrupted = heavyFromCounts(seed);
    seed.forEach(([v]) => truth.set(v, 1));
    const heavy = ['alpha', 'beta', 'gamma'];
    for (let i = 0; i < 200_000; i++) {
      const v = random() < 0.3 ? heavy[Math.floor(random() * 3)] : `u${Math.floor(random() * 1e6)}`;
      heavyAdd(resumed, v);
      heavyAdd(uninterrupted, v);
      truth.set(v, (truth.get(v) ?? 0) + 1);
      if (i % 20_000 === 7) resumed = loadHeavy(structuredClone(saveHeavy(resumed)));
    }
    expect(saveHeavy(resumed)).toEqual(saveHeavy(uninterrupted));
    const h = resumed;
    expect(h.counts.size).toBe(HEAVY_CAPACITY);
    for (const v of heavy) {
      const count = h.counts.get(v);
      const t = truth.get(v) ?? 0;
      expect(count, v).toBeGreaterThanOrEqual(t);
      expect((count ?? 0) - (h.errors.get(v) ?? 0)).toBeLessThanOrEqual(t);
    }
    expect(h.min).toBe(Math.min(...h.counts.values()));
    const top = heavyEntries(h)
      .slice(-3)
      .map((e) => e.value)
      .sort();
    expect(top).toEqual(heavy);
  });
});

describe('code point order', () => {
  it('sorts astral characters after the rest of the BMP, like Python', () => {
    const values = ['\u{1f600}', '\uffff', 'a', '\ue000', 'ab', ''];
    expect([...values].sort(compareCodePoints)).toEqual([
      '',
      'a',
      'ab',
      '\ue000',
      '\uffff',
      '\u{1f600}',
    ]);
    expect(codePointLength('a\u{1f600}\ud800')).toBe(3);
  });
});
