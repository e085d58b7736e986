/**
 * A mock AppApi with fake runs in every state, for looking at the views without the engine.
 * Used only by the preview entry (src/ui/preview.html); never by the real app.
 */
import { checkExpected, digestsOf } from '../app/expected-hash';
import { mockStorage } from './mock-storage';
import { resultRuns } from './mock-results';
import { detailRuns, mockChunkMap, mockDetail } from './mock-detail';
import { CHUNK_CODE } from '../app/types';
import { mockRecoveryLines } from './mock-recovery';
import type {
  AppApi,
  QuotaOffer,
  CheckpointView,
  RunStatus,
  RunView,
  SettingsView,
  StorageView,
  TaskOption,
} from '../app/types';
import { taskMenu } from '../app/task-menu';
import { builtinWorkflows } from '../workflows';

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
    });
  }
  return out;
}

const chunkMap = mockChunkMap;

function run(partial: Partial<RunView> & { id: string; name: string; status: RunStatus }): RunView {
  const now = Date.now();
  const size = partial.totalBytes ?? 512 * MiB;
  const { name, ...rest } = partial;
  return {
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
}

function sampleRuns(): RunView[] {
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
      percent: 37,
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
        'This run was saved by an older version of SHA-256 (v1) that cannot be migrated. Start it again.',
      errorCode: 'incompatible-version',
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

export interface MockOptions {
  /** Start with no runs and no notices. */
  empty?: boolean;
}

export class MockApp implements AppApi {
  runs: RunView[] = $state([]);
  settings: SettingsView = $state({
    chunkSizeMiB: 8,
    checkpointEveryMs: 1000,
    keepCheckpoints: 20,
    workers: 2,
    resumeAutomatically: true,
    inputMode: 'opfs',
    keepInputCopies: false,
    searchLineCap: 10000,
    developerTasks: false,
  });
  /** The real registry's menu, so that the preview shows every task's real options. */
  tasks: TaskOption[] = $derived.by(() => taskMenu(builtinWorkflows, this.settings.developerTasks));
  storage: StorageView = $state(mockStorage());
  quotaOffer: QuotaOffer | undefined = $state();
  recoveryNotice: string | undefined = $state();
  recoveryLines: readonly string[] = $state([]);
  updateAvailable = $state(false);
  banner: string | undefined = $state();
  formError: string | undefined = $state();

  constructor(options: MockOptions = {}) {
    if (!options.empty) {
      this.runs = sampleRuns();
      this.recoveryNotice =
        'Resumed 2 unfinished runs from their last checkpoint. 1 run needs your attention.';
      this.recoveryLines = mockRecoveryLines(this.runs);
      this.updateAvailable = true;
      this.banner = 'Another tab is upgrading the database. Close other Waymark tabs to continue.';
    }
  }

  private find(id: string): RunView | undefined {
    return this.runs.find((r) => r.id === id);
  }

  private set(id: string, patch: Partial<RunView>) {
    const r = this.find(id);
    if (r) Object.assign(r, patch, { updatedAt: Date.now() });
  }

  async start(file: File, taskId: string, params: Record<string, unknown>) {
    if (params.regex && typeof params.pattern === 'string') {
      try {
        new RegExp(params.pattern);
      } catch (e) {
        this.formError = `Invalid regular expression: ${(e as Error).message}`;
        return;
      }
    }
    this.formError = undefined;
    const task = this.tasks.find((t) => t.id === taskId);
    this.runs.push(
      run({
        id: `r-${Date.now()}`,
        name: file.name,
        status: 'queued',
        workflowId: taskId,
        taskLabel: task?.label ?? taskId,
        params,
        totalBytes: file.size,
      }),
    );
  }
  async pause(id: string) {
    this.set(id, { status: 'paused', message: 'Paused by you.' });
  }
  async resume(id: string) {
    this.set(id, { status: 'running', message: undefined, need: undefined });
  }
  async cancel(id: string) {
    this.set(id, { status: 'canceled', message: undefined });
  }
  async retryFailed(id: string) {
    this.set(id, { status: 'running', failedChunks: [], message: undefined });
  }
  async remove(id: string) {
    this.runs = this.runs.filter((r) => r.id !== id);
  }
  async repick(id: string, file: File) {
    this.set(id, { status: 'running', need: undefined, message: `Continuing with ${file.name}.` });
  }
  async grantAccess(id: string) {
    this.set(id, { need: undefined, message: undefined });
  }
  async downloadResult() {}
  async downloadOutput() {}
  setExpected(id: string, text: string) {
    const digests = digestsOf(this.find(id)?.result?.value);
    this.set(id, { expected: text, hashCheck: checkExpected(text, digests) });
  }
  async runAgain(id: string, file: File) {
    const r = this.find(id);
    if (r && file.name !== r.input.name)
      throw new Error(
        `That is not the same file (name "${file.name}", expected "${r.input.name}").`,
      );
    if (r) await this.start(file, r.workflowId, r.params);
  }
  async readFromOriginal() {
    this.quotaOffer = undefined;
  }
  dismissQuotaOffer() {
    this.quotaOffer = undefined;
  }
  async freeInputCopies() {}
  async deleteCompleted() {
    this.runs = this.runs.filter((r) => r.status !== 'completed');
  }
  async restore(id: string, seq: number) {
    this.set(id, { message: `Restored to checkpoint ${seq}.` });
  }
  async fork(id: string, seq: number) {
    const r = this.find(id);
    if (r)
      this.runs.push({
        ...$state.snapshot({ ...r, result: undefined }),
        result: r.result,
        id: `${id}-fork-${seq}`,
        createdAt: Date.now(),
      });
  }
  async pin(id: string, seq: number, pinned: boolean) {
    const c = this.find(id)?.checkpoints.find((x) => x.seq === seq);
    if (c) c.pinned = pinned;
  }
  async checkpointNow(id: string) {
    const r = this.find(id);
    if (!r) return;
    const seq = Math.max(0, ...r.checkpoints.map((c) => c.seq)) + 1;
    r.checkpoints.push({
      seq,
      at: Date.now(),
      reason: 'manual',
      stepId: r.step.id,
      stepIndex: r.step.index,
      bytesDone: r.bytesDone,
      pinned: false,
      boundary: false,
    });
  }
  async updateSettings(patch: Partial<SettingsView>) {
    Object.assign(this.settings, patch);
  }
  async applyUpdate() {
    await new Promise((r) => setTimeout(r, 1500));
    this.updateAvailable = false;
  }
  clearFormError(): void {
    this.formError = undefined;
  }

  dismissRecoveryNotice() {
    this.recoveryNotice = undefined;
    this.recoveryLines = [];
  }

  /** Moves running runs forward, as the engine's progress events would. */
  tick(seconds: number) {
    for (const r of this.runs) {
      if (r.status !== 'running' || !r.throughput) continue;
      const bytesDone = Math.min(r.totalBytes, r.bytesDone + r.throughput * seconds);
      const percent = r.totalBytes ? (bytesDone / r.totalBytes) * 100 : 100;
      r.bytesDone = bytesDone;
      r.percent = percent;
      r.etaSeconds = (r.totalBytes - bytesDone) / r.throughput;
      if (r.chunkMap) {
        // A new map, as the app makes one per update (a typed array is not reactive inside).
        const map = r.chunkMap.slice();
        const done = Math.floor((percent / 100) * map.length);
        for (let i = 0; i < done; i++) if (map[i] !== CHUNK_CODE.failed) map[i] = CHUNK_CODE.done;
        r.chunkMap = map;
      }
      if (bytesDone >= r.totalBytes) {
        r.status = 'completed';
        r.summary = 'Done (mock).';
        r.throughput = undefined;
        r.etaSeconds = undefined;
      }
    }
  }
}
