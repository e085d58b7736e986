/**
 * Copy behind: while the steps read the picked file directly (at the browser's read speed),
 * the input copy is streamed into OPFS at the same time by the plain copier, on a runner of its
 * own (one dedicated worker outside the step pool, so that map steps keep every worker). Its
 * progress (`input.imported`) is recorded in runs-only transactions at the checkpoint policy's
 * pace, as the import phase records it; a hung or dead copier worker is replaced under the same
 * deadlines as the pool's (it is a pool of one).
 *
 * Processing may run ahead of the copy: a reload finds the picked file in the keeper (or its
 * handle), and a browser restart asks for the file whatever the copy's state, so processed bytes
 * the copy lacks cost nothing (docs/checkpointing.md, "Copy behind").
 */
import type { CheckpointPolicy } from './checkpoint-policy';
import { toWaymarkError, type WaymarkError } from './errors';
import { importInput, type ImportDeps } from './import-phase';
import type { RunRecord } from './records';
import type { StepRunner } from './worker-pool';

/** What runs the copy: only the plain copier's call of a step runner. */
export type CopyRunner = Pick<StepRunner, 'importRange'>;

/** How the copy ended: complete, stopped when asked, or with a fault. */
export type CopyEnd =
  { kind: 'complete' } | { kind: 'stopped' } | { kind: 'fault'; error: WaymarkError };

/** The run's status message while a completed processing waits for a copy that is kept. */
export const FINISHING_COPY =
  'Processing is done; finishing the input copy, which is kept after the run ("Keep input copies after a run completes").';

export interface BehindDeps extends Omit<ImportDeps, 'runner' | 'due' | 'recorded' | 'shouldStop'> {
  copier: CopyRunner;
  /** The copier's own policy: its records must not reset the steps' checkpoint cadence. */
  policy: CheckpointPolicy;
  /** Whether the run stops (pause, cancel, shutdown, another tab took it over). */
  runStops: () => boolean;
  /** Told of every recorded `imported` (the execution keeps its copy of the run current). */
  onRecorded: (imported: number) => void;
}

/** A background copy of one run's input, from `input.imported` to the end. */
export class BehindCopy {
  private stopping = false;
  /** Settles once the copier has stopped and recorded how far it got; never rejects. */
  readonly ended: Promise<CopyEnd>;

  constructor(d: BehindDeps, run: RunRecord, source: Blob) {
    const deps: ImportDeps = {
      ...d,
      runner: d.copier,
      due: () => d.policy.due(),
      recorded: () => d.policy.written(),
      shouldStop: () => this.stopping || d.runStops(),
      quiet: true,
      onRecorded: d.onRecorded,
    };
    this.ended = importInput(deps, run, source).then(
      (r): CopyEnd => (r === 'stopped' ? { kind: 'stopped' } : { kind: 'complete' }),
      (e: unknown): CopyEnd => ({ kind: 'fault', error: toWaymarkError(e) }),
    );
  }

  /** Stops at the end of the block being copied; resolves once its progress is recorded. */
  stop(): Promise<CopyEnd> {
    this.stopping = true;
    return this.ended;
  }
}
