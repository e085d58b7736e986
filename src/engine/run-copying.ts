/**
 * The run execution's side of copy behind (`copy-behind.ts`): which way a run copies its input,
 * starting the background copier with processing, what its faults do to the run, and what
 * happens when processing completes before the copy. `RunExecution` drives the steps on top.
 */
import { BehindCopy, FINISHING_COPY, type CopyEnd } from './copy-behind';
import { WaymarkError } from './errors';
import { freeIfUnneeded } from './input-copies';
import type { CheckpointRecord } from './records';
import { RunScope } from './run-scope';

/** How a run copies its input into OPFS; see `DebugOptions.copy`. */
export type CopyMode = 'behind' | 'one-pass' | 'first';

export class RunCopying extends RunScope {
  /** The run copies behind its processing (decided by `prepareInput`). */
  protected behind = false;
  /** The background copier, while the steps run. */
  protected copy: BehindCopy | undefined;
  /** How the copier ended, once its end was acted on (see `copyEnded`). */
  private copySettled: Promise<CopyEnd> | undefined;
  /** A copier fault that stops the run (the file changed): thrown once the steps stopped. */
  protected copyFault: WaymarkError | undefined;
  /**
   * The copier's pace (bytes/s) from the end of its first block on (the first pays for the
   * worker's start), and where that pace is taken from.
   */
  private copyPace: number | undefined;
  private copyFirst: { t: number; done: number } | undefined;
  /** Where processing stood when the copier first asked whether to go on (its pace's base). */
  private copyWatch: { t: number; done: number } | undefined;

  /**
   * Copy behind where a reload still finds the picked file (the keeper outlives reloads, or the
   * run has a file handle) and the engine has a copier; one pass (copying as the steps read)
   * where it has none; the copy first where a reload would lose the file. The debug option
   * forces one.
   */
  protected copyMode(): CopyMode {
    const forced = this.d.debug.copy;
    if (forced === 'behind' && this.d.copier) return 'behind';
    if (forced === 'one-pass' || forced === 'first') return forced;
    if (this.d.held.survivesReload !== true && !this.run.input.handle) return 'first';
    return this.d.copier ? 'behind' : 'one-pass';
  }

  /** Starts the background copier from `input.imported` (the copy's size was checked). */
  protected startCopy(source: Blob): void {
    const copier = this.d.copier;
    if (!copier) throw new WaymarkError('internal', { detail: 'copy behind without a copier' });
    const path = this.run.input.opfsPath as string;
    const copy = new BehindCopy(
      {
        store: this.d.store,
        copier,
        bus: this.d.bus,
        blockSize: this.d.settings.importBlockSize,
        policy: this.d.checkpoints.policy(this.d.settings, () => this.workflow),
        deadlineFloorMs: this.d.debug.deadlineFloorMs ?? this.d.settings.deadlineFloorMs,
        throttle: this.d.debug.copyThrottleBytesPerSec ?? this.d.debug.throttleBytesPerSec,
        runStops: () => this.stop !== undefined,
        yieldsAt: (copied) => this.copyOvertaken(copied),
        checkWrite: () => this.checkWrite(),
        copiedSize: () => this.d.files.size(path),
        retry: (fn) => this.retry(fn),
        // Its pace feeds the run's ETA where the run waits for the copy (copies are kept).
        onBlock: (done, throughput) => {
          const now = performance.now();
          if (!this.copyFirst) this.copyFirst = { t: now, done };
          else if (now > this.copyFirst.t)
            this.copyPace = ((done - this.copyFirst.done) / (now - this.copyFirst.t)) * 1000;
          this.d.bus.emit({
            type: 'copy',
            progress: {
              runId: this.runId,
              done,
              total: this.run.input.size,
              throughput,
              awaited: this.d.settings.keepInputCopies,
            },
          });
        },
        // The page's copy of the run feeds the synchronous pagehide save: keep it current.
        onRecorded: (n) => {
          if (this.run.input.opfsPath === path)
            this.run.input.imported = Math.max(this.run.input.imported, n);
        },
      },
      this.run,
      source,
    );
    this.copy = copy;
    // Acted on once, as soon as it ends: a fault stops or frees things while the steps run.
    this.copySettled = copy.ended.then(async (end) => {
      await this.copyEnded(end);
      return end;
    });
  }

  /**
   * Whether the copy gives way to processing: copies are not kept (the default), no later step
   * reads the input, and either the step reading it is more than two blocks past the copy, or
   * at the paces measured so far the copy would not be complete before half of the processing
   * still to do is done ({@link copyTooSlow}). A copy not kept is released when the run
   * completes: all it buys is that a browser restart after it completed needs no re-pick, while
   * on a machine with few cores it takes their time from the steps (docs/checkpointing.md,
   * "Copy behind").
   */
  private copyOvertaken(copied: number): boolean {
    if (this.d.settings.keepInputCopies) return false;
    const { stepIndex, done } = this.position;
    const steps = this.workflow.steps;
    if (stepIndex < 0 || steps.slice(stepIndex + 1).some((s) => s.kind !== 'task')) return false;
    if (done > copied + 2 * this.d.settings.importBlockSize) return true;
    const now = performance.now();
    if (!this.copyWatch) {
      this.copyWatch = { t: now, done };
      return false;
    }
    const seconds = (now - this.copyWatch.t) / 1000;
    const size = this.run.input.size;
    return copyTooSlow({
      copyLeft: size - copied,
      copyPace: this.copyPace,
      processLeft: size - done,
      processPace: seconds >= MIN_PACE_SECONDS ? (done - this.copyWatch.done) / seconds : 0,
    });
  }

