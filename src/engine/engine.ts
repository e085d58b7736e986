/**
 * The engine facade: creates runs, schedules them on this tab, and carries out what users ask
 * (pause, resume, cancel, retry, delete, restore, fork, pin). It owns a run exactly while it
 * holds the run's lock.
 */
import { CheckpointManager } from './checkpoint-manager';
import { FaultInjector, type DebugOptions } from './debug';
import { WaymarkError, toWaymarkError } from './errors';
import { BroadcastRelay, EventBus, type RunCommand } from './events';
import { inputPath, outputDir, runDir, type FileStore } from './files';
import type { Release, RunLocks } from './locks';
import { handled, Persistence } from './persistence';
import { ACTIVE_STATUSES, FORMAT_VERSION } from './records';
import type { CheckpointReason, CheckpointRecord, InputMode, RunRecord } from './records';
import { RecoveryManager, type RecoveryReport } from './recovery-manager';
import { RunExecution } from './run-execution';
import { defaultSettings, type EngineSettings } from './settings';
import { fingerprintOf, requestHandle, verifyRepick } from './sources';
import type { StepRunner } from './worker-pool';
import type { WorkflowRegistry } from './workflow';

export interface EngineOptions {
  store: Persistence;
  registry: WorkflowRegistry;
  runner: StepRunner;
  files: FileStore;
  locks: RunLocks;
  settings?: Partial<EngineSettings>;
  debug?: DebugOptions;
  /** This tab's id (for the BroadcastChannel relay). */
  tabId?: string;
  /** Relay events to other tabs (browser). */
  broadcast?: boolean;
  newId?: () => string;
}

export interface StartOptions {
  mode?: InputMode;
  handle?: FileSystemFileHandle;
}

export class Engine {
  readonly bus = new EventBus();
  readonly store: Persistence;
  readonly checkpoints: CheckpointManager;
  readonly recovery: RecoveryManager;
  readonly settings: EngineSettings;
  private readonly faults: FaultInjector;
  private readonly held = new Map<string, Blob>();
  private readonly locksHeld = new Map<string, Release>();
  private readonly active = new Map<string, RunExecution>();
  private readonly finished = new Map<string, Promise<unknown>>();
  private readonly queue: string[] = [];
  private readonly relay: BroadcastRelay | undefined;
  private closed = false;

  constructor(private readonly o: EngineOptions) {
    this.store = o.store;
    this.settings = { ...defaultSettings(), ...o.settings };
    this.faults = new FaultInjector(o.debug);
    this.checkpoints = new CheckpointManager(
      o.store,
      { keepLast: this.settings.keepCheckpoints },
      () => this.faults.checkWrite(),
    );
    this.store.onQuarantine((q) =>
      this.bus.emit({ type: 'quarantined', store: q.store, reason: q.reason }),
    );
    this.recovery = new RecoveryManager({
      store: o.store,
      locks: o.locks,
      resumeAutomatically: () => this.settings.resumeAutomatically,
      adopt: (id, release) => this.adopt(id, release),
      ownedElsewhere: () => undefined,
      interrupt: async (id, message, release) => {
        const run = await this.store.updateRun(id, (r) => {
          r.status = 'interrupted';
          r.message = message;
        });
        release();
        this.bus.emit({ type: 'run', run });
      },
    });
    if (o.broadcast)
      this.relay = new BroadcastRelay(this.bus, o.tabId ?? this.newId(), (c) => this.onCommand(c));
    // A run another tab starts or resumes: queue for its lock to take it over if that tab dies.
    this.bus.on((e) => {
      if (
        e.remote &&
        e.type === 'run' &&
        ACTIVE_STATUSES.includes(e.run.status) &&
        !this.locksHeld.has(e.run.id)
      )
        this.recovery.watch(e.run.id);
    });
  }

  private newId(): string {
    return this.o.newId ? this.o.newId() : crypto.randomUUID();
  }

  /** Debug facility: the next `n` storage writes fail with QuotaExceededError. */
  injectWriteFailures(n: number): void {
    this.faults.armWriteFailures(n);
  }

  /** Whether this tab owns (holds the lock of) a run. */
  owns(runId: string): boolean {
    return this.locksHeld.has(runId);
  }

