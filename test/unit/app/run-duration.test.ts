/** A completed run's time and average speed, from its record's own timestamps. */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/engine';
import { runDuration } from '../../../src/app/run-view';

const record = (p: Partial<RunRecord>) =>
  ({
    status: 'completed',
    createdAt: 1_000,
    finishedAt: 3_500,
    input: { size: 5e6 },
    ...p,
  }) as RunRecord;

describe('runDuration', () => {
  it('is Start → Completed, and the input over it', () => {
    // 5,000,000 bytes in 2.5 s: 2,000,000 bytes per second.
    expect(runDuration(record({}))).toEqual({ ms: 2_500, bytesPerSecond: 2_000_000 });
  });

  it('is none before completion, and has no speed for an instant run', () => {
    expect(runDuration(record({ status: 'running', finishedAt: undefined }))).toBeUndefined();
    expect(runDuration(record({ finishedAt: 1_000 }))).toEqual({
      ms: 0,
      bytesPerSecond: undefined,
    });
  });
});
