/**
 * What a step runner (fold, map, task) gets from the run execution that drives it: the run's
 * id, parameters and input, the checkpoint policy's answers, calls to the step hosts, the
 * run's own ledger records, its armed debug faults, retries, saves, progress and its stop.
 *
 * A step may touch only what is here. It never reaches the raw store (`Persistence`), the
 * pool (`StepRunner`), the `FaultInjector`, the event bus or the settings: each is handed over
 * as the few narrow functions a step needs, bound to this run. What the execution itself holds
 * is in `run-scope.ts`. Keeping this interface narrow is what lets each step kind live in its
 * own file.
 */
import type { SaveRequest } from './checkpoint-manager';
import type { ErrorTable } from './errors';
import type { CheckpointPolicy } from './checkpoint-policy';
import type { Combiner } from './combiner';
import type { CheckpointReason, ChunkRecord, RunRecord, StepState } from './records';
import type { RetryOptions, RetryResult, Attempt } from './retry';
import type { FaultKind, InputSpec, StepRequestBase } from './step-protocol';
import type { StepRunner } from './worker-pool';

/**
 * `lost`: another tab took the run's lock over (a lapsed lease). The run is that tab's now, so
 * this execution stops without writing anything more, not even a stop checkpoint.
 */
export type StopKind = 'pause' | 'cancel' | 'shutdown' | 'lost';

/** How a step ended: with its output, or stopped (paused, canceled, failed) with the run saved. */
export type StepOutcome =
  { output: unknown; folded?: { from: number; to: number } } | { stopped: true };

/** The step hosts' calls a step makes (not the import, not the pool's management). */
export type StepHosts = Pick<
  StepRunner,
  'size' | 'mapChunk' | 'mapFinish' | 'runTask' | 'openFold'
>;

/**
 * A checkpoint a step saves. `copied`: with a copying read, the bytes from the input's start
 * that are now durably in the input copy; the save counts them as copied (`input.imported`).
 */
export type StepSave = Omit<SaveRequest, 'stats'> & { copied?: number };

/** The policy's questions; that a checkpoint was written is the execution's to say. */
export type StepCheckpointPolicy = Pick<CheckpointPolicy, 'due' | 'noteChunks' | 'sliceMs'>;

/** This run's chunk ledger records. */
export interface StepLedger {
  /** Records of step `stepIndex` from chunk `from` on. */
  list(stepIndex: number, from: number): Promise<ChunkRecord[]>;
  /** Writes a record (result and done mark together), checking first that this tab may write. */
  put(rec: ChunkRecord): Promise<void>;
}

/** The debug facility's faults armed for this run's workflow, each used up when taken. */
export interface StepFaults {
  chunk(index: number): FaultKind | undefined;
  fold(offset: number): { kind: FaultKind; offset: number } | undefined;
}

/** Retry options a step may choose; attempts and backoff come from the engine settings. */
export type StepRetryOptions = Omit<RetryOptions, 'maxAttempts' | 'backoffMs' | 'clock'> & {
  /**
   * What is retried, for the run's event log ("chunk 7"), asked when an attempt failed; a
   * retry of it is logged when set.
   */
  what?: () => string;
};

export interface ExecutionScope {
  readonly runId: string;
  readonly params: unknown;
  /** The workflow's own error codes (a map step's `timeoutError` is one of them). */
  readonly workflowErrors: ErrorTable;
  readonly spec: InputSpec;
  readonly chunkSize: number;
  /** Set when the run should stop at the next safe point. */
  readonly stop: StopKind | undefined;
  /** When to checkpoint: ask `due()`; every `save` tells the policy it was written. */
  readonly policy: StepCheckpointPolicy;
  readonly hosts: StepHosts;
  /** Where map steps combine their chunk results (a worker of its own in the app). */
  readonly combiner: Combiner;
  readonly ledger: StepLedger;
  readonly faults: StepFaults;
  /** The request fields common to every call for step `stepIndex`. */
  base(stepIndex: number, outputs: Record<string, unknown>): StepRequestBase;
  /** Saves a checkpoint of step `stepIndex` and settles pending checkpoint requests. */
  save(req: StepSave): Promise<void>;
  /** Records work done (bytes, ms) for stats and throughput. */
  work(bytes: number, ms: number): void;
  /** Reports progress of the current step (throttled). */
  progress(stepIndex: number, done: number, total: number): void;
  /** Deadline for a call expected to process `bytes`, from measured throughput, with a floor. */
  deadline(bytes: number, extraMs?: number): number;
  /** Runs `fn` with the engine's retry settings (see `retry.ts`). */
  retry<T>(fn: (attempt: Attempt) => Promise<T>, o?: StepRetryOptions): Promise<RetryResult<T>>;
  /** Marks the run failed/paused according to the error, saving nothing more. */
  stopWith(
    status: 'failed' | 'paused',
    error: unknown,
    patch?: (run: RunRecord) => void,
  ): Promise<void>;
  /** The reason a stop checkpoint is saved with. */
  stopReason(): CheckpointReason;
  emitChunk(stepIndex: number, index: number, status: 'running' | 'done' | 'failed'): void;
  /**
   * Tells the execution how to describe the step's latest consistent state right now, so that
   * a checkpoint can be written synchronously when the page is going away.
   */
  setLive(describe: (() => Omit<StepSave, 'reason'>) | undefined): void;
}

export type { StepState };
