/** Words that tell runs of the same file apart. Pure, unit-tested. */
import type { RunView } from '../app/types';
import { formatTime } from './format';

type Parent = Pick<RunView, 'id' | 'input' | 'createdAt'>;

/**
 * "fork of data.csv (started 14:03:22), from checkpoint 4" for a forked run; undefined for
 * any other. The source may have been deleted since: then only its checkpoint is known.
 */
export function forkText(
  forkOf: RunView['forkOf'],
  runs: readonly Parent[],
  now: number = Date.now(),
): string | undefined {
  if (!forkOf) return undefined;
  const source = runs.find((r) => r.id === forkOf.runId);
  const of = source
    ? `fork of ${source.input.name} (started ${formatTime(source.createdAt, now)})`
    : 'fork of a deleted run';
  return `${of}, from checkpoint ${forkOf.seq}`;
}
