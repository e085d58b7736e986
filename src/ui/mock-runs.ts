/**
 * The mock app's runs: one in every state, with the results and details the preview shows
 * (src/ui/preview.html). Data only; the mock AppApi is in mock-app.svelte.ts. Never the real app.
 */
import { resultRuns } from './mock-results';
import { detailRuns, mockChunkMap, mockDetail } from './mock-detail';
import type { CheckpointView, RunStatus, RunView } from '../app/types';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function checkpoints(
  n: number,
  total: number,
  now: number,
  pinned: number[] = [],
): CheckpointView[] {
  const out: CheckpointView[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push({
      seq,
      at: now - (n - seq) * 1000,
      reason: seq === 1 ? 'step-complete' : seq === n ? 'pause' : 'interval',
      stepId: seq === 1 ? 'fingerprint' : 'hash',
      stepIndex: seq === 1 ? 0 : 1,
      bytesDone: Math.round((total * seq) / n),
      pinned: pinned.includes(seq),
      boundary: seq === 1,
      // A state that grows with the work done, as a fold's may.
      bytes: 1_400 + seq * 310,
    });
  }
  return out;
}

const chunkMap = mockChunkMap;

/** A run view with everything a mock run does not say filled in. */
export function run(
  partial: Partial<RunView> & { id: string; name: string; status: RunStatus },
): RunView {
  const now = Date.now();
  const size = partial.totalBytes ?? 512 * MiB;
  const { name, ...rest } = partial;
  const view: RunView = {
    workflowId: 'sha256',
    taskLabel: 'SHA-256',
    params: {},
    input: { name, size, mode: 'opfs' },
    percent: 0,
    bytesDone: 0,
    totalBytes: size,
    step: { id: 'hash', index: 0, count: 1 },
    throughput: undefined,
    etaSeconds: undefined,
    message: undefined,
    errorCode: undefined,
    need: undefined,
    summary: undefined,
    hasOutputFile: false,
    failedChunks: [],
    chunkMap: undefined,
    ownedElsewhere: false,
    copyGone: partial.status === 'completed',
    canRunAgain: partial.status === 'completed',
    checkpoints: [],
    createdAt: now,
    updatedAt: now,
    result: undefined,
    duration: undefined,
    expected: '',
    hashCheck: undefined,
    ...mockDetail(partial),
    ...rest,
  };
  // Checkpoints stand in the run's own steps; a completed run's last one is its result.
  const count = view.step.count;
  view.checkpoints = view.checkpoints.map((c, i, all) =>
    view.status === 'completed' && i === all.length - 1
      ? { ...c, stepIndex: count, stepId: 'done', reason: 'final', bytesDone: 0 }
      : { ...c, stepIndex: Math.min(c.stepIndex, count - 1) },
  );
  return view;
}