  /**
   * A fault in the copier never costs the processing its work. The file changed: the steps
   * stop at a checkpoint and the run pauses saying so, as in every phase. Anything else (a full
   * disk, a copier that failed every attempt): the copy is dropped and the run goes on reading
   * the original file, as "Read from the original file" would have it.
   */
  private async copyEnded(end: CopyEnd): Promise<void> {
    if (end.kind !== 'fault' || this.stop === 'lost' || end.error.code === 'lease-lost') return;
    if (end.error.code === 'input-changed') {
      this.copyFault ??= end.error;
      this.requestStop('shutdown');
      return;
    }
    await this.dropCopy(end.error).catch((e: unknown) => {
      // Storage itself refuses: stop the run where it stands rather than lose track of the copy.
      this.copyFault ??= new WaymarkError('copy-dropped', { detail: String(e) }, { cause: e });
      this.requestStop('shutdown');
    });
  }

  private async dropCopy(why: WaymarkError): Promise<void> {
    const path = this.run.input.opfsPath;
    const note = new WaymarkError('copy-dropped', { detail: why.message }, { cause: why });
    this.checkWrite();
    const run = await this.d.store.updateRun(this.runId, (r) => {
      r.input.mode = r.input.handle ? 'handle' : 'repick';
      r.input.opfsPath = undefined;
      r.input.imported = 0;
      r.message = note.message;
    });
    Object.assign(this.run.input, {
      mode: run.input.mode,
      opfsPath: undefined,
      imported: 0,
    });
    this.run.message = run.message;
    this.d.bus.emit({ type: 'run', run });
    // Freed unless a fork that shares the incomplete copy still needs it (it copies on its own).
    await freeIfUnneeded(this.d.store, this.d.files, path).catch(() => undefined);
  }

  /**
   * Processing has completed: a copy that is released on completion (the default) is stopped
   * at once, and the run completes without waiting for it; a copy the user keeps is finished
   * first, with the run saying so. 'stopped': the run was stopped meanwhile.
   */
  protected async settleCopy(): Promise<'stopped' | undefined> {
    const copy = this.copy;
    if (!copy) return undefined;
    if (!this.d.settings.keepInputCopies) void copy.stop();
    else {
      if (this.run.input.imported < this.run.input.size && this.run.input.mode === 'opfs') {
        this.run = await this.d.store.updateRun(this.runId, (r) => {
          r.message = FINISHING_COPY;
        });
        this.d.bus.emit({ type: 'run', run: this.run });
      }
    }
    // Its fault handled (the copy dropped, or the file changed) before the run completes.
    const end = await (this.copySettled as Promise<CopyEnd>);
    if (this.copyFault) throw this.copyFault;
    return end.kind === 'stopped' && this.stop !== undefined ? 'stopped' : undefined;
  }
}

/** Paces taken over less time than this (s) decide nothing: the first blocks are warm-up. */
const MIN_PACE_SECONDS = 0.25;

/**
 * The share of the processing still to do that a copy not kept must finish within to be worth
 * its cost: it then spares a re-pick after a browser restart for at least the other half. On 2
 * cores a copy beside the steps cost them 20–30 % (bench/reports/2026-12-02-e2e-1GiB-stripes.txt);
 * a copy that completes just before the processing would cost that for almost nothing.
 */
export const COPY_MUST_COVER = 0.5;

/**
 * Whether a copy at `copyPace` (bytes/s) with `copyLeft` bytes to go would still be copying
 * when a `COPY_MUST_COVER` share of the processing's `processLeft` bytes at `processPace` is
 * done. Unknown paces (0 or undefined) decide nothing: the copy goes on.
 */
export function copyTooSlow(p: {
  copyLeft: number;
  copyPace: number | undefined;
  processLeft: number;
  processPace: number;
}): boolean {
  if (!p.copyPace || p.copyPace <= 0 || p.processPace <= 0) return false;
  return p.copyLeft / p.copyPace > (COPY_MUST_COVER * p.processLeft) / p.processPace;
}

/**
 * Where the step `from` goes on reading the input: a fold at its offset, a map past its prefix
 * (a done chunk is never read again); 0 when it starts afresh.
 */
export function resumesAt(
  cp: CheckpointRecord | undefined,
  from: number,
  chunkSize: number,
  size: number,
): number {
  if (!cp || cp.stepIndex !== from) return 0;
  const { state } = cp;
  if (state.kind === 'fold') return state.offset;
  if (state.kind === 'map') return Math.min(size, state.prefix * chunkSize);
  return 0;
}
