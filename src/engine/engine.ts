/**
 * The engine facade: creates runs, schedules them on this tab, and carries out what users ask
 * (pause, resume, cancel, retry, delete, restore, fork, pin). It owns a run exactly while it
 * holds the run's lock.
 */
import { CheckpointManager } from './checkpoint-manager';
import { FaultInjector, type DebugOptions } from './debug';
import { MemoryFileKeeper, type FileKeeper } from './file-keeper';
import { HeldFiles } from './held-files';
import { BroadcastRelay, EventBus, type RunCommand } from './events';
import { outputDir, type FileStore } from './files';
import type { Release, RunLocks } from './locks';
import { Persistence } from './persistence';
import { ACTIVE_STATUSES } from './records';
import { transition } from './run-status';
import type { CheckpointReason } from './records';
import { RecoveryManager, type RecoveryReport } from './recovery-manager';
import { RunActions } from './run-actions';
import { RunLifecycle, type StartOptions } from './run-lifecycle';
import { RunExecution } from './run-execution';
import { RunScheduler } from './run-scheduler';
import { defaultSettings, type EngineSettings } from './settings';
import { EngineStorage } from './storage-actions';
import type { StepRunner } from './worker-pool';
import type { CopyRunner } from './copy-behind';
import type { Combiner } from './combiner';
import type { WorkflowRegistry } from './workflow';

export interface EngineOptions {
  store: Persistence;
  registry: WorkflowRegistry;
  runner: StepRunner;
  /**
   * Runs the background copy of an input (copy behind) on hosts of its own, outside `runner`,
   * e.g. a `WorkerPool` of one worker. Without it a run whose picked file survives a reload
   * copies as it reads instead (one pass: the steps wait for the copy's writes).
   */
  copier?: CopyRunner;
  /**
   * Where map steps combine their chunk results, e.g. `workerCombiner(…)`: a worker of its own,
   * so that the page's main thread stays free. Default: in this thread.
   */
  combiner?: Combiner;
  files: FileStore;
  locks: RunLocks;
  settings?: Partial<EngineSettings>;
  debug?: DebugOptions;
  /**
   * Where picked files are kept while their copy needs them (default: this page's memory, so
   * a reload asks for the file again; the app's keeper outlives reloads).
   */
  keeper?: FileKeeper;
  /** This tab's id (for the BroadcastChannel relay). */
  tabId?: string;
  /** Relay events to other tabs (browser). */
  broadcast?: boolean;
  newId?: () => string;
}

export class Engine {
  readonly bus = new EventBus();
  readonly store: Persistence;
  readonly checkpoints: CheckpointManager;
  readonly recovery: RecoveryManager;
  /**
   * The one source of the engine's settings: what runs read (live), the pool's size and the
   * retention. Change them with {@link Engine.updateSettings}.
   */
  private readonly current: EngineSettings;
  private readonly faults: FaultInjector;
  private readonly runs: RunScheduler;
  private readonly actions: RunActions;
  private readonly relay: BroadcastRelay | undefined;
  private readonly held: HeldFiles;
  private readonly life: RunLifecycle;
  /** Storage: what each run occupies, freeing copies, deleting completed runs (`storage-actions.ts`). */
  readonly storage: EngineStorage;

