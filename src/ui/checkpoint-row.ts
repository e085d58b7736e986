/**
 * What a row of the checkpoint history says of where the run stood: overall progress and the
 * step's bytes, or "Result" for the checkpoint after the last step (it holds the result; its
 * "0 B" of no step read as lost work). Pure: unit-tested in Node.
 */
import type { CheckpointView, RunView } from '../app/types';
import { formatBytes } from './format';

/** A history longer than this shows its newest ones until the user asks for all. */
export const HISTORY_SHOWN = 10;

/** The rows shown (newest first): all, or the newest {@link HISTORY_SHOWN} until expanded. */
export function shownCheckpoints<T>(newestFirst: T[], showAll: boolean): T[] {
  return showAll ? newestFirst : newestFirst.slice(0, HISTORY_SHOWN);
}

/** True for the checkpoint written once every step is done. */
export function isResult(
  c: Pick<CheckpointView, 'stepIndex'>,
  run: Pick<RunView, 'step'>,
): boolean {
  return c.stepIndex >= run.step.count;
}

/**
 * ["Result"], or ["P %", "B"]: P over all steps, as the run's progress bar counts, and B of its
 * step (two parts, so that a narrow table puts them on two lines).
 */
export function checkpointProgress(
  c: Pick<CheckpointView, 'stepIndex' | 'bytesDone'>,
  run: Pick<RunView, 'step' | 'totalBytes'>,
): [string] | [string, string] {
  if (isResult(c, run)) return ['Result'];
  const percent = Math.floor(checkpointFraction(c, run) * 100);
  return [`${percent} %`, formatBytes(c.bytesDone)];
}

/** 0–1: where the run stood at checkpoint `c`, over all steps (1 for the result). */
export function checkpointFraction(
  c: Pick<CheckpointView, 'stepIndex' | 'bytesDone'>,
  run: Pick<RunView, 'step' | 'totalBytes'>,
): number {
  if (isResult(c, run)) return 1;
  const frac = run.totalBytes > 0 ? Math.min(1, c.bytesDone / run.totalBytes) : 0;
  return (c.stepIndex + frac) / Math.max(1, run.step.count);
}
