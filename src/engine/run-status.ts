/**
 * Run status has one writer. Every change of a run's `status` goes through `transition`, which
 * looks the change up in `TRANSITIONS`, a table of what may happen (from, to, why), as TanStack
 * Query routes every state change of a query through one reducer. A change the table does not
 * list is a bug and throws `invalid-transition` instead of leaving a run in a state nothing
 * expects. New runs (started or forked) get `INITIAL_STATUS` from here too.
 *
 * The table is what the engine did before it existed, written down: `docs/checkpointing.md` §4
 * (run states) explains each row.
 */
import { WaymarkError } from './errors';
import { logEvent, statusEvent } from './event-log';
import { ACTIVE_STATUSES, RUN_STATUSES, type RunRecord, type RunStatus } from './records';

/** What a run that was just created (started, or forked from a checkpoint) is. */
export const INITIAL_STATUS = 'queued' satisfies RunStatus;

/** Why a run's status changes; each names one thing the engine does. */
export type StatusCause =
  | 'resume'
  | 'import'
  | 'run'
  | 'complete'
  | 'pause'
  | 'fault'
  | 'fail'
  | 'need-input'
  | 'recovery-held'
  | 'incompatible'
  | 'cancel'
  | 'restore';

export interface Transition {
  from: readonly RunStatus[];
  to: RunStatus;
  why: StatusCause;
  /** Who makes it, in words. */
  note: string;
}

/** Statuses a run can be resumed from: the active ones (an owner died) and the stopped ones. */
const RESUMABLE: readonly RunStatus[] = [...ACTIVE_STATUSES, 'paused', 'interrupted', 'failed'];

/** Every status change the engine makes. Anything else is refused. */
export const TRANSITIONS: readonly Transition[] = [
  {
    from: RESUMABLE,
    to: 'queued',
    why: 'resume',
    note: 'Engine.resume (and retryFailed, repick, grantAccess through it) queues the run again.',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'importing',
    why: 'import',
    note: 'The execution copies the input into OPFS first (also resuming a copy after a crash).',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'running',
    why: 'run',
    note: 'The execution has its input and checkpoint and drives the steps.',
  },
  {
    from: ['running'],
    to: 'completed',
    why: 'complete',
    note: 'The final checkpoint, or a run restored or forked past its last step.',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'paused',
    why: 'pause',
    note: "Engine.pause: the step's pause checkpoint, or a stop while importing or queued.",
  },
  {
    from: ACTIVE_STATUSES,
    to: 'paused',
    why: 'fault',
    note: 'A storage or input error that retrying cannot fix (quota-exceeded, input-changed…).',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'failed',
    why: 'fail',
    note: 'A chunk, block, task or import failed every attempt, or another error stopped the run.',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'interrupted',
    why: 'need-input',
    note: 'The input must be picked again or read access granted again (`need` says which).',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'interrupted',
    why: 'recovery-held',
    note: 'Recovery found the run orphaned but did not resume it (crash loop, or not automatic).',
  },
  {
    from: ACTIVE_STATUSES,
    to: 'incompatible',
    why: 'incompatible',
    note: 'The workflow is not registered, or its checkpoint cannot be carried over.',
  },
  {
    from: [...RESUMABLE, 'incompatible'],
    to: 'canceled',
    why: 'cancel',
    note: 'Engine.cancel: any run not completed or canceled already (an incompatible one too).',
  },
  {
    from: RUN_STATUSES,
    to: 'paused',
    why: 'restore',
    note: 'Engine.restore rewinds the run to a checkpoint from any status, final ones included.',
  },
];

/** True when the table lets a run in status `from` go to `to` for reason `why`. */
export function canTransition(from: RunStatus, to: RunStatus, why: StatusCause): boolean {
  return TRANSITIONS.some((t) => t.to === to && t.why === why && t.from.includes(from));
}

/**
 * Sets `run.status` to `to` for reason `why`, the only way the engine changes a run's status,
 * and notes the change in the run's event log (`event-log.ts`), with `detail` (an error code,
 * a checkpoint number) when given. Throws `invalid-transition` (and leaves the run as it was)
 * when the table does not list it.
 */
export function transition(run: RunRecord, to: RunStatus, why: StatusCause, detail?: string): void {
  if (!canTransition(run.status, to, why))
    throw new WaymarkError('invalid-transition', { from: run.status, to, why });
  const kind = statusEvent(run.status, to, why);
  run.status = to;
  if (kind) logEvent(run, kind, detail);
}
