/** A plain run record for tests that write the stores directly (no engine, no input file). */
import { FORMAT_VERSION, type RunRecord } from '../../../src/engine/records';

export function runFixture(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    format: FORMAT_VERSION,
    id: 'r1',
    workflowId: 'w',
    workflowVersion: 1,
    params: {},
    input: { name: 'f', size: 1000, lastModified: 0, type: '', mode: 'opfs', imported: 1000 },
    status: 'running',
    stepIndex: 0,
    outputs: {},
    progress: { done: 0, total: 1000 },
    chunkSize: 100,
    createdAt: 1,
    updatedAt: 1,
    lastSeq: 0,
    kept: [],
    failedChunks: [],
    crashes: { count: 0, seq: 0 },
    stats: { processedBytes: 0, workMs: 0 },
    events: [],
    retries: 0,
    ...patch,
  };
}
