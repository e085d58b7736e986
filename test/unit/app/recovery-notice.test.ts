import { describe, expect, it } from 'vitest';
import type { AnyWorkflow, RunRecord } from '../../../src/engine';
import type { CheckpointView, RunView } from '../../../src/app/types';
import {
  percentAt,
  recoveryLine,
  RecoveryNotes,
  recoverySummary,
} from '../../../src/app/recovery-notice';

type Facts = Parameters<typeof recoveryLine>[0];
const view = (over: Partial<Facts> = {}): Facts => ({
  input: { name: 'big.bin', size: 1000, mode: 'opfs' },
  taskLabel: 'SHA-256',
  status: 'running',
  need: undefined,
  ...over,
});

// Two steps, as CSV profile: a task that reads nothing, then a fold over the file.
const twoSteps = {
  steps: [
    { id: 'fingerprint', kind: 'task' },
    { id: 'scan', kind: 'fold' },
  ],
} as unknown as Pick<AnyWorkflow, 'steps'>;

describe('recoveryLine', () => {
  it('names the run and task and where it resumed', () => {
    expect(recoveryLine(view(), 'resumed', { seq: 4, percent: 42.9 })).toBe(
      'big.bin (SHA-256): resumed from checkpoint 4 at 42 %',
    );
    expect(recoveryLine(view(), 'resumed', { seq: 0, percent: 0 })).toBe(
      'big.bin (SHA-256): resumed from the start (no checkpoint yet)',
    );
  });

  it('says what the run waits for, even when recovery counted it resumed', () => {
    const repick = view({
      status: 'interrupted',
      need: { kind: 'repick', expected: { name: 'big.bin', size: 1000, lastModified: 0 } },
    });
    expect(recoveryLine(repick, 'interrupted', undefined)).toBe(
      'big.bin (SHA-256): waiting for its file',
    );
    expect(recoveryLine(repick, 'resumed', { seq: 2, percent: 10 })).toBe(
      'big.bin (SHA-256): waiting for its file',
    );
    expect(
      recoveryLine(
        view({ status: 'paused', need: { kind: 'grant-access' } }),
        'resumed',
        undefined,
      ),
    ).toBe('big.bin (SHA-256): waiting for access to its file');
    expect(recoveryLine(view({ status: 'incompatible' }), 'resumed', { seq: 1, percent: 0 })).toBe(
      'big.bin (SHA-256): incompatible version; start it again',
    );
    expect(recoveryLine(view({ status: 'interrupted' }), 'interrupted', undefined)).toBe(
      'big.bin (SHA-256): interrupted; press Resume to continue',
    );
    expect(recoveryLine(view(), 'elsewhere', undefined)).toBe(
      'big.bin (SHA-256): running in another tab',
    );
  });
});

describe('percentAt', () => {
  it('counts whole steps before the checkpoint and the share of its step', () => {
    // fold at 250 of 1000 bytes in the second of two steps: (1 + 0.25) / 2.
    expect(percentAt(twoSteps, { stepId: 'scan', bytesDone: 250 }, 1000)).toBe(62.5);
    // A task step counts nothing until it ends.
    expect(percentAt(twoSteps, { stepId: 'fingerprint', bytesDone: 1000 }, 1000)).toBe(0);
    expect(percentAt(undefined, { stepId: 'hash', bytesDone: 300 }, 1000)).toBe(30);
  });
});

describe('recoverySummary', () => {
  it('keeps the contract sentence and is silent when nothing happened', () => {
    expect(recoverySummary({ resumed: ['a'], interrupted: ['b', 'c'], elsewhere: [] })).toBe(
      'Resumed 1 unfinished run from its last checkpoint. 2 runs need your attention.',
    );
    expect(recoverySummary({ resumed: [], interrupted: [], elsewhere: ['x'] })).toBeUndefined();
  });
});

describe('RecoveryNotes', () => {
  const cp = (seq: number, bytesDone: number): CheckpointView => ({
    seq,
    at: 0,
    reason: 'interval',
    stepId: 'scan',
    stepIndex: 0,
    bytesDone,
    pinned: false,
    boundary: false,
  });
  const record = {
    workflowId: 'csv',
    input: { size: 1000 },
    crashes: { count: 1, seq: 3 },
  } as unknown as RunRecord;

  it('keeps the checkpoint recovery started from while later ones come', () => {
    const notes = new RecoveryNotes();
    notes.note({ resumed: ['r'], interrupted: [], elsewhere: [] });
    let v = { ...view(), id: 'r', checkpoints: [cp(3, 500)] } as unknown as RunView;
    const lines = () =>
      notes.lines(
        () => record,
        () => v,
        () => twoSteps as AnyWorkflow,
      );
    expect(lines()).toEqual(['big.bin (SHA-256): resumed from checkpoint 3 at 75 %']);
    // Later: the run checkpointed again and its record moved on; the line stays.
    v = { ...v, checkpoints: [cp(3, 500), cp(4, 900)] } as RunView;
    const moved = { ...record, crashes: { count: 0, seq: 4 } } as RunRecord;
    expect(
      notes.lines(
        () => moved,
        () => v,
        () => twoSteps as AnyWorkflow,
      ),
    ).toEqual(['big.bin (SHA-256): resumed from checkpoint 3 at 75 %']);
    notes.clear();
    expect(lines()).toEqual([]);
  });
});

describe('the summary as the runs settle', () => {
  const ids = { resumed: ['a', 'b'], interrupted: [], elsewhere: [] };
  const views: Record<string, Partial<RunView>> = {
    a: { status: 'running', need: undefined },
    // Resumed by recovery, then found its checkpoint from another workflow version.
    b: { status: 'incompatible', need: undefined },
  };
  const look = (id: string) => views[id] as RunView | undefined;

  it('counts a resumed run that has since stopped for the user as needing attention', () => {
    const notes = new RecoveryNotes();
    const first = notes.note(ids);
    expect(first).toBe('Resumed 2 unfinished runs from their last checkpoint.');
    expect(notes.summary(first, look)).toBe(
      'Resumed 1 unfinished run from its last checkpoint. 1 run needs your attention.',
    );
  });

  it('leaves another notice alone (a storage warning shown since)', () => {
    const notes = new RecoveryNotes();
    notes.note(ids);
    expect(notes.summary('Storage is nearly full.', look)).toBeUndefined();
    notes.clear();
    expect(notes.summary('Resumed 2 unfinished runs from their last checkpoint.', look)).toBe(
      undefined,
    );
  });
});
