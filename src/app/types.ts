/**
 * What the views see of the app: plain data plus actions. Views never touch IndexedDB or the
 * engine directly; `src/app/store.svelte.ts` implements this on top of the engine.
 */

import type { RunStatus } from '../engine/records';
import type { ParamField, WorkflowGroup } from '../engine/workflow';
import type { HashCheck } from './expected-hash';
import type { RunResult } from './run-result';

export type { RunStatus };

/** The state word shown inside a run (automation contract). */
export const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  importing: 'Importing',
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  incompatible: 'Incompatible',
};

export interface CheckpointView {
  seq: number;
  at: number; // epoch ms
  reason: string; // interval, step-complete, pause, manual, page-hidden, before-update, restore, fork…
  stepId: string;
  /** The step it stands at; the workflow's step count once every step is done. */
  stepIndex: number;
  bytesDone: number;
  pinned: boolean;
  /** Kept because it ends a step (retention never prunes it). */
  boundary: boolean;
  /** Estimated bytes of its stored record, once the storage report has counted it. */
  bytes?: number;
}

/** What the run needs from the user before it can go on. */
export type RunNeed =
  | { kind: 'repick'; expected: { name: string; size: number; lastModified: number } }
  | { kind: 'grant-access' }
  | undefined;

export interface RunView {
  id: string;
  workflowId: string;
  taskLabel: string;
  params: Record<string, unknown>;
  /** `copied`: bytes of the private copy made so far (mode 'opfs'; it may run behind processing). */
  input: { name: string; size: number; mode: 'opfs' | 'handle' | 'repick'; copied?: number };
  status: RunStatus;
  /** 0–100 overall progress. */
  percent: number;
  bytesDone: number;
  totalBytes: number;
  /** Current step id and its position, e.g. "map 1/2". */
  step: { id: string; index: number; count: number };
  /** Bytes per second over the last few seconds, while running. */
  throughput: number | undefined;
  /** Seconds left, while running. */
  etaSeconds: number | undefined;
  /** Human message: why it is paused/interrupted/failed, or what it needs. */
  message: string | undefined;
  errorCode: string | undefined;
  need: RunNeed;
  /** Human summary of the result, once completed. */
  summary: string | undefined;
  hasOutputFile: boolean;
  failedChunks: number[];
  /**
   * Chunk map of the current (or, once completed, the last) map step: one byte per chunk, the
   * index of its state in {@link CHUNK_CODES}. Bytes, not an array of words: a 100 GB input has
   * 100,000 chunks, and a typed array is neither a deep reactive proxy nor 100,000 strings.
   */
  chunkMap: Uint8Array | undefined;
  /** The kind of the step shown (the fold strip is drawn for 'fold'). */
  stepKind: 'fold' | 'map' | 'task' | undefined;
  /** What happened to the run, oldest first (the engine keeps the last 50). */
  events: readonly RunEventView[];
  /** Counters of the run detail. */
  counters: RunCounters;
  /** True when another tab runs this run (its progress is relayed). */
  ownedElsewhere: boolean;
  checkpoints: CheckpointView[];
  createdAt: number;
  updatedAt: number;
  /** The run this one was forked from, and that run's checkpoint it started at. */
  forkOf?: { runId: string; seq: number };
  /**
   * The run has no input copy any more (released when it completed, freed, or it never had
   * one): Restore, Fork and "Run again" ask for the file first.
   */
  copyGone: boolean;
  /** Offer "Run again" (a finished run whose copy is gone). */
  canRunAgain: boolean;
  /** The completed run's result for its result view (src/ui/results/). */
  result: RunResult | undefined;
  /** A completed run's time from Start to Completed and the input's average speed over it. */
  duration: { ms: number; bytesPerSecond: number | undefined } | undefined;
  /** The sparkline: the run's speed while this page watched it; undefined before two samples. */
  speed: SpeedView | undefined;
  /** What the user typed in "Expected hash" (kept with the run). */
  expected: string;
  /** That text compared with the run's digests (completed digest runs with text typed). */
  hashCheck: HashCheck | undefined;
}

/** A run's speed over time, all workers together, in bytes per second. */
export interface SpeedView {
  /** One value per stretch of time, oldest first (at most 120: merged as the run goes on). */
  rates: readonly number[];
  /** Over the last few seconds; undefined once the run has stopped. */
  now: number | undefined;
  /** Bytes over time across everything recorded. */
  average: number | undefined;
  peak: number | undefined;
  /** The time the values cover (ms). */
  spanMs: number;
}

/** A chunk's state in the chunk map. */
export type ChunkState = 'pending' | 'running' | 'done' | 'retrying' | 'failed';
/** `RunView.chunkMap` byte → state. */
export const CHUNK_CODES: readonly ChunkState[] = [
  'pending',
  'running',
  'done',
  'retrying',
  'failed',
];
/** State → `RunView.chunkMap` byte. */
export const CHUNK_CODE = Object.fromEntries(CHUNK_CODES.map((s, i) => [s, i])) as Record<
  ChunkState,
  number
>;

/** One entry of a run's event log, as the detail shows it. */
export interface RunEventView {
  at: number;
  /** "Paused", "Retried chunk 5", "Recovered after a reload, from checkpoint 4"… */
  text: string;
  kind: string;
}

