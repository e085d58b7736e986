/**
 * The chunk ledger: one record per finished map chunk (its result and its done mark, or its
 * failure), keyed `[runId, stepIndex, index]`. This module owns the `chunks` store: everything
 * the engine writes, reads or deletes there goes through `ChunkLedger`, as a Workbox `QueueDb`
 * owns its queue's storage.
 *
 * Saves that must change the ledger atomically with other stores (a checkpoint that absorbs
 * chunks into its partial, the deletion of a run) open one transaction over `LEDGER_STORE` and
 * their own stores, and hand it to `inTx`, which issues the ledger's part in that transaction.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { approxBytes } from './approx-bytes';
import { WaymarkError } from './errors';
import { handled } from './idb-tx';
import { migrateChunk } from './migrations';
import type { Db, WaymarkDB } from './persistence';
import type { ChunkRecord } from './records';
import { chunkProblem } from './validate';

/** The name of the ledger's object store, for callers that include it in their transaction. */
export const LEDGER_STORE = 'chunks' as const;

/** A read-write transaction that covers `LEDGER_STORE` (and usually other stores). */
export type LedgerTx = IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'readwrite'>;

/** Moves an unusable record out of the way; the ledger then acts as if it were absent. */
export type LedgerQuarantine = (key: IDBValidKey, raw: unknown, e: unknown) => Promise<void>;

/** Ledger deletions issued inside a caller's transaction; each resolves when its request does. */
export interface LedgerWrites {
  /** Deletes chunks `[from, to)` of step `stepIndex` (absorbed into a checkpoint's partial). */
  dropRange(runId: string, stepIndex: number, from: number, to: number): Promise<unknown>;
  /** Deletes chunks of `stepIndex` from `from` on, and every chunk of later steps. */
  dropPast(runId: string, stepIndex: number, from: number): Promise<unknown>;
  /** Deletes every chunk of the run. */
  dropRun(runId: string): Promise<unknown>;
}

const stepRange = (runId: string, stepIndex: number, from: number, to = Infinity) =>
  IDBKeyRange.bound([runId, stepIndex, from], [runId, stepIndex, to]);
const runRange = (runId: string, fromStep = 0) =>
  IDBKeyRange.bound([runId, fromStep, 0], [runId, Infinity, Infinity]);

export class ChunkLedger {
  /**
   * Estimated bytes of each record by key (JSON), for the storage report: made when this ledger
   * writes the record, or when the report first meets one written elsewhere (another tab, an
   * earlier page). Reading every record's value for each report (once a second while a map
   * step runs: every chunk result since the last checkpoint, megabytes for a CSV profile) took
   * the page's main thread more than the run's own work there.
   */
  private sizes = new Map<string, number>();
  /** Keys written since the storage report last began to read. */
  private written = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly quarantine: LedgerQuarantine,
  ) {}

  /** Commits one chunk's record in one transaction: its result and done mark count together. */
  async put(rec: ChunkRecord): Promise<void> {
    // Relaxed, unlike checkpoints: strict costs up to a third of the throughput here (one commit
    // per chunk), and an OS crash that loses a commit only means its chunk is done again
    // (docs/checkpointing.md, "Durability").
    const tx = this.db.transaction(LEDGER_STORE, 'readwrite', { durability: 'relaxed' });
    await Promise.all([tx.store.put(rec), tx.done]);
    const id = JSON.stringify([rec.runId, rec.stepIndex, rec.index]);
    this.sizes.set(id, approxBytes(rec));
    this.written.add(id);
  }

  /** The valid records of a map step from chunk `from` on; damaged ones are quarantined. */
  async list(runId: string, stepIndex: number, from = 0): Promise<ChunkRecord[]> {
    const raws = await this.db.getAll(LEDGER_STORE, stepRange(runId, stepIndex, from));
    const out: ChunkRecord[] = [];
    for (const r of raws) {
      const c = await this.check(r);
      if (c) out.push(c);
    }
    return out;
  }

  /**
   * Estimated bytes of every stored record, summed by run, read in the caller's read-only
   * transaction (the storage report, read at once so that it holds up no write): the keys of
   * all, the values only of records whose estimate is not known yet. A record another tab
   * rewrote under a key this ledger knows keeps its first estimate.
   */
  async sizesInTx(
    tx: IDBPTransaction<WaymarkDB, StoreNames<WaymarkDB>[], 'readonly'>,
  ): Promise<Map<string, number>> {
    const store = tx.objectStore(LEDGER_STORE);
    this.written = new Set();
    const keys = (await store.getAllKeys()) as [string, number, number][];
    const known = new Map<string, number>();
    const byRun = new Map<string, number>();
    await Promise.all(
      keys.map(async (key) => {
        const id = JSON.stringify(key);
        let n = this.sizes.get(id);
        if (n === undefined) {
          const raw: unknown = await store.get(key);
          // Deleted meanwhile: nothing to count.
          if (raw === undefined) return;
          n = approxBytes(raw);
        }
        known.set(id, n);
        byRun.set(key[0], (byRun.get(key[0]) ?? 0) + n);
      }),
    );
    // Forget the deleted ones, so that the cache stays as small as the ledger; keep those put
    // while this read ran (after the transaction's view of the store).
    for (const id of this.written) known.set(id, this.sizes.get(id) ?? 0);
    this.sizes = known;
    return byRun;
  }

  /** Deletes the given chunks of one step in one transaction (failed chunks to be redone). */
  async drop(runId: string, stepIndex: number, indexes: readonly number[]): Promise<void> {
    const tx = handled(this.db.transaction(LEDGER_STORE, 'readwrite'));
    for (const i of indexes) await tx.store.delete([runId, stepIndex, i]);
    await tx.done;
  }

  /** Deletes every chunk of a run in one transaction. */
  async dropRun(runId: string): Promise<void> {
    await this.db.delete(LEDGER_STORE, runRange(runId));
  }

  /** The ledger's deletions as requests in `tx`, which the caller opened over `LEDGER_STORE`. */
  inTx(tx: LedgerTx): LedgerWrites {
    const store = tx.objectStore(LEDGER_STORE);
    return {
      dropRange: (runId, stepIndex, from, to) =>
        store.delete(stepRange(runId, stepIndex, from, to - 1)),
      dropPast: (runId, stepIndex, from) =>
        Promise.all([
          store.delete(stepRange(runId, stepIndex, from)),
          store.delete(runRange(runId, stepIndex + 1)),
        ]),
      dropRun: (runId) => store.delete(runRange(runId)),
    };
  }

  private async check(raw: unknown): Promise<ChunkRecord | undefined> {
    try {
      const c = migrateChunk(raw);
      const problem = chunkProblem(c);
      if (problem) throw new WaymarkError('corrupt-record', { detail: `chunk: ${problem}` });
      return c;
    } catch (e) {
      const r = raw as { runId?: string; stepIndex?: number; index?: number };
      await this.quarantine([r?.runId ?? '', r?.stepIndex ?? -1, r?.index ?? -1], raw, e);
      return undefined;
    }
  }
}
