/**
 * The app state the views read (Svelte 5 runes) and the actions they call. It listens to
 * engine events and re-reads storage through the engine; the views never touch IndexedDB.
 */
import {
  WaymarkError,
  toWaymarkError,
  type AnyWorkflow,
  type Engine,
  type RunRecord,
} from '../engine';

import { saveBlob, resultDocument } from './download';
import { checkExpected, digestsOf } from './expected-hash';
import { RunNotes } from './run-notes';
import { ResultCache, type RunResult } from './result-cache';
import { CheckpointLists } from './checkpoint-lists';
import { LiveRuns } from './live-runs';
import { toRunView } from './run-view';
import { saveSettings, settingsProblem, toEngineSettings, withSettingParams } from './settings';
import { checkCopyFits, checkStorageFor, storageView } from './storage';
import { Throttle } from './throttle';
import { taskMenu } from './task-menu';
import { RecoveryNotes } from './recovery-notice';
import type { AppApi, QuotaOffer, RunView, SettingsView, StorageView, TaskOption } from './types';

/** How often live progress reaches the views (ms). */
const PROGRESS_RENDER_MS = 250;
/** The storage view follows run events at most this often (ms). */
const STORAGE_REFRESH_MS = 1000;

/** A start held back by the quota, for "Read from the original file". */
interface HeldStart {
  file: File;
  taskId: string;
  params: Record<string, unknown>;
  handle?: FileSystemFileHandle;
  producesFile: boolean;
}

export interface AppDeps {
  engine: Engine;
  /** The registry's list: every workflow the engine runs (the menu shows them by group). */
  workflows: readonly AnyWorkflow[];
  settings: SettingsView;
  opfs: boolean;
  applyUpdate?: () => Promise<void>;
}

/* eslint-disable svelte/prefer-svelte-reactivity --
 * The maps below are deliberately plain: events mutate them at high rate and `render()` copies
 * them into the reactive `runs` at most once per frame. */
export class AppStore implements AppApi {
  runs = $state<RunView[]>([]);
  settings = $state<SettingsView>() as SettingsView;
  storage = $state<StorageView>({ usage: undefined, quota: undefined, persisted: undefined });
  recoveryNotice = $state<string | undefined>();
  recoveryLines = $state<readonly string[]>([]);
  updateAvailable = $state(false);
  banner = $state<string | undefined>();
  formError = $state<string | undefined>();
  quotaOffer = $state<QuotaOffer | undefined>();
  /** The Task menu; the 'Developer' group only with the "Developer tasks" setting on. */
  readonly tasks: TaskOption[] = $derived.by(() =>
    taskMenu(this.d.workflows, this.settings.developerTasks),
  );

  private records = new Map<string, RunRecord>();
  /** Completed runs' results, the same object while a run's result is (result-cache.ts). */
  private results = new ResultCache();
  private readonly notes: RunNotes;
  private readonly recovery = new RecoveryNotes();
  private readonly live = new LiveRuns();
  private readonly cps: CheckpointLists;
  private renderQueued = false;
  private renderDelay = 0;
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  private byId: Map<string, AnyWorkflow>;
  private held: HeldStart | undefined;
  private readonly storageRefresh = new Throttle(STORAGE_REFRESH_MS, () => this.readStorage());

  constructor(private readonly d: AppDeps) {
    this.settings = d.settings;
    this.notes = new RunNotes(d.engine.store);
    this.cps = new CheckpointLists(d.engine, () => this.render());
    // No storage reads while the page is hidden or going away: the page-hide checkpoint must
    // not queue behind one (and nobody sees the view then).
    if (typeof document !== 'undefined') {
      const follow = () =>
        document.visibilityState === 'hidden'
          ? this.storageRefresh.hold()
          : this.storageRefresh.resume();
      document.addEventListener('visibilitychange', follow);
      window.addEventListener('pagehide', () => {
        this.storageRefresh.hold();
        void this.notes.flush().catch(() => undefined);
      });
      window.addEventListener('pageshow', follow);
    }
    this.byId = new Map(d.workflows.map((w) => [w.id, w]));
    d.engine.bus.on((e) => {
      if (e.type === 'run') {
        this.records.set(e.run.id, e.run);
        this.cps.keep(e.run);
        this.live.run(e.run);
      } else if (e.type === 'progress') {
        this.live.progress(e.progress);
      } else if (e.type === 'copy') {
        this.live.copy(e.progress);
      } else if (e.type === 'chunk') {
        this.live.chunk(e.runId, e.stepIndex, e.index, e.status);
      } else if (e.type === 'checkpoint') {
        this.cps.add(e.runId, e.checkpoint);
      } else if (e.type === 'deleted') {
        this.records.delete(e.runId);
        this.live.delete(e.runId);
        this.cps.delete(e.runId);
        this.notes.remove(e.runId);
      } else if (e.type === 'recovered' && !e.remote) {
        // Another tab's start-up is relayed too; only this tab's own recovery is its news.
        this.recoveryNotice = this.recovery.note(e);
      } else if (e.type === 'quarantined') {
        this.banner = `A damaged ${e.store} record was set aside (${e.reason}). Everything else is fine.`;
      }
      if (this.changesStorage(e)) this.storageRefresh.ask();
      // Status changes show at once; progress at most a few times a second, so that the page
      // does not take CPU from the workers (a 2-core machine has none to spare).
      this.render(
        e.type === 'run' || e.type === 'deleted' || e.type === 'recovered' ? 0 : PROGRESS_RENDER_MS,
      );
    });
  }

