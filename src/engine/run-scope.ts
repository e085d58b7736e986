/**
 * The execution's side of a run: it holds the raw store, the Checkpoint Manager, the pool, the
 * bus, the files, the settings and the fault injector (`ExecutionDeps`), and the run's
 * checkpoint policy. From them it builds the narrow `ExecutionScope` its steps get (`steps`):
 * checkpoint saves, the policy's answers, host calls, this run's ledger records and faults,
 * retries, work stats and throughput, progress and chunk events, call deadlines, and the run's
 * status. Only this side and `run-execution.ts` (the driving) may touch the deps.
 */
import type { CheckpointManager, SaveRequest } from './checkpoint-manager';
import type { CheckpointPolicy } from './checkpoint-policy';
import type { DebugOptions, FaultInjector } from './debug';
import { WaymarkError, toWaymarkError } from './errors';
import { logEvent, type RunEvent } from './event-log';
import type { EventBus } from './events';
import type { ExecutionScope, StepRetryOptions, StepSave, StopKind } from './execution-scope';
import type { HeldFiles } from './held-files';
import type { FileStore } from './files';
import type { Persistence } from './persistence';
import type { CheckpointReason, CheckpointRecord, RunRecord, RunStats } from './records';
import { transition, type StatusCause } from './run-status';
import { retry, type Attempt, type RetryResult } from './retry';
import type { EngineSettings } from './settings';
import type { InputSpec, StepRequestBase } from './step-protocol';
import type { StepRunner } from './worker-pool';
import type { CopyRunner } from './copy-behind';
import { localCombiner, type Combiner } from './combiner';
import type { AnyWorkflow, WorkflowRegistry } from './workflow';

export interface ExecutionDeps {
  store: Persistence;
  checkpoints: CheckpointManager;
  runner: StepRunner;
  /** The background copier's runner (copy behind); see `EngineOptions.copier`. */
  copier?: CopyRunner;
  /** Where map steps combine; see `EngineOptions.combiner`. */
  combiner?: Combiner;
  registry: WorkflowRegistry;
  bus: EventBus;
  files: FileStore;
  settings: EngineSettings;
  debug: DebugOptions;
  faults: FaultInjector;
  /** The picked File of each run (here or kept across a reload), while the run needs it. */
  held: Pick<HeldFiles, 'get' | 'release' | 'survivesReload'>;
}

const PROGRESS_EVERY_MS = 100;

/** What a step's latest consistent state is, as a save request (see `ExecutionScope.setLive`). */
type LiveState = Omit<StepSave, 'reason'>;

/**
 * Counts the bytes a save says are in the input copy as copied, in the save's own transaction
 * (the copying read: a checkpoint never covers more input than the copy durably holds).
 */
function withCopied(req: StepSave): Omit<SaveRequest, 'stats'> {
  const { copied, ...rest } = req;
  if (copied === undefined) return rest;
  return {
    ...rest,
    patch: (r) => {
      r.input.imported = Math.max(r.input.imported, Math.min(copied, r.input.size));
      rest.patch?.(r);
    },
  };
}

/** The half of a run execution under its steps; `RunExecution` adds the driving. */
export class RunScope {
  stop: StopKind | undefined;
  private cpWaiters: (() => void)[] = [];
  run!: RunRecord;
  workflow!: AnyWorkflow;
  spec!: InputSpec;
  private rate: number | undefined;
  private live: (() => LiveState) | undefined;
  private lastProgress = 0;
  /** Where processing stands: the step reading and its bytes done (copy behind yields to it). */
  protected position = { stepIndex: -1, done: 0 };
  // Work of this execution, and the run's stats it adds to: every save writes their sum, so
  // saves that race (a synchronous one during a regular one) can neither drop nor double it.
  private workMs = 0;
  private processed = 0;
  private statsBase: RunStats | undefined;
  /** Events noted (retries) that no write has taken into the run yet (`withNoted`). */
  private noted: RunEvent[] = [];

  /** When this run checkpoints: told of every checkpoint written, asked by every step. */
  protected readonly policy: CheckpointPolicy;
  /** What the steps see: narrow functions over the deps, never the deps themselves. */
  readonly steps: ExecutionScope;

  constructor(
    readonly runId: string,
    protected readonly d: ExecutionDeps,
  ) {
    // The workflow is known once the execution has read the run; the cadence is read later.
    this.policy = d.checkpoints.policy(d.settings, () => this.workflow);
    this.steps = this.stepScope();
  }

  /** The checkpoint someone asked for and is not written yet, if any. */
  get checkpointRequest(): CheckpointReason | undefined {
    return this.policy.requested;
  }

