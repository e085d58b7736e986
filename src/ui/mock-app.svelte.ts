/**
 * A mock AppApi with fake runs in every state, for looking at the views without the engine.
 * Used only by the preview entry (src/ui/preview.html); never by the real app.
 */
import { checkExpected, digestsOf } from '../app/expected-hash';
import { mockStorage } from './mock-storage';
import { run, sampleRuns } from './mock-runs';
import { CHUNK_CODE } from '../app/types';
import { mockRecoveryLines } from './mock-recovery';
import type {
  AppApi,
  QuotaOffer,
  RunView,
  SettingsView,
  StorageView,
  TaskOption,
} from '../app/types';
import { taskMenu } from '../app/task-menu';
import { builtinWorkflows } from '../workflows';

export interface MockOptions {
  /** Start with no runs and no notices. */
  empty?: boolean;
}

export class MockApp implements AppApi {
  runs: RunView[] = $state([]);
  settings: SettingsView = $state({
    chunkSizeMiB: null,
    checkpointEveryMs: null,
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
      // As the app settles it: the incompatible run was resumed, then could not go on.
      this.recoveryNotice =
        'Resumed 1 unfinished run from its last checkpoint. 2 runs need your attention.';
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
  async runAgain(id: string, file?: File, params?: Record<string, unknown>) {
    const r = this.find(id);
    if (r && file && file.name !== r.input.name)
      throw new Error(
        `That is not the same file (name "${file.name}", expected "${r.input.name}").`,
      );
    const input = file ?? (r && new File([], r.input.name));
    if (r && input) await this.start(input, r.workflowId, { ...r.params, ...params });
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
