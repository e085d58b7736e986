/** The checkpoint history's progress cell, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { checkpointProgress, isResult } from '../../../src/ui/checkpoint-row';

const MiB = 1024 * 1024;
const run = { step: { id: 'scan', index: 1, count: 2 }, totalBytes: 100 * MiB };

describe('checkpointProgress', () => {
  it('says overall progress and the step’s bytes', () => {
    // Step 2 of 2 at 50 of 100 MiB: (1 + 0.5) / 2 = 75 %.
    expect(checkpointProgress({ stepIndex: 1, bytesDone: 50 * MiB }, run)).toEqual([
      '75 %',
      '50 MiB',
    ]);
    expect(checkpointProgress({ stepIndex: 0, bytesDone: 0 }, run)).toEqual(['0 %', '0 B']);
  });

  it('names the checkpoint after the last step "Result", never "0 B"', () => {
    expect(isResult({ stepIndex: 2 }, run)).toBe(true);
    expect(isResult({ stepIndex: 1 }, run)).toBe(false);
    expect(checkpointProgress({ stepIndex: 2, bytesDone: 0 }, run)).toEqual(['Result']);
  });
});