  constructor(private readonly o: EngineOptions) {
    this.store = o.store;
    // Without a worker count of its own the engine keeps the runner's size as it was built.
    this.current = { ...defaultSettings(), workers: o.runner.size, ...o.settings };
    this.faults = new FaultInjector(o.debug);
    this.held = new HeldFiles(o.keeper ?? new MemoryFileKeeper());
    this.held.follow(this.bus);
    this.checkpoints = new CheckpointManager(
      o.store,
      { keepLast: this.current.keepCheckpoints },
      () => this.faults.checkWrite(),
    );
    this.applySettings();
    this.runs = new RunScheduler(
      () => this.settings.maxConcurrentRuns,
      (id) =>
        new RunExecution(id, {
          store: this.store,
          checkpoints: this.checkpoints,
          runner: o.runner,
          copier: o.copier,
          combiner: o.combiner,
          registry: o.registry,
          bus: this.bus,
          files: o.files,
          settings: this.current,
          debug: o.debug ?? {},
          faults: this.faults,
          held: this.held,
        }),
    );
    this.actions = new RunActions({
      store: this.store,
      checkpoints: this.checkpoints,
      bus: this.bus,
      files: o.files,
      locks: o.locks,
      runs: this.runs,
      held: this.held,
      newId: () => this.newId(),
      pause: (id) => this.pause(id),
      resume: (id) => this.resume(id),
      start: (w, file, params, opts) => this.start(w, file, params, opts),
    });
    this.life = new RunLifecycle({
      store: this.store,
      registry: o.registry,
      locks: o.locks,
      runs: this.runs,
      held: this.held,
      bus: this.bus,
      storage: () => this.storage,
      recovery: () => this.recovery,
      relay: () => this.relay,
      chunkSize: () => this.settings.chunkSize,
      newId: () => this.newId(),
    });
    this.storage = new EngineStorage({
      store: this.store,
      files: o.files,
      bus: this.bus,
      remove: (id) => this.remove(id),
    });
    this.store.onQuarantine((q) =>
      this.bus.emit({ type: 'quarantined', store: q.store, reason: q.reason }),
    );
    this.recovery = new RecoveryManager({
      store: o.store,
      locks: o.locks,
      resumeAutomatically: () => this.settings.resumeAutomatically,
      adopt: (id, release) => this.adopt(id, release),
      reachable: (run) => this.held.reachable(run),
      ownedElsewhere: () => undefined,
      interrupt: async (id, message, release) => {
        const run = await this.store.updateRun(id, (r) => {
          transition(r, 'interrupted', 'recovery-held');
          r.message = message;
        });
        release();
        this.bus.emit({ type: 'run', run });
      },
    });
    o.locks.onLost?.((runId) => this.lost(runId));
    if (o.broadcast)
      this.relay = new BroadcastRelay(this.bus, o.tabId ?? this.newId(), (c) => this.onCommand(c));
    // A run another tab starts or resumes: queue for its lock to take it over if that tab dies.
    this.bus.on((e) => {
      if (
        e.remote &&
        e.type === 'run' &&
        ACTIVE_STATUSES.includes(e.run.status) &&
        !this.runs.owns(e.run.id)
      )
        this.recovery.watch(e.run.id);
    });
  }

  /** The settings in force (read-only: change them with {@link Engine.updateSettings}). */
  get settings(): Readonly<EngineSettings> {
    return this.current;
  }

  /**
   * Changes settings while the engine runs: the pool takes its new size (busy workers leave
   * once idle), retention keeps the new number from the next save on, and runs read the
   * cadence, chunk size (for new runs), attempts and backoff from here at their next use.
   */
  updateSettings(patch: Partial<EngineSettings>): void {
    Object.assign(this.current, patch);
    this.applySettings();
  }

  /** Applies the settings the engine's parts hold copies of: pool size and retention. */
  private applySettings(): void {
    this.checkpoints.retention = { keepLast: this.current.keepCheckpoints };
    if (this.o.runner.size !== this.current.workers) this.o.runner.resize(this.current.workers);
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
    return this.runs.owns(runId);
  }

  /** Finds unfinished runs and resumes the orphaned ones. Call once at start-up. */
  async recover(): Promise<RecoveryReport> {
    const report = await this.recovery.recover();
    this.bus.emit({ type: 'recovered', ...report });
    return report;
  }

  private adopt(runId: string, release: Release): void {
    this.runs.own(runId, release);
    this.runs.schedule(runId);
  }

  /** Another tab took over a run this tab owned (its lease lapsed): leave the run to it. */
  private lost(runId: string): void {
    if (!this.runs.owns(runId)) return;
    this.runs.release(runId);
    this.runs.dequeue(runId);
    this.runs.execution(runId)?.lostOwnership();
    // As for any run another tab runs: take it over if that tab goes away.
    void this.runs.settled(runId).then(() => {
      if (!this.runs.isClosed) this.recovery.watch(runId);
    });
  }

  /**
   * Starts a run of `workflowId` on `file`. Parameters are checked first; an invalid one
   * throws (`invalid-params`, or a code of the workflow's own) and nothing is stored.
   */
  start(
    workflowId: string,
    file: Blob & { name?: string; lastModified?: number },
    params: unknown,
    opts: StartOptions = {},
  ): Promise<string> {
    return this.life.start(workflowId, file, params, opts);
  }

  /** Resolves when the run is no longer executing in this tab. */
  settled(runId: string): Promise<void> {
    return this.runs.settled(runId);
  }

