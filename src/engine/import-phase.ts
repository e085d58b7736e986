/**
 * Copies the picked file into OPFS before processing, in blocks, recording how far it got so
 * that a reload resumes the copy (with the same file picked again, or from its handle).
 * A block is written before the record that counts it, and rewriting a block is harmless.
 */
import { WaymarkError, isRetryable, toWaymarkError } from './errors';
import type { EventBus } from './events';
import type { Persistence } from './persistence';
import type { RunRecord } from './records';
import type { StepRunner } from './worker-pool';

export interface ImportDeps {
  store: Persistence;
  runner: StepRunner;
  bus: EventBus;
  blockSize: number;
  everyMs: number;
  deadlineFloorMs: number;
  throttle?: number;
  shouldStop: () => boolean;
  checkWrite: () => void;
  maxAttempts: number;
  backoff: (attempt: number) => Promise<void>;
  /** Size of the copy as stored. */
  copiedSize: () => Promise<number | undefined>;
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
  let lastSave = performance.now();
  let rate = 50e6;
  const record = async (imported: number) => {
    d.checkWrite();
    run = await d.store.updateRun(run.id, (r) => {
      r.input.imported = imported;
    });
    d.bus.emit({ type: 'run', run });
  };
  // An empty input still gets its (empty) copy: do at least one block.
  for (let first = true; first || at < input.size; first = false) {
    if (d.shouldStop()) {
      await record(at);
      return 'stopped';
    }
    const end = Math.min(input.size, at + d.blockSize);
    const t0 = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await d.runner.importRange(
          { source, path: input.opfsPath, start: at, end, throttle: d.throttle },
          { deadlineMs: Math.max(d.deadlineFloorMs, ((end - at) / rate) * 1000 * 8) },
        );
        break;
      } catch (e) {
        const err = toWaymarkError(e);
        // A hung or crashed worker is worth another try; a full disk or a changed file is not.
        if (isRetryable(err) && attempt < d.maxAttempts) {
          await d.backoff(attempt);
          continue;
        }
        // What was copied so far stays counted.
        await record(at).catch(() => undefined);
        throw err;
      }
    }
    const ms = Math.max(1, performance.now() - t0);
    rate = 0.7 * rate + 0.3 * (((end - at) / ms) * 1000);
    at = end;
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
    if (performance.now() - lastSave >= d.everyMs) {
      await record(at);
      lastSave = performance.now();
    }
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