  /** Loads every run from storage (start-up, and after a reload of the list). */
  async load(): Promise<void> {
    for (const r of await this.d.engine.store.listRuns()) this.records.set(r.id, r);
    await Promise.all([...this.records.keys()].map((id) => this.cps.load(id)));
    await this.notes.load(this.records.keys());
    this.render();
    await this.refreshStorage();
  }

  /** Reads storage now (the view also follows run events by itself, at most once a second). */
  refreshStorage(): Promise<void> {
    return this.storageRefresh.run();
  }

  private async readStorage(): Promise<void> {
    const report = await this.d.engine.storage.report().catch((e: unknown) => {
      console.warn(e);
      return undefined;
    });
    this.storage = await storageView(report);
    if (report) this.cps.sized(report);
    this.render();
  }

  /** Events after which what is stored differs: the copy grows, outputs, records, deletes. */
  private changesStorage(e: Parameters<Parameters<Engine['bus']['on']>[0]>[0]): boolean {
    if (e.type === 'run' || e.type === 'deleted' || e.type === 'checkpoint' || e.type === 'copy')
      return true;
    if (e.type !== 'progress') return false;
    if (e.progress.status === 'importing') return true;
    const r = this.records.get(e.progress.runId);
    return !!(r && this.byId.get(r.workflowId)?.outputFile);
  }

  /** Recomputes the views within `delay` ms (coalescing everything that arrives meanwhile). */
  private render(delay = 0): void {
    if (this.renderQueued && delay >= this.renderDelay) return;
    if (this.renderTimer !== undefined) clearTimeout(this.renderTimer);
    this.renderQueued = true;
    this.renderDelay = delay;
    const flush = () => {
      this.renderQueued = false;
      this.renderTimer = undefined;
      this.runs = [...this.records.values()]
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((r) =>
          toRunView(
            r,
            this.byId.get(r.workflowId),
            this.live.get(r.id),
            this.cps.get(r.id),
            ['running', 'importing', 'queued'].includes(r.status) && !this.d.engine.owns(r.id),
            this.resultOf(r),
            this.notes.get(r.id)?.expected,
            this.live.speed(r.id),
          ),
        );
      if (this.recoveryNotice) {
        // From the runs as they stand now: a resumed run may since have found it cannot go on.
        const views = new Map(this.runs.map((v) => [v.id, v]));
        this.recoveryNotice =
          this.recovery.summary(this.recoveryNotice, (id) => views.get(id)) ?? this.recoveryNotice;
        this.recoveryLines = this.recoveryLinesNow();
      }
    };
    this.renderTimer = setTimeout(flush, delay);
  }

  private resultOf(r: RunRecord): RunResult | undefined {
    if (r.status !== 'completed') return undefined;
    return this.results.of(r, this.byId.get(r.workflowId));
  }

  setExpected(id: string, text: string): void {
    this.notes.setExpected(id, text);
    this.render();
  }

