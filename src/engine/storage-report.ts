/**
 * What each run occupies in storage: its input copy (a shared copy is counted once), its
 * output files and its records, and what the storage view's two actions would free. Sizes of
 * files are what the file store reports; sizes of records are estimated from their values (the
 * browser does not tell how much one IndexedDB record takes).
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import { outputDir, type FileStore } from './files';
import { approxBytes } from './approx-bytes';
import { neededCopy } from './input-copies';
import type { Persistence, WaymarkDB } from './persistence';
import type { RunRecord, RunStatus } from './records';

export { approxBytes };

/** One run's share of storage. */
export interface RunStorage {
  runId: string;
  name: string;
  status: RunStatus;
  /** Its input copy: the bytes stored (0 when released or never made). */
  copy: {
    bytes: number;
    /** Another run needs the same copy: its bytes are counted once, at the first such run. */
    shared: boolean;
    /** The run released it (completed, or freed): running it again asks for the file. */
    released: boolean;
    /** Counted at this run in the totals. */
    counted: boolean;
  };
  /** Bytes of its output files (e.g. Gzip's parts). */
  outputs: number;
  /** Estimated bytes of its records (run, checkpoints, chunk ledger). */
  records: number;
  /** Estimated bytes of each of its checkpoints, by sequence number (the history's Size). */
  checkpoints: Record<number, number>;
}

/** What the engine keeps, by run, and what the storage actions would free. */
export interface StorageReport {
  runs: RunStorage[];
  /** Totals over all runs, shared copies counted once. */
  copies: number;
  outputs: number;
  records: number;
  /** What "Free input copies" frees: copies only completed runs need. */
  freeInputCopies: number;
  /** What "Delete completed runs" frees: their outputs, records and copies no other run needs. */
  deleteCompleted: number;
}

async function dirBytes(files: FileStore, dir: string): Promise<number> {
  let n = 0;
  for (const name of await files.list(dir)) {
    const size = await files.size(`${dir}/${name}`);
    n += size ?? (await dirBytes(files, `${dir}/${name}`));
  }
  return n;
}

/**
 * Estimated bytes of each checkpoint, by database and key. A checkpoint is written once under
 * its key (a pin rewrites the same values with another flag), so its estimate is made once:
 * the view asks for a report after every checkpoint, and reading every kept checkpoint's state
 * again (20 of up to 700 KiB each for a CSV profile) cost the page more than the checkpoint.
 */
const checkpointSizes = new WeakMap<object, Map<string, number>>();

type CheckpointStore = IDBPObjectStore<
  WaymarkDB,
  StoreNames<WaymarkDB>[],
  'checkpoints',
  'readonly'
>;

/**
 * Bytes of each checkpoint by run and sequence number: keys read for all, values only for those
 * not seen yet.
 */
async function checkpointBytes(store: Persistence, cps: CheckpointStore) {
  let sizes = checkpointSizes.get(store.db);
  if (!sizes) checkpointSizes.set(store.db, (sizes = new Map()));
  const keys = (await cps.getAllKeys()) as [string, number][];
  const present = new Map<string, number>();
  const byRun = new Map<string, Record<number, number>>();
  await Promise.all(
    keys.map(async (key) => {
      const id = JSON.stringify(key);
      let n = sizes.get(id);
      if (n === undefined) {
        const raw: unknown = await cps.get(key);
        // Deleted meanwhile (another tab): nothing to count.
        if (raw === undefined) return;
        n = approxBytes(raw);
      }
      present.set(id, n);
      const run = byRun.get(key[0]) ?? {};
      run[key[1]] = n;
      byRun.set(key[0], run);
    }),
  );
  // Forget the deleted ones, so that the cache stays as small as what is stored.
  checkpointSizes.set(store.db, present);
  return byRun;
}

/** Reads every run's storage. Runs this code cannot read are left out. */
export async function storageReport(store: Persistence, files: FileStore): Promise<StorageReport> {
  // One short read-only transaction for all records: a report must not hold up a checkpoint
  // (a page-hide save queues behind any transaction open on its stores).
  const tx = store.db.transaction(['runs', 'checkpoints', 'chunks'], 'readonly');
  const [raws, cpBytes, chunks] = await Promise.all([
    tx.objectStore('runs').getAll(),
    checkpointBytes(store, tx.objectStore('checkpoints')),
    store.ledger.sizesInTx(tx),
  ]);
  await tx.done;
  const recordBytes = new Map<string, number>();
  const count = (runId: string, n: number) =>
    recordBytes.set(runId, (recordBytes.get(runId) ?? 0) + n);
  for (const [runId, bySeq] of cpBytes) for (const n of Object.values(bySeq)) count(runId, n);
  for (const [runId, n] of chunks) count(runId, n);
  const runs: RunRecord[] = [];
  for (const raw of raws) {
    const run = await store.checkRun(raw);
    if (run) runs.push(run);
  }
  runs.sort((a, b) => a.createdAt - b.createdAt);
  // Who needs each copy, from every record (a newer format's too).
  const needers = new Map<string, { id: string; completed: boolean }[]>();
  for (const raw of raws) {
    const path = neededCopy(raw);
    if (!path) continue;
    const list = needers.get(path) ?? [];
    list.push({ id: raw.id, completed: raw.status === 'completed' });
    needers.set(path, list);
  }
  const sizes = new Map<string, number>();
  for (const path of needers.keys()) sizes.set(path, (await files.size(path)) ?? 0);

  const counted = new Set<string>();
  const out: RunStorage[] = [];
  for (const run of runs) {
    const records = approxBytes(run) + (recordBytes.get(run.id) ?? 0);
    const rs = await runStorage(files, run, records, needers, sizes, counted);
    out.push({ ...rs, checkpoints: cpBytes.get(run.id) ?? {} });
  }

  const sum = (f: (r: RunStorage) => number) => out.reduce((s, r) => s + f(r), 0);
  const onlyCompleted = [...needers].filter(([, list]) => list.every((n) => n.completed));
  const freeInputCopies = onlyCompleted.reduce((s, [p]) => s + (sizes.get(p) ?? 0), 0);
  const done = out.filter((r) => r.status === 'completed');
  return {
    runs: out,
    copies: sum((r) => (r.copy.counted ? r.copy.bytes : 0)),
    outputs: sum((r) => r.outputs),
    records: sum((r) => r.records),
    freeInputCopies,
    deleteCompleted: freeInputCopies + done.reduce((s, r) => s + r.outputs + r.records, 0),
  };
}

async function runStorage(
  files: FileStore,
  run: RunRecord,
  records: number,
  needers: Map<string, { id: string }[]>,
  sizes: Map<string, number>,
  counted: Set<string>,
): Promise<Omit<RunStorage, 'checkpoints'>> {
  const path = run.input.opfsPath;
  const needs = path !== undefined && !run.input.released;
  const bytes = needs ? (sizes.get(path) ?? 0) : 0;
  const first = needs && !counted.has(path);
  if (needs) counted.add(path);
  return {
    runId: run.id,
    name: run.input.name,
    status: run.status,
    copy: {
      bytes,
      shared: needs && (needers.get(path)?.length ?? 0) > 1,
      released: run.input.mode === 'opfs' && !!run.input.released,
      counted: first,
    },
    outputs: await dirBytes(files, outputDir(run.id)),
    records,
  };
}
