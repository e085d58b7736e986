/**
 * The IndexedDB schema (through idb's DBSchema) and its upgrades, plus validated reads that
 * quarantine damaged records instead of crashing.
 *
 * Schema versions:
 *  1. runs, checkpoints (the hashing slice).
 *  2. + chunks (map ledger), quarantine, settings, leases; runs indexed by status; every stored
 *     record upgraded to format 2 in place.
 *  3. + runs indexed by `input.opfsPath` (who needs an input copy: `input-copies.ts`).
 *  4. every stored run upgraded to format 3 (its event log) in place.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { ChunkLedger, LEDGER_STORE } from './chunk-ledger';
import { WaymarkError, toWaymarkError } from './errors';
import { handled } from './idb-tx';
import { BY_INPUT } from './input-copies';
import { migrateCheckpoint, migrateRun } from './migrations';
import type {
  CheckpointRecord,
  ChunkRecord,
  LeaseRecord,
  QuarantineRecord,
  RunRecord,
  RunStatus,
} from './records';
import { checkpointProblem, runProblem } from './validate';

export { handled };

export const DB_VERSION = 4;
export const DEFAULT_DB_NAME = 'waymark';

export interface WaymarkDB extends DBSchema {
  runs: {
    key: string;
    value: RunRecord;
    indexes: { 'by-status': RunStatus; [BY_INPUT]: string };
  };
  checkpoints: { key: [string, number]; value: CheckpointRecord };
  chunks: { key: [string, number, number]; value: ChunkRecord };
  quarantine: { key: number; value: QuarantineRecord };
  settings: { key: string; value: unknown };
  leases: { key: string; value: LeaseRecord };
}

export type Db = IDBPDatabase<WaymarkDB>;
export type Tx<
  Mode extends IDBTransactionMode,
  S extends StoreNames<WaymarkDB>[],
> = IDBPTransaction<WaymarkDB, S, Mode>;

export interface OpenOptions {
  name?: string;
  /** Another tab wants a newer schema: checkpoint (awaited, briefly), then we close. */
  onVersionChange?: () => void | Promise<void>;
  /** An older tab keeps the database open; we wait for it to close. */
  onBlocked?: () => void;
}

/** Opens (creating or upgrading) the engine database. */
export async function openWaymarkDb(opts: OpenOptions = {}): Promise<Db> {
  const db = await openDB<WaymarkDB>(opts.name ?? DEFAULT_DB_NAME, DB_VERSION, {
    async upgrade(database, oldVersion, _newVersion, tx) {
      // Stores untyped here: the v1 layout predates the typed schema.
      const raw = database as unknown as IDBPDatabase;
      if (oldVersion < 1) {
        raw.createObjectStore('runs', { keyPath: 'id' });
        raw.createObjectStore('checkpoints', { keyPath: ['runId', 'seq'] });
      }
      if (oldVersion < 2) {
        raw.createObjectStore('chunks', { keyPath: ['runId', 'stepIndex', 'index'] });
        raw.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true });
        raw.createObjectStore('settings');
        raw.createObjectStore('leases', { keyPath: 'runId' });
        tx.objectStore('runs').createIndex('by-status', 'status');
        if (oldVersion >= 1)
          await upgradeV1Records(
            tx as unknown as IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'versionchange'>,
          );
      }
      // Records without a string path (no copy) are simply not in it.
      if (oldVersion < 3) tx.objectStore('runs').createIndex(BY_INPUT, 'input.opfsPath');
      // A v1 database's runs were brought to the current format above.
      if (oldVersion >= 2 && oldVersion < 4)
        await upgradeRuns(
          tx as unknown as IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'versionchange'>,
        );
    },
    blocked() {
      opts.onBlocked?.();
    },
    blocking() {
      // Let running work checkpoint first (a few seconds at most), then close so that the newer
      // tab can proceed; the app tells its user to reload.
      const settle = Promise.resolve(opts.onVersionChange?.()).catch(() => undefined);
      const limit = new Promise((r) => setTimeout(r, 3000));
      void Promise.race([settle, limit]).then(() => db.close());
    },
  });
  return db;
}

