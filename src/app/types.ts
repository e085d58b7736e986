/**
 * What the views see of the app: plain data plus actions. Views never touch IndexedDB or the
 * engine directly; `src/app/store.svelte.ts` implements this on top of the engine.
 */

import type { RunStatus } from '../engine/records';
import type { ParamField, WorkflowGroup } from '../engine/workflow';

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
  bytesDone: number;
  pinned: boolean;
  /** Kept because it ends a step (retention never prunes it). */
  boundary: boolean;
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
  input: { name: string; size: number; mode: 'opfs' | 'handle' | 'repick' };
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
  /** Chunk map: one entry per chunk of the current map step (done/failed/pending/running). */
  chunkMap: ('pending' | 'running' | 'done' | 'failed')[] | undefined;
  /** True when another tab runs this run (its progress is relayed). */
  ownedElsewhere: boolean;
  checkpoints: CheckpointView[];
  createdAt: number;
  updatedAt: number;
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
}

export interface SettingsView {
  chunkSizeMiB: number;
  checkpointEveryMs: number;
  keepCheckpoints: number;
  workers: number;
  resumeAutomatically: boolean;
  inputMode: 'opfs' | 'handle' | 'repick';
  searchLineCap: number;
  /** Offer the 'Developer' group (the engine's example workflow) in the Task menu. */
  developerTasks: boolean;
}

export interface StorageView {
  usage: number | undefined;
  quota: number | undefined;
  persisted: boolean | undefined;
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
  /** Set when a new app version is waiting. */
  readonly updateAvailable: boolean;
  /** Set when something app-wide needs saying (e.g. blocked database upgrade). */
  readonly banner: string | undefined;
  /** Last error from an action (e.g. invalid regex), shown near the Start button. */
  readonly formError: string | undefined;

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
  restore(runId: string, seq: number): Promise<void>;
  fork(runId: string, seq: number): Promise<void>;
  pin(runId: string, seq: number, pinned: boolean): Promise<void>;
  checkpointNow(runId: string): Promise<void>;
  updateSettings(patch: Partial<SettingsView>): Promise<void>;
  applyUpdate(): Promise<void>;
  dismissRecoveryNotice(): void;
  /** The user changed the form: the last action's error no longer applies. */
  clearFormError(): void;
}
