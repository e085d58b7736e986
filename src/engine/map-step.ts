/**
 * Runs a map step: chunks in parallel on the pool, each chunk's result and its done mark
 * committed together in the ledger (exactly once), then combined in chunk order into a prefix
 * partial by the step's combining session (`ExecutionScope.combiner`: a worker of its own in the
 * app, so that the page's main thread never merges). A checkpoint saves only the prefix partial
 * and deletes the ledger records it now covers, so its cost does not grow with the chunks done
 * before it.
 */
import type { CombineAnswer, CombineHandle, CombineSnapshot } from './combiner';
import { WaymarkError, toWaymarkError, workflowError } from './errors';
import type { ExecutionScope, StepOutcome, StepState } from './execution-scope';
import { FORMAT_VERSION } from './records';
import type { ChunkRecord } from './records';
import type { MapStep } from './workflow';
import { MAP_PIPELINE_DEPTH } from './worker-pool';
import { StripeQueue, stripeChunks } from './stripe-queue';

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
  const params = x.params;
  const initial = {
    prefix: state.kind === 'map' ? state.prefix : 0,
    partial: state.kind === 'map' ? state.partial : step.empty(params),
  };
  // The partial lives in the combiner (a worker of its own in the app): the page keeps only
  // which chunks are committed, the prefix the combiner last reported and its hint.
  const { handle: combine, answer: opened } = await x.combiner.open(
    { workflowId: x.base(stepIndex, outputs).workflowId, stepIndex, params, ...initial },
    step,
  );
  try {
    return await runChunks(x, stepIndex, step, outputs, combine, opened, initial);
  } finally {
    combine.close();
  }
}