/** Rewrites every v1 record as v2 and rebuilds each run's retention list from its checkpoints. */
async function upgradeV1Records(
  tx: IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'versionchange'>,
) {
  const runs = tx.objectStore('runs');
  const cps = tx.objectStore('checkpoints');
  const kept = new Map<string, number[]>();
  for (let c = await cps.openCursor(); c; c = await c.continue()) {
    try {
      const cp = migrateCheckpoint(c.value);
      const problem = checkpointProblem(cp);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `checkpoint: ${problem}` });
      await c.update(cp);
      kept.set(cp.runId, [...(kept.get(cp.runId) ?? []), cp.seq]);
    } catch (e) {
      await tx.objectStore('quarantine').add(quarantineOf('checkpoints', c.primaryKey, c.value, e));
      await c.delete();
    }
  }
  for (let c = await runs.openCursor(); c; c = await c.continue()) {
    try {
      const run = migrateRun(c.value);
      run.kept = (kept.get(run.id) ?? [])
        .sort((a, b) => a - b)
        .map((seq) => ({ seq, boundary: false, pinned: false }));
      const problem = runProblem(run);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `run: ${problem}` });
      await c.update(run);
    } catch (e) {
      await tx.objectStore('quarantine').add(quarantineOf('runs', c.primaryKey, c.value, e));
      await c.delete();
    }
  }
}

/**
 * Rewrites every stored run in the current format (format 2 → 3: the event log), so that a tab
 * of an older version is made to reload by the version change instead of skipping them.
 */
async function upgradeRuns(
  tx: IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'versionchange'>,
) {
  for (let c = await tx.objectStore('runs').openCursor(); c; c = await c.continue()) {
    try {
      const run = migrateRun(c.value);
      const problem = runProblem(run);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `run: ${problem}` });
      await c.update(run);
    } catch (e) {
      // A newer format than this code knows stays for the newer code, as on every read.
      if (toWaymarkError(e).code === 'format-too-new') continue;
      await tx.objectStore('quarantine').add(quarantineOf('runs', c.primaryKey, c.value, e));
      await c.delete();
    }
  }
}

function quarantineOf(
  store: string,
  key: IDBValidKey,
  value: unknown,
  e: unknown,
): QuarantineRecord {
  const reason = typeof e === 'string' ? e : toWaymarkError(e).message;
  return { store, key, value: safeClone(value), reason, at: Date.now() };
}

function safeClone(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return String(v);
  }
}

/** Reports quarantined records (the app shows them; nothing is thrown at start-up). */
export type QuarantineListener = (rec: QuarantineRecord) => void;

/**
 * Validated access to stored records. Anything that fails migration or validation is moved to
 * the quarantine store and reported, and the read goes on as if it were absent.
 */
export class Persistence {
  private listeners = new Set<QuarantineListener>();
  /** The chunk ledger, the only owner of its store; its damaged records are quarantined here. */
  readonly ledger: ChunkLedger;
  /**
   * How checkpoint commits reach the disk: `strict` reports a commit once the data is flushed
   * to durable storage, so that an OS crash or a power loss cannot lose a checkpoint the run
   * went on from (docs/checkpointing.md, "Durability"). The benchmark compares it with `relaxed`.
   */
  checkpointDurability: IDBTransactionDurability = 'strict';

  constructor(readonly db: Db) {
    this.ledger = new ChunkLedger(db, (key, raw, e) => this.quarantine(LEDGER_STORE, key, raw, e));
  }

