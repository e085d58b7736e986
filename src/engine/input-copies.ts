/**
 * Input copies belong to no one run. A copy is a file of its own, `copies/<key>-<nonce>`, and
 * every run on the same file (same fingerprint) reads it. Who needs a copy is never counted:
 * it is read from the run records, in the transaction that acts on it, so there is no counter
 * to drift after a crash. A run needs the copy its `input.opfsPath` names unless it has
 * `input.released` it. Two rules keep a copy from being removed under a run:
 *
 *  1. A run joins an existing copy only in a transaction that sees another run still needing
 *     it (and, for a new run, having recorded it complete). Otherwise it gets a fresh path.
 *  2. A copy is removed only after a transaction saw no run needing it.
 *
 * Once no run needs a copy none can join it (rule 1), so rule 2's removal can never race a run
 * starting on it, and a run that needs a copy never sees it removed. Older runs' copies at
 * `runs/<id>/input` follow the same rules. docs/checkpointing.md, "Input copies", has more.
 */
import { logEvent } from './event-log';
import { COPIES_DIR, type FileStore } from './files';
import { handled } from './idb-tx';
import { migrateRun } from './migrations';
import type { Persistence } from './persistence';
import { FORMAT_VERSION, type Fingerprint, type RunRecord } from './records';

/** The index of runs by `input.opfsPath` (schema version 3). */
export const BY_INPUT = 'by-input';

type RawInput = { opfsPath?: unknown; released?: unknown } | undefined;

/**
 * The copy a stored record needs, read from the raw record: a record this code cannot read (a
 * newer Waymark's) still keeps its copy unless it says, in the field this code knows, that it
 * released it.
 */
export function neededCopy(raw: unknown): string | undefined {
  const input = (raw as { input?: RawInput } | null)?.input;
  if (!input || typeof input.opfsPath !== 'string' || input.released === true) return undefined;
  return input.opfsPath;
}

/** Where a new copy of the file with this fingerprint goes; `nonce` makes it the run's own. */
export function freshCopyPath(fp: Fingerprint | undefined, size: number, nonce: string): string {
  const key = fp ? `${fp.head.slice(0, 16)}${fp.tail.slice(0, 16)}` : 'nofp';
  return `${COPIES_DIR}/${size.toString(36)}-${key}-${nonce}`;
}

/** Same size, name, modified time and edge hashes. */
export function sameFile(a: Fingerprint | undefined, b: Fingerprint | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.size === b.size &&
    a.name === b.name &&
    a.lastModified === b.lastModified &&
    a.head === b.head &&
    a.tail === b.tail
  );
}

/** The runs store of a read-write transaction, as far as this module uses it. */
export interface RunsStore {
  getAll(): Promise<unknown[]>;
  put(value: RunRecord): Promise<unknown>;
  index(name: typeof BY_INPUT): { getAll(key: string): Promise<unknown[]> };
}

/**
 * Commits a new run's first record with its copy: the complete copy of the same file that
 * another run still needs (then `imported = size` and nothing is copied), or a fresh path.
 */
export async function putNewRun(store: Persistence, run: RunRecord): Promise<RunRecord> {
  const tx = handled(store.db.transaction('runs', 'readwrite'));
  const runs = tx.store as unknown as RunsStore;
  const { input } = run;
  if (input.mode === 'opfs') {
    const owner = (await runs.getAll()).find((raw) => {
      const other = (raw as RunRecord).input;
      return (
        neededCopy(raw) !== undefined &&
        other.imported >= other.size &&
        other.size === input.size &&
        sameFile(other.fingerprint, input.fingerprint)
      );
    }) as RunRecord | undefined;
    if (owner) {
      input.opfsPath = owner.input.opfsPath;
      input.imported = input.size;
    } else {
      input.opfsPath = freshCopyPath(input.fingerprint, input.size, run.id);
      input.imported = 0;
    }
    input.released = undefined;
  }
  await runs.put({ ...run, updatedAt: Date.now() });
  await tx.done;
  return run;
}

/**
 * Inside the caller's transaction: lets `run` (a fork about to be stored, or a run being
 * restored) keep the copy it names if some stored run, itself included, still needs it; else
 * gives it a fresh path to copy into again (the run then asks for the file if it has none).
 */