  /** Finds unfinished runs and resumes the orphaned ones. Call once at start-up. */
  async recover(): Promise<RecoveryReport> {
    const report = await this.recovery.recover();
    this.bus.emit({ type: 'recovered', ...report });
    return report;
  }

  private adopt(runId: string, release: Release): void {
    this.locksHeld.set(runId, release);
    this.schedule(runId);
  }

  private releaseLock(runId: string): void {
    this.locksHeld.get(runId)?.();
    this.locksHeld.delete(runId);
  }

  /**
   * Starts a run of `workflowId` on `file`. Parameters are checked first; an invalid one
   * throws (e.g. `invalid-regex`) and nothing is stored.
   */
  async start(
    workflowId: string,
    file: Blob & { name?: string; lastModified?: number },
    params: unknown,
    opts: StartOptions = {},
  ): Promise<string> {
    const wf = this.o.registry.get(workflowId);
    const merged = { ...(wf.params.defaults as object), ...(params as object) };
    let checked: unknown;
    try {
      checked = wf.params.validate ? wf.params.validate(merged) : merged;
    } catch (e) {
      throw e instanceof WaymarkError
        ? e
        : new WaymarkError('invalid-params', { detail: (e as Error).message }, { cause: e });
    }
    const mode: InputMode = opts.mode ?? 'opfs';
    const fingerprint = await fingerprintOf(file);
    const id = this.newId();
    const release = await this.o.locks.tryAcquire(id);
    if (!release) throw new WaymarkError('internal', { detail: 'could not lock a new run' });
    const now = Date.now();
    const run: RunRecord = {
      format: FORMAT_VERSION,
      id,
      workflowId,
      workflowVersion: wf.version,
      params: checked,
      input: {
        name: file.name ?? 'input',
        size: file.size,
        lastModified: file.lastModified ?? 0,
        type: file.type,
        mode,
        imported: 0,
        opfsPath: mode === 'opfs' ? inputPath(id) : undefined,
        handle: mode === 'handle' ? opts.handle : undefined,
        fingerprint,
      },
      status: 'queued',
      stepIndex: 0,
      outputs: {},
      progress: { done: 0, total: file.size },
      chunkSize: this.settings.chunkSize ?? wf.chunkSize,
      createdAt: now,
      updatedAt: now,
      lastSeq: 0,
      kept: [],
      failedChunks: [],
      crashes: { count: 0, seq: 0 },
      stats: { processedBytes: 0, workMs: 0 },
    };
    try {
      await this.store.putRun(run);
    } catch (e) {
      release();
      throw toWaymarkError(e);
    }
    this.locksHeld.set(id, release);
    this.held.set(id, file);
    this.bus.emit({ type: 'run', run });
    this.schedule(id);
    return id;
  }

  private schedule(runId: string): void {
    if (!this.queue.includes(runId) && !this.active.has(runId)) this.queue.push(runId);
    this.pump();
  }

  private pump(): void {
    while (
      !this.closed &&
      this.active.size < this.settings.maxConcurrentRuns &&
      this.queue.length
    ) {
      const id = this.queue.shift() as string;
      const exec = new RunExecution(id, {
        store: this.store,
        checkpoints: this.checkpoints,
        runner: this.o.runner,
        registry: this.o.registry,
        bus: this.bus,
        files: this.o.files,
        settings: this.settings,
        debug: this.o.debug ?? {},
        faults: this.faults,
        heldFile: (rid) => this.held.get(rid),
      });
      this.active.set(id, exec);
      const done = exec.execute().then((run) => {
        this.active.delete(id);
        this.finished.delete(id);
        // A stopped run no longer needs its owner, except on shutdown (recovery resumes it).
        if (exec.stop !== 'shutdown' && (!run || !ACTIVE_STATUSES.includes(run.status)))
          this.releaseLock(id);
        // Keep the page's File while the run may still need it (paused, failed, interrupted).
        if (run && ['completed', 'canceled', 'incompatible'].includes(run.status))
          this.held.delete(id);
        this.pump();
      });
      this.finished.set(id, done);
    }
  }

  /** Resolves when the run is no longer executing in this tab. */
  async settled(runId: string): Promise<void> {
    await this.finished.get(runId);
  }

  /** Resolves when nothing executes in this tab. */
  async idle(): Promise<void> {
    while (this.active.size || this.queue.length) await Promise.all([...this.finished.values()]);
  }

