/** The fold strip's marks and name: the kept checkpoints of the step, placed along the file. */
import { describe, expect, it } from 'vitest';
import type { CheckpointView } from '../../../src/app/types';
import { describeFold, foldMarks } from '../../../src/ui/fold-strip';

const cp = (seq: number, stepId: string, bytesDone: number): CheckpointView => ({
  seq,
  at: seq,
  reason: 'interval',
  stepId,
  stepIndex: stepId === 'fingerprint' ? 0 : 1,
  bytesDone,
  pinned: false,
  boundary: false,
});

describe('fold strip', () => {
  it("places the step's kept checkpoints along the file, in file order", () => {
    const marks = foldMarks(
      [cp(4, 'hash', 750), cp(1, 'fingerprint', 1000), cp(3, 'hash', 250), cp(5, 'hash', 1000)],
      'hash',
      1000,
    );
    expect(marks).toEqual([
      { seq: 3, at: 0.25 },
      { seq: 4, at: 0.75 },
      { seq: 5, at: 1 },
    ]);
    expect(describeFold(0.9, marks)).toBe(
      '90 % of the file done; 3 checkpoints kept, at 25 %, 75 % and 100 %',
    );
    expect(describeFold(0.1, [])).toBe('10 % of the file done; no checkpoint kept');
    expect(describeFold(0.5, [{ seq: 2, at: 0.5 }])).toBe(
      '50 % of the file done; 1 checkpoint kept, at 50 %',
    );
  });
});
