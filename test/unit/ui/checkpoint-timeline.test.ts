/** The checkpoint timeline's placement and words, worked out by hand. */
import { describe, expect, it } from 'vitest';
import type { CheckpointView } from '../../../src/app/types';
import {
  checkpointTimeline,
  describeTimeline,
  timelineCaption,
} from '../../../src/ui/checkpoint-timeline';

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000;
const run = { createdAt: T0, step: { id: 'scan', index: 1, count: 2 }, totalBytes: 100 * MiB };

const cp = (seq: number, at: number, stepIndex: number, bytesDone: number, pinned = false) =>
  ({
    seq,
    at: T0 + at,
    stepIndex,
    bytesDone,
    pinned,
    reason: 'interval',
    stepId: 's',
    boundary: false,
  }) as CheckpointView;

describe('checkpointTimeline', () => {
  // Given out of order, as a store may list them.
  const cps = [cp(3, 4000, 2, 0), cp(1, 1000, 0, 25 * MiB), cp(2, 3000, 1, 50 * MiB, true)];

  it('places each checkpoint along the run time at its progress over all steps', () => {
    const t = checkpointTimeline(cps, run);
    expect(t.spanMs).toBe(4000);
    // Step 1 of 2 at 25 %: 12.5 %; step 2 at 50 %: (1 + 0.5) / 2 = 75 %; the result: 100 %.
    expect(t.points).toEqual([
      { seq: 1, afterMs: 1000, x: 0.25, y: 0.125, result: false, pinned: false },
      { seq: 2, afterMs: 3000, x: 0.75, y: 0.75, result: false, pinned: true },
      { seq: 3, afterMs: 4000, x: 1, y: 1, result: true, pinned: false },
    ]);
  });

  it('says every point in words, oldest first', () => {
    const t = checkpointTimeline(cps, run);
    expect(describeTimeline(t)).toBe(
      '3 checkpoints over 4 s, oldest first: 12 % after 1 s, 75 % after 3 s (pinned) and the result after 4 s',
    );
    expect(timelineCaption(t)).toBe('3 checkpoints over 4 s');
  });

  it('starts at the earliest checkpoint when it precedes the run (a fork), and reads empty', () => {
    const t = checkpointTimeline([cp(1, -2000, 0, 10 * MiB), cp(2, 0, 0, 20 * MiB)], run);
    expect(t.points.map((p) => [p.afterMs, p.x])).toEqual([
      [0, 0],
      [2000, 1],
    ]);
    expect(describeTimeline(checkpointTimeline([], run))).toBe('No checkpoints kept yet.');
    const one = checkpointTimeline([cp(1, 200, 0, 0)], run);
    expect(describeTimeline(one)).toBe('1 checkpoint over 0 s, oldest first: 0 % after 0 s');
  });
});
