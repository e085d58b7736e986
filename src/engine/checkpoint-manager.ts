/**
 * The Checkpoint Manager: every checkpoint of every step kind is written, listed, pinned,
 * restored, forked and pruned here, and nowhere else.
 *
 * A save is one IndexedDB transaction over runs, checkpoints and chunks: the new numbered
 * checkpoint, the run's bookkeeping, the ledger records the checkpoint has absorbed, and the
 * checkpoints retention drops. Its cost depends on what changed since the last save, never on
 * how much work is behind the run.
 *
 * When to save is decided here too: `policy()` hands each run execution its checkpoint policy
 * (checkpoint-policy.ts), configured from the engine settings.
 */
import { WaymarkError, toWaymarkError } from './errors';
import { LEDGER_STORE, type LedgerTx } from './chunk-ledger';
import { shareOrFresh, type RunsStore } from './input-copies';
import { handled, type Persistence } from './persistence';
import { FORMAT_VERSION } from './records';
import type { CheckpointReason, CheckpointRecord, RunRecord, RunStats, StepState } from './records';
import { migrateRun } from './migrations';
import {
  DEFAULT_RETENTION,
  pinsOf,
  pruneCandidates,
  retentionVictims,
  type RetentionOptions,
} from './retention';

export { DEFAULT_RETENTION, retentionVictims, type RetentionOptions } from './retention';
import { INITIAL_STATUS, transition } from './run-status';
import { CheckpointPolicy, checkpointCadence, type CadenceSource } from './checkpoint-policy';

export {
  CheckpointPolicy,
  DEFAULT_CHECKPOINT_MS,
  checkpointCadence,
  type CadenceSource,
  type CheckpointCadence,
} from './checkpoint-policy';

/** What a step hands over to be saved. */
export interface SaveRequest {
  reason: CheckpointReason;
  stepIndex: number;
  stepId: string;
  bytesDone: number;
  state: StepState;
  outputs: Record<string, unknown>;
  stats: RunStats;
  /** Saved at a step boundary (kept by retention). */
  boundary?: boolean;
  parent?: { runId: string; seq: number };
  /** The workflow version the state belongs to (default: the run's). */
  workflowVersion?: number;
  /** Ledger records of `stepIndex` in `[from, to)` now folded into the map partial: delete them. */
  folded?: { stepIndex: number; from: number; to: number };
  /**
   * Delete the ledger records `state` does not cover: chunks of `stepIndex` from the map
   * prefix on, and all of later steps. For a state that goes back (restore) or changes shape
   * (migration): their results must be computed again, and in the same transaction, so that
   * no crash leaves them next to the state that disowns them.
   */
  dropLedgerPast?: boolean;
  /** Changes to the run record made in the same transaction. */
  patch?: (run: RunRecord) => void;
}

export class CheckpointManager {
  retention: RetentionOptions;

  constructor(
    private readonly store: Persistence,
    retention: RetentionOptions = DEFAULT_RETENTION,
    /** Called before each checkpoint write; the debug facility throws QuotaExceededError here. */
    private readonly beforeWrite: () => void = () => undefined,
  ) {
    this.retention = { ...retention };
  }

  private get durable(): { durability: IDBTransactionDurability } {
    return { durability: this.store.checkpointDurability };
  }

  /**
   * The checkpoint policy of one run execution: its cadence is the engine settings' (read at
   * every question, so that a change applies at once), else the workflow's own default, else
   * `DEFAULT_CHECKPOINT_MS`.
   */
  policy(settings: CadenceSource, workflow: () => CadenceSource | undefined): CheckpointPolicy {
    return new CheckpointPolicy(() => checkpointCadence(settings, workflow()));
  }

