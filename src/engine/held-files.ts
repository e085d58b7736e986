/**
 * The engine's side of picked files: where a run's File is kept and when it is let go.
 *  - A run whose copy into OPFS is not complete gives its file to the keeper, which may outlive
 *    the page (the app's keeper is backed by the service worker), so that a reload goes on
 *    copying without asking for the file.
 *  - A run that reads the picked file directly (modes 'handle' and 'repick') keeps it in this
 *    page only: a handle is already a source that survives a restart, and "Ask again" is the
 *    user's choice to be asked after a reload.
 *  - The file is let go once the copy is complete (the copy is the source from then on), when
 *    the run reaches a final status, and when it is deleted.
 */
import type { EventBus } from './events';
import type { FileKeeper } from './file-keeper';
import { FINAL_STATUSES, type InputRecord, type RunRecord } from './records';
import { handleReadable } from './sources';

/** Whether a run's copy into OPFS still needs the picked file. */
export function copyNeedsFile(input: InputRecord): boolean {
  return input.mode === 'opfs' && input.imported < input.size;
}

/**
 * Whether a file a keeper holds for this run (undefined: the run is gone) is still needed:
 * the run is not final and its copy is not complete. What a start-up sweep of a keeper that
 * outlives pages asks for every file it finds.
 */
export function keptFileNeeded(run: RunRecord | undefined): boolean {
  return !!run && !FINAL_STATUSES.includes(run.status) && copyNeedsFile(run.input);
}

export class HeldFiles {
  /** Files of runs that read them directly, and of runs whose copy needs no more bytes. */
  private readonly page = new Map<string, Blob>();
  /** Runs whose file this engine put into the keeper or found there: the ones to let go. */
  private readonly kept = new Set<string>();

  constructor(private readonly keeper: FileKeeper) {}

  /** Whether a kept file outlives a reload of this page (`FileKeeper.survivesReload`). */
  get survivesReload(): boolean {
    return this.keeper.survivesReload === true;
  }

  /** Keeps the file a run was started, forked or re-picked with. */
  async hold(run: Pick<RunRecord, 'id' | 'input'>, file: Blob): Promise<void> {
    if (!copyNeedsFile(run.input)) {
      this.page.set(run.id, file);
      return;
    }
    this.kept.add(run.id);
    await this.keeper.hold(run.id, file);
  }

  /** The run's file: this page's first, then the keeper's (after a reload, the only one). */
  async get(runId: string): Promise<Blob | undefined> {
    const own = this.page.get(runId);
    if (own) return own;
    const kept = await this.keeper.get(runId);
    if (kept) this.kept.add(runId);
    return kept;
  }

  /** Lets the run's file go, wherever it is kept. */
  async release(runId: string): Promise<void> {
    this.page.delete(runId);
    this.kept.delete(runId);
    await this.keeper.release(runId);
  }

  /**
   * Whether the run can go on without asking the user: its copy is complete, its file is kept,
   * or its handle is readable without a prompt. Recovery reports the others as needing the
   * user, not as resumed.
   */
  async reachable(run: RunRecord): Promise<boolean> {
    const input = run.input;
    if (input.mode === 'opfs' && input.imported >= input.size) return true;
    if (await this.get(run.id)) return true;
    return input.handle !== undefined && (await handleReadable(input.handle).catch(() => false));
  }

  /**
   * Lets files go as runs move on: a final run needs its file no more, nor does a run that
   * runs from its complete copy. (A run event with a complete copy and status Queued is a
   * new run of an empty file, which still needs its file for the empty copy.)
   */
  follow(bus: EventBus): () => void {
    return bus.on((e) => {
      if (e.type !== 'run') return;
      const { id, status, input } = e.run;
      const done =
        FINAL_STATUSES.includes(status) ||
        (status === 'running' && input.mode === 'opfs' && !copyNeedsFile(input));
      if (!done || (!this.kept.has(id) && !this.page.has(id))) return;
      this.release(id).catch((err: unknown) => console.warn('Could not let a file go', err));
    });
  }
}
