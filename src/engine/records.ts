/**
 * The shapes stored in IndexedDB. Every record carries `format`, the engine's record format
 * version; `migrations.ts` upgrades older records on read.
 */
import type { SerializedError } from './errors';
import type { RunEvent } from './event-log';

/**
 * The engine's current record format. v1 was the hashing slice's flat fold checkpoint; v3
 * added the run's event log (`RunRecord.events`).
 */
export const FORMAT_VERSION = 3;

/** Every status, in the order a run usually meets them. */
export const RUN_STATUSES = [
  'queued',
  'importing',
  'running',
  'paused',
  'interrupted',
  'completed',
  'failed',
  'canceled',
  'incompatible',
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses in which a run is meant to make progress (its owner must hold its lock). */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'importing', 'running'];
/**
 * Statuses no execution leaves: `resume` refuses them, and only `restore` (or, for an
 * incompatible run, `cancel`) changes them; see `run-status.ts`.
 */
export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'canceled', 'incompatible'];

/** How the input survives a reload. */
export type InputMode = 'opfs' | 'handle' | 'repick';

export interface Fingerprint {
  size: number;
  name: string;
  lastModified: number;
  /** SHA-256 (hex) of the first and of the last 64 KiB. */
  head: string;
  tail: string;
}

export interface InputRecord {
  name: string;
  size: number;
  lastModified: number;
  type: string;
  mode: InputMode;
  /** Bytes already copied into OPFS (mode 'opfs'). */
  imported: number;
  /**
   * OPFS path of the private copy, relative to the engine's root directory: `copies/<key>-<n>`,
   * shared by every run on the same file (`input-copies.ts`), or `runs/<id>/input` (older runs).
   */
  opfsPath?: string;
  /**
   * The run no longer needs its copy (it completed, or its copy was freed): the copy is removed
   * once no run needs it. A run whose copy was released asks for the file to run again.
   */
  released?: boolean;
  /** Kept for mode 'handle' (structured-cloneable in Chromium). */
  handle?: FileSystemFileHandle;
  fingerprint?: Fingerprint;
}

export type CheckpointReason =
  | 'start'
  | 'interval'
  | 'step-complete'
  | 'pause'
  | 'manual'
  | 'page-hidden'
  | 'before-update'
  | 'restore'
  | 'fork'
  | 'final'
  | 'migrated';

/** Where a step stands: the heart of a checkpoint. */
export type StepState =
  | { kind: 'start' }
  | { kind: 'fold'; offset: number; snap: unknown }
  | {
      kind: 'map';
      /** Chunks `[0, prefix)` are combined into `partial`; later done chunks live in the ledger. */
      prefix: number;
      partial: unknown;
      /** Done chunks beyond the prefix when saved (a compact view of the done-bitmap). */
      doneBeyond: number[];
    };

export interface KeptCheckpoint {
  seq: number;
  boundary: boolean;
  pinned: boolean;
}

export interface RunStats {
  /** Bytes processed by step code, counting work redone after faults. */
  processedBytes: number;
  /** Milliseconds spent working (not paused or waiting). */
  workMs: number;
}

export interface RunRecord {
  format: number;
  id: string;
  workflowId: string;
  workflowVersion: number;
  params: unknown;
  input: InputRecord;
  status: RunStatus;
  /** Index of the step in progress (== steps.length once all are done). */
  stepIndex: number;
  /** Outputs of completed steps, by step id. */
  outputs: Record<string, unknown>;
  /** Bytes done of the current step, and its total. */
  progress: { done: number; total: number };
  chunkSize: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  error?: SerializedError;
  /** Why the run waits, in words for people (paused by quota, needs the file again…). */
  message?: string;
  need?: 'repick' | 'grant-access';
  result?: unknown;
  /** The highest checkpoint number written for this run. */
  lastSeq: number;
  /** The checkpoints kept by retention, oldest first. Bounded by retention, not by work. */
  kept: KeptCheckpoint[];
  failedChunks: number[];
  /**
   * Consecutive recoveries from a dead owner without progress in between (crash-loop guard):
   * no new checkpoint since `seq` and no more of the input copied since `imported`.
   */
  crashes: { count: number; seq: number; imported?: number };
  parent?: { runId: string; seq: number };
  stats: RunStats;
  /** What happened to the run, oldest first, bounded (`event-log.ts`). */
  events: RunEvent[];
  /** Failed attempts retried over the run's life (its log keeps only the latest). */
  retries: number;
}

export interface CheckpointRecord {
  format: number;
  runId: string;
  seq: number;
  at: number;
  reason: CheckpointReason;
  workflowId: string;
  workflowVersion: number;
  stepIndex: number;
  stepId: string;
  /** Bytes done of this step when saved. */
  bytesDone: number;
  state: StepState;
  /** Outputs of the steps completed before `stepIndex`. */
  outputs: Record<string, unknown>;
  stats: RunStats;
  pinned: boolean;
  /** Saved at a step boundary: retention keeps it. */
  boundary: boolean;
  parent?: { runId: string; seq: number };
}

export type ChunkStatus = 'done' | 'failed';

/** One map chunk in the ledger. Result and done mark are written in one transaction. */
export interface ChunkRecord {
  format: number;
  runId: string;
  stepIndex: number;
  index: number;
  status: ChunkStatus;
  attempts: number;
  result?: unknown;
  error?: SerializedError;
  bytes: number;
}

export interface QuarantineRecord {
  id?: number;
  store: string;
  key: IDBValidKey;
  value: unknown;
  reason: string;
  at: number;
}

/** Heartbeat lease where Web Locks are missing. */
export interface LeaseRecord {
  runId: string;
  owner: string;
  expiresAt: number;
}
