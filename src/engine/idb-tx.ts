/** Helpers for idb transactions shared by the stores' owners. */

/**
 * Marks a transaction's `done` as handled. A transaction aborted while an earlier request's
 * error is being awaited would otherwise surface as an unhandled rejection; whoever awaits
 * `done` still sees the error.
 */
export function handled<T extends { done: Promise<void> }>(tx: T): T {
  tx.done.catch(() => undefined);
  return tx;
}
