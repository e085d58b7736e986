/**
 * Whether a run's Details are open. Pure (no Svelte, no DOM), unit-tested.
 *
 * Details open by default for a run that is moving (Importing or Running) when it appears so or
 * starts so. A run open by default stays open when it completes, fails or pauses: someone
 * watching it keeps seeing its history. It closes only when another run starts moving after it
 * (attention has moved to that one), so that a queue of 50 runs worked through one after another
 * does not leave 50 open. The user's toggle always wins over the default, in both directions.
 */
import type { RunStatus } from '../app/types';

const MOVING: ReadonlySet<RunStatus> = new Set(['importing', 'running']);

export interface DetailsMemo {
  /** Open by default (see above). */
  auto: boolean;
  /** Moving when last seen. */
  moving: boolean;
  /** The user's last choice (undefined: never toggled). */
  user: boolean | undefined;
}

export const NEW_MEMO: DetailsMemo = { auto: false, moving: false, user: undefined };

export function isOpen(memo: DetailsMemo): boolean {
  return memo.user ?? memo.auto;
}

/** The memo after the user pressed Details. */
export function toggle(memo: DetailsMemo): DetailsMemo {
  return { ...memo, user: !isOpen(memo) };
}

const same = (a: DetailsMemo, b: DetailsMemo) =>
  a.auto === b.auto && a.moving === b.moving && a.user === b.user;

/**
 * The memos of the whole list after seeing `runs` (all of them, not only the ones the filter
 * shows): memos of runs that are gone are dropped (an id is never reused). Returns `memos`
 * itself when nothing changed, so that a caller holding them in reactive state does not loop.
 */
export function observeAll(
  memos: Readonly<Record<string, DetailsMemo>>,
  runs: readonly { id: string; status: RunStatus }[],
): Readonly<Record<string, DetailsMemo>> {
  const started = runs.some((r) => MOVING.has(r.status) && !memos[r.id]?.moving);
  let changed = Object.keys(memos).length !== runs.length;
  const next: Record<string, DetailsMemo> = {};
  for (const r of runs) {
    const before = memos[r.id] ?? NEW_MEMO;
    const moving = MOVING.has(r.status);
    const starts = moving && !before.moving;
    // A run that started moving opens; a finished one open by default gives way to it.
    const auto = starts ? true : started && !moving ? false : before.auto;
    const after = { auto, moving, user: before.user };
    const kept = memos[r.id] && same(before, after) ? before : after;
    if (kept !== memos[r.id]) changed = true;
    next[r.id] = kept;
  }
  return changed ? next : memos;
}
