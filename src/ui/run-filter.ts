/** The runs list's "Show" filter: which states it offers, with counts. Pure, unit-tested. */
import { STATUS_LABEL, type RunStatus } from '../app/types';

export type ShowFilter = 'all' | RunStatus;

/** Every state, in the order a run passes through them (the contract's order). */
export const STATES = Object.keys(STATUS_LABEL) as RunStatus[];

export interface ShowOption {
  value: ShowFilter;
  label: string;
  count: number;
}

/** "All" and one option per state, each with how many runs are in it. */
export function showOptions(runs: readonly { status: RunStatus }[]): ShowOption[] {
  const counts = new Map<RunStatus, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [
    { value: 'all', label: 'All', count: runs.length },
    ...STATES.map((s) => ({ value: s, label: STATUS_LABEL[s], count: counts.get(s) ?? 0 })),
  ];
}

/**
 * What the list says beside the filter: "50 runs", "3 of 50 runs". The options keep the bare
 * state words (scripts select them by label), so the counts are told here and in each option's
 * title.
 */
export function shownText(shown: number, total: number, show: ShowFilter): string {
  const runs = (n: number) => (n === 1 ? '1 run' : `${n} runs`);
  return show === 'all' ? runs(total) : `${shown} of ${runs(total)}`;
}

export function filterRuns<T extends { status: RunStatus }>(
  runs: readonly T[],
  show: ShowFilter,
): T[] {
  return show === 'all' ? [...runs] : runs.filter((r) => r.status === show);
}
