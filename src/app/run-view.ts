/** Turns engine records and live progress into what the views show. Pure: unit-tested in Node. */
import type {
  AnyWorkflow,
  CheckpointRecord,
  CopyProgressInfo,
  ProgressInfo,
  RunRecord,
  RunStatus,
} from '../engine';
import { checkExpected, digestsOf } from './expected-hash';
import type { RunResult } from './run-result';
import { eventsView } from './run-events';
import { CHUNK_CODE, type CheckpointView, type RunView, type SpeedView } from './types';

export interface LiveRun {
  progress?: ProgressInfo;
  /** Chunk states of the current map step, from chunk events (index → state). */
  chunks?: { stepIndex: number; states: Map<number, 'running' | 'retrying' | 'done' | 'failed'> };
  /** The background copy of its input (copy behind), from copy events. */
  copy?: CopyProgressInfo;
  /** The whole run's bytes per second now, on the wall clock (src/app/throughput.ts). */
  rate?: number;
}

/**
 * Chunk maps larger than this are not built (a byte per chunk: 4 MiB at 1 TB in 256 KiB
 * chunks); the detail shows the counters without the map then.
 */
const MAX_CHUNKS = 1 << 22;

export function checkpointView(c: Omit<CheckpointRecord, 'state' | 'outputs'>): CheckpointView {
  return {
    seq: c.seq,
    at: c.at,
    reason: c.reason,
    stepId: c.stepId,
    stepIndex: c.stepIndex,
    bytesDone: c.bytesDone,
    pinned: c.pinned,
    boundary: c.boundary,
  };
}

/**
 * Whether Restore or Fork from checkpoint `c` asks for the file first: the run's copy is gone
 * and a step is left to run (from the final checkpoint no step reads the input).
 */
export function needsFileFrom(
  run: Pick<RunView, 'copyGone' | 'step'>,
  c: Pick<CheckpointView, 'stepIndex'>,
): boolean {
  return run.copyGone && c.stepIndex < run.step.count;
}

export function toRunView(
  run: RunRecord,
  workflow: AnyWorkflow | undefined,
  live: LiveRun | undefined,
  checkpoints: CheckpointView[],
  ownedElsewhere: boolean,
  /** The completed run's result (kept by the store while the record stays the same). */
  result?: RunResult,
  /** What the user typed in "Expected hash". */
  expected = '',
  /** How the run's speed went while this page watched it (the sparkline). */
  speed?: SpeedView,
): RunView {
  const steps = workflow?.steps.length ?? 1;
  const size = run.input.size;
  const p = live?.progress;
  const fresh =
    p && (p.status === run.status || run.status === 'running' || run.status === 'importing');
  const importing = run.status === 'importing';
  let stepIndex = run.stepIndex;
  let done = run.progress.done;
  if (fresh && p && !importing && p.stepIndex >= stepIndex) {
    stepIndex = p.stepIndex;
    done = p.done;
  }
  const imported = fresh && p && importing ? p.done : run.input.imported;
  let percent: number;
  if (run.status === 'completed') percent = 100;
  else if (importing) percent = size ? (imported / size) * 100 : 0;
  else {
    const frac = size ? Math.min(1, done / size) : 0;
    const kind = workflow?.steps[stepIndex]?.kind;
    percent = ((Math.min(stepIndex, steps) + (kind === 'task' ? 0 : frac)) / steps) * 100;
  }
  const active = run.status === 'running' || run.status === 'importing';
  // The run's own wall-clock rate (all workers), and none before a byte is done: "0 B done" at
  // some MB/s says nothing true.
  const moved = importing ? imported > 0 : done > 0 || stepIndex > 0;
  const throughput = active && moved ? live?.rate : undefined;
  // A copy that runs alone comes before every step still to do: the ETA counts both (at the
  // copy's pace, the only one measured yet). In one pass the copy is part of the processing.
  const remainingBytes = importing
    ? size - imported + (steps - Math.min(stepIndex, steps)) * size
    : (steps - stepIndex - 1) * size + (size - done);
  let etaSeconds =
    throughput && throughput > 0 ? Math.max(0, remainingBytes / throughput) : undefined;
  // A copy the run waits for (copies are kept) runs beside the steps and may end after them.
  const copy = live?.copy;
  if (run.status === 'running' && copy?.awaited && copy.done < copy.total && copy.throughput > 0)
    etaSeconds = Math.max(etaSeconds ?? 0, (copy.total - copy.done) / copy.throughput);

  const step = workflow?.steps[Math.min(stepIndex, steps - 1)];
  const copyGone = run.input.mode !== 'opfs' || !!run.input.released;
  const chunkMap = step?.kind === 'map' ? mapOf(run, stepIndex, done, live) : undefined;

  return {
    id: run.id,
    workflowId: run.workflowId,
    taskLabel: workflow?.label ?? run.workflowId,
    params: (run.params ?? {}) as Record<string, unknown>,
    input: { name: run.input.name, size, mode: run.input.mode, copied: imported },
    status: run.status,
    percent: Math.max(0, Math.min(100, percent)),
    bytesDone: importing ? imported : run.status === 'completed' ? size : done,
    totalBytes: size,
    step: { id: step?.id ?? 'done', index: Math.min(stepIndex, steps - 1), count: steps },
    throughput,
    etaSeconds,
    message: run.message,
    errorCode: run.error?.code,
    need:
      run.need === 'repick'
        ? {
            kind: 'repick',
            expected: { name: run.input.name, size, lastModified: run.input.lastModified },
          }
        : run.need === 'grant-access'
          ? { kind: 'grant-access' }
          : undefined,
    summary: run.status === 'completed' && workflow ? summarize(workflow, run) : undefined,
    hasOutputFile:
      run.status === 'completed' && !!workflow?.outputFile?.(run.outputs, run.input.name),
    failedChunks: run.failedChunks,
    chunkMap,
    stepKind: step?.kind,
    events: eventsView(run.events),
    counters: {
      chunks:
        chunkMap && step?.kind === 'map'
          ? {
              done: chunkMap.reduce((n, c) => n + (c === CHUNK_CODE.done ? 1 : 0), 0),
              total: chunkMap.length,
            }
          : undefined,
      retries: run.retries,
      checkpointsWritten: run.lastSeq,
      redoneBytes: redoneBytes(run, workflow),
    },
    ownedElsewhere,
    checkpoints,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    forkOf: run.parent && { runId: run.parent.runId, seq: run.parent.seq },
    copyGone,
    // An incompatible run cannot go on from its copy either: its message says to start again.
    canRunAgain: (copyGone && FINISHED.includes(run.status)) || run.status === 'incompatible',
    result: run.status === 'completed' ? result : undefined,
    duration: runDuration(run),
    speed,
    expected,
    hashCheck:
      run.status === 'completed' ? checkExpected(expected, digestsOf(run.result)) : undefined,
  };
}

