/**
 * The preview's run-detail data: chunk maps, event logs and counters for the mock runs, and two
 * runs made to look at the detail (a map task with 100,000 chunks, some retrying and failed,
 * and a fold task with its checkpoints along the file). Preview only, never the real app.
 */
import { CHUNK_CODE, type CheckpointView, type RunEventView, type RunView } from '../app/types';

type Make = (
  p: Partial<RunView> & { id: string; name: string; status: RunView['status'] },
) => RunView;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** `total` chunks: the first `done` done, then `running` running; `failed`, `retrying` by index. */
export function mockChunkMap(
  total: number,
  done: number,
  running: number,
  failed: readonly number[] = [],
  retrying: readonly number[] = [],
): Uint8Array {
  const map = new Uint8Array(total).fill(CHUNK_CODE.pending);
  map.fill(CHUNK_CODE.done, 0, Math.min(total, done));
  map.fill(CHUNK_CODE.running, Math.min(total, done), Math.min(total, done + running));
  for (const i of retrying) map[i] = CHUNK_CODE.retrying;
  for (const i of failed) map[i] = CHUNK_CODE.failed;
  return map;
}

/** The detail fields of a mock run, from what the run says of itself. */
export function mockDetail(
  p: Partial<RunView>,
): Pick<RunView, 'stepKind' | 'events' | 'counters' | 'speed'> {
  const map = p.chunkMap;
  let done = 0;
  if (map) for (const c of map) if (c === CHUNK_CODE.done) done++;
  const now = p.createdAt ?? Date.now();
  const events: RunEventView[] = [{ at: now, kind: 'started', text: 'Started' }];
  if (p.status === 'completed')
    events.push({ at: now + 4000, kind: 'completed', text: 'Completed' });
  if (p.status === 'paused') events.push({ at: now + 3000, kind: 'paused', text: 'Paused' });
  return {
    stepKind: map ? 'map' : 'fold',
    events,
    counters: {
      chunks: map ? { done, total: map.length } : undefined,
      retries: p.failedChunks?.length ? p.failedChunks.length * 4 : 0,
      checkpointsWritten: p.checkpoints?.length ?? 0,
      redoneBytes: 0,
    },
    speed: mockSpeed(p.status === 'running' ? p.throughput : p.duration?.bytesPerSecond, p),
  };
}

/**
 * A deterministic speed history around `rate` (a slow start, a dip, the rest near it), for the
 * sparkline in the screenshots: no randomness, so the baselines hold.
 */
function mockSpeed(rate: number | undefined, p: Partial<RunView>): RunView['speed'] {
  if (!rate) return undefined;
  const rates = Array.from({ length: 60 }, (_, i) => {
    const wave = 1 + 0.08 * Math.sin(i / 3) + 0.04 * Math.cos(i * 1.7);
    const ramp = Math.min(1, (i + 1) / 6);
    const dip = i >= 28 && i < 33 ? 0.45 : 1;
    return rate * wave * ramp * dip;
  });
  const average = rates.reduce((a, b) => a + b, 0) / rates.length;
  return {
    rates,
    now: p.status === 'running' ? rate : undefined,
    average,
    peak: Math.max(...rates),
    spanMs: 60 * 4000,
  };
}

function log(start: number, entries: [number, string, string][]): RunEventView[] {
  return entries.map(([s, kind, text]) => ({ at: start + s * 1000, kind, text }));
}

/** Checkpoints every `every` bytes of step `stepId` up to `total`, the last `n` of them kept. */
function keptCheckpoints(
  total: number,
  n: number,
  every: number,
  start: number,
  stepId: string,
): CheckpointView[] {
  const out: CheckpointView[] = [];
  const count = Math.floor(total / every);
  for (let k = count - n + 1; k <= count; k++)
    out.push({
      seq: k + 1,
      at: start + k * 9000,
      reason: k === count ? 'pause' : 'interval',
      stepId,
      stepIndex: 0,
      bytesDone: k * every,
      pinned: k === count - n + 1,
      boundary: false,
    });
  return out;
}

/** Two runs for the detail's screenshots (scripts/detail-screenshots.mjs). */
export function detailRuns(make: Make, now: number): RunView[] {
  const start = now - 70 * 60_000;
  // 100 GiB in 1 MiB chunks: far more chunks than pixels, so the map is downsampled.
  const chunks = 102_400;
  const failed = [40_311];
  const retrying = [61_002, 61_007];
  const map = mockChunkMap(chunks, 61_000, 6, failed, retrying);
  for (let i = 12_000; i < 12_400; i++) map[i] = CHUNK_CODE.pending;
  const mapRun = make({
    id: 'r-detail-map',
    name: 'sensor-archive.bin',
    status: 'running',
    workflowId: 'count',
    taskLabel: 'Count',
    totalBytes: 100 * GiB,
    bytesDone: 59.6 * GiB,
    percent: 59.6,
    throughput: 640e6,
    etaSeconds: 63,
    step: { id: 'count', index: 0, count: 1 },
    chunkMap: map,
    failedChunks: [],
    checkpoints: keptCheckpoints(58 * GiB, 5, GiB, start, 'count'),
    createdAt: start,
  });
  mapRun.events = log(start, [
    [0, 'started', 'Started'],
    [2, 'copying', 'Copying the input'],
    [40, 'paused', 'Paused'],
    [95, 'resumed', 'Resumed'],
    [120, 'retry', 'Retried chunk 12,001: worker-died, attempt 2 of 5'],
    [300, 'recovered', 'Recovered after a reload, from checkpoint 31'],
    [410, 'retry', 'Retried chunk 40,312: worker-timeout, attempt 2 of 5'],
    [412, 'retry', 'Retried chunk 40,312: worker-timeout, attempt 3 of 5'],
    [430, 'retry', 'Retried chunk 61,003: worker-died, attempt 2 of 5'],
    [431, 'retry', 'Retried chunk 61,008: worker-died, attempt 2 of 5'],
    [440, 'retry', 'Retried chunk 40,312: worker-timeout, attempt 4 of 5'],
    [450, 'retry', 'Retried chunk 40,312: worker-timeout, attempt 5 of 5'],
  ]);
  let done = 0;
  for (const c of map) if (c === CHUNK_CODE.done) done++;
  mapRun.counters = {
    chunks: { done, total: chunks },
    retries: 7,
    checkpointsWritten: 58,
    redoneBytes: 212 * MiB,
  };

  const size = 5.7 * GiB;
  const foldRun = make({
    id: 'r-detail-fold',
    name: 'debian-12.7.0-amd64-DVD-1.iso',
    status: 'paused',
    workflowId: 'sha256',
    taskLabel: 'SHA-256',
    totalBytes: size,
    bytesDone: 0.62 * size,
    percent: 62,
    step: { id: 'hash', index: 0, count: 1 },
    checkpoints: keptCheckpoints(0.62 * size, 6, size / 16, start, 'hash'),
    createdAt: start - 60_000,
  });
  foldRun.stepKind = 'fold';
  foldRun.events = log(start - 60_000, [
    [0, 'started', 'Started'],
    [1, 'copying', 'Copying the input'],
    [61, 'recovered', 'Recovered after a reload, from checkpoint 5'],
    [140, 'paused', 'Paused'],
  ]);
  foldRun.counters = {
    chunks: undefined,
    retries: 0,
    checkpointsWritten: 10,
    redoneBytes: 96 * MiB,
  };
  return [mapRun, foldRun];
}