  private async act(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.formError = undefined;
    } catch (e) {
      const err = toWaymarkError(e);
      this.formError = err.message;
      console.error(err);
    }
  }

  async start(
    file: File,
    taskId: string,
    params: Record<string, unknown>,
    handle?: FileSystemFileHandle,
  ): Promise<void> {
    await this.act(async () => {
      const w = this.byId.get(taskId);
      if (!w) throw new WaymarkError('unknown-workflow', { detail: taskId });
      const mode =
        this.settings.inputMode === 'handle' && handle
          ? 'handle'
          : this.settings.inputMode === 'repick' || !this.d.opfs
            ? 'repick'
            : this.settings.inputMode === 'handle'
              ? 'repick'
              : 'opfs';
      const merged = withSettingParams(w.params.fromSettings, this.settings, params);
      this.quotaOffer = undefined;
      const copies = mode === 'opfs' && !(await this.d.engine.storage.hasCopyOf(file));
      const producesFile = !!w.outputFile;
      if (copies) {
        try {
          await checkCopyFits(file.size, producesFile);
        } catch (e) {
          // Said before starting, with the way out: read the original file instead of a copy.
          this.held = { file, taskId, params: merged, handle, producesFile };
          this.quotaOffer = {
            message: toWaymarkError(e).message,
            mode: handle ? 'handle' : 'repick',
          };
          return;
        }
      }
      const why = await checkStorageFor(file.size, copies, producesFile);
      if (why) this.recoveryNotice = why;
      await this.d.engine.start(taskId, file, merged, { mode, handle });
      await this.refreshStorage();
    });
  }

  async readFromOriginal(): Promise<void> {
    await this.act(async () => {
      const h = this.held;
      const offer = this.quotaOffer;
      if (!h || !offer) return;
      this.held = undefined;
      this.quotaOffer = undefined;
      const why = await checkStorageFor(h.file.size, false, h.producesFile);
      if (why) this.recoveryNotice = why;
      await this.d.engine.start(h.taskId, h.file, h.params, { mode: offer.mode, handle: h.handle });
    });
  }

  dismissQuotaOffer(): void {
    this.held = undefined;
    this.quotaOffer = undefined;
  }

  /** Rejects (for the run's own message) when the file is not the run's, or none is left. */
  async runAgain(id: string, file?: File, params?: Record<string, unknown>): Promise<void> {
    await this.d.engine.runAgain(id, file, params);
  }

  freeInputCopies = () => this.act(() => this.d.engine.storage.freeInputCopies());
  deleteCompleted = () => this.act(() => this.d.engine.storage.deleteCompleted());

  pause = (id: string) => this.act(() => this.d.engine.pause(id));
  resume = (id: string) => this.act(() => this.d.engine.resume(id));
  cancel = (id: string) => this.act(() => this.d.engine.cancel(id));
  retryFailed = (id: string) => this.act(() => this.d.engine.retryFailed(id));
  remove = (id: string) => this.act(() => this.d.engine.remove(id));
  repick = (id: string, file: File) => this.act(() => this.d.engine.repick(id, file));
  grantAccess = (id: string) => this.act(() => this.d.engine.grantAccess(id));
  // With a file (the run's copy is gone) a refusal is the run's to show: it rejects.
  restore = (id: string, seq: number, file?: File) =>
    file ? this.d.engine.restore(id, seq, file) : this.act(() => this.d.engine.restore(id, seq));
  fork = async (id: string, seq: number, file?: File) => {
    if (file) await this.d.engine.fork(id, seq, file);
    else await this.act(() => this.d.engine.fork(id, seq));
  };
  pin = (id: string, seq: number, pinned: boolean) =>
    this.act(async () => {
      await this.d.engine.pin(id, seq, pinned);
      await this.cps.load(id);
      this.render();
    });
  checkpointNow = (id: string) => this.act(() => this.d.engine.checkpointNow(id));

  async downloadResult(id: string): Promise<void> {
    const r = this.records.get(id);
    if (!r || r.status !== 'completed') return;
    const w = this.byId.get(r.workflowId);
    const check = checkExpected(this.notes.get(id)?.expected ?? '', digestsOf(r.result));
    const doc = resultDocument(w?.label ?? r.workflowId, r.params, r.input, r.result, check);
    saveBlob(
      new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }),
      `${r.input.name}.${r.workflowId}.json`,
    );
  }

  async downloadOutput(id: string): Promise<void> {
    await this.act(async () => {
      const r = this.records.get(id);
      const out = r && this.byId.get(r.workflowId)?.outputFile?.(r.outputs, r.input.name);
      if (!r || !out) return;
      saveBlob(await this.d.engine.outputBlob(id, out.parts, out.type), out.name);
    });
  }

  async updateSettings(patch: Partial<SettingsView>): Promise<void> {
    const next = { ...this.settings, ...patch };
    const problem = settingsProblem(next);
    if (problem) {
      this.formError = problem;
      return;
    }
    this.settings = next;
    this.d.engine.updateSettings(toEngineSettings(next));
    await saveSettings(this.d.engine.store, next);
    this.formError = undefined;
  }

  async applyUpdate(): Promise<void> {
    await this.d.applyUpdate?.();
  }

  clearFormError(): void {
    this.formError = undefined;
  }

  private recoveryLinesNow(): string[] {
    const views = new Map(this.runs.map((v) => [v.id, v]));
    return this.recovery.lines(
      (id) => this.records.get(id),
      (id) => views.get(id),
      (id) => this.byId.get(id),
    );
  }

  dismissRecoveryNotice(): void {
    this.recoveryNotice = undefined;
    this.recoveryLines = [];
    this.recovery.clear();
  }
}
