/**
 * What a run execution offers the steps it drives (the `ExecutionScope`): checkpoint saves,
 * synchronous saves for `pagehide`, work stats and throughput, progress and chunk events, call
 * deadlines and backoff, and the run's status. The driving itself is in `run-execution.ts`.
 */
import type { CheckpointManager, SaveRequest } from './checkpoint-manager';
import type { DebugOptions, FaultInjector } from './debug';
import { WaymarkError, toWaymarkError } from './errors';
import type { EventBus } from './events';
import type { ExecutionScope, StopKind } from './execution-scope';
import type { FileStore } from './files';
import type { Persistence } from './persistence';
import type { CheckpointReason, CheckpointRecord, RunRecord, RunStats } from './records';
import type { EngineSettings } from './settings';
import type { InputSpec, StepRequestBase } from './step-protocol';
import type { StepRunner } from './worker-pool';
import type { AnyWorkflow, WorkflowRegistry } from './workflow';

export interface ExecutionDeps {
  store: Persistence;
  checkpoints: CheckpointManager;
  runner: StepRunner;
  registry: WorkflowRegistry;
  bus: EventBus;
  files: FileStore;
  settings: EngineSettings;
  debug: DebugOptions;
  faults: FaultInjector;
  /** The File this page holds for a run (picked or re-picked), if any. */
  heldFile(runId: string): Blob | undefined;
}

const PROGRESS_EVERY_MS = 100;

/** The half of a run execution its steps see; `RunExecution` adds the driving. */
export class RunScope implements ExecutionScope {
  stop: StopKind | undefined;
  checkpointRequest: CheckpointReason | undefined;
  private cpWaiters: (() => void)[] = [];
  run!: RunRecord;
  workflow!: AnyWorkflow;
  spec!: InputSpec;
  private rate: number | undefined;
  private live: (() => Omit<SaveRequest, 'stats' | 'reason'>) | undefined;
  private lastProgress = 0;
  // Work of this execution, and the run's stats it adds to: every save writes their sum, so
  // saves that race (a synchronous one during a regular one) can neither drop nor double it.
  private workMs = 0;
  private processed = 0;
  private statsBase: RunStats | undefined;

  constructor(
    readonly runId: string,
    protected readonly d: ExecutionDeps,
  ) {}

  get store(): Persistence {
    return this.d.store;
  }
  get checkpoints(): CheckpointManager {
    return this.d.checkpoints;
  }
  get runner(): StepRunner {
    return this.d.runner;
  }
  get bus(): EventBus {
    return this.d.bus;
  }
  get files(): FileStore {
    return this.d.files;
  }
  get settings(): EngineSettings {
    return this.d.settings;
  }
  get debug(): DebugOptions {
    return this.d.debug;
  }
  get faults(): FaultInjector {
    return this.d.faults;
  }
  get chunkSize(): number {
    return this.run.chunkSize;
  }
  get checkpointEveryMs(): number {
    return this.d.settings.checkpointEveryMs ?? this.workflow.checkpointEveryMs;
  }
  get checkpointEveryChunks(): number | undefined {
    return this.d.settings.checkpointEveryChunks ?? this.workflow.checkpointEveryChunks;
  }

  /** Asks the run to stop at the next safe point (the first request wins). */
  requestStop(kind: StopKind): void {
    this.stop ??= kind;
  }

  /** Another tab owns the run now: whatever stop was asked for, nothing more is written. */
  lostOwnership(): void {
    this.stop = 'lost';
  }

  /** Asks for a checkpoint now; resolves once it is saved (or the run stopped). */
  requestCheckpoint(reason: CheckpointReason): Promise<void> {
    this.checkpointRequest ??= reason;
    return new Promise((resolve) => this.cpWaiters.push(resolve));
  }

  protected settleCheckpointRequests(): void {
    this.checkpointRequest = undefined;
    const w = this.cpWaiters;
    this.cpWaiters = [];
    for (const r of w) r();
  }

  base(stepIndex: number, outputs: Record<string, unknown>): StepRequestBase {
    return {
      runId: this.runId,
      workflowId: this.run.workflowId,
      stepIndex,
      params: this.run.params,
      outputs,
      input: this.spec,
      throttle: this.d.debug.throttleBytesPerSec,
    };
  }

  checkWrite(): void {
    if (this.stop === 'lost') throw new WaymarkError('lease-lost');
    this.d.faults.checkWrite();
  }

