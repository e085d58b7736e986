/**
 * The fold strip's logic: a fold task (a hash, Gzip) has no chunks to show, only how far along
 * the file it is and where its kept checkpoints are, the points a restore or a reload goes back to.
 */
import type { CheckpointView } from '../app/types';

export interface FoldMark {
  seq: number;
  /** 0–1 along the file. */
  at: number;
}

/** The kept checkpoints of step `stepId`, placed along a file of `total` bytes, in file order. */
export function foldMarks(
  checkpoints: readonly CheckpointView[],
  stepId: string,
  total: number,
): FoldMark[] {
  return checkpoints
    .filter((c) => c.stepId === stepId)
    .map((c) => ({ seq: c.seq, at: total > 0 ? Math.min(1, c.bytesDone / total) : 1 }))
    .sort((a, b) => a.at - b.at || a.seq - b.seq);
}

const pct = (f: number) => `${Math.floor(f * 100)} %`;

/** "42 % of the file done; 3 checkpoints kept, at 10 %, 25 % and 42 %": the strip's name. */
export function describeFold(done: number, marks: readonly FoldMark[]): string {
  const head = `${pct(done)} of the file done`;
  if (marks.length === 0) return `${head}; no checkpoint kept`;
  const noun = marks.length === 1 ? 'checkpoint' : 'checkpoints';
  const at = marks.map((m) => pct(m.at));
  const list = at.length === 1 ? at[0] : `${at.slice(0, -1).join(', ')} and ${at.at(-1)}`;
  return `${head}; ${marks.length} ${noun} kept, at ${list}`;
}
