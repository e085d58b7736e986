/**
 * Whether a run's Details are open. Pure (no Svelte, no DOM), unit-tested.
 *
 * Details open by default only for a run seen moving (Importing or Running), when it appears so
 * or starts so; once open by default they stay open (someone watching a run that completes keeps
 * seeing its history). The user's toggle always wins over the default, in both directions.
 */
import type { RunStatus } from '../app/types';

const MOVING: ReadonlySet<RunStatus> = new Set(['importing', 'running']);

export interface DetailsMemo {
  /** The run was seen Importing or Running at least once while the page was open. */
  seenMoving: boolean;
  /** The user's last choice (undefined: never toggled). */
  user: boolean | undefined;
}

export const NEW_MEMO: DetailsMemo = { seenMoving: false, user: undefined };

/** The memo after seeing the run in `status`; the same object when nothing changed. */
export function observe(memo: DetailsMemo, status: RunStatus): DetailsMemo {
  return !memo.seenMoving && MOVING.has(status) ? { ...memo, seenMoving: true } : memo;
}

export function isOpen(memo: DetailsMemo): boolean {
  return memo.user ?? memo.seenMoving;
}

/** The memo after the user pressed Details. */
export function toggle(memo: DetailsMemo): DetailsMemo {
  return { ...memo, user: !isOpen(memo) };
}

/**
 * The memos of a whole list, kept across updates: every run observed, memos of runs that are
 * gone dropped (an id is never reused). Returns `memos` itself when nothing changed, so that a
 * caller holding them in reactive state does not loop.
 */
export function observeAll(
  memos: Readonly<Record<string, DetailsMemo>>,
  runs: readonly { id: string; status: RunStatus }[],
): Readonly<Record<string, DetailsMemo>> {
  let changed = Object.keys(memos).length !== runs.length;
  const next: Record<string, DetailsMemo> = {};
  for (const r of runs) {
    const before = memos[r.id];
    const after = observe(before ?? NEW_MEMO, r.status);
    if (after !== before) changed = true;
    next[r.id] = after;
  }
  return changed ? next : memos;
}
