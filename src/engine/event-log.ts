/**
 * A run's event log: a short list of what happened to it (started, paused, recovered after a
 * reload, a chunk retried, failed with a code…), kept in the run record itself so that it is
 * written in the same transaction as the change it tells of and goes where the run goes
 * (fork, delete). Bounded: the oldest entries give way, so a run that retries or is paused a
 * thousand times still has a record of fixed size.
 *
 * Status changes are logged by `transition` (run-status.ts), the one place they go through;
 * the other events are logged where the engine does the thing (recovery, retries, releasing
 * a copy).
 */
import type { RunRecord, RunStatus } from './records';
import type { StatusCause } from './run-status';

/** What a log entry tells of. */
export type RunEventKind =
  | 'started'
  | 'forked'
  | 'resumed'
  | 'copying'
  | 'paused'
  | 'recovered'
  | 'interrupted'
  | 'retry'
  | 'failed'
  | 'completed'
  | 'canceled'
  | 'restored'
  | 'incompatible'
  | 'waiting'
  | 'copy-freed';

/** One entry of a run's log. */
export interface RunEvent {
  /** Epoch ms. */
  at: number;
  kind: RunEventKind;
  /** What a person needs to tell this entry from another of its kind ("checkpoint 4", a code). */
  detail?: string;
}

/** Entries a run keeps; the oldest are dropped past it. */
export const MAX_RUN_EVENTS = 50;

/**
 * Appends an entry to `run.events`, dropping the oldest past {@link MAX_RUN_EVENTS}; a retry
 * also counts in `run.retries`, which the bound does not drop.
 */
export function logEvent(
  run: Pick<RunRecord, 'events' | 'retries'>,
  kind: RunEventKind,
  detail?: string,
  at: number = Date.now(),
): void {
  const events = run.events;
  if (kind === 'retry') run.retries += 1;
  events.push(detail === undefined ? { at, kind } : { at, kind, detail });
  if (events.length > MAX_RUN_EVENTS) events.splice(0, events.length - MAX_RUN_EVENTS);
}

/**
 * The entry a status change makes, or undefined for changes that say nothing new to a person
 * (a queued run starting to run is the "started" or "resumed" logged before it).
 */
export function statusEvent(
  from: RunStatus,
  to: RunStatus,
  why: StatusCause,
): RunEventKind | undefined {
  switch (why) {
    case 'resume':
      return 'resumed';
    case 'import':
      // Resuming a copy after a crash is the recovery's entry, not a new copy.
      return from === 'importing' ? undefined : 'copying';
    case 'run':
      return undefined;
    case 'complete':
      return 'completed';
    case 'pause':
    case 'fault':
      return to === 'paused' ? 'paused' : undefined;
    case 'fail':
      return 'failed';
    case 'need-input':
      return 'waiting';
    case 'recovery-held':
      return 'interrupted';
    case 'incompatible':
      return 'incompatible';
    case 'cancel':
      return 'canceled';
    case 'restore':
      return 'restored';
  }
}