async function runChunks(
  x: ExecutionScope,
  stepIndex: number,
  step: MapStep<unknown, unknown, unknown>,
  outputs: Record<string, unknown>,
  combine: CombineHandle,
  opened: CombineAnswer,
  initial: CombineSnapshot,
): Promise<StepOutcome> {
  const { runId } = x;
  const size = x.spec.size;
  const cs = x.chunkSize;
  const count = chunkCountOf(size, cs);
  // Copying read: a chunk's bytes are in the copy before its result is committed, so the done
  // prefix is copied (chunks done beyond it are too, but the record counts a prefix).
  const copiedTo = (chunks: number) =>
    x.spec.kind === 'copy' ? Math.min(size, chunks * cs) : undefined;
  const bytesOf = (i: number) => Math.max(0, Math.min(size, (i + 1) * cs) - i * cs);

  let prefix = initial.prefix;
  let hint = opened.hint?.value;
  /**
   * The newest snapshot a checkpoint is saving or saved (at first, what the step started from):
   * what a synchronous save writes. Taken before its save is written, so that a synchronous
   * save landing after that save never goes back past the ledger records it deleted.
   */
  let latest: CombineSnapshot = initial;
  /** Ledger records below this were deleted by a checkpoint. */
  let foldedTo = initial.prefix;
  /** Committed chunks the last checkpoint does not hold (at or beyond `latest.prefix`). */
  const done = new Set<number>();
  const failed = new Map<number, ChunkRecord>();
  /** Chunks whose result `accepts` refused, to be mapped again once the prefix reaches them. */
  const redo = new Set<number>();
  const hosts = x.hosts.size;
  // A picked file is read through a stream per host, kept open across the host's stripe.
  const picked = x.spec.kind !== 'path';
  const queue = new StripeQueue(hosts, stripeChunks(picked, cs));
  // This execution's key for the hosts' open streams: a re-picked file is another execution.
  const stream = picked ? `${runId}/${stepIndex}/${Date.now()}/${Math.random()}` : undefined;
  let stopDispatch = false;
  let fatal: WaymarkError | undefined;

  let doneBytes = 0;
  for (let i = 0; i < prefix; i++) doneBytes += bytesOf(i);
  /** The combiner's answers, in the order of the results sent. */
  const heard = (a: CombineAnswer) => {
    prefix = a.prefix;
    if (a.hint) hint = a.hint.value;
    if (a.refused === undefined) return;
    // Next in line: every later chunk waits for it to be combined. Its refused result stays
    // in the ledger until the redo's commit replaces it; a resume refuses it again.
    done.delete(a.refused);
    doneBytes -= bytesOf(a.refused);
    redo.add(a.refused);
    queue.first(a.refused);
  };
  const combineFailed = (e: unknown) => {
    // A redo refused again, or the combiner lost: nothing a retry of a chunk would mend.
    fatal ??= toWaymarkError(e);
    stopDispatch = true;
  };
  const offer = (i: number, result: unknown) => combine.add(i, result).then(heard, combineFailed);

  const offered: Promise<void>[] = [];
  for (const rec of await x.ledger.list(stepIndex, prefix)) {
    if (rec.status !== 'done') {
      failed.set(rec.index, rec);
      continue;
    }
    done.add(rec.index);
    doneBytes += bytesOf(rec.index);
    offered.push(offer(rec.index, rec.result));
  }
  await Promise.all(offered);

  let saving: Promise<void> = Promise.resolve();
  const beyond = (p: number) => [...done].filter((i) => i >= p).sort((a, b) => a - b);
  /** Serializes checkpoint writes; each saves the prefix as the combiner has it when it runs. */
  const checkpoint = (reason: Parameters<ExecutionScope['save']>[0]['reason']) => {
    saving = saving.then(async () => {
      // A copy already (it crossed from the combiner): nothing to clone here.
      const snap = await combine.snapshot();
      latest = snap;
      await x.save({
        reason,
        stepIndex,
        stepId: step.id,
        bytesDone: doneBytes,
        state: {
          kind: 'map',
          prefix: snap.prefix,
          partial: snap.partial,
          doneBeyond: beyond(snap.prefix),
        },
        outputs,
        folded: { stepIndex, from: foldedTo, to: snap.prefix },
        copied: copiedTo(snap.prefix),
      });
      foldedTo = snap.prefix;
      for (const i of done) if (i < snap.prefix) done.delete(i);
    });
    return saving;
  };

  // The page going away saves synchronously: the newest checkpoint's prefix, every chunk since
  // then still in the ledger (done beyond it), so nothing is lost but combining them again.
  x.setLive(() => ({
    stepIndex,
    stepId: step.id,
    bytesDone: doneBytes,
    state: {
      kind: 'map',
      prefix: latest.prefix,
      partial: latest.partial,
      doneBeyond: beyond(latest.prefix),
    },
    outputs,
    folded: { stepIndex, from: foldedTo, to: latest.prefix },
    copied: copiedTo(latest.prefix),
  }));

  const todo: number[] = [];
  for (let i = prefix; i < count; i++)
    if (!done.has(i) && !failed.has(i) && !redo.has(i)) todo.push(i);
  queue.add(todo);

  const commit = (rec: ChunkRecord) => x.ledger.put(rec);

  const runChunk = async (i: number, host: number) => {
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
              hint,
              redo: redo.has(i) || undefined,
              fault,
              stream,
            },
            {
              deadlineMs: x.deadline(bytesOf(i)),
              onStart: () => x.emitChunk(stepIndex, i, 'running'),
              prefer: picked ? host : undefined,
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
        done.add(i);
        doneBytes += bytesOf(i);
        const combined = offer(i, result);
        x.emitChunk(stepIndex, i, 'done');
        x.progress(stepIndex, doneBytes, size);
        x.policy.noteChunks();
        // The lane waits for the combiner's answer before its next chunk: a refusal it brings
        // queues a redo while a lane is still there to take it, and results never pile up
        // faster than they are combined (other lanes keep the workers busy meanwhile).
        await combined;
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

  const lane = async (host: number) => {
    while (!x.stop && !stopDispatch) {
      const i = queue.next(host);
      if (i === undefined) return;
      await runChunk(i, host);
    }
  };
  // Per worker: one chunk computing, the next being read (the pool pipelines them), and one more
  // waiting in the pool, so that the worker gets its next chunk the moment it answers, not after
  // the page has committed that answer. A worker's lanes take its stripe's chunks in order.
  const perHost = MAP_PIPELINE_DEPTH + 1;
  const lanes = Math.max(1, Math.min(queue.size, hosts * perHost));
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k % hosts)));
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
      detail: `map step ${step.id} ended with chunks ${prefix} to ${count - 1} not combined (done beyond: ${beyond(prefix).join(',')})`,
    });
  const t0 = performance.now();
  const { partial } = await combine.snapshot();
  const output = await x.hosts.mapFinish(
    { ...x.base(stepIndex, outputs), combined: partial },
    // finish may read as much as the input again (Search reads its kept lines back, Gzip
    // hashes its output), so it gets the deadline of the whole input, not the floor.
    { deadlineMs: x.deadline(size) },
  );
  x.work(0, performance.now() - t0);
  return { output, folded: { from: foldedTo, to: count } };
}