/**
 * The map step's chunks, one byte each (`CHUNK_CODES`): done below the done prefix, then the
 * live states of this execution, then the failed ones. A completed run shows all done.
 */
function mapOf(
  run: RunRecord,
  stepIndex: number,
  done: number,
  live: LiveRun | undefined,
): Uint8Array | undefined {
  const size = run.input.size;
  const count = size === 0 ? 1 : Math.ceil(size / run.chunkSize);
  if (count > MAX_CHUNKS) return undefined;
  const map = new Uint8Array(count);
  if (run.status === 'completed') return map.fill(CHUNK_CODE.done);
  map.fill(CHUNK_CODE.done, 0, Math.min(count, Math.floor(done / run.chunkSize)));
  const states = live?.chunks?.stepIndex === stepIndex ? live.chunks.states : undefined;
  if (states) for (const [i, s] of states) if (i < count) map[i] = CHUNK_CODE[s];
  for (const i of run.failedChunks) if (i < count) map[i] = CHUNK_CODE.failed;
  return map;
}

/**
 * Bytes the steps processed beyond what the run needed so far: each data step reads the input
 * once, so anything past that was work redone after a crash, a reload or a retry.
 */
export function redoneBytes(run: RunRecord, workflow: AnyWorkflow | undefined): number {
  if (!workflow) return 0;
  const size = run.input.size;
  let needed = 0;
  workflow.steps.forEach((s, i) => {
    if (s.kind === 'task') return;
    if (i < run.stepIndex) needed += size;
    else if (i === run.stepIndex) needed += run.progress.done;
  });
  return Math.max(0, run.stats.processedBytes - needed);
}

/** Start → Completed on the wall clock, and the input's bytes per second over it. */
export function runDuration(run: RunRecord): RunView['duration'] {
  if (run.status !== 'completed' || run.finishedAt === undefined) return undefined;
  const ms = Math.max(0, run.finishedAt - run.createdAt);
  return { ms, bytesPerSecond: ms > 0 ? (run.input.size / ms) * 1000 : undefined };
}

/** Statuses after which a run is done with its input: "Run again" starts a new one. */
const FINISHED: readonly RunStatus[] = ['completed', 'canceled', 'failed', 'incompatible'];

function summarize(workflow: AnyWorkflow, run: RunRecord): string {
  try {
    return workflow.summarize
      ? workflow.summarize(run.result, run.params)
      : JSON.stringify(run.result);
  } catch {
    return JSON.stringify(run.result);
  }
}
