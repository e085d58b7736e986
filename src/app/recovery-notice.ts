/**
 * The recovery banner after a reload: a summary (automation contract: "Resumed N unfinished
 * run(s)…") and one line per run saying what became of it: resumed from which checkpoint at how
 * much, waiting for its file or for access, interrupted, incompatible, or run by another tab.
 * Pure apart from the small memo in {@link RecoveryNotes}; unit-tested in Node.
 */
import type { AnyWorkflow, RunRecord } from '../engine';
import type { CheckpointView, RunView } from './types';

/** The engine's `recovered` event: run ids by what recovery did with them. */
export interface RecoveredIds {
  resumed: readonly string[];
  interrupted: readonly string[];
  elsewhere: readonly string[];
}

/** Where a resumed run went on from: its last checkpoint when recovery took it. */
export interface ResumePoint {
  seq: number;
  /** Overall progress at that checkpoint, 0–100 (as the run's progress bar counts it). */
  percent: number;
}

/** The summary sentence, or undefined when nothing was resumed or needs the user. */
export function recoverySummary(ids: RecoveredIds): string | undefined {
  const n = ids.resumed.length;
  const waiting = ids.interrupted.length;
  if (!n && !waiting) return undefined;
  return [
    n
      ? `Resumed ${n} unfinished run${n > 1 ? 's' : ''} from ${n > 1 ? 'their' : 'its'} last checkpoint.`
      : '',
    waiting
      ? `${waiting} run${waiting > 1 ? 's' : ''} need${waiting > 1 ? '' : 's'} your attention.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Whether a run recovery resumed has since stopped for the user: its file, access, a version. */
export function needsUser(v: Pick<RunView, 'status' | 'need'>): boolean {
  return v.status === 'incompatible' || v.status === 'failed' || v.need !== undefined;
}

/**
 * The ids as they stand now: a run recovery resumed that has since found it cannot go on
 * (incompatible, its file missing) needs the user, and the summary says so instead of
 * "Resumed". Runs no longer there are left out.
 */
export function settledIds(
  ids: RecoveredIds,
  view: (id: string) => Pick<RunView, 'status' | 'need'> | undefined,
): RecoveredIds {
  const stopped = ids.resumed.filter((id) => {
    const v = view(id);
    return v !== undefined && needsUser(v);
  });
  return {
    resumed: ids.resumed.filter((id) => !stopped.includes(id)),
    interrupted: [...ids.interrupted, ...stopped],
    elsewhere: ids.elsewhere,
  };
}

/**
 * Overall progress at a checkpoint: whole steps before its step, plus the share of the file its
 * step had done (a task step counts when it ends), as `toRunView` counts a run's progress.
 */
export function percentAt(
  workflow: Pick<AnyWorkflow, 'steps'> | undefined,
  c: Pick<CheckpointView, 'stepId' | 'bytesDone'>,
  size: number,
): number {
  const steps = workflow?.steps ?? [];
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === c.stepId),
  );
  const kind = steps[index]?.kind;
  const frac = kind === 'task' || !size ? 0 : Math.min(1, c.bytesDone / size);
  return ((index + frac) / Math.max(1, steps.length)) * 100;
}

/** What became of one run, from its view now (a resumed run may since have hit a wall). */
export function recoveryLine(
  view: Pick<RunView, 'input' | 'taskLabel' | 'status' | 'need'>,
  how: 'resumed' | 'interrupted' | 'elsewhere',
  from: ResumePoint | undefined,
): string {
  const who = `${view.input.name} (${view.taskLabel})`;
  let what: string;
  if (view.status === 'incompatible') what = 'incompatible version; start it again';
  else if (view.need?.kind === 'repick') what = 'waiting for its file';
  else if (view.need?.kind === 'grant-access') what = 'waiting for access to its file';
  else if (how === 'elsewhere') what = 'running in another tab';
  else if (how === 'interrupted') what = 'interrupted; press Resume to continue';
  else if (!from || from.seq === 0) what = 'resumed from the start (no checkpoint yet)';
  else what = `resumed from checkpoint ${from.seq} at ${Math.floor(from.percent)} %`;
  return `${who}: ${what}`;
}

/**
 * Keeps the last recovery's ids and where each resumed run started from. The point is taken the
 * first time the run's record and history are at hand (the record's crash guard holds the
 * checkpoint number recovery saw), and kept, so that later checkpoints do not rewrite it.
 */
export class RecoveryNotes {
  private ids: RecoveredIds | undefined;
  private points = new Map<string, ResumePoint>();
  /** The summary last made, so the store knows the notice shown is still this one. */
  private said: string | undefined;

  /** Notes a recovery; returns its summary as of the event. */
  note(ids: RecoveredIds): string | undefined {
    this.ids = ids;
    this.points.clear();
    return (this.said = recoverySummary(ids));
  }

  clear(): void {
    this.ids = undefined;
    this.points.clear();
    this.said = undefined;
  }

  /**
   * The summary from the runs as they are now, when `shown` is still the one this made (a
   * notice about storage that came since is left alone); undefined to leave `shown` as is.
   */
  summary(
    shown: string | undefined,
    view: (id: string) => RunView | undefined,
  ): string | undefined {
    if (!this.ids || shown === undefined || shown !== this.said) return undefined;
    return (this.said = recoverySummary(settledIds(this.ids, view)) ?? shown);
  }

  /** One line per run recovery looked at and that still exists, in the report's order. */
  lines(
    record: (id: string) => RunRecord | undefined,
    view: (id: string) => RunView | undefined,
    workflow: (id: string) => AnyWorkflow | undefined,
  ): string[] {
    const ids = this.ids;
    if (!ids || !recoverySummary(ids)) return [];
    const out: string[] = [];
    for (const how of ['resumed', 'interrupted', 'elsewhere'] as const)
      for (const id of ids[how]) {
        const v = view(id);
        if (!v) continue;
        out.push(
          recoveryLine(v, how, how === 'resumed' ? this.point(id, record, v, workflow) : undefined),
        );
      }
    return out;
  }

  private point(
    id: string,
    record: (id: string) => RunRecord | undefined,
    v: RunView,
    workflow: (id: string) => AnyWorkflow | undefined,
  ): ResumePoint | undefined {
    const known = this.points.get(id);
    if (known) return known;
    const r = record(id);
    if (!r) return undefined;
    const seq = r.crashes.seq;
    let p: ResumePoint | undefined;
    if (seq === 0) p = { seq, percent: 0 };
    else {
      const c = v.checkpoints.find((x) => x.seq === seq);
      if (c) p = { seq, percent: percentAt(workflow(r.workflowId), c, r.input.size) };
    }
    if (p) this.points.set(id, p);
    return p;
  }
}
