/**
 * What a step runner (fold, map, task, import) gets from the run execution that drives it.
 * Keeping this interface narrow is what lets each step kind live in its own file.
 */
import type { CheckpointManager, SaveRequest } from './checkpoint-manager';
import type { FaultInjector, DebugOptions } from './debug';
import type { EventBus } from './events';
import type { FileStore } from './files';
import type { Persistence } from './persistence';
import type { CheckpointReason, RunRecord, StepState } from './records';
import type { EngineSettings } from './settings';
import type { InputSpec, StepRequestBase } from './step-protocol';
import type { StepRunner } from './worker-pool';
import type { AnyWorkflow } from './workflow';

/**
 * `lost`: another tab took the run's lock over (a lapsed lease). The run is that tab's now, so
 * this execution stops without writing anything more, not even a stop checkpoint.
 */
export type StopKind = 'pause' | 'cancel' | 'shutdown' | 'lost';

/** How a step ended: with its output, or stopped (paused, canceled, failed) with the run saved. */
export type StepOutcome =
  { output: unknown; folded?: { from: number; to: number } } | { stopped: true };

export interface ExecutionScope {
  readonly runId: string;
  readonly run: RunRecord;
  readonly workflow: AnyWorkflow;
  readonly spec: InputSpec;
  readonly store: Persistence;
  readonly checkpoints: CheckpointManager;
  readonly runner: StepRunner;
  readonly bus: EventBus;
  readonly files: FileStore;
  readonly settings: EngineSettings;
  readonly debug: DebugOptions;
  readonly faults: FaultInjector;
  readonly chunkSize: number;
  readonly checkpointEveryMs: number;
  readonly checkpointEveryChunks: number | undefined;
  /** Set when the run should stop at the next safe point. */
  readonly stop: StopKind | undefined;
  /** A checkpoint someone asked for (manual, page-hidden, before-update), if any. */
  readonly checkpointRequest: CheckpointReason | undefined;
  /** The request fields common to every call for step `stepIndex`. */
  base(stepIndex: number, outputs: Record<string, unknown>): StepRequestBase;
  /** Saves a checkpoint of step `stepIndex` and settles pending checkpoint requests. */
  save(req: Omit<SaveRequest, 'stats'>): Promise<void>;
  /** Records work done (bytes, ms) for stats and throughput. */
  work(bytes: number, ms: number): void;
  /** Reports progress of the current step (throttled). */
  progress(stepIndex: number, done: number, total: number): void;
  /** Deadline for a call expected to process `bytes`, from measured throughput, with a floor. */
  deadline(bytes: number, extraMs?: number): number;
  /** Waits before attempt `attempt` (1-based retry count): exponential backoff with jitter. */
  backoff(attempt: number): Promise<void>;
  /** Marks the run failed/paused according to the error, saving nothing more. */
  stopWith(
    status: 'failed' | 'paused',
    error: unknown,
    patch?: (run: RunRecord) => void,
  ): Promise<void>;
  /** The reason a stop checkpoint is saved with. */
  stopReason(): CheckpointReason;
  /**
   * Call before every write: throws `lease-lost` once the run belongs to another tab, and the
   * debug storage fault (QuotaExceededError) when armed.
   */
  checkWrite(): void;
  emitChunk(stepIndex: number, index: number, status: 'running' | 'done' | 'failed'): void;
  /**
   * Tells the execution how to describe the step's latest consistent state right now, so that
   * a checkpoint can be written synchronously when the page is going away.
   */
  setLive(describe: (() => Omit<SaveRequest, 'stats' | 'reason'>) | undefined): void;
}

export type { StepState };