  onQuarantine(l: QuarantineListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private async quarantine(
    store: 'runs' | 'checkpoints' | typeof LEDGER_STORE,
    key: IDBValidKey,
    value: unknown,
    e: unknown,
  ) {
    // A record from a newer Waymark is not damaged: leave it for the newer code, just skip it.
    if (e instanceof WaymarkError && e.code === 'format-too-new') return;
    const rec = quarantineOf(store, key, value, e);
    try {
      const tx = handled(this.db.transaction([store, 'quarantine'], 'readwrite'));
      await tx.objectStore('quarantine').add(rec);
      await tx.objectStore(store).delete(key as never);
      await tx.done;
    } catch {
      // Even if we cannot move it, we never use it: reporting is enough.
    }
    for (const l of this.listeners) l(rec);
  }

  /** Migrates and validates a run; quarantines it (and returns undefined) when unusable. */
  async checkRun(raw: unknown): Promise<RunRecord | undefined> {
    if (raw === undefined) return undefined;
    try {
      const run = migrateRun(raw);
      const problem = runProblem(run);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `run: ${problem}` });
      return run;
    } catch (e) {
      const key = (raw as { id?: string })?.id ?? 'unknown';
      await this.quarantine('runs', key, raw, e);
      return undefined;
    }
  }

  async checkCheckpoint(raw: unknown): Promise<CheckpointRecord | undefined> {
    if (raw === undefined) return undefined;
    try {
      const cp = migrateCheckpoint(raw);
      const problem = checkpointProblem(cp);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `checkpoint: ${problem}` });
      return cp;
    } catch (e) {
      const r = raw as { runId?: string; seq?: number };
      await this.quarantine('checkpoints', [r?.runId ?? '', r?.seq ?? -1], raw, e);
      return undefined;
    }
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.checkRun(await this.db.get('runs', id));
  }

  async listRuns(): Promise<RunRecord[]> {
    const raws = await this.db.getAll('runs');
    const out: RunRecord[] = [];
    for (const r of raws) {
      const run = await this.checkRun(r);
      if (run) out.push(run);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.db.put('runs', { ...run, updatedAt: Date.now() });
  }

  /** Reads, changes and writes a run in one transaction. */
  async updateRun(id: string, change: (run: RunRecord) => void): Promise<RunRecord> {
    const tx = handled(this.db.transaction('runs', 'readwrite'));
    const raw = await tx.store.get(id);
    const run = raw && (await this.checkRunInTx(raw));
    if (!run) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new WaymarkError('not-found', { detail: id });
    }
    change(run);
    run.updatedAt = Date.now();
    await tx.store.put(run);
    await tx.done;
    return run;
  }

  /** Validation without quarantine (inside a transaction we only refuse; a later read moves it). */
  private async checkRunInTx(raw: unknown): Promise<RunRecord | undefined> {
    try {
      const run = migrateRun(raw);
      return runProblem(run) ? undefined : run;
    } catch {
      return undefined;
    }
  }

  async listCheckpoints(runId: string): Promise<CheckpointRecord[]> {
    const raws = await this.db.getAll(
      'checkpoints',
      IDBKeyRange.bound([runId, 0], [runId, Infinity]),
    );
    const out: CheckpointRecord[] = [];
    for (const r of raws) {
      const cp = await this.checkCheckpoint(r);
      if (cp) out.push(cp);
    }
    return out;
  }

  async getCheckpoint(runId: string, seq: number): Promise<CheckpointRecord | undefined> {
    return this.checkCheckpoint(await this.db.get('checkpoints', [runId, seq]));
  }

  /** Deletes every record of a run (run, checkpoints, ledger, lease) in one transaction. */
  async deleteRun(runId: string): Promise<void> {
    const tx = handled(
      this.db.transaction(['runs', 'checkpoints', LEDGER_STORE, 'leases'], 'readwrite'),
    );
    await Promise.all([
      tx.objectStore('runs').delete(runId),
      tx.objectStore('checkpoints').delete(IDBKeyRange.bound([runId, 0], [runId, Infinity])),
      this.ledger.inTx(tx).dropRun(runId),
      tx.objectStore('leases').delete(runId),
    ]);
    await tx.done;
  }

  async listQuarantine(): Promise<QuarantineRecord[]> {
    return this.db.getAll('quarantine');
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('settings', key)) as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.db.put('settings', value, key);
  }
}
