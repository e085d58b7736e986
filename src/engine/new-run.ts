/** What a new run is: its parameters checked against its workflow, and its first record. */
import { WaymarkError } from './errors';
import { FORMAT_VERSION, type Fingerprint, type InputMode, type RunRecord } from './records';
import { INITIAL_STATUS } from './run-status';
import type { ParamSpec } from './workflow';

/** The workflow's defaults with `params` over them, validated; refusals are `invalid-params`. */
export function checkParams(spec: ParamSpec<unknown>, params: unknown): unknown {
  const merged = { ...(spec.defaults as object), ...(params as object) };
  try {
    return spec.validate ? spec.validate(merged) : merged;
  } catch (e) {
    throw e instanceof WaymarkError
      ? e
      : new WaymarkError('invalid-params', { detail: (e as Error).message }, { cause: e });
  }
}

export interface NewRun {
  id: string;
  workflow: { id: string; version: number };
  params: unknown;
  file: Blob & { name?: string; lastModified?: number };
  fingerprint: Fingerprint;
  mode: InputMode;
  handle?: FileSystemFileHandle;
  /** Fixed for the run's life, so that ledger indices keep their meaning. */
  chunkSize: number;
}

/** The record of a run that has not begun: queued, at step 0, with no checkpoint. */
export function newRunRecord(n: NewRun): RunRecord {
  const { id, file, mode } = n;
  const now = Date.now();
  return {
    format: FORMAT_VERSION,
    id,
    workflowId: n.workflow.id,
    workflowVersion: n.workflow.version,
    params: n.params,
    input: {
      name: file.name ?? 'input',
      size: file.size,
      lastModified: file.lastModified ?? 0,
      type: file.type,
      mode,
      imported: 0,
      // The copy's path is chosen where the record is committed (`input-copies.ts` putNewRun).
      opfsPath: undefined,
      handle: mode === 'handle' ? n.handle : undefined,
      fingerprint: n.fingerprint,
    },
    status: INITIAL_STATUS,
    stepIndex: 0,
    outputs: {},
    progress: { done: 0, total: file.size },
    chunkSize: n.chunkSize,
    createdAt: now,
    updatedAt: now,
    lastSeq: 0,
    kept: [],
    failedChunks: [],
    crashes: { count: 0, seq: 0 },
    stats: { processedBytes: 0, workMs: 0 },
    events: [{ at: now, kind: 'started' }],
    retries: 0,
  };
}
