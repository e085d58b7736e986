/**
 * Copies the picked file into OPFS before processing, in blocks, recording how far it got so
 * that a reload resumes the copy (with the same file picked again, or from its handle).
 * A block is written and made durable (flushed) before the record that counts it, and rewriting
 * a block is harmless. When to record is the run's checkpoint policy's to say, as for every
 * step; only the block before a record is flushed (an fsync per 8 MiB block held the copy to
 * the disk's sync speed), so a record still counts only durable bytes.
 */
import { WaymarkError } from './errors';
import type { EventBus } from './events';
import type { Persistence } from './persistence';
import type { CheckpointReason, RunRecord } from './records';
import type { Attempt, RetryResult } from './retry';
import type { StepRunner } from './worker-pool';

export interface ImportDeps {
  store: Persistence;
  runner: Pick<StepRunner, 'importRange'>;
  bus: EventBus;
  blockSize: number;
  /** The checkpoint policy: whether the progress of the copy is due to be recorded. */
  due: () => CheckpointReason | undefined;
  /** Tells the policy (and whoever asked) that the progress of the copy was recorded. */
  recorded: () => void;
  deadlineFloorMs: number;
  throttle?: number;
  shouldStop: () => boolean;
  /**
   * Copy behind: whether the copy, at `copied` bytes, should give way to processing (which
   * overtook it): it stops there with its progress recorded, as when stopped.
   */
  yieldsAt?: (copied: number) => boolean;
  checkWrite: () => void;
  /** The engine's retry loop, with its settings. */
  retry: <T>(fn: (attempt: Attempt) => Promise<T>) => Promise<RetryResult<T>>;
  /** Size of the copy as stored. */
  copiedSize: () => Promise<number | undefined>;
  /**
   * Copy behind (`copy-behind.ts`): no progress events, which are the processing's to send
   * (the copy's progress is in the run record's `input.imported`, and `onBlock` is told).
   */
  quiet?: boolean;
  /** Told after every block copied: bytes copied so far and the smoothed pace (bytes/s). */
  onBlock?: (copied: number, bytesPerSecond: number) => void;
  /** Told of every recorded `imported`, after its transaction committed. */
  onRecorded?: (imported: number) => void;
}

/**
 * How long one block may take before its worker counts as hung: several times the measured pace,
 * and never less than the debug throttle needs (a throttled 400 KB block takes 2 s by design).
 */
function importDeadline(d: ImportDeps, bytes: number, rate: number): number {
  const paced = (bytes / rate) * 1000 * 8;
  const throttled = d.throttle ? (bytes / d.throttle) * 1000 * 2 : 0;
  return Math.max(d.deadlineFloorMs, paced, throttled);
}

/** How long one block may take at the pace measured: a stop or a record waits for it. */
const BLOCK_SECONDS = 0.5;
const MIN_BLOCK = 256 * 1024;

/**
 * Bytes of the next block: `blockSize` (64 MiB: a block opens a stream, which is what a read
 * pays for), but at most about {@link BLOCK_SECONDS} of copying at the pace measured or the debug
 * throttle, so that on a slow disk (or a throttled test) a pause still stops the copy promptly
 * and its records still come at the policy's pace.
 */
function blockBytes(d: ImportDeps, rate: number): number {
  const pace = d.throttle ? Math.min(rate, d.throttle) : rate;
  return Math.min(d.blockSize, Math.max(MIN_BLOCK, Math.floor(pace * BLOCK_SECONDS)));
}

/** Returns the run with `input.imported === size`, or 'stopped' when asked to stop. */
export async function importInput(
  d: ImportDeps,
  run: RunRecord,
  source: Blob,
): Promise<RunRecord | 'stopped'> {
  const { input } = run;
  if (!input.opfsPath)
    throw new WaymarkError('internal', { detail: 'import without a destination' });
  let at = input.imported;
  /** Bytes up to here are durable: what a record may count. */
  let flushedAt = at;
  let rate = 50e6;
  const record = async (imported: number) => {
    d.checkWrite();
    run = await d.store.updateRun(run.id, (r) => {
      r.input.imported = imported;
    });
    d.recorded();
    d.onRecorded?.(imported);
    d.bus.emit({ type: 'run', run });
  };
  // An empty input still gets its (empty) copy: do at least one block.
  for (let first = true; first || at < input.size; first = false) {
    const path = input.opfsPath;
    if (d.shouldStop() || d.yieldsAt?.(at)) {
      // An empty range, flushed: what the last blocks wrote becomes durable before it counts.
      const flushed =
        flushedAt === at ||
        (
          await d.retry(() =>
            d.runner.importRange(
              { source, path, start: at, end: at },
              { deadlineMs: d.deadlineFloorMs },
            ),
          )
        ).ok;
      await record(flushed ? at : flushedAt);
      return 'stopped';
    }
    const end = Math.min(input.size, at + blockBytes(d, rate));
    const t0 = performance.now();
    // Flushed when its record is due (or it is the last block), else left to the system.
    const flush = end >= input.size || d.due() !== undefined;
    // A hung or crashed worker is worth another try; a full disk or a changed file is not.
    const block = await d.retry(() =>
      d.runner.importRange(
        { source, path, start: at, end, throttle: d.throttle, flush },
        { deadlineMs: importDeadline(d, end - at, rate) },
      ),
    );
    if (!block.ok) {
      // What was copied durably so far stays counted.
      await record(flushedAt).catch(() => undefined);
      throw block.error;
    }
    const ms = Math.max(1, performance.now() - t0);
    rate = 0.7 * rate + 0.3 * (((end - at) / ms) * 1000);
    at = end;
    if (flush) flushedAt = at;
    d.onBlock?.(at, rate);
    if (!d.quiet)
      d.bus.emit({
        type: 'progress',
        progress: {
          runId: run.id,
          status: 'importing',
          stepIndex: -1,
          done: at,
          total: input.size,
          throughput: rate,
        },
      });
    if (flush && d.due()) await record(at);
  }
  // Trust the disk, not the count: a write that silently fell short (full disk) shows here.
  const copied = await d.copiedSize();
  if (copied !== input.size) {
    await record(Math.min(copied ?? 0, input.size));
    throw new WaymarkError('quota-exceeded', { needed: 'more' });
  }
  await record(input.size);
  return run;
}
