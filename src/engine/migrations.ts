/**
 * Record format migrations, applied on read (and once, in bulk, by the IndexedDB upgrade).
 * Each entry upgrades a record from format N to N + 1; a chain of them brings any older record
 * up to FORMAT_VERSION. Format 1 was the hashing slice: one fold step and a flat checkpoint.
 * Format 3 gave runs an event log; checkpoints and chunks kept their format-2 shape.
 */
import { WaymarkError } from './errors';
import { FORMAT_VERSION } from './records';
import type { CheckpointRecord, RunRecord, ChunkRecord } from './records';
import type { RunEvent } from './event-log';
import { DEFAULT_CHUNK_SIZE } from './workflow';

type Rec = Record<string, unknown>;

/** The v1 run as the hashing slice wrote it. */
export interface RunRecordV1 {
  format: 1;
  id: string;
  workflowId: string;
  params: unknown;
  input: {
    name: string;
    size: number;
    lastModified: number;
    type: string;
    opfsPath?: string;
    imported: number;
  };
  status: RunRecord['status'];
  bytesDone: number;
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
  result?: unknown;
  error?: string;
}

/** The v1 checkpoint: a fold over the whole input with the hasher's saved state. */
export interface CheckpointRecordV1 {
  format: 1;
  runId: string;
  seq: number;
  at: number;
  reason: CheckpointRecord['reason'];
  workflowId: string;
  offset: number;
  hasherState: Uint8Array;
}

/** The step id the v1 hash workflows used for their single fold step. */
export const V1_HASH_STEP_ID = 'hash';

/** The format-2 run: today's without the event log. */
export type RunRecordV2 = Omit<RunRecord, 'format' | 'events' | 'retries'> & { format: 2 };

const runMigrations: Record<number, (r: Rec) => Rec> = {
  1: (r) => {
    const v1 = r as unknown as RunRecordV1;
    const done = v1.status === 'completed';
    const run: RunRecordV2 = {
      format: 2,
      id: v1.id,
      workflowId: v1.workflowId,
      workflowVersion: 1,
      params: v1.params ?? {},
      input: { ...v1.input, mode: 'opfs' },
      status: v1.status,
      stepIndex: done ? 1 : 0,
      outputs: done ? { [V1_HASH_STEP_ID]: v1.result } : {},
      progress: { done: v1.bytesDone, total: v1.input.size },
      chunkSize: DEFAULT_CHUNK_SIZE,
      createdAt: v1.createdAt,
      updatedAt: v1.updatedAt,
      result: v1.result,
      error: v1.error ? { code: 'internal', message: v1.error, details: {} } : undefined,
      lastSeq: v1.lastSeq,
      // v1 kept no retention list; the bulk upgrade rebuilds it from the stored checkpoints.
      kept: [],
      failedChunks: [],
      crashes: { count: 0, seq: v1.lastSeq },
      stats: { processedBytes: v1.bytesDone, workMs: 0 },
    };
    return run as unknown as Rec;
  },
  2: (r) => {
    // A format-2 run kept no log: what its record still says (when it was started, and when it
    // completed) is its log's start, so that an older run does not show an empty history.
    const v2 = r as unknown as RunRecordV2;
    const events: RunEvent[] = [{ at: v2.createdAt, kind: v2.parent ? 'forked' : 'started' }];
    if (v2.parent) events[0].detail = `checkpoint ${v2.parent.seq}`;
    if (v2.status === 'completed' && v2.finishedAt !== undefined)
      events.push({ at: v2.finishedAt, kind: 'completed' });
    const run: RunRecord = { ...v2, format: 3, events, retries: 0 };
    return run as unknown as Rec;
  },
};

const checkpointMigrations: Record<number, (r: Rec) => Rec> = {
  1: (r) => {
    const v1 = r as unknown as CheckpointRecordV1;
    const cp: CheckpointRecord = {
      format: 2,
      runId: v1.runId,
      seq: v1.seq,
      at: v1.at,
      reason: v1.reason,
      workflowId: v1.workflowId,
      workflowVersion: 1,
      stepIndex: 0,
      stepId: V1_HASH_STEP_ID,
      bytesDone: v1.offset,
      state: { kind: 'fold', offset: v1.offset, snap: v1.hasherState },
      outputs: {},
      stats: { processedBytes: v1.offset, workMs: 0 },
      pinned: false,
      boundary: false,
    };
    return cp as unknown as Rec;
  },
};

const chunkMigrations: Record<number, (r: Rec) => Rec> = {};

function migrate<T>(rec: unknown, table: Record<number, (r: Rec) => Rec>, what: string): T {
  let r = rec as Rec;
  let format = typeof r.format === 'number' ? r.format : 1;
  if (format > FORMAT_VERSION)
    throw new WaymarkError('format-too-new', { detail: `${what} ${format}` });
  while (format < FORMAT_VERSION) {
    const step = table[format];
    // No migration means the shape did not change for this kind of record.
    r = step ? step(r) : { ...r, format: format + 1 };
    format = r.format as number;
  }
  return r as T;
}

/** Upgrades a run record of any older format. Throws format-too-new for newer ones. */
export const migrateRun = (rec: unknown): RunRecord =>
  migrate<RunRecord>(rec, runMigrations, 'run');
/** Upgrades a checkpoint record of any older format. */
export const migrateCheckpoint = (rec: unknown): CheckpointRecord =>
  migrate<CheckpointRecord>(rec, checkpointMigrations, 'checkpoint');
/** Upgrades a chunk ledger record of any older format. */
export const migrateChunk = (rec: unknown): ChunkRecord =>
  migrate<ChunkRecord>(rec, chunkMigrations, 'chunk');
