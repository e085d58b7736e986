/** The sparkline's path and its text alternative, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { sparkArea, sparkPath, speedText } from '../../../src/ui/sparkline';

describe('sparkPath', () => {
  it('draws each value as a flat step across its share of the width, scaled to the peak', () => {
    // Peak 4 at the top (y 0), 2 halfway, 0 at the bottom (y 40); each value 50 units wide.
    expect(sparkPath([2, 4, 0], 150, 40)).toBe('M0 20L50 20L50 0L100 0L100 40L150 40');
  });

  it('is empty for no values and flat at the bottom for all zero', () => {
    expect(sparkPath([], 100, 40)).toBe('');
    expect(sparkPath([0, 0], 100, 40)).toBe('M0 40L50 40L50 40L100 40');
    expect(sparkArea([], 100, 40)).toBe('');
    expect(sparkArea([1], 100, 40)).toBe('M0 0L100 0L100 40L0 40Z');
  });
});

describe('speedText', () => {
  it('says now, average, peak and the time covered, in MB/s', () => {
    expect(
      speedText({ rates: [1], now: 95.24e6, average: 90.1e6, peak: 101e6, spanMs: 42_000 }),
    ).toBe('now 95.2 MB/s, average 90.1 MB/s, peak 101 MB/s, over 42 s');
  });

  it('leaves out what is not known (a completed run has no "now")', () => {
    expect(speedText({ rates: [1], now: undefined, average: 5e6, peak: 6e6, spanMs: 90_000 })).toBe(
      'average 5.0 MB/s, peak 6.0 MB/s, over 1 min 30 s',
    );
  });
});