  private async update(runId: string, change: (r: RunRecord) => void): Promise<RunRecord> {
    const run = await this.store.updateRun(runId, change);
    this.bus.emit({ type: 'run', run });
    return run;
  }

  async pause(runId: string): Promise<void> {
    const exec = this.active.get(runId);
    if (exec) {
      exec.requestStop('pause');
      return this.settled(runId);
    }
    if (!this.owns(runId)) return this.relay?.send({ type: 'command', runId, action: 'pause' });
    this.queue.splice(this.queue.indexOf(runId) >>> 0, this.queue.includes(runId) ? 1 : 0);
    await this.update(runId, (r) => {
      if (ACTIVE_STATUSES.includes(r.status)) r.status = 'paused';
    });
    this.releaseLock(runId);
  }

  async cancel(runId: string): Promise<void> {
    const exec = this.active.get(runId);
    if (exec) {
      exec.requestStop('cancel');
      return this.settled(runId);
    }
    const run = await this.store.getRun(runId);
    if (run && ACTIVE_STATUSES.includes(run.status) && !this.owns(runId))
      return this.relay?.send({ type: 'command', runId, action: 'cancel' });
    if (this.queue.includes(runId)) this.queue.splice(this.queue.indexOf(runId), 1);
    await this.update(runId, (r) => {
      if (!['completed', 'canceled'].includes(r.status)) {
        r.status = 'canceled';
        r.finishedAt = Date.now();
        r.message = undefined;
      }
    });
    this.releaseLock(runId);
  }