  /** Resolves when nothing executes in this tab. */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /**
   * Stops the run at its next safe point with a `pause` checkpoint; resolves once it stopped.
   * A run another tab executes is asked over the BroadcastChannel.
   */
  pause(runId: string): Promise<void> {
    return this.life.pause(runId);
  }

  /** Stops the run without a checkpoint and deletes its ledger; its history stays. */
  cancel(runId: string): Promise<void> {
    return this.life.cancel(runId);
  }

  /** Takes the run's lock (waiting briefly for a tab that is letting it go) and schedules it. */
  resume(runId: string): Promise<void> {
    return this.life.resume(runId);
  }

  /** Clears failed chunks from the ledger and runs them again. */
  retryFailed(runId: string): Promise<void> {
    return this.actions.retryFailed(runId);
  }

  /** Deletes a run's records and files in one go (a running run is canceled first). */
  remove(runId: string): Promise<void> {
    return this.life.remove(runId);
  }

  /** Gives the run the file it asked for; refuses a different file with a clear message. */
  repick(runId: string, file: File): Promise<void> {
    return this.actions.repick(runId, file);
  }

  /** Asks for permission to read the run's file handle again (call from a user gesture). */
  grantAccess(runId: string): Promise<void> {
    return this.actions.grantAccess(runId);
  }

  /** Checkpoints every run this tab executes (page hidden, before an update). */
  async checkpointAll(reason: CheckpointReason): Promise<void> {
    await Promise.all(this.runs.executions().map((e) => e.requestCheckpoint(reason)));
  }

  /**
   * For `pagehide`: writes a checkpoint of every run this tab executes with all requests issued
   * before returning, since the page may unload before any callback runs.
   */
  checkpointAllSync(reason: CheckpointReason): void {
    for (const e of this.runs.executions()) e.saveNowSync(reason);
  }

  /** Asks for a `manual` checkpoint at the run's next safe point. */
  async checkpointNow(runId: string): Promise<void> {
    const exec = this.runs.execution(runId);
    if (exec) return exec.requestCheckpoint('manual');
    this.relay?.send({ type: 'command', runId, action: 'checkpoint' });
  }

  /**
   * Rewinds a run to one of its checkpoints and goes on from there. A run whose input copy was
   * freed needs its file: pass it as `file` (checked against the run's fingerprint first, and an
   * `input-mismatch` refused before anything changes), or the run will ask for it.
   */
  restore(runId: string, seq: number, file?: File): Promise<void> {
    return this.actions.restore(runId, seq, file);
  }

  /**
   * Starts a new run from a checkpoint of another; returns the new run's id. As with
   * {@link Engine.restore}, `file` gives a fork whose source's copy was freed its input.
   */
  fork(runId: string, seq: number, file?: File): Promise<string> {
    return this.actions.fork(runId, seq, file);
  }

  /**
   * "Run again": checks `file` against the run's fingerprint (refusing another file with
   * `input-mismatch`) and starts a new run of the same task on it, with the run's options
   * changed by `params` (Search's "Load more": a higher line cap). Without `file`, the new run
   * reads the run's complete input copy (sharing it), and fails with `input-missing` when
   * the copy was freed. Returns the new run's id.
   */
  runAgain(runId: string, file?: File, params?: Record<string, unknown>): Promise<string> {
    return this.actions.runAgain(runId, file, params);
  }

  /** Pins or unpins a checkpoint; retention never drops a pinned one. */
  pin(runId: string, seq: number, pinned: boolean): Promise<void> {
    return this.actions.pin(runId, seq, pinned);
  }

  private onCommand(c: RunCommand): void {
    if (!this.runs.execution(c.runId) && !this.runs.queued(c.runId)) return;
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
    this.runs.close(true);
    for (const e of this.runs.executions()) {
      void e.requestCheckpoint(reason);
      e.requestStop('shutdown');
    }
    await this.runs.drained();
    this.runs.releaseAll();
    this.recovery.close();
    this.relay?.close();
  }

  /**
   * Drops everything without saving, as a crashed tab would (tests): executions are abandoned
   * mid-await and their locks released by the caller's lock registry.
   */
  abandon(): void {
    this.runs.close(false);
    for (const e of this.runs.executions()) e.requestStop('shutdown');
    this.recovery.close();
    this.relay?.close();
  }
}
