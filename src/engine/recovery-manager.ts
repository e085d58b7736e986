/**
 * Finds unfinished runs at start-up and decides, for each, who continues it:
 *  - its lock can be taken: its owner is gone (reload, crash, discarded page). Take it and
 *    resume it, unless it crashed the page on each of its last resumes (a poison input), or the
 *    user wants to be asked first;
 *  - its lock is held: another live tab runs it. Queue for the lock, so that this tab takes
 *    the run over as soon as that tab closes or crashes.
 */
import { logEvent } from './event-log';
import type { RunLocks, Release } from './locks';
import type { Persistence } from './persistence';
import { ACTIVE_STATUSES } from './records';
import type { RunRecord } from './records';

/** A run that stopped the page on this many resumes in a row is not resumed automatically. */
export const CRASH_LOOP_LIMIT = 3;

export interface RecoveryHost {
  readonly store: Persistence;
  readonly locks: RunLocks;
  resumeAutomatically(): boolean;
  /** Starts executing a run whose lock this tab now holds. */
  adopt(runId: string, release: Release): void;
  /**
   * Whether an adopted run can go on without the user (its input is there). One that cannot is
   * still adopted, so that it says what it needs, but is reported as needing the user.
   */
  reachable?(run: RunRecord): Promise<boolean>;
  /** Called when another tab owns a run (for live relay) — and again if it is taken over. */
  ownedElsewhere(runId: string): void;
  /** Marks a run as needing the user (crash loop, or asked to confirm). */
  interrupt(runId: string, message: string, release: Release): Promise<void>;
}

export interface RecoveryReport {
  resumed: string[];
  interrupted: string[];
  elsewhere: string[];
}

export class RecoveryManager {
  private watching = new Map<string, AbortController>();

  constructor(private readonly host: RecoveryHost) {}

  /** Looks at every unfinished run once (at start-up). */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { resumed: [], interrupted: [], elsewhere: [] };
    const runs = await this.host.store.listRuns();
    for (const run of runs) {
      if (!ACTIVE_STATUSES.includes(run.status)) continue;
      const release = await this.host.locks.tryAcquire(run.id);
      if (!release) {
        report.elsewhere.push(run.id);
        this.host.ownedElsewhere(run.id);
        this.watch(run.id);
        continue;
      }
      const resumed = await this.orphaned(run, release);
      if (resumed && (await this.reachable(run))) report.resumed.push(run.id);
      else report.interrupted.push(run.id);
    }
    return report;
  }

  /**
   * Handles a run whose owner died. Returns true when it was resumed. The crash counter grows
   * when the run made no checkpoint and copied no more of its input since the previous
   * recovery (a long copy reloaded a few times is making progress, not crashing the page).
   */
  async orphaned(run: RunRecord, release: Release): Promise<boolean> {
    const copied = run.crashes.imported ?? run.input.imported;
    const noProgress = run.crashes.seq === run.lastSeq && copied === run.input.imported;
    const count = noProgress ? run.crashes.count + 1 : 1;
    const resumes = count <= CRASH_LOOP_LIMIT && this.host.resumeAutomatically();
    await this.host.store.updateRun(run.id, (r) => {
      r.crashes = { count, seq: r.lastSeq, imported: r.input.imported };
      // A run held instead logs "interrupted" through its transition.
      if (resumes) logEvent(r, 'recovered', r.lastSeq > 0 ? `checkpoint ${r.lastSeq}` : undefined);
    });
    if (count > CRASH_LOOP_LIMIT) {
      await this.host.interrupt(
        run.id,
        `This run stopped the page on each of its last ${CRASH_LOOP_LIMIT} resumes without making progress, so it was not resumed again. Press Resume to try once more, or Delete it.`,
        release,
      );
      return false;
    }
    if (!resumes) {
      await this.host.interrupt(
        run.id,
        'This run was interrupted (the page was closed or crashed). Press Resume to continue.',
        release,
      );
      return false;
    }
    this.host.adopt(run.id, release);
    return true;
  }

  private async reachable(run: RunRecord): Promise<boolean> {
    try {
      return (await this.host.reachable?.(run)) ?? true;
    } catch {
      // Unknown: the execution finds out and says so on the run itself.
      return true;
    }
  }

  /** Waits for another tab's run lock; when granted the owner is gone and this tab decides. */
  watch(runId: string): void {
    if (this.watching.has(runId)) return;
    const ctl = new AbortController();
    this.watching.set(runId, ctl);
    this.host.locks
      .acquire(runId, ctl.signal)
      .then(async (release) => {
        this.watching.delete(runId);
        const run = await this.host.store.getRun(runId);
        if (run && ACTIVE_STATUSES.includes(run.status)) await this.orphaned(run, release);
        else release();
      })
      .catch(() => {
        this.watching.delete(runId);
      });
  }

  /** Stops waiting for a run (deleted, or taken here). */
  unwatch(runId: string): void {
    this.watching.get(runId)?.abort();
    this.watching.delete(runId);
  }

  close(): void {
    for (const c of this.watching.values()) c.abort();
    this.watching.clear();
  }
}