  /**
   * Writes a new numbered checkpoint. On QuotaExceededError it prunes the oldest unpinned
   * checkpoints (never the latest) and tries once more, then throws `quota-exceeded`.
   */
  async save(
    runId: string,
    req: SaveRequest,
  ): Promise<{ checkpoint: CheckpointRecord; run: RunRecord }> {
    try {
      return await this.saveOnce(runId, req, this.retention.keepLast);
    } catch (e) {
      const err = toWaymarkError(e);
      if (err.code !== 'quota-exceeded') throw err;
      await this.pruneForSpace(runId);
      try {
        return await this.saveOnce(runId, req, 1);
      } catch (e2) {
        throw toWaymarkError(e2);
      }
    }
  }

  private async saveOnce(runId: string, req: SaveRequest, keepLast: number) {
    this.beforeWrite();
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints', LEDGER_STORE], 'readwrite', this.durable),
    );
    const raw = await tx.objectStore('runs').get(runId);
    if (!raw) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new WaymarkError('not-found', { detail: runId });
    }
    const run = migrateRun(raw);
    const pins = await pinsOf(tx, runId, pruneCandidates(run, keepLast));
    const out = this.write(tx, run, req, keepLast, pins);
    await Promise.all([...out.ops, tx.done]);
    return { checkpoint: out.checkpoint, run: out.run };
  }

  /**
   * Saves from the caller's copy of the run, issuing every request synchronously. For the
   * `pagehide` handler: callbacks may never run once the page unloads, so nothing may wait for
   * a read first. Only the run's owner (whose copy is current) may call it.
   */
  saveSync(
    run: RunRecord,
    req: SaveRequest,
  ): { checkpoint: CheckpointRecord; run: RunRecord; done: Promise<void> } {
    this.beforeWrite();
    // Relaxed: it races the page going away, and strict (an fsync) lost that race 4 times in 14
    // under load. On power loss the last strict checkpoint stands (checkpointing.md §1).
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints', LEDGER_STORE], 'readwrite', {
        durability: 'relaxed',
      }),
    );
    // No retention here: which checkpoints are pinned can only be read with a callback, and an
    // unloading page may not run one. The next regular save prunes what this one kept.
    const out = this.write(tx, structuredClone(run), req, this.retention.keepLast, undefined);
    // Ask for the commit now rather than when this task ends: an unloading page may not get there.
    (tx as unknown as { commit?: () => void }).commit?.();
    return {
      checkpoint: out.checkpoint,
      run: out.run,
      done: Promise.all([...out.ops, tx.done]).then(() => undefined),
    };
  }

  /**
   * Issues the writes of one save in `tx`: checkpoint, absorbed ledger records, retention, run.
   * `pins`: whether each retention candidate is pinned, read in `tx`; undefined: prune nothing.
   */
  private write(
    tx: LedgerTx,
    run: RunRecord,
    req: SaveRequest,
    keepLast: number,
    pins: Map<number, boolean> | undefined,
  ) {
    const runId = run.id;
    const seq = run.lastSeq + 1;
    const checkpoint: CheckpointRecord = {
      format: FORMAT_VERSION,
      runId,
      seq,
      at: Date.now(),
      reason: req.reason,
      workflowId: run.workflowId,
      workflowVersion: req.workflowVersion ?? run.workflowVersion,
      stepIndex: req.stepIndex,
      stepId: req.stepId,
      bytesDone: req.bytesDone,
      state: req.state,
      outputs: req.outputs,
      stats: req.stats,
      pinned: false,
      boundary: req.boundary ?? false,
      parent: req.parent,
    };
    const ops: Promise<unknown>[] = [tx.objectStore('checkpoints').put(checkpoint)];
    const ledger = this.store.ledger.inTx(tx);
    if (req.folded && req.folded.to > req.folded.from) {
      const { stepIndex, from, to } = req.folded;
      ops.push(ledger.dropRange(runId, stepIndex, from, to));
    }
    if (req.dropLedgerPast) {
      const from = req.state.kind === 'map' ? req.state.prefix : 0;
      ops.push(ledger.dropPast(runId, req.stepIndex, from));
    }
    run.lastSeq = seq;
    run.kept = [
      ...run.kept.filter((k) => k.seq !== seq),
      { seq, boundary: checkpoint.boundary, pinned: false },
    ];
    if (pins) run.kept = run.kept.map((k) => ({ ...k, pinned: pins.get(k.seq) ?? k.pinned }));
    // Only candidates can be victims, and their pins were just read from their records.
    const victims = pins ? retentionVictims(run.kept, keepLast) : [];
    for (const v of victims) ops.push(tx.objectStore('checkpoints').delete([runId, v]));
    run.kept = run.kept.filter((k) => !victims.includes(k.seq));
    run.stepIndex = req.stepIndex;
    run.outputs = req.outputs;
    run.progress = { done: req.bytesDone, total: run.progress.total };
    run.stats = req.stats;
    try {
      req.patch?.(run);
    } catch (e) {
      // A refused change (an illegal status transition) must not leave half a save behind.
      for (const op of ops) op.catch(() => undefined);
      tx.abort();
      throw e;
    }
    run.updatedAt = Date.now();
    ops.push(tx.objectStore('runs').put(run));
    return { checkpoint, run, ops };
  }

  /** Drops every checkpoint of the run but the latest and the pinned ones. */
  async pruneForSpace(runId: string): Promise<number> {
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints'], 'readwrite', this.durable),
    );
    const raw = await tx.objectStore('runs').get(runId);
    if (!raw) {
      await tx.done;
      return 0;
    }
    const run = migrateRun(raw);
    const latest = Math.max(...run.kept.map((k) => k.seq));
    // Pins are read from the checkpoint records themselves (see `pinsOf`).
    const others = run.kept.filter((k) => k.seq !== latest).map((k) => k.seq);
    const cps = await Promise.all(others.map((s) => tx.objectStore('checkpoints').get([runId, s])));
    const victims = others.filter((_, i) => cps[i]?.pinned !== true);
    await Promise.all(victims.map((v) => tx.objectStore('checkpoints').delete([runId, v])));
    run.kept = run.kept.filter((k) => !victims.includes(k.seq));
    await tx.objectStore('runs').put(run);
    await tx.done;
    return victims.length;
  }

  /** The newest readable checkpoint of a run (damaged ones are quarantined and skipped). */
  async latest(runId: string): Promise<CheckpointRecord | undefined> {
    const run = await this.store.getRun(runId);
    if (!run) return undefined;
    const seqs = run.kept.map((k) => k.seq).sort((a, b) => b - a);
    for (const seq of seqs) {
      const cp = await this.store.getCheckpoint(runId, seq);
      if (cp) return cp;
    }
    return undefined;
  }

  /** The run's history, oldest first. */
  list(runId: string): Promise<CheckpointRecord[]> {
    return this.store.listCheckpoints(runId);
  }

  async load(runId: string, seq: number): Promise<CheckpointRecord> {
    const cp = await this.store.getCheckpoint(runId, seq);
    if (!cp) throw new WaymarkError('not-found', { detail: `${runId} checkpoint ${seq}` });
    return cp;
  }

  /** Pinned checkpoints are never pruned. */
  async pin(runId: string, seq: number, pinned = true): Promise<void> {
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints'], 'readwrite', this.durable),
    );
    const [raw, cp] = await Promise.all([
      tx.objectStore('runs').get(runId),
      tx.objectStore('checkpoints').get([runId, seq]),
    ]);
    if (!raw || !cp) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new WaymarkError('not-found', { detail: `${runId} checkpoint ${seq}` });
    }
    const run = migrateRun(raw);
    run.kept = run.kept.map((k) => (k.seq === seq ? { ...k, pinned } : k));
    await Promise.all([
      tx.objectStore('runs').put(run),
      tx.objectStore('checkpoints').put({ ...cp, pinned }),
    ]);
    await tx.done;
  }

  /** Deletes one checkpoint; the latest cannot be deleted (it is where the run stands). */
  async delete(runId: string, seq: number): Promise<void> {
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints'], 'readwrite', this.durable),
    );
    const raw = await tx.objectStore('runs').get(runId);
    if (!raw) throw new WaymarkError('not-found', { detail: runId });
    const run = migrateRun(raw);
    const latest = Math.max(...run.kept.map((k) => k.seq));
    if (seq === latest) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new WaymarkError('invalid-state', {
        detail: 'the latest checkpoint cannot be deleted',
      });
    }
    run.kept = run.kept.filter((k) => k.seq !== seq);
    await Promise.all([
      tx.objectStore('checkpoints').delete([runId, seq]),
      tx.objectStore('runs').put(run),
    ]);
    await tx.done;
  }

  /**
   * Rewinds a run to checkpoint `seq`: a new checkpoint (reason "restore", parent `seq`) with
   * its state becomes the latest, and ledger records past it are dropped in the same
   * transaction so that their work is redone from there. The run is left paused; the caller
   * resumes it.
   */
  async restore(runId: string, seq: number): Promise<CheckpointRecord> {
    const target = await this.load(runId, seq);
    const { checkpoint } = await this.save(runId, {
      reason: 'restore',
      stepIndex: target.stepIndex,
      stepId: target.stepId,
      bytesDone: target.bytesDone,
      state: target.state,
      outputs: target.outputs,
      stats: target.stats,
      parent: { runId, seq },
      // The state keeps its version: resuming checks it against the workflow (and migrates).
      workflowVersion: target.workflowVersion,
      dropLedgerPast: true,
      patch: (run) => {
        // The run record mirrors the state it stands at, versions included.
        run.workflowVersion = target.workflowVersion;
        transition(run, 'paused', 'restore', `checkpoint ${seq}`);
        run.result = undefined;
        run.error = undefined;
        run.message = `Restored to checkpoint ${seq}.`;
        run.failedChunks = [];
        run.finishedAt = undefined;
      },
    });
    return checkpoint;
  }

  /**
   * Starts a new run from checkpoint `seq` of another: the new run's first checkpoint is a copy
   * (reason "fork", parent = the source). Returns the new run record (status "queued").
   */
  async fork(runId: string, seq: number, newRunId: string): Promise<RunRecord> {
    const [source, cp] = await Promise.all([this.store.getRun(runId), this.load(runId, seq)]);
    if (!source) throw new WaymarkError('not-found', { detail: runId });
    const now = Date.now();
    const run: RunRecord = {
      ...structuredClone(source),
      id: newRunId,
      workflowVersion: cp.workflowVersion,
      status: INITIAL_STATUS,
      stepIndex: cp.stepIndex,
      outputs: cp.outputs,
      progress: { done: cp.bytesDone, total: source.progress.total },
      createdAt: now,
      updatedAt: now,
      finishedAt: undefined,
      error: undefined,
      message: `Forked from checkpoint ${seq} of another run.`,
      need: undefined,
      result: undefined,
      lastSeq: 1,
      kept: [{ seq: 1, boundary: cp.boundary, pinned: false }],
      failedChunks: [],
      crashes: { count: 0, seq: 1 },
      parent: { runId, seq },
      stats: cp.stats,
      // The source's history is the source's: the fork's log starts at the fork.
      events: [{ at: now, kind: 'forked', detail: `checkpoint ${seq}` }],
      retries: 0,
    };
    const copy: CheckpointRecord = {
      ...cp,
      runId: newRunId,
      seq: 1,
      at: now,
      reason: 'fork',
      pinned: false,
      parent: { runId, seq },
    };
    const tx = handled(
      this.store.db.transaction(['runs', 'checkpoints'], 'readwrite', this.durable),
    );
    // The source's copy, if a run still needs it in this transaction; else one to fill again.
    await shareOrFresh(tx.objectStore('runs') as unknown as RunsStore, run);
    await Promise.all([tx.objectStore('runs').put(run), tx.objectStore('checkpoints').put(copy)]);
    await tx.done;
    return run;
  }
}