  /** Takes the run's lock (waiting briefly for a tab that is letting it go) and schedules it. */
  async resume(runId: string): Promise<void> {
    if (this.active.has(runId) || this.queue.includes(runId)) return;
    const run = await this.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    if (['completed', 'canceled', 'incompatible'].includes(run.status))
      throw new WaymarkError('invalid-state', { detail: `the run is ${run.status}` });
    if (!this.owns(runId)) {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 2000);
      try {
        this.recovery.unwatch(runId);
        this.locksHeld.set(runId, await this.o.locks.acquire(runId, ctl.signal));
      } catch {
        throw new WaymarkError('invalid-state', { detail: 'the run is running in another tab' });
      } finally {
        clearTimeout(timer);
      }
    }
    await this.update(runId, (r) => {
      r.status = 'queued';
      r.message = undefined;
      r.error = undefined;
      r.crashes = { count: 0, seq: r.lastSeq };
    });
    this.schedule(runId);
  }

  /** Clears failed chunks from the ledger and runs them again. */
  async retryFailed(runId: string): Promise<void> {
    const run = await this.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    const tx = handled(this.store.db.transaction('chunks', 'readwrite'));
    for (const i of run.failedChunks) await tx.store.delete([runId, run.stepIndex, i]);
    await tx.done;
    await this.update(runId, (r) => {
      r.failedChunks = [];
    });
    await this.resume(runId);
  }

  /** Deletes a run's records and files in one go (a running run is canceled first). */
  async remove(runId: string): Promise<void> {
    if (this.active.has(runId)) await this.cancel(runId);
    this.recovery.unwatch(runId);
    const run = await this.store.getRun(runId);
    await this.store.deleteRun(runId);
    this.releaseLock(runId);
    this.held.delete(runId);
    // Forks share their source's input copy: remove it only when no other run reads it.
    const others = (await this.store.listRuns()).filter(
      (r) => r.input.opfsPath && r.input.opfsPath === run?.input.opfsPath,
    );
    if (others.length === 0) await this.o.files.remove(runDir(runId));
    else await this.o.files.remove(outputDir(runId));
    this.bus.emit({ type: 'deleted', runId });
  }

  /** Gives the run the file it asked for; refuses a different file with a clear message. */
  async repick(runId: string, file: File): Promise<void> {
    const run = await this.store.getRun(runId);
    if (!run) throw new WaymarkError('not-found', { detail: runId });
    await verifyRepick(run.input, file);
    this.held.set(runId, file);
    await this.update(runId, (r) => {
      r.need = undefined;
    });
    await this.resume(runId);
  }

  /** Asks for permission to read the run's file handle again (call from a user gesture). */
  async grantAccess(runId: string): Promise<void> {
    const run = await this.store.getRun(runId);
    if (!run?.input.handle)
      throw new WaymarkError('invalid-state', { detail: 'this run has no file handle' });
    if (!(await requestHandle(run.input.handle))) throw new WaymarkError('permission-denied');
    await this.update(runId, (r) => {
      r.need = undefined;
    });
    await this.resume(runId);
  }

  /** Checkpoints every run this tab executes (page hidden, before an update). */
  async checkpointAll(reason: CheckpointReason): Promise<void> {
    await Promise.all([...this.active.values()].map((e) => e.requestCheckpoint(reason)));
  }

  /**
   * For `pagehide`: writes a checkpoint of every run this tab executes with all requests issued
   * before returning, since the page may unload before any callback runs.
   */
  checkpointAllSync(reason: CheckpointReason): void {
    for (const e of this.active.values()) e.saveNowSync(reason);
  }

  async checkpointNow(runId: string): Promise<void> {
    const exec = this.active.get(runId);
    if (exec) return exec.requestCheckpoint('manual');
    this.relay?.send({ type: 'command', runId, action: 'checkpoint' });
  }

  /** Rewinds a run to one of its checkpoints and goes on from there. */
  async restore(runId: string, seq: number): Promise<void> {
    const wasActive = this.active.has(runId);
    if (wasActive) await this.pause(runId);
    else if (!this.owns(runId)) {
      const run = await this.store.getRun(runId);
      if (run && ACTIVE_STATUSES.includes(run.status))
        throw new WaymarkError('invalid-state', { detail: 'the run is running in another tab' });
    }
    const cp = await this.checkpoints.restore(runId, seq);
    this.emitCheckpoint(cp);
    await this.resume(runId);
  }

  /** Starts a new run from a checkpoint of another; returns the new run's id. */
  async fork(runId: string, seq: number): Promise<string> {
    const id = this.newId();
    const release = await this.o.locks.tryAcquire(id);
    if (!release) throw new WaymarkError('internal', { detail: 'could not lock a new run' });
    const run = await this.checkpoints.fork(runId, seq, id);
    // Side effects before the fork point live in the source's output folder: copy them.
    await this.o.files.copyDir(outputDir(runId), outputDir(id));
    const file = this.held.get(runId);
    if (file) this.held.set(id, file);
    this.locksHeld.set(id, release);
    this.bus.emit({ type: 'run', run });
    this.schedule(id);
    return id;
  }

  async pin(runId: string, seq: number, pinned: boolean): Promise<void> {
    await this.checkpoints.pin(runId, seq, pinned);
    const run = await this.store.getRun(runId);
    if (run) this.bus.emit({ type: 'run', run });
  }

  private emitCheckpoint(cp: CheckpointRecord): void {
    const { state: _s, outputs: _o, ...meta } = cp;
    this.bus.emit({ type: 'checkpoint', runId: cp.runId, checkpoint: meta });
  }

  private onCommand(c: RunCommand): void {
    if (!this.active.has(c.runId) && !this.queue.includes(c.runId)) return;
    const p =
      c.action === 'pause'
        ? this.pause(c.runId)
        : c.action === 'cancel'
          ? this.cancel(c.runId)
          : this.checkpointNow(c.runId);
    p.catch((e: unknown) => console.error(e));
  }

  /** The file of a run's output (e.g. the gzip), concatenated from its parts, disk-backed. */
  async outputBlob(runId: string, parts: string[], type: string): Promise<Blob> {
    const blobs = await Promise.all(
      parts.map((p) => this.o.files.file(`${outputDir(runId)}/${p}`)),
    );
    return new Blob(blobs, { type });
  }

  /**
   * Stops executing: each active run checkpoints and stays "running" in storage, so that the
   * next start-up (or another tab) resumes it. Locks are released.
   */
  async shutdown(reason: CheckpointReason = 'page-hidden'): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const e of this.active.values()) {
      e.checkpointRequest ??= reason;
      e.requestStop('shutdown');
    }
    await Promise.all([...this.finished.values()]);
    for (const id of [...this.locksHeld.keys()]) this.releaseLock(id);
    this.recovery.close();
    this.relay?.close();
  }

  /**
   * Drops everything without saving, as a crashed tab would (tests): executions are abandoned
   * mid-await and their locks released by the caller's lock registry.
   */
  abandon(): void {
    this.closed = true;
    for (const e of this.active.values()) e.requestStop('shutdown');
    this.recovery.close();
    this.relay?.close();
  }
}
