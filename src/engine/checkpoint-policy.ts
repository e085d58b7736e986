/**
 * When to checkpoint, decided in one place for every step kind (fold, map, task boundary) and
 * for the import: after `everyMs` of work since the last checkpoint, after `everyChunks` map
 * chunks since the last, or at once when someone asked for one (manual, page-hidden,
 * before-update). The Checkpoint Manager hands these out (`CheckpointManager.policy`); the run
 * execution tells its policy whenever a checkpoint was written.
 *
 * The cadence is read at every question rather than once, so that a settings change reaches a
 * run that is already going.
 */
import type { CheckpointReason } from './records';

/** The one default: checkpoint after this many ms of work (since the last checkpoint). */
export const DEFAULT_CHECKPOINT_MS = 1000;

/** How often to checkpoint. */
export interface CheckpointCadence {
  /** Ms of work between checkpoints (0: at every chance). */
  everyMs: number;
  /** Also after this many map chunks, when set. */
  everyChunks: number | undefined;
}

/** What may set a cadence: the engine settings (user), and a workflow's own default. */
export interface CadenceSource {
  checkpointEveryMs?: number;
  checkpointEveryChunks?: number;
}

/**
 * The cadence in force: the engine settings when they set one, else the workflow's own
 * default, else {@link DEFAULT_CHECKPOINT_MS}.
 */
export function checkpointCadence(
  settings: CadenceSource,
  workflow: CadenceSource | undefined,
): CheckpointCadence {
  return {
    everyMs: settings.checkpointEveryMs ?? workflow?.checkpointEveryMs ?? DEFAULT_CHECKPOINT_MS,
    everyChunks: settings.checkpointEveryChunks ?? workflow?.checkpointEveryChunks,
  };
}

/** Answers "is a checkpoint due now?" for one run execution. */
export class CheckpointPolicy {
  private last: number;
  private chunks = 0;
  private pending: CheckpointReason | undefined;

  constructor(
    private readonly cadence: () => CheckpointCadence,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** Asks for a checkpoint at the next safe point; the first request until it is written wins. */
  request(reason: CheckpointReason): void {
    this.pending ??= reason;
  }

  /** The checkpoint someone asked for and is not written yet, if any. */
  get requested(): CheckpointReason | undefined {
    return this.pending;
  }

  /** Counts finished map chunks towards `everyChunks`. */
  noteChunks(n = 1): void {
    this.chunks += n;
  }

  /** The reason to checkpoint now (a request, else 'interval'), or undefined when none is due. */
  due(): CheckpointReason | undefined {
    if (this.pending) return this.pending;
    const { everyMs, everyChunks } = this.cadence();
    if (everyChunks && this.chunks >= everyChunks) return 'interval';
    return this.now() - this.last >= everyMs ? 'interval' : undefined;
  }

  /** Ms until the time-based checkpoint is due (0 when one is due or requested). */
  msUntilDue(): number {
    if (this.pending) return 0;
    return Math.max(0, this.cadence().everyMs - (this.now() - this.last));
  }

  /**
   * How long the next slice of uninterrupted work (a fold step's budget) may run: at most
   * `maxMs`, ending when the next checkpoint is due, at least `minMs` so that a slice does
   * some work; 0 when a checkpoint is requested, to snapshot at once.
   */
  sliceMs(maxMs: number, minMs = 10): number {
    if (this.pending) return 0;
    return Math.min(maxMs, Math.max(minMs, this.msUntilDue()));
  }

  /** Call after each checkpoint: the time, chunk count and request start over. */
  written(): void {
    this.last = this.now();
    this.chunks = 0;
    this.pending = undefined;
  }
}
