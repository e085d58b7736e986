/** Storage checks: what a run needs against what the browser will give, and persistence. */
import { WaymarkError } from '../engine';
import { formatBytes } from '../engine/format';
import type { StorageReport } from '../engine';
import type { StorageReportView, StorageView } from './types';

/** Runs larger than this ask for persistent storage (so the browser won't evict their data). */
const PERSIST_FROM = 100 * 1024 * 1024;

/** The browser's figures (used, available, persistent) with the engine's report beside them. */
export async function storageView(report?: StorageReport): Promise<StorageView> {
  const view = report && reportView(report);
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate)
    return { usage: undefined, quota: undefined, persisted: undefined, report: view };
  const [est, persisted] = await Promise.all([
    navigator.storage.estimate().catch(() => ({}) as StorageEstimate),
    navigator.storage.persisted?.().catch(() => undefined),
  ]);
  return { usage: est.usage, quota: est.quota, persisted, report: view };
}

export function reportView(r: StorageReport): StorageReportView {
  return {
    runs: r.runs.map((x) => ({
      runId: x.runId,
      name: x.name,
      status: x.status,
      copy: x.copy.bytes,
      shared: x.copy.shared,
      released: x.copy.released,
      outputs: x.outputs,
      records: x.records,
    })),
    copies: r.copies,
    outputs: r.outputs,
    records: r.records,
    freeInputCopies: r.freeInputCopies,
    deleteCompleted: r.deleteCompleted,
  };
}

/**
 * Whether a private copy of `size` bytes fits beside what the run will write anyway: the
 * `copy-wont-fit` error (offering to read from the original file) when only the copy is too
 * much, else what {@link checkStorageFor} says.
 */
export async function checkCopyFits(size: number, producesFile: boolean): Promise<void> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return;
  const { usage = 0, quota } = await navigator.storage.estimate();
  if (quota === undefined) return;
  const free = Math.max(0, quota - usage);
  const rest = producesFile ? size : 0;
  if (free >= size + rest || free < rest) return;
  throw new WaymarkError('copy-wont-fit', {
    needed: formatBytes(size),
    available: formatBytes(free),
  });
}

/**
 * Refuses a run that cannot fit (input copy + produced file, estimated at the input's size),
 * and asks for persistent storage before a large one.
 */
export async function checkStorageFor(
  size: number,
  copiesInput: boolean,
  producesFile: boolean,
): Promise<string | undefined> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return undefined;
  const needed = (copiesInput ? size : 0) + (producesFile ? size : 0);
  if (needed === 0) return undefined;
  const { usage = 0, quota } = await navigator.storage.estimate();
  if (quota !== undefined && quota - usage < needed)
    throw new WaymarkError('insufficient-storage', {
      needed: formatBytes(needed),
      available: formatBytes(Math.max(0, quota - usage)),
    });
  if (
    size >= PERSIST_FROM &&
    navigator.storage.persist &&
    !(await navigator.storage.persisted?.())
  ) {
    // Asked once per large run; browsers grant it silently or remember the answer.
    const granted = await navigator.storage.persist().catch(() => false);
    return granted
      ? 'This is a large file, so Waymark asked the browser to keep its saved work (persistent storage): it will not be cleared when space runs low.'
      : 'This is a large file. Waymark asked the browser to keep its saved work (persistent storage) and was refused: if space runs low the browser may clear unfinished runs.';
  }
  return undefined;
}