export interface RunCounters {
  /** Chunks done and in all, for a map step. */
  chunks: { done: number; total: number } | undefined;
  /** Retries logged (of chunks or fold sessions). */
  retries: number;
  /** Checkpoints written in the run's life (its highest number), and how many are kept. */
  checkpointsWritten: number;
  /** Bytes processed beyond the input's size over all steps: work redone after recoveries. */
  redoneBytes: number;
}

/** A task the "Task" menu offers, as its workflow describes itself. */
export interface TaskOption {
  id: string;
  label: string;
  description: string;
  group: WorkflowGroup;
  /** Its options, rendered generically (src/ui/TaskOptions.svelte), in order. */
  fields: readonly ParamField<unknown>[];
  /** The values the fields start with. */
  defaults: Readonly<Record<string, unknown>>;
  /** Its own chunk size (bytes) and checkpoint interval (ms): what "each task's own" means. */
  chunkSize: number;
  checkpointEveryMs: number;
}

export interface SettingsView {
  /** null: each task's own (its workflow's chunk size); a number applies to every task. */
  chunkSizeMiB: number | null;
  /** null: each task's own checkpoint interval; a number applies to every task. */
  checkpointEveryMs: number | null;
  keepCheckpoints: number;
  workers: number;
  resumeAutomatically: boolean;
  inputMode: 'opfs' | 'handle' | 'repick';
  /** Keep input copies after a run completes (for running again without the file). */
  keepInputCopies: boolean;
  searchLineCap: number;
  /** Offer the 'Developer' group (the engine's example workflow) in the Task menu. */
  developerTasks: boolean;
}

export interface StorageView {
  usage: number | undefined;
  quota: number | undefined;
  persisted: boolean | undefined;
  /** What the engine keeps, by run; undefined until first read. */
  report?: StorageReportView;
}

/** One run's row in the storage table. */
export interface RunStorageView {
  runId: string;
  name: string;
  status: RunStatus;
  /** Input copy bytes; a shared copy shows its size at each run that shares it. */
  copy: number;
  shared: boolean;
  released: boolean;
  outputs: number;
  records: number;
}

export interface StorageReportView {
  runs: RunStorageView[];
  /** Totals: shared copies counted once. */
  copies: number;
  outputs: number;
  records: number;
  /** What "Free input copies" and "Delete completed runs" would free. */
  freeInputCopies: number;
  deleteCompleted: number;
}

/** A start the quota would not let copy: the user may read from the original file instead. */
export interface QuotaOffer {
  message: string;
  /** "Read from the original file" reads it through a file handle, or asks for it on reload. */
  mode: 'handle' | 'repick';
}

/** The app as the views use it. */
export interface AppApi {
  /** The Task menu: grouped by `group`, in menu order. */
  readonly tasks: TaskOption[];
  readonly runs: RunView[];
  readonly settings: SettingsView;
  readonly storage: StorageView;
  /** Set after start-up when runs were resumed (or found) after a reload/crash. */
  readonly recoveryNotice: string | undefined;
  /** Beside the notice, one line per run recovery found: "⟨name⟩ (⟨task⟩): what became of it". */
  readonly recoveryLines: readonly string[];
  /** Set when a new app version is waiting. */
  readonly updateAvailable: boolean;
  /** Set when something app-wide needs saying (e.g. blocked database upgrade). */
  readonly banner: string | undefined;
  /** Last error from an action (e.g. invalid regex), shown near the Start button. */
  readonly formError: string | undefined;
  /** Set when the last start would not fit as a copy (see {@link QuotaOffer}). */
  readonly quotaOffer: QuotaOffer | undefined;

  start(
    file: File,
    taskId: string,
    params: Record<string, unknown>,
    handle?: FileSystemFileHandle,
  ): Promise<void>;
  pause(runId: string): Promise<void>;
  resume(runId: string): Promise<void>;
  cancel(runId: string): Promise<void>;
  retryFailed(runId: string): Promise<void>;
  remove(runId: string): Promise<void>;
  repick(runId: string, file: File): Promise<void>;
  grantAccess(runId: string): Promise<void>;
  downloadResult(runId: string): Promise<void>;
  downloadOutput(runId: string): Promise<void>;
  /** Keeps what the user typed in a run's "Expected hash" (also in its Download result). */
  setExpected(runId: string, text: string): void;
  /** `file`: the run's file, when its copy is gone (checked against the run first). */
  restore(runId: string, seq: number, file?: File): Promise<void>;
  fork(runId: string, seq: number, file?: File): Promise<void>;
  /**
   * Starts the same task on the run's input, its options changed by `params` (Search's "Load
   * more"). `file` is checked against the run first (another file is refused); without it the
   * run's kept copy is read, and it rejects with code input-missing when the copy is gone.
   */
  runAgain(runId: string, file?: File, params?: Record<string, unknown>): Promise<void>;
  /** Starts the offered run reading from the original file (no copy). */
  readFromOriginal(): Promise<void>;
  dismissQuotaOffer(): void;
  /** Releases the copies of completed runs; resolves once done. */
  freeInputCopies(): Promise<void>;
  deleteCompleted(): Promise<void>;
  pin(runId: string, seq: number, pinned: boolean): Promise<void>;
  checkpointNow(runId: string): Promise<void>;
  updateSettings(patch: Partial<SettingsView>): Promise<void>;
  applyUpdate(): Promise<void>;
  dismissRecoveryNotice(): void;
  /** The user changed the form: the last action's error no longer applies. */
  clearFormError(): void;
}
