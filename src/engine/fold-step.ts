/**
 * Runs a fold step: one worker folds the input sequentially; the page asks it for a snapshot
 * of its state whenever a checkpoint is due and saves it with the offset it covers.
 */
import { WaymarkError } from './errors';
import type { Attempt } from './retry';
import type { ExecutionScope, StepOutcome, StepState } from './execution-scope';
import type { FoldHandle } from './worker-pool';
import type { FoldStep } from './workflow';

/** How often a running fold reports progress (ms). */
const PROGRESS_MS = 200;

export async function runFoldStep(
  x: ExecutionScope,
  stepIndex: number,
  step: FoldStep<unknown, unknown, unknown, unknown>,
  state: StepState,
  outputs: Record<string, unknown>,
): Promise<StepOutcome> {
  const size = x.spec.size;
  // Copying read: the host writes every piece to the input copy before folding it, so an
  // answer's offset is copied too; a checkpoint asks for a flush first and counts it as copied.
  const copying = x.spec.kind === 'copy';
  // The last state known to be consistent: where a retry starts from.
  let good =
    state.kind === 'fold'
      ? { offset: state.offset, snap: state.snap }
      : { offset: 0, snap: undefined as unknown };
  const save = (
    reason: Parameters<ExecutionScope['save']>[0]['reason'],
    offset: number,
    snap: unknown,
  ) =>
    x.save({
      reason,
      stepIndex,
      stepId: step.id,
      bytesDone: offset,
      state: { kind: 'fold', offset, snap },
      outputs,
      copied: copying ? offset : undefined,
    });

  // One attempt is one fold session from the last consistent state; a checkpoint saved in it
  // is progress, after which earlier failures no longer count.
  const session = async (attempt: Attempt): Promise<StepOutcome> => {
    let handle: FoldHandle | undefined;
    try {
      handle = await x.hosts.openFold(
        {
          ...x.base(stepIndex, outputs),
          chunkSize: x.chunkSize,
          offset: good.offset,
          snap: good.snap,
        },
        { deadlineMs: x.deadline(0) },
      );
      for (;;) {
        if (x.stop) {
          if (x.stop === 'cancel' || x.stop === 'lost') return { stopped: true };
          const r = await handle.step(
            { budgetMs: 0, wantSnap: true, flush: copying },
            { deadlineMs: x.deadline(0) },
          );
          await save(x.stopReason(), r.offset, r.snap);
          return { stopped: true };
        }
        // The slice ends when the next checkpoint is due (at once when one is asked for).
        const budgetMs = x.policy.sliceMs(PROGRESS_MS);
        // Every answer carries a snapshot (≈100 bytes for a hasher): the page always holds the
        // latest consistent state, so a pagehide checkpoint can be written without the worker.
        const wantSnap = true;
        const fault = x.faults.fold(good.offset);
        const t0 = performance.now();
        const r = await handle.step(
          { budgetMs, wantSnap, fault },
          { deadlineMs: x.deadline(x.chunkSize, budgetMs) },
        );
        x.work(r.processed, performance.now() - t0);
        x.progress(stepIndex, r.offset, size);
        if (r.snap !== undefined) good = { offset: r.offset, snap: r.snap };
        const at = good;
        x.setLive(() => ({
          stepIndex,
          stepId: step.id,
          bytesDone: at.offset,
          state: { kind: 'fold', offset: at.offset, snap: at.snap },
          outputs,
          // Written, if not yet flushed: a page going away leaves the writes to the system,
          // which only a power loss could take back.
          copied: copying ? at.offset : undefined,
        }));
        if (r.eof) {
          const output = await handle.finish({ deadlineMs: x.deadline(0) });
          return { output };
        }
        const why = x.policy.due();
        if (why && r.snap !== undefined) {
          // One more call, only when a checkpoint is due: the copy's writes made durable.
          const at = copying
            ? await handle.step(
                { budgetMs: 0, wantSnap: true, flush: true },
                { deadlineMs: x.deadline(0) },
              )
            : r;
          await save(why, at.offset, at.snap);
          attempt.progressed();
        }
      }
    } finally {
      x.setLive(undefined);
      handle?.release();
    }
  };
  const outcome = await x.retry(session, {
    what: () => `the fold from chunk ${Math.floor(good.offset / x.chunkSize) + 1}`,
  });
  if (outcome.ok) return outcome.value;
  // Bad input, full storage…: the execution turns it into the run's state.
  if (outcome.why !== 'exhausted') throw outcome.error;
  const at = Math.floor(good.offset / x.chunkSize);
  const failure = new WaymarkError(
    'chunk-failed',
    { chunk: at, attempts: outcome.attempts, detail: outcome.error.message },
    { cause: outcome.error },
  );
  await x.stopWith('failed', failure, (run) => {
    run.failedChunks = [at];
  });
  return { stopped: true };
}