  stopReason(): CheckpointReason {
    if (this.checkpointRequest) return this.checkpointRequest;
    return this.stop === 'pause' ? 'pause' : 'page-hidden';
  }

  async save(req: Omit<SaveRequest, 'stats'>): Promise<void> {
    // Only the stop checkpoint itself pauses the run (an interval save may still be under way).
    const pausing = this.stop === 'pause' && req.reason === 'pause';
    if (this.stop === 'lost') throw new WaymarkError('lease-lost');
    const { checkpoint, run } = await this.d.checkpoints.save(this.runId, {
      ...req,
      stats: this.stats(),
      patch: (r) => {
        req.patch?.(r);
        if (pausing) {
          r.status = 'paused';
          r.message = undefined;
        }
      },
    });
    this.run = run;
    this.emitCheckpoint(checkpoint);
    this.d.bus.emit({ type: 'run', run });
    this.settleCheckpointRequests();
  }

  setLive(describe: (() => Omit<SaveRequest, 'stats' | 'reason'>) | undefined): void {
    this.live = describe;
  }

  /**
   * Writes a checkpoint of the latest known state with every request issued synchronously
   * (pagehide: the page may be gone before any callback runs). Best effort by nature.
   */
  saveNowSync(reason: CheckpointReason): void {
    if (!this.live || !this.run || this.stop) return;
    try {
      const { checkpoint, run, done } = this.d.checkpoints.saveSync(this.run, {
        ...this.live(),
        reason,
        stats: this.stats(),
      });
      this.run = run;
      done.then(
        () => this.emitCheckpoint(checkpoint),
        () => undefined,
      );
    } catch {
      // Storage refused: the last regular checkpoint stands.
    }
  }

  private stats(): RunStats {
    // The run's stats before this execution's first save: what the steps resume from.
    this.statsBase ??= this.run.stats;
    return {
      processedBytes: this.statsBase.processedBytes + this.processed,
      workMs: this.statsBase.workMs + this.workMs,
    };
  }

  private emitCheckpoint(cp: CheckpointRecord): void {
    const { state: _s, outputs: _o, ...meta } = cp;
    this.d.bus.emit({ type: 'checkpoint', runId: this.runId, checkpoint: meta });
  }

  work(bytes: number, ms: number): void {
    this.processed += bytes;
    this.workMs += ms;
    if (bytes > 0 && ms > 0) {
      const r = (bytes / ms) * 1000;
      this.rate = this.rate === undefined ? r : 0.8 * this.rate + 0.2 * r;
    }
  }

  progress(stepIndex: number, done: number, total: number): void {
    const now = performance.now();
    if (now - this.lastProgress < PROGRESS_EVERY_MS && done < total) return;
    this.lastProgress = now;
    this.d.bus.emit({
      type: 'progress',
      progress: {
        runId: this.runId,
        status: 'running',
        stepIndex,
        done,
        total,
        throughput: this.rate,
      },
    });
  }

  emitChunk(stepIndex: number, index: number, status: 'running' | 'done' | 'failed'): void {
    this.d.bus.emit({ type: 'chunk', runId: this.runId, stepIndex, index, status });
  }

  deadline(bytes: number, extraMs = 0): number {
    const floor = this.d.debug.deadlineFloorMs ?? this.d.settings.deadlineFloorMs;
    // A chunk may take several times the measured pace (GC, a busy machine) before it counts as hung.
    const expected = this.rate ? (bytes / this.rate) * 1000 * 8 : 0;
    return Math.max(floor, expected) + extraMs;
  }

  async backoff(attempt: number): Promise<void> {
    const base = this.d.settings.backoffMs * 2 ** (attempt - 1);
    await new Promise((r) => setTimeout(r, base / 2 + Math.random() * base));
  }

  protected async setStatus(
    status: RunRecord['status'],
    patch?: (r: RunRecord) => void,
  ): Promise<void> {
    if (this.stop === 'lost') throw new WaymarkError('lease-lost');
    this.run = await this.d.store.updateRun(this.runId, (r) => {
      r.status = status;
      patch?.(r);
    });
    this.d.bus.emit({ type: 'run', run: this.run });
  }

  async stopWith(
    status: 'failed' | 'paused',
    error: unknown,
    patch?: (run: RunRecord) => void,
  ): Promise<void> {
    const err = toWaymarkError(error);
    await this.setStatus(status, (r) => {
      r.error = err.toJSON();
      r.message = err.message;
      patch?.(r);
    });
  }
}
