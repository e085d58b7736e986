/**
 * Which state changes the page's polite live region says (LiveRegion.svelte owns it): a run
 * that was seen before and now is Completed, Failed, Paused or Interrupted. Pure, unit-tested.
 */
import { STATUS_LABEL, type RunStatus, type RunView } from '../app/types';

export const ANNOUNCED: ReadonlySet<RunStatus> = new Set([
  'completed',
  'failed',
  'paused',
  'interrupted',
]);

type RunLike = Pick<RunView, 'id' | 'status'> & { input: Pick<RunView['input'], 'name'> };

export interface StateChanges {
  /** Every run's status now: pass it back as `before` next time. */
  seen: Map<string, RunStatus>;
  /** What to say, e.g. "remote.bin: Completed", one per run that changed. */
  messages: string[];
}

/**
 * Compares `runs` with what was `seen` before. The first look (`before` undefined) and runs not
 * seen before say nothing: the runs found on loading the page are not news.
 */
export function stateChanges(
  before: ReadonlyMap<string, RunStatus> | undefined,
  runs: readonly RunLike[],
): StateChanges {
  const seen = new Map<string, RunStatus>();
  const messages: string[] = [];
  for (const run of runs) {
    seen.set(run.id, run.status);
    const was = before?.get(run.id);
    if (was !== undefined && was !== run.status && ANNOUNCED.has(run.status))
      messages.push(`${run.input.name}: ${STATUS_LABEL[run.status]}`);
  }
  return { seen, messages };
}

/**
 * What the region says next: news within `joinMs` of the last joins it, so none is cut off; the
 * same words again get a no-break space, so that the region changes and is said again.
 */
export function nextAnnouncement(
  current: string,
  saidAt: number,
  now: number,
  messages: readonly string[],
  joinMs = 2000,
): string {
  const fresh = messages.join('. ');
  const next = current && now - saidAt < joinMs ? `${current}. ${fresh}` : fresh;
  return next === current ? `${next}\u00a0` : next;
}
