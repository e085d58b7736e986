/** Storage checks: what a run needs against what the browser will give, and persistence. */
import { WaymarkError } from '../engine';
import { formatBytes } from '../engine/format';
import type { StorageView } from './types';

/** Runs larger than this ask for persistent storage (so the browser won't evict their data). */
const PERSIST_FROM = 100 * 1024 * 1024;

export async function storageView(): Promise<StorageView> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate)
    return { usage: undefined, quota: undefined, persisted: undefined };
  const [est, persisted] = await Promise.all([
    navigator.storage.estimate().catch(() => ({}) as StorageEstimate),
    navigator.storage.persisted?.().catch(() => undefined),
  ]);
  return { usage: est.usage, quota: est.quota, persisted };
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
