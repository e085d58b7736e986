import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../src/app/types';
import { messageRole, newestFirst, runActions } from '../../../src/ui/run-actions';

const shown = (status: RunStatus, failedChunks: number[] = []) => {
  const a = runActions({ status, failedChunks });
  return Object.entries(a)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();
};

describe('runActions', () => {
  it('offers Cancel and Delete, not Pause, while queued', () => {
    expect(shown('queued')).toEqual(['cancel', 'delete']);
  });

  it('offers Pause and Cancel while importing or running', () => {
    expect(shown('importing')).toEqual(['cancel', 'delete', 'pause']);
    expect(shown('running')).toEqual(['cancel', 'checkpointNow', 'delete', 'pause']);
  });

  it('offers Resume and Cancel when paused or interrupted', () => {
    expect(shown('paused')).toEqual(['cancel', 'delete', 'resume']);
    expect(shown('interrupted')).toEqual(['cancel', 'delete', 'resume']);
  });

  it('offers Retry failed for chunk failures, Resume for other failures', () => {
    expect(shown('failed', [3, 7])).toEqual(['delete', 'retryFailed']);
    expect(shown('failed')).toEqual(['delete', 'resume']);
  });

  it('offers only Delete when finished', () => {
    expect(shown('completed')).toEqual(['delete']);
    expect(shown('canceled')).toEqual(['delete']);
    expect(shown('incompatible')).toEqual(['delete']);
  });
});

describe('messageRole', () => {
  it('announces failures as alerts', () => {
    expect(messageRole('failed')).toBe('alert');
    expect(messageRole('incompatible')).toBe('alert');
    expect(messageRole('paused')).toBe('status');
  });
});

describe('newestFirst', () => {
  it('sorts by creation time, newest first, without mutating', () => {
    const runs = [
      { id: 'a', createdAt: 1 },
      { id: 'b', createdAt: 3 },
      { id: 'c', createdAt: 2 },
    ];
    expect(newestFirst(runs).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(runs.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('checkpointNow', () => {
  it('is offered only by the tab that runs the run', () => {
    expect(runActions({ status: 'running', failedChunks: [] }).checkpointNow).toBe(true);
    expect(
      runActions({ status: 'running', failedChunks: [], ownedElsewhere: true }).checkpointNow,
    ).toBe(false);
  });
});
