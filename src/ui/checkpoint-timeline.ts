/**
 * The checkpoint timeline's logic: each kept checkpoint placed along the run's wall-clock time
 * (from its start to its latest checkpoint) at the progress it stood at, the points a restore
 * or a reload goes back to. It works for every task: a map task's chunks finish out of order,
 * so where the file is "done" is its done bytes over all steps, as the history's table says.
 * Pure: unit-tested in Node.
 */
import type { CheckpointView, RunView } from '../app/types';
import { checkpointFraction, isResult } from './checkpoint-row';
import { formatDuration } from './format';

export interface TimelinePoint {
  seq: number;
  /** Milliseconds after the run's start. */
  afterMs: number;
  /** 0–1 along the time axis (1: the latest checkpoint). */
  x: number;
  /** 0–1: progress over all steps at that checkpoint (1 for the result). */
  y: number;
  result: boolean;
  pinned: boolean;
}

export interface Timeline {
  points: TimelinePoint[];
  /** From the run's start to its latest checkpoint (ms). */
  spanMs: number;
}

/** The kept checkpoints in time order (ties by number), placed on the run's time axis. */
export function checkpointTimeline(
  checkpoints: readonly CheckpointView[],
  run: Pick<RunView, 'createdAt' | 'step' | 'totalBytes'>,
): Timeline {
  const sorted = [...checkpoints].sort((a, b) => a.at - b.at || a.seq - b.seq);
  if (sorted.length === 0) return { points: [], spanMs: 0 };
  // A restored or forked run may hold a checkpoint from before its own record's time.
  const start = Math.min(run.createdAt, sorted[0].at);
  const spanMs = sorted[sorted.length - 1].at - start;
  const points = sorted.map((c) => ({
    seq: c.seq,
    afterMs: c.at - start,
    x: spanMs > 0 ? (c.at - start) / spanMs : 1,
    y: checkpointFraction(c, run),
    result: isResult(c, run),
    pinned: c.pinned,
  }));
  return { points, spanMs };
}

const seconds = (ms: number) => formatDuration(ms / 1000);

/** "0 s" for an instant, else the duration: a first checkpoint at the very start reads right. */
const after = (ms: number) => (ms < 500 ? '0 s' : seconds(ms));

function point(p: TimelinePoint): string {
  const what = p.result ? 'the result' : `${Math.floor(p.y * 100)} %`;
  return `${what} after ${after(p.afterMs)}${p.pinned ? ' (pinned)' : ''}`;
}

/**
 * The timeline as words (its image's description): "3 checkpoints over 12 s, oldest first: 8 %
 * after 2 s, 40 % after 6 s and the result after 12 s".
 */
export function describeTimeline(t: Timeline): string {
  const n = t.points.length;
  if (n === 0) return 'No checkpoints kept yet.';
  const all = t.points.map(point);
  const list = n === 1 ? all[0] : `${all.slice(0, -1).join(', ')} and ${all[n - 1]}`;
  const noun = n === 1 ? 'checkpoint' : 'checkpoints';
  return `${n} ${noun} over ${after(t.spanMs)}, oldest first: ${list}`;
}

/** The visible caption, short: "12 checkpoints over 34 s". */
export function timelineCaption(t: Timeline): string {
  const n = t.points.length;
  return `${n} ${n === 1 ? 'checkpoint' : 'checkpoints'} over ${after(t.spanMs)}`;
}
