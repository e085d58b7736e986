/**
 * The run's speed on the wall clock, all workers together, against a naive reference: the bytes
 * the simulated workers finished over the time they took. The engine's per-chunk rate (a chunk's
 * bytes over its own call) is what this replaces: with two workers it is half the run's speed.
 */
import { describe, expect, it } from 'vitest';
import { HISTORY_POINTS, RateHistory, RunRate } from '../../../src/app/throughput';

const MB = 1e6;

/**
 * Two workers each doing 8 MB chunks in 160 ms (50 MB/s each, 100 MB/s together), finishing
 * half a chunk apart; progress after each chunk says the done bytes of the step, as map-step does.
 */
function twoWorkers(rate: RunRate, chunks: number, t0 = 0): { t: number; bytes: number } {
  let done = 0;
  let t = t0;
  rate.add(t, { phase: 'steps', stepIndex: 0, done: 0 });
  for (let i = 0; i < chunks; i++) {
    t += 80; // one of the two workers finishes every 80 ms
    done += 8 * MB;
    rate.add(t, { phase: 'steps', stepIndex: 0, done });
  }
  return { t: t - t0, bytes: done };
}

describe('RunRate', () => {
  it('is the whole run’s bytes over wall-clock time, not one worker’s share', () => {
    const r = new RunRate();
    const { t, bytes } = twoWorkers(r, 100);
    const naive = (bytes / t) * 1000; // 100 MB/s
    expect(r.current()).toBeCloseTo(naive, 6);
    expect(r.history.average()).toBeCloseTo(naive, 6);
    // One worker's share (the engine's per-chunk rate: 8 MB / 160 ms) is half of it.
    expect(r.current()!).toBeGreaterThan(1.9 * ((8 * MB) / 160) * 1000);
  });

  it('says nothing before anything moved: one sample, or none done', () => {
    const r = new RunRate();
    r.add(0, { phase: 'steps', stepIndex: 0, done: 0 });
    expect(r.current()).toBeUndefined();
    r.add(300, { phase: 'steps', stepIndex: 0, done: 0 });
    expect(r.current()).toBeUndefined();
    r.add(600, { phase: 'steps', stepIndex: 0, done: 3 * MB });
    expect(r.current()).toBeCloseTo(5 * MB, 6);
  });

  it('follows the latest few seconds: a run that slows down reads slower', () => {
    const r = new RunRate();
    let done = 0;
    for (let t = 0; t <= 10_000; t += 100) {
      r.add(t, { phase: 'steps', stepIndex: 0, done });
      done += t < 5000 ? 10 * MB : 1 * MB; // 100 MB/s, then 10 MB/s
    }
    expect(r.current()).toBeCloseTo(10 * MB, -3);
  });

  it('counts a new step from its own 0 and never counts a move back', () => {
    const r = new RunRate();
    r.add(0, { phase: 'steps', stepIndex: 0, done: 90 * MB });
    r.add(1000, { phase: 'steps', stepIndex: 0, done: 100 * MB });
    r.add(2000, { phase: 'steps', stepIndex: 1, done: 10 * MB });
    // A restore to an earlier point: no negative speed, nothing counted for the jump.
    r.add(3000, { phase: 'steps', stepIndex: 1, done: 2 * MB });
    r.add(4000, { phase: 'steps', stepIndex: 1, done: 12 * MB });
    expect(r.history.average()).toBeCloseTo(((10 + 10 + 10) * MB) / 4, 6);
    // A phase change (the copy, then the steps) is no move either.
    r.add(5000, { phase: 'import', stepIndex: 0, done: 500 * MB });
    r.add(6000, { phase: 'import', stepIndex: 0, done: 510 * MB });
    expect(r.history.average()).toBeCloseTo((40 * MB) / 6, 6);
  });

  it('begins from a record only when it follows nothing yet, and stops at a halt', () => {
    const r = new RunRate();
    r.begin(0, { phase: 'steps', stepIndex: 0, done: 0 });
    r.add(1000, { phase: 'steps', stepIndex: 0, done: 20 * MB });
    // A record saved earlier (its progress behind the live events) changes nothing.
    r.begin(1500, { phase: 'steps', stepIndex: 0, done: 5 * MB });
    r.add(2000, { phase: 'steps', stepIndex: 0, done: 40 * MB });
    expect(r.history.average()).toBeCloseTo(20 * MB, 6);
    r.halt();
    expect(r.current()).toBeUndefined();
  });
});

describe('RateHistory', () => {
  it('stays bounded over a 10-hour run sampled 10 times a second, its average exact', () => {
    const h = new RateHistory();
    const tenHours = 10 * 3600 * 1000;
    let bytes = 0;
    let maxSize = 0;
    for (let t = 0; t <= tenHours; t += 100) {
      h.add(t, bytes);
      maxSize = Math.max(maxSize, h.size);
      // 50 MB/s for the first hour, 100 MB/s after.
      bytes += t < 3600_000 ? 5 * MB : 10 * MB;
    }
    expect(maxSize).toBeLessThanOrEqual(HISTORY_POINTS + 1);
    const rates = h.rates();
    expect(rates.length).toBeGreaterThan(HISTORY_POINTS / 4);
    expect(rates.length).toBeLessThanOrEqual(HISTORY_POINTS);
    // The last value added was not counted yet: `bytes` ran one step ahead.
    const last = bytes - 10 * MB;
    expect(h.average()).toBeCloseTo((last / tenHours) * 1000, 3);
    expect(h.spanMs()).toBe(tenHours);
    // Merging keeps each stretch's own rate: the first is the first hour's, the last the later.
    expect(rates[0]).toBeCloseTo(50 * MB, -3);
    expect(rates.at(-1)).toBeCloseTo(100 * MB, -3);
    expect(h.peak()).toBeCloseTo(100 * MB, -3);
  });
});
