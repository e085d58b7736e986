/** The rendered window of the Matches table, against a naive scan of every row's box. */
import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../src/ui/results/virtual-window';

/** Rows whose box [i·h, (i+1)·h) meets the viewport [top, top + height). */
function visibleNaive(top: number, height: number, h: number, total: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (i * h < top + height && (i + 1) * h > top) out.push(i);
  return out;
}

describe('rowWindow', () => {
  it('renders every visible row, few others, and keeps the full height', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) / 1;
    for (let k = 0; k < 2000; k++) {
      const total = rnd(12_000);
      const h = 10 + rnd(40);
      const height = rnd(900);
      const top = rnd(Math.max(1, total * h));
      const w = rowWindow(top, height, h, total, 8);
      const vis = visibleNaive(top, height, h, total);
      if (vis.length) {
        expect(w.start).toBeLessThanOrEqual(vis[0]);
        expect(w.end).toBeGreaterThan(vis[vis.length - 1]);
      }
      expect(w.end - w.start).toBeLessThanOrEqual(vis.length + 2 * 8 + 2);
      expect(w.before + (w.end - w.start) * h + w.after).toBe(total * h);
      expect(w.start).toBeGreaterThanOrEqual(0);
      expect(w.end).toBeLessThanOrEqual(total);
    }
  });

  it('reaches the last row at the bottom of 10,000', () => {
    const w = rowWindow(10_000 * 30 - 400, 400, 30, 10_000);
    expect(w.end).toBe(10_000);
    expect(w.after).toBe(0);
  });
});
