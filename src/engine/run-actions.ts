/**
 * What a user can do to one run besides starting, pausing and stopping it: move through its
 * checkpoint history (restore, fork, pin), give it its input back (repick, grant access), and
 * run its failed chunks again.
 */
import type { CheckpointManager } from './checkpoint-manager';
import { WaymarkError } from './errors';
import type { EventBus } from './events';
import type { HeldFiles } from './held-files';
import type { StartOptions } from './run-lifecycle';
import { reclaimCopy } from './input-copies';
import { outputDir, type FileStore } from './files';
import type { RunLocks } from './locks';
import type { Persistence } from './persistence';
import { ACTIVE_STATUSES, type CheckpointRecord, type RunRecord } from './records';
import type { RunScheduler } from './run-scheduler';
import { requestHandle, verifyRepick } from './sources';

export interface RunActionDeps {
  store: Persistence;
  checkpoints: CheckpointManager;
  bus: EventBus;
  files: FileStore;
  locks: RunLocks;
  runs: RunScheduler;
  held: HeldFiles;
  newId(): string;
  pause(runId: string): Promise<void>;
  resume(runId: string): Promise<void>;
  start(workflowId: string, file: File, params: unknown, opts?: StartOptions): Promise<string>;
}

export class RunActions {
  constructor(private readonly d: RunActionDeps) {}

  async restore(runId: string, seq: number, file?: File): Promise<void> {
    if (file) await this.verified(runId, file);
    if (this.d.runs.execution(runId)) await this.d.pause(runId);
    else if (!this.d.runs.owns(runId)) {
      const run = await this.d.store.getRun(runId);
      if (run && ACTIVE_STATUSES.includes(run.status))
        throw new WaymarkError('invalid-state', { detail: 'the run is running in another tab' });
    }
    // A run that released its copy shares it again if another run still needs it, or gets a
    // fresh one to fill from `file` (or asks for the file when it resumes).
    await reclaimCopy(this.d.store, runId);
    const now = file && (await this.d.store.getRun(runId));
    if (file && now) await this.d.held.hold(now, file);
    const cp = await this.d.checkpoints.restore(runId, seq);
    this.emitCheckpoint(cp);
    await this.d.resume(runId);
  }

  async fork(runId: string, seq: number, file?: File): Promise<string> {
    if (file) await this.verified(runId, file);
    const id = this.d.newId();
    const release = await this.d.locks.tryAcquire(id);
    if (!release) throw new WaymarkError('internal', { detail: 'could not lock a new run' });
    const run = await this.d.checkpoints.fork(runId, seq, id);
    // Side effects before the fork point live in the source's output folder: copy them.
    await this.d.files.copyDir(outputDir(runId), outputDir(id));
    const held = file ?? (await this.d.held.get(runId));
    if (held) await this.d.held.hold(run, held);
    this.d.runs.own(id, release);
    this.d.bus.emit({ type: 'run', run });
    this.d.runs.schedule(id);
    return id;
  }

  async pin(runId: string, seq: number, pinned: boolean): Promise<void> {
    await this.d.checkpoints.pin(runId, seq, pinned);
    const run = await this.d.store.getRun(runId);
    if (run) this.d.bus.emit({ type: 'run', run });
  }

  async runAgain(runId: string, file?: File, params?: Record<string, unknown>): Promise<string> {
    const run = file ? await this.verified(runId, file) : await this.found(runId);
    const input = file ?? (await this.keptInput(run));
    const mode = run.input.mode === 'repick' ? 'repick' : 'opfs';
    const merged = params ? { ...(run.params as object), ...params } : run.params;
    return this.d.start(run.workflowId, input, merged, { mode });
  }

  /**
   * The run's input without asking for it: its complete private copy, as a file of the same
   * name, time and bytes (so the new run's fingerprint matches and it shares that copy, copying
   * nothing); input-missing when the copy was freed (a completed run lets its picked file go).
   */
  private async keptInput(run: RunRecord): Promise<File> {
    const { input } = run;
    if (input.mode !== 'opfs' || input.released || !input.opfsPath || input.imported < input.size)
      throw new WaymarkError('input-missing', {
        detail: `run ${run.id} kept no copy of its input`,
      });
    const blob = await this.d.files.file(input.opfsPath);
    return new File([blob], input.name, { type: input.type, lastModified: input.lastModified });
  }

  private async found(runId: string): Promise<RunRecord> {
    const run = await this.d.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    return run;
  }

  /** The run, once `file` was checked to be its input (input-mismatch otherwise). */
  private async verified(runId: string, file: File): Promise<RunRecord> {
    const run = await this.d.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    await verifyRepick(run.input, file);
    return run;
  }

  async repick(runId: string, file: File): Promise<void> {
    const run = await this.verified(runId, file);
    await this.d.held.hold(run, file);
    await this.update(runId, (r) => {
      r.need = undefined;
    });
    await this.d.resume(runId);
  }

  async grantAccess(runId: string): Promise<void> {
    const run = await this.d.store.getRun(runId);
    if (!run?.input.handle)
      throw new WaymarkError('invalid-state', { detail: 'this run has no file handle' });
    if (!(await requestHandle(run.input.handle))) throw new WaymarkError('permission-denied');
    await this.update(runId, (r) => {
      r.need = undefined;
    });
    await this.d.resume(runId);
  }

  async retryFailed(runId: string): Promise<void> {
    const run = await this.d.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    await this.d.store.ledger.drop(runId, run.stepIndex, run.failedChunks);
    await this.update(runId, (r) => {
      r.failedChunks = [];
    });
    await this.d.resume(runId);
  }

  private async update(runId: string, change: (r: RunRecord) => void): Promise<void> {
    const run = await this.d.store.updateRun(runId, change);
    this.d.bus.emit({ type: 'run', run });
  }

  private emitCheckpoint(cp: CheckpointRecord): void {
    const { state: _s, outputs: _o, ...meta } = cp;
    this.d.bus.emit({ type: 'checkpoint', runId: cp.runId, checkpoint: meta });
  }
}
