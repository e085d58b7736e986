/**
 * Which runs this tab executes and owns: the runs waiting for one of the tab's execution slots,
 * the executions under way and the lock of every run the tab owns. A tab owns a run exactly
 * while it holds the run's lock. (The File picked for a run is `HeldFiles`' to keep.)
 */
import type { Release } from './locks';
import { ACTIVE_STATUSES } from './records';
import type { RunExecution } from './run-execution';

export class RunScheduler {
  private readonly locks = new Map<string, Release>();
  private readonly active = new Map<string, RunExecution>();
  private readonly finished = new Map<string, Promise<unknown>>();
  private readonly queue: string[] = [];
  private closed = false;

  constructor(
    private readonly maxConcurrent: () => number,
    private readonly create: (runId: string) => RunExecution,
  ) {}

  owns(runId: string): boolean {
    return this.locks.has(runId);
  }

  /** Records that this tab now holds the run's lock. */
  own(runId: string, release: Release): void {
    this.locks.set(runId, release);
  }

  release(runId: string): void {
    this.locks.get(runId)?.();
    this.locks.delete(runId);
  }

  releaseAll(): void {
    for (const id of [...this.locks.keys()]) this.release(id);
  }

  execution(runId: string): RunExecution | undefined {
    return this.active.get(runId);
  }

  executions(): RunExecution[] {
    return [...this.active.values()];
  }

  queued(runId: string): boolean {
    return this.queue.includes(runId);
  }

  dequeue(runId: string): void {
    if (this.queue.includes(runId)) this.queue.splice(this.queue.indexOf(runId), 1);
  }

  schedule(runId: string): void {
    if (!this.queue.includes(runId) && !this.active.has(runId)) this.queue.push(runId);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.maxConcurrent() && this.queue.length) {
      const id = this.queue.shift() as string;
      const exec = this.create(id);
      this.active.set(id, exec);
      const done = exec.execute().then((run) => {
        this.active.delete(id);
        this.finished.delete(id);
        // A stopped run no longer needs its owner, except on shutdown (recovery resumes it);
        // a lost run's lock is gone already (and may be this tab's again by now).
        const keep = exec.stop === 'shutdown' || exec.stop === 'lost';
        if (!keep && (!run || !ACTIVE_STATUSES.includes(run.status))) this.release(id);
        this.pump();
      });
      this.finished.set(id, done);
    }
  }

  /** Resolves when the run is no longer executing in this tab. */
  async settled(runId: string): Promise<void> {
    await this.finished.get(runId);
  }

  /** Resolves when nothing executes in this tab. */
  async idle(): Promise<void> {
    while (this.active.size || this.queue.length) await Promise.all([...this.finished.values()]);
  }

  /** Resolves when every execution under way has ended. */
  async drained(): Promise<void> {
    await Promise.all([...this.finished.values()]);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts nothing more; `dropQueue` also forgets the runs waiting for a slot. */
  close(dropQueue: boolean): void {
    this.closed = true;
    if (dropQueue) this.queue.length = 0;
  }
}