export async function shareOrFresh(runs: RunsStore, run: RunRecord): Promise<void> {
  const { input } = run;
  if (input.mode !== 'opfs' || !input.opfsPath) return;
  const needers = (await runs.index(BY_INPUT).getAll(input.opfsPath)).filter(
    (raw) => neededCopy(raw) !== undefined,
  );
  if (needers.length === 0) {
    input.opfsPath = freshCopyPath(input.fingerprint, input.size, run.id + '-' + run.lastSeq);
    input.imported = 0;
  }
  input.released = undefined;
}

/**
 * Whether a raw stored run has the input this module writes: formats 2 and 3 differ only by
 * the event log, so a run from before the log is changed in place too (it keeps its format,
 * and migrates when next read); older and newer formats are left alone.
 */
function inputShaped(raw: RunRecord): boolean {
  return raw.format >= 2 && raw.format <= FORMAT_VERSION;
}

/** Gives a stored run back a copy it can use (before it is restored), in one transaction. */
export async function reclaimCopy(store: Persistence, runId: string): Promise<void> {
  const tx = handled(store.db.transaction('runs', 'readwrite'));
  const raw = await tx.store.get(runId);
  if (raw && inputShaped(raw) && raw.input.released) {
    // Released, so it needs nothing now: only other runs can keep the copy it names.
    await shareOrFresh(tx.store as unknown as RunsStore, raw);
    await tx.store.put(raw);
  }
  await tx.done;
}

/**
 * The completion transition's part: a run that completed no longer needs its copy, unless the
 * user keeps copies (setting "Keep input copies after a run completes").
 */
export function releaseOnComplete(run: RunRecord, keepInputCopies: boolean): void {
  if (!keepInputCopies && run.input.mode === 'opfs' && run.input.opfsPath) {
    run.input.released = true;
    logEvent(run, 'copy-freed');
  }
}

/** Whether a stored run needs the copy at `path`, read in one transaction. */
export async function copyNeeded(store: Persistence, path: string): Promise<boolean> {
  const raws = await store.db.getAllFromIndex('runs', BY_INPUT, path);
  return raws.some((raw) => neededCopy(raw) !== undefined);
}

/** Removes the copy at `path` when no stored run needs it. Returns whether it was removed. */
export async function freeIfUnneeded(
  store: Persistence,
  files: FileStore,
  path: string | undefined,
): Promise<boolean> {
  if (!path || (await copyNeeded(store, path))) return false;
  await files.remove(path);
  return true;
}

/** Every copy path some stored record needs (any record format). */
export async function neededCopies(store: Persistence): Promise<Set<string>> {
  const needed = new Set<string>();
  for (const raw of await store.db.getAll('runs')) {
    const path = neededCopy(raw);
    if (path) needed.add(path);
  }
  return needed;
}

/**
 * Removes the files in `copies/` no run needs (their runs were deleted or released them, and
 * the page closed before it removed them). Safe beside runs starting in any tab: a run's record
 * is committed before its copy is made, and the files are listed before the records are read.
 */
export async function sweepCopies(store: Persistence, files: FileStore): Promise<string[]> {
  const names = await files.list(COPIES_DIR);
  if (names.length === 0) return [];
  const needed = await neededCopies(store);
  const gone = names.map((n) => `${COPIES_DIR}/${n}`).filter((p) => !needed.has(p));
  for (const p of gone) await files.remove(p);
  return gone;
}

/**
 * Releases the copies of every completed run (the storage view's "Free input copies") and
 * removes those no run needs any more. Returns the runs released and the copies removed.
 */
export async function releaseCompleted(
  store: Persistence,
  files: FileStore,
): Promise<{ released: string[]; removed: string[] }> {
  const tx = handled(store.db.transaction('runs', 'readwrite'));
  const paths = new Set<string>();
  const released: string[] = [];
  for (const raw of await tx.store.getAll()) {
    const path = neededCopy(raw);
    if (!path || !inputShaped(raw) || raw.status !== 'completed') continue;
    const run = migrateRun(raw);
    run.input.released = true;
    logEvent(run, 'copy-freed');
    paths.add(path);
    released.push(run.id);
    await tx.store.put(run);
  }
  await tx.done;
  const removed: string[] = [];
  for (const p of paths) if (await freeIfUnneeded(store, files, p)) removed.push(p);
  return { released, removed };
}