  private stepScope(): ExecutionScope {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below read the live execution
    const self = this;
    const { runner, faults, store } = this.d;
    return {
      runId: this.runId,
      get params() {
        return self.run.params;
      },
      get workflowErrors() {
        return self.workflow.errors ?? {};
      },
      get spec() {
        return self.spec;
      },
      get chunkSize() {
        return self.run.chunkSize;
      },
      get stop() {
        return self.stop;
      },
      policy: {
        due: () => this.policy.due(),
        noteChunks: (n) => this.policy.noteChunks(n),
        sliceMs: (max, min) => this.policy.sliceMs(max, min),
      },
      hosts: {
        get size() {
          return runner.size;
        },
        mapChunk: (req, o) => runner.mapChunk(req, o),
        mapFinish: (req, o) => runner.mapFinish(req, o),
        runTask: (req, o) => runner.runTask(req, o),
        openFold: (req, o) => runner.openFold(req, o),
      },
      combiner: this.d.combiner ?? localCombiner(),
      ledger: {
        list: (stepIndex, from) => store.ledger.list(this.runId, stepIndex, from),
        put: async (rec) => {
          this.checkWrite();
          await store.ledger.put(rec);
        },
      },
      faults: {
        chunk: (index) => faults.takeChunk(this.run.workflowId, index),
        fold: (offset) => faults.takeFold(this.run.workflowId, offset, this.run.chunkSize),
      },
      base: (stepIndex, outputs) => this.base(stepIndex, outputs),
      save: (req) => this.save(req),
      work: (bytes, ms) => this.work(bytes, ms),
      progress: (stepIndex, done, total) => this.progress(stepIndex, done, total),
      deadline: (bytes, extraMs) => this.deadline(bytes, extraMs),
      retry: (fn, o) => this.retry(fn, o),
      stopWith: (status, error, patch) => this.stopWith(status, error, patch),
      stopReason: () => this.stopReason(),
      emitChunk: (stepIndex, index, status) => this.emitChunk(stepIndex, index, status),
      setLive: (describe) => this.setLive(describe),
    };
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
    this.policy.request(reason);
    return new Promise((resolve) => this.cpWaiters.push(resolve));
  }

  protected settleCheckpointRequests(): void {
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

  async save(step: StepSave): Promise<void> {
    const req = withCopied(step);
    // Only the stop checkpoint itself pauses the run (an interval save may still be under way).
    const pausing = this.stop === 'pause' && req.reason === 'pause';
    if (this.stop === 'lost') throw new WaymarkError('lease-lost');
    const { checkpoint, run } = await this.withNoted((noted) =>
      this.d.checkpoints.save(this.runId, {
        ...req,
        stats: this.stats(),
        patch: (r) => {
          noted(r);
          req.patch?.(r);
          if (pausing) {
            transition(r, 'paused', 'pause');
            r.message = undefined;
          }
        },
      }),
    );
    // A synchronous save issued while this one was in flight committed after it, with the next
    // number: its copy of the run is the newer one, and the next synchronous save numbers after
    // it (not over it, which would write an unpinned record over a pinned checkpoint).
    if (run.lastSeq > this.run.lastSeq) this.run = run;
    this.policy.written();
    this.emitCheckpoint(checkpoint);
    this.d.bus.emit({ type: 'run', run });
    this.settleCheckpointRequests();
  }

  setLive(describe: (() => LiveState) | undefined): void {
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
        ...withCopied({ ...this.live(), reason }),
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
    this.position = { stepIndex, done };
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
    const throttle = this.d.debug.throttleBytesPerSec;
    const throttled = throttle ? (bytes / throttle) * 1000 * 2 : 0;
    return Math.max(floor, expected, throttled) + extraMs;
  }

  /** Runs `fn` in the engine's one retry loop, with the attempts and backoff of the settings. */
  retry<T>(
    fn: (attempt: Attempt) => Promise<T>,
    o: StepRetryOptions = {},
  ): Promise<RetryResult<T>> {
    const { what, ...options } = o;
    const maxAttempts = this.d.settings.maxAttempts;
    return retry(fn, {
      ...options,
      maxAttempts,
      backoffMs: this.d.settings.backoffMs,
      onFailure: (err, attempt, willRetry) => {
        if (what && willRetry)
          this.noted.push({
            at: Date.now(),
            kind: 'retry',
            detail: `${what()}: ${err.code}, attempt ${attempt + 1} of ${maxAttempts}`,
          });
        options.onFailure?.(err, attempt, willRetry);
      },
    });
  }

  /**
   * Runs a write of the run that carries the events noted since the last one (`noted(r)` logs
   * them into the run it patches). Retries are not worth a write of their own: they go with
   * the run's next checkpoint or status change, which every execution ends with. Each write
   * takes the notes it carries, so two writes at once never log one twice; a write that fails
   * gives them back for the next.
   */
  private async withNoted<T>(write: (noted: (r: RunRecord) => void) => Promise<T>): Promise<T> {
    const taken = this.noted.splice(0);
    try {
      return await write((r) => {
        for (const e of taken) logEvent(r, e.kind, e.detail, e.at);
      });
    } catch (e) {
      this.noted.unshift(...taken);
      throw e;
    }
  }

  protected async setStatus(
    status: RunRecord['status'],
    why: StatusCause,
    patch?: (r: RunRecord) => void,
    detail?: string,
  ): Promise<void> {
    if (this.stop === 'lost') throw new WaymarkError('lease-lost');
    this.run = await this.withNoted((noted) =>
      this.d.store.updateRun(this.runId, (r) => {
        noted(r);
        transition(r, status, why, detail);
        patch?.(r);
      }),
    );
    this.d.bus.emit({ type: 'run', run: this.run });
  }

  async stopWith(
    status: 'failed' | 'paused',
    error: unknown,
    patch?: (run: RunRecord) => void,
  ): Promise<void> {
    const err = toWaymarkError(error);
    await this.setStatus(
      status,
      status === 'failed' ? 'fail' : 'fault',
      (r) => {
        r.error = err.toJSON();
        r.message = err.message;
        patch?.(r);
      },
      err.code,
    );
  }
}
