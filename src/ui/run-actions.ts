/** Which controls a run shows, from its status. Pure, unit-tested. */
import type { RunStatus, RunView } from '../app/types';

export interface RunActions {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  retryFailed: boolean;
  delete: boolean;
  checkpointNow: boolean;
}

const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'importing', 'running']);
const STOPPED: ReadonlySet<RunStatus> = new Set(['paused', 'interrupted']);
// A queued run has nothing to pause yet: it may be canceled or deleted while it waits.
const PAUSABLE: ReadonlySet<RunStatus> = new Set(['importing', 'running']);

type RunLike = Pick<RunView, 'status' | 'failedChunks'> & { ownedElsewhere?: boolean };

export function runActions(run: RunLike): RunActions {
  const chunkFailure = run.status === 'failed' && run.failedChunks.length > 0;
  return {
    pause: PAUSABLE.has(run.status),
    // A failure that is not (only) failed chunks can be resumed from the last checkpoint.
    resume: STOPPED.has(run.status) || (run.status === 'failed' && !chunkFailure),
    cancel: ACTIVE.has(run.status) || STOPPED.has(run.status),
    retryFailed: chunkFailure,
    delete: true,
    // The owning tab checkpoints; only Pause and Cancel are relayed to it.
    checkpointNow: run.status === 'running' && !run.ownedElsewhere,
  };
}

/** Failures are announced assertively; everything else politely. */
export function messageRole(status: RunStatus): 'alert' | 'status' {
  return status === 'failed' || status === 'incompatible' ? 'alert' : 'status';
}

/** True while the run is moving (throughput and ETA are meaningful). */
export function isActive(status: RunStatus): boolean {
  return ACTIVE.has(status);
}

/** Newest first, by creation time (ties: id, for a stable order). */
export function newestFirst<T extends Pick<RunView, 'createdAt' | 'id'>>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
}
