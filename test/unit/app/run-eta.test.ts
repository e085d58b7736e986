/**
 * The ETA counts everything left before a run completes: the steps, and the copy of its input
 * where the run waits for it (copies kept). Expected values are worked out by hand here.
 */
import { describe, expect, it } from 'vitest';
import type { AnyWorkflow, RunRecord } from '../../../src/engine';
import { toRunView, type LiveRun } from '../../../src/app/run-view';

const MB = 1e6;
const workflow = {
  id: 'w',
  label: 'W',
  steps: [{ kind: 'fold', id: 'hash' }],
} as unknown as AnyWorkflow;
const record = (p: Partial<RunRecord> = {}) =>
  ({
    id: 'r',
    workflowId: 'w',
    status: 'running',
    stepIndex: 0,
    progress: { done: 0, total: 100 * MB },
    input: { name: 'a.bin', size: 100 * MB, mode: 'opfs', imported: 0, opfsPath: 'copies/a' },
    chunkSize: MB,
    failedChunks: [],
    createdAt: 0,
    updatedAt: 0,
    outputs: {},
    events: [],
    retries: 0,
    stats: { processedBytes: 0, workMs: 0 },
    lastSeq: 0,
    kept: [],
    ...p,
  }) as RunRecord;
// The engine's own (per-chunk) throughput is not what the ETA counts: `rate` is, the run's.
const processing = (done: number): LiveRun['progress'] => ({
  runId: 'r',
  status: 'running',
  stepIndex: 0,
  done,
  total: 100 * MB,
  throughput: 1,
});
const copy = (done: number, throughput: number, awaited: boolean): LiveRun['copy'] => ({
  runId: 'r',
  done,
  total: 100 * MB,
  throughput,
  awaited,
});
const eta = (live: LiveRun, run = record()) => toRunView(run, workflow, live, [], false).etaSeconds;

describe('ETA', () => {
  it('is the steps’ own when the copy is not waited for', () => {
    // 60 MB left at 20 MB/s: 3 s, whatever the copy (released on completion) still has to do.
    expect(
      eta({ progress: processing(40 * MB), rate: 20 * MB, copy: copy(10 * MB, 5 * MB, false) }),
    ).toBe(3);
  });

  it('is the copy’s when the run waits for a copy that ends after the steps', () => {
    // Steps: 3 s left. Copy: 90 MB left at 10 MB/s, 9 s: the run completes in 9 s.
    expect(
      eta({ progress: processing(40 * MB), rate: 20 * MB, copy: copy(10 * MB, 10 * MB, true) }),
    ).toBe(9);
    // The copy ahead of the steps: the steps' 3 s.
    expect(
      eta({ progress: processing(40 * MB), rate: 20 * MB, copy: copy(80 * MB, 10 * MB, true) }),
    ).toBe(3);
  });

  it('counts the copy alone once the steps are done and the run waits for it', () => {
    const done = record({ stepIndex: 1, progress: { done: 0, total: 100 * MB } });
    // 30 MB left at 15 MB/s.
    expect(
      eta(
        {
          progress: { ...processing(100 * MB)!, stepIndex: 1 },
          rate: 20 * MB,
          copy: copy(70 * MB, 15 * MB, true),
        },
        done,
      ),
    ).toBe(2);
  });

  it('shows no speed and no ETA before a byte is done, whatever the rate says', () => {
    const v = toRunView(record(), workflow, { progress: processing(0), rate: 133 * MB }, [], false);
    expect(v.throughput).toBeUndefined();
    expect(v.etaSeconds).toBeUndefined();
    const later = toRunView(
      record(),
      workflow,
      { progress: processing(MB), rate: 20 * MB },
      [],
      false,
    );
    expect(later.throughput).toBe(20 * MB);
  });
});
