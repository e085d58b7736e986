/**
 * A run's life as this tab drives it: starting a run, pausing, canceling and resuming it, and
 * deleting it with everything only it used. A run another tab executes is asked over the
 * BroadcastChannel; a run this tab owns but does not execute (queued, paused) is changed here.
 */
import { WaymarkError, toWaymarkError } from './errors';
import type { BroadcastRelay, EventBus } from './events';
import type { HeldFiles } from './held-files';
import { putNewRun } from './input-copies';
import type { RunLocks } from './locks';
import { checkParams, newRunRecord } from './new-run';
import type { Persistence } from './persistence';
import { ACTIVE_STATUSES, FINAL_STATUSES, type InputMode, type RunRecord } from './records';
import type { RecoveryManager } from './recovery-manager';
import type { RunScheduler } from './run-scheduler';
import { canTransition, transition } from './run-status';
import { fingerprintOf } from './sources';
import type { EngineStorage } from './storage-actions';
import type { WorkflowRegistry } from './workflow';

/** How a new run keeps its input (see `InputMode`). */
export interface StartOptions {
  mode?: InputMode;
  handle?: FileSystemFileHandle;
}

export interface LifecycleDeps {
  store: Persistence;
  registry: WorkflowRegistry;
  locks: RunLocks;
  runs: RunScheduler;
  held: HeldFiles;
  bus: EventBus;
  storage: () => EngineStorage;
  recovery: () => RecoveryManager;
  relay: () => BroadcastRelay | undefined;
  chunkSize: () => number | undefined;
  newId(): string;
}

export class RunLifecycle {
  constructor(private readonly d: LifecycleDeps) {}

  async start(
    workflowId: string,
    file: Blob & { name?: string; lastModified?: number },
    params: unknown,
    opts: StartOptions = {},
  ): Promise<string> {
    const wf = this.d.registry.get(workflowId);
    const checked = checkParams(wf.params, params);
    const mode: InputMode = opts.mode ?? 'opfs';
    const fingerprint = await fingerprintOf(file);
    const id = this.d.newId();
    const release = await this.d.locks.tryAcquire(id);
    if (!release) throw new WaymarkError('internal', { detail: 'could not lock a new run' });
    const run = newRunRecord({
      id,
      workflow: wf,
      params: checked,
      file,
      fingerprint,
      mode,
      handle: opts.handle,
      chunkSize: this.d.chunkSize() ?? wf.chunkSize,
    });
    try {
      // The run's copy: a complete one of the same file that another run needs, or a new one.
      await putNewRun(this.d.store, run);
    } catch (e) {
      release();
      throw toWaymarkError(e);
    }
    this.d.runs.own(id, release);
    await this.d.held.hold(run, file);
    this.d.bus.emit({ type: 'run', run });
    this.d.runs.schedule(id);
    return id;
  }

  private async update(runId: string, change: (r: RunRecord) => void): Promise<RunRecord> {
    const run = await this.d.store.updateRun(runId, change);
    this.d.bus.emit({ type: 'run', run });
    return run;
  }

  async pause(runId: string): Promise<void> {
    const { runs } = this.d;
    const exec = runs.execution(runId);
    if (exec) {
      exec.requestStop('pause');
      return runs.settled(runId);
    }
    if (!runs.owns(runId)) return this.d.relay()?.send({ type: 'command', runId, action: 'pause' });
    runs.dequeue(runId);
    await this.update(runId, (r) => {
      if (canTransition(r.status, 'paused', 'pause')) transition(r, 'paused', 'pause');
    });
    runs.release(runId);
  }

  async cancel(runId: string): Promise<void> {
    const { runs } = this.d;
    const exec = runs.execution(runId);
    if (exec) {
      exec.requestStop('cancel');
      return runs.settled(runId);
    }
    const run = await this.d.store.getRun(runId);
    if (run && ACTIVE_STATUSES.includes(run.status) && !runs.owns(runId))
      return this.d.relay()?.send({ type: 'command', runId, action: 'cancel' });
    runs.dequeue(runId);
    await this.update(runId, (r) => {
      if (canTransition(r.status, 'canceled', 'cancel')) {
        transition(r, 'canceled', 'cancel');
        r.finishedAt = Date.now();
        r.message = undefined;
      }
    });
    runs.release(runId);
  }

  async resume(runId: string): Promise<void> {
    const { runs } = this.d;
    const exec = runs.execution(runId);
    // A run shows Paused as soon as its pause checkpoint commits, while its execution may still
    // be winding down (the copier finishing its block): a Resume then waits for it to let go
    // instead of being dropped. A run still running, or queued, needs no resume.
    if (exec?.stop === 'pause' || exec?.stop === 'cancel') await runs.settled(runId);
    if (runs.execution(runId) || runs.queued(runId)) return;
    const run = await this.d.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    if (FINAL_STATUSES.includes(run.status))
      throw new WaymarkError('invalid-state', { detail: `the run is ${run.status}` });
    if (!runs.owns(runId)) {
      // Wait briefly for a tab that is letting the run go.
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 2000);
      try {
        this.d.recovery().unwatch(runId);
        runs.own(runId, await this.d.locks.acquire(runId, ctl.signal));
      } catch {
        throw new WaymarkError('invalid-state', { detail: 'the run is running in another tab' });
      } finally {
        clearTimeout(timer);
      }
    }
    await this.update(runId, (r) => {
      transition(r, 'queued', 'resume');
      r.message = undefined;
      r.error = undefined;
      r.crashes = { count: 0, seq: r.lastSeq };
    });
    runs.schedule(runId);
  }

  async remove(runId: string): Promise<void> {
    if (this.d.runs.execution(runId)) await this.cancel(runId);
    this.d.recovery().unwatch(runId);
    const run = await this.d.store.getRun(runId);
    await this.d.store.deleteRun(runId);
    this.d.runs.release(runId);
    await this.d.held.release(runId);
    // Its copy goes only when no other run needs it (any record counts, a newer format's too).
    await this.d.storage().removeRunFiles(runId, run?.input.opfsPath);
    this.d.bus.emit({ type: 'deleted', runId });
  }
}