export function sampleRuns(): RunView[] {
  const now = Date.now();
  const min = 60_000;
  return [
    run({
      id: 'r-running',
      name: 'access-2024-<b>bold</b>.log',
      status: 'running',
      workflowId: 'search',
      taskLabel: 'Search',
      params: { pattern: 'ERROR', regex: false, ignoreCase: true },
      totalBytes: 10 * GiB,
      bytesDone: 3.7 * GiB,
      // Step 2 of 2 at 37 % of the file.
      percent: 68.5,
      throughput: 412e6,
      etaSeconds: 16.4,
      step: { id: 'scan', index: 1, count: 2 },
      chunkMap: chunkMap(10240, 3700, 4, []),
      checkpoints: checkpoints(12, 3.7 * GiB, now, [3]),
      createdAt: now - 1 * min,
    }),
    run({
      id: 'r-elsewhere',
      name: 'photos-backup.tar',
      status: 'running',
      workflowId: 'gzip',
      taskLabel: 'Gzip',
      totalBytes: 2.4 * GiB,
      bytesDone: 0.6 * GiB,
      percent: 25,
      throughput: 88e6,
      etaSeconds: 21,
      ownedElsewhere: true,
      chunkMap: chunkMap(40, 10, 2),
      checkpoints: checkpoints(3, 0.6 * GiB, now),
      createdAt: now - 2 * min,
    }),
    run({
      id: 'r-repick',
      name: 'ubuntu-24.04-desktop-amd64.iso',
      status: 'interrupted',
      totalBytes: 5.8 * GiB,
      bytesDone: 2.1 * GiB,
      percent: 36.2,
      input: { name: 'ubuntu-24.04-desktop-amd64.iso', size: 5.8 * GiB, mode: 'repick' },
      message: 'The page was reloaded. Choose the same file again to continue from 2.1 GiB.',
      need: {
        kind: 'repick',
        expected: { name: 'ubuntu-24.04-desktop-amd64.iso', size: 5.8 * GiB, lastModified: now },
      },
      checkpoints: checkpoints(5, 2.1 * GiB, now - 30 * min),
      createdAt: now - 3 * min,
    }),
    run({
      id: 'r-grant',
      name: 'measurements.csv',
      status: 'paused',
      workflowId: 'csv-profile',
      taskLabel: 'CSV profile',
      totalBytes: 1.9 * GiB,
      bytesDone: 0.4 * GiB,
      percent: 21,
      input: { name: 'measurements.csv', size: 1.9 * GiB, mode: 'handle' },
      message: 'Paused. The browser needs permission to read the file again.',
      need: { kind: 'grant-access' },
      chunkMap: chunkMap(1900, 400, 0),
      checkpoints: checkpoints(4, 0.4 * GiB, now - 5 * min),
      createdAt: now - 4 * min,
    }),
    run({
      id: 'r-failed',
      name: 'server.log',
      status: 'failed',
      workflowId: 'count',
      taskLabel: 'Count',
      totalBytes: 800 * MiB,
      bytesDone: 790 * MiB,
      percent: 98.7,
      message: 'Chunks 12 and 57 failed after 5 attempts (worker timed out).',
      errorCode: 'chunk-failed',
      failedChunks: [11, 56],
      chunkMap: chunkMap(800, 800, 0, [11, 56]),
      checkpoints: checkpoints(6, 790 * MiB, now - 10 * min),
      createdAt: now - 5 * min,
    }),
    // The same file again, forked from the failed run: the row says which run and checkpoint.
    run({
      id: 'r-fork',
      name: 'server.log',
      status: 'paused',
      workflowId: 'count',
      taskLabel: 'Count',
      totalBytes: 800 * MiB,
      bytesDone: 500 * MiB,
      percent: 62.5,
      forkOf: { runId: 'r-failed', seq: 4 },
      checkpoints: checkpoints(2, 500 * MiB, now - 2 * min),
      createdAt: now - 2.5 * min,
    }),
    run({
      id: 'r-done',
      name: 'matches.txt',
      status: 'completed',
      workflowId: 'search',
      taskLabel: 'Search',
      totalBytes: 12 * MiB,
      bytesDone: 12 * MiB,
      percent: 100,
      summary:
        '3 matches on 3 lines\n12: <script>alert("not html")</script>\n40: ERROR disk full\n77: error: retry',
      chunkMap: chunkMap(12, 12, 0),
      checkpoints: checkpoints(3, 12 * MiB, now - 20 * min, [3]),
      createdAt: now - 6 * min,
    }),
    run({
      id: 'r-gzip',
      name: 'dump.sql',
      status: 'completed',
      workflowId: 'gzip',
      taskLabel: 'Gzip',
      totalBytes: 300 * MiB,
      bytesDone: 300 * MiB,
      percent: 100,
      summary: '300 MiB → 41.2 MiB (13.7%)',
      hasOutputFile: true,
      checkpoints: checkpoints(2, 300 * MiB, now - 60 * min),
      createdAt: now - 7 * min,
    }),
    run({
      id: 'r-incompatible',
      name: 'old-run.bin',
      status: 'incompatible',
      message:
        'This run was saved by SHA-256 version 2 and cannot be continued by SHA-256 version 1. Start it again to get a result.',
      errorCode: 'incompatible-checkpoint',
      canRunAgain: true,
      checkpoints: checkpoints(1, 0, now - 3 * 86_400_000),
      createdAt: now - 8 * min,
    }),
    run({ id: 'r-queued', name: 'queued.bin', status: 'queued', createdAt: now - 9 * min }),
    ...resultRuns(run, now),
    ...detailRuns(run, now),
    run({
      id: 'r-canceled',
      name: 'canceled.bin',
      status: 'canceled',
      percent: 12,
      bytesDone: 60 * MiB,
      createdAt: now - 10 * min,
    }),
  ];
}
