/**
 * Runs a map step: chunks in parallel on the pool, each chunk's result and its done mark
 * committed together in the ledger (exactly once), then combined in chunk order into a prefix
 * partial. A checkpoint saves only the prefix partial and deletes the ledger records it now
 * covers, so its cost does not grow with the chunks done before it.
 */
import { WaymarkError, toWaymarkError, workflowError } from './errors';
import type { ExecutionScope, StepOutcome, StepState } from './execution-scope';
import { FORMAT_VERSION } from './records';
import type { ChunkRecord } from './records';
import type { MapStep } from './workflow';
import { MAP_PIPELINE_DEPTH } from './worker-pool';

/** Number of chunks of an input; an empty input is one empty chunk so every map sees a call. */
export function chunkCountOf(size: number, chunkSize: number): number {
  return size === 0 ? 1 : Math.ceil(size / chunkSize);
}

export async function runMapStep(
  x: ExecutionScope,
  stepIndex: number,
  step: MapStep<unknown, unknown, unknown>,
  state: StepState,
  outputs: Record<string, unknown>,
): Promise<StepOutcome> {
  const { runId } = x;
  const params = x.params;
  const size = x.spec.size;
  const cs = x.chunkSize;
  const count = chunkCountOf(size, cs);
  // Copying read: a chunk's bytes are in the copy before its result is committed, so the done
  // prefix is copied (chunks done beyond it are too, but the record counts a prefix).
  const copiedTo = (chunks: number) =>
    x.spec.kind === 'copy' ? Math.min(size, chunks * cs) : undefined;
  const bytesOf = (i: number) => Math.max(0, Math.min(size, (i + 1) * cs) - i * cs);

  let prefix = state.kind === 'map' ? state.prefix : 0;
  let partial = state.kind === 'map' ? state.partial : step.empty(params);
  /** Ledger records below this were deleted by the last checkpoint. */
  let savedPrefix = prefix;
  const results = new Map<number, unknown>();
  const failed = new Map<number, ChunkRecord>();
  for (const rec of await x.ledger.list(stepIndex, prefix)) {
    if (rec.status === 'done') results.set(rec.index, rec.result);
    else failed.set(rec.index, rec);
  }
  let doneBytes = 0;
  for (let i = 0; i < prefix; i++) doneBytes += bytesOf(i);
  for (const i of results.keys()) doneBytes += bytesOf(i);

  /** Chunks whose result `accepts` refused, to be mapped again once the prefix reaches them. */
  const redo = new Set<number>();
  const queue: number[] = [];
  let stopDispatch = false;
  let fatal: WaymarkError | undefined;

  const advance = () => {
    while (results.has(prefix)) {
      const result = results.get(prefix);
      results.delete(prefix);
      if (step.accepts && !step.accepts(partial, result, params)) {
        doneBytes -= bytesOf(prefix);
        if (redo.has(prefix)) {
          // A redo sees the exact prefix: refusing it again would loop forever.
          fatal ??= new WaymarkError('internal', {
            detail: `map step ${step.id} refused the redo of chunk ${prefix}`,
          });
          stopDispatch = true;
          return;
        }
        // Next in line: every later chunk waits for it to be combined. Its refused result stays
        // in the ledger until the redo's commit replaces it; a resume refuses it again.
        redo.add(prefix);
        queue.unshift(prefix);
        return;
      }
      partial = step.combine(partial, result, params);
      prefix++;
    }
  };
  advance();

  let saving: Promise<void> = Promise.resolve();
  /** Serializes checkpoint writes; each saves the prefix as it stands when it runs. */
  const checkpoint = (reason: Parameters<ExecutionScope['save']>[0]['reason']) => {
    saving = saving.then(async () => {
      const to = prefix;
      await x.save({
        reason,
        stepIndex,
        stepId: step.id,
        bytesDone: doneBytes,
        state: {
          kind: 'map',
          prefix: to,
          partial: structuredClone(partial),
          doneBeyond: [...results.keys()].sort((a, b) => a - b),
        },
        outputs,
        folded: { stepIndex, from: savedPrefix, to },
        copied: copiedTo(to),
      });
      savedPrefix = to;
    });
    return saving;
  };

  x.setLive(() => ({
    stepIndex,
    stepId: step.id,
    bytesDone: doneBytes,
    state: { kind: 'map', prefix, partial, doneBeyond: [...results.keys()].sort((a, b) => a - b) },
    outputs,
    folded: { stepIndex, from: savedPrefix, to: prefix },
    copied: copiedTo(prefix),
  }));

  for (let i = prefix; i < count; i++)
    if (!results.has(i) && !failed.has(i) && !redo.has(i)) queue.push(i);

  const commit = (rec: ChunkRecord) => x.ledger.put(rec);

  const runChunk = async (i: number) => {
    const outcome = await x.retry(
      async ({ number: attempt }) => {
        const t0 = performance.now();
        const fault = x.faults.chunk(i);
        const result = await x.hosts
          .mapChunk(
            {
              ...x.base(stepIndex, outputs),
              index: i,
              start: i * cs,
              end: Math.min(size, (i + 1) * cs),
              chunkCount: count,
              hint: step.hint?.(partial, params),
              redo: redo.has(i) || undefined,
              fault,
            },
            {
              deadlineMs: x.deadline(bytesOf(i)),
              onStart: () => x.emitChunk(stepIndex, i, 'running'),
            },
          )
          .catch((e: unknown) => {
            const err = toWaymarkError(e);
            // The workflow names what a hung chunk means for it (a pattern too slow).
            throw err.code === 'worker-timeout' && step.timeoutError
              ? workflowError(x.workflowErrors, step.timeoutError, err.details, { cause: err })
              : err;
          });
        x.work(bytesOf(i), performance.now() - t0);
        // Result and done mark in one transaction: the chunk counts exactly once.
        await commit({
          format: FORMAT_VERSION,
          runId,
          stepIndex,
          index: i,
          status: 'done',
          attempts: attempt,
          result,
          bytes: bytesOf(i),
        });
        results.set(i, result);
        doneBytes += bytesOf(i);
        advance();
        x.emitChunk(stepIndex, i, 'done');
        x.progress(stepIndex, doneBytes, size);
        x.policy.noteChunks();
        const why = x.policy.due();
        if (why) await checkpoint(why);
      },
      {
        what: () => `chunk ${i + 1}`,
        // Lost with a worker that another chunk hung: not this chunk's attempt.
        uncounted: (err) =>
          err.code === 'worker-died' && !!err.details.bystander && !x.stop && !stopDispatch,
        // Another chunk failed for good: the run stops, so this one tries no more.
        stop: () => stopDispatch,
      },
    );
    if (outcome.ok || !outcome.error) return;
    const err = outcome.error;
    if (outcome.why === 'terminal') {
      // Storage full, input changed…: stop the whole run, keep everything committed.
      fatal ??= err;
      stopDispatch = true;
      return;
    }
    const rec: ChunkRecord = {
      format: FORMAT_VERSION,
      runId,
      stepIndex,
      index: i,
      status: 'failed',
      attempts: outcome.attempts,
      error: err.toJSON(),
      bytes: bytesOf(i),
    };
    await commit(rec).catch(() => undefined);
    failed.set(i, rec);
    x.emitChunk(stepIndex, i, 'failed');
    stopDispatch = true;
  };

  const lane = async () => {
    while (queue.length && !x.stop && !stopDispatch) await runChunk(queue.shift() as number);
  };
  // Per worker: one chunk computing, the next being read (the pool pipelines them), and one more
  // waiting in the pool, so that the worker gets its next chunk the moment it answers, not after
  // the page has committed that answer.
  const lanes = Math.max(1, Math.min(queue.length, x.hosts.size * (MAP_PIPELINE_DEPTH + 1)));
  await Promise.all(Array.from({ length: lanes }, lane));
  await saving;
  x.setLive(undefined);

  if (fatal) {
    await checkpoint('interval').catch(() => undefined);
    // The execution turns it into the run's state (paused, with what to do).
    throw fatal;
  }
  if (failed.size) {
    await checkpoint('interval');
    const [first, rec] = [...failed.entries()].sort((a, b) => a[0] - b[0])[0];
    // A missed deadline with its own code (a slow pattern) is the user's to fix, not a flaky
    // chunk: say so in the workflow's words.
    const err =
      step.timeoutError !== undefined && rec.error?.code === step.timeoutError
        ? WaymarkError.fromJSON(rec.error)
        : new WaymarkError('chunk-failed', {
            chunk: first,
            attempts: rec.attempts,
            detail: rec.error?.message ?? 'unknown error',
          });
    await x.stopWith('failed', err, (run) => {
      run.failedChunks = [...failed.keys()].sort((a, b) => a - b);
    });
    return { stopped: true };
  }
  if (x.stop) {
    if (x.stop !== 'cancel') await checkpoint(x.stopReason());
    return { stopped: true };
  }
  if (prefix !== count)
    // Every lane has ended without a stop or a failure, so every chunk must be in the prefix: a
    // gap here would be a silently wrong result. Say so instead.
    throw new WaymarkError('internal', {
      detail: `map step ${step.id} ended with chunks ${prefix} to ${count - 1} not combined (done beyond: ${[...results.keys()].join(',')})`,
    });
  const t0 = performance.now();
  const output = await x.hosts.mapFinish(
    { ...x.base(stepIndex, outputs), combined: partial },
    // finish may read as much as the input again (Search reads its kept lines back, Gzip
    // hashes its output), so it gets the deadline of the whole input, not the floor.
    { deadlineMs: x.deadline(size) },
  );
  x.work(0, performance.now() - t0);
  return { output, folded: { from: savedPrefix, to: count } };
}
