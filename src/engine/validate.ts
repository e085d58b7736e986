/**
 * Validation of records read back from storage. A record that fails is quarantined by the
 * persistence layer, never trusted and never allowed to crash start-up.
 */
import { RUN_STATUSES, type CheckpointRecord, type ChunkRecord, type RunRecord } from './records';

const STATUSES: ReadonlySet<string> = new Set(RUN_STATUSES);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Returns the problem with a run record, or undefined when it is sound. */
export function runProblem(r: unknown): string | undefined {
  if (!isObj(r)) return 'not an object';
  if (!isStr(r.id) || !r.id) return 'missing id';
  if (!isStr(r.workflowId)) return 'missing workflowId';
  if (!isNum(r.workflowVersion)) return 'missing workflowVersion';
  if (!isStr(r.status) || !STATUSES.has(r.status)) return `unknown status ${String(r.status)}`;
  if (!isNum(r.stepIndex) || r.stepIndex < 0) return 'bad stepIndex';
  const input = r.input;
  if (!isObj(input) || !isStr(input.name) || !isNum(input.size) || input.size < 0)
    return 'bad input';
  if (!isObj(r.progress) || !isNum(r.progress.done) || !isNum(r.progress.total))
    return 'bad progress';
  if (!isNum(r.lastSeq) || !Array.isArray(r.kept)) return 'bad checkpoint bookkeeping';
  if (!isNum(r.chunkSize) || r.chunkSize <= 0) return 'bad chunkSize';
  if (!isObj(r.outputs)) return 'bad outputs';
  if (!Array.isArray(r.events) || !isNum(r.retries)) return 'bad event log';
  return undefined;
}

/** Returns the problem with a checkpoint record, or undefined when it is sound. */
export function checkpointProblem(c: unknown): string | undefined {
  if (!isObj(c)) return 'not an object';
  if (!isStr(c.runId) || !isNum(c.seq)) return 'bad key';
  if (!isStr(c.workflowId) || !isNum(c.workflowVersion)) return 'bad workflow';
  if (!isNum(c.stepIndex) || !isStr(c.stepId)) return 'bad step';
  const s = c.state;
  if (!isObj(s) || !isStr(s.kind)) return 'bad state';
  if (s.kind === 'fold' && !isNum(s.offset)) return 'bad fold offset';
  if (s.kind === 'map' && (!isNum(s.prefix) || !Array.isArray(s.doneBeyond)))
    return 'bad map state';
  if (!['start', 'fold', 'map'].includes(s.kind)) return `unknown state ${s.kind}`;
  if (!isObj(c.outputs)) return 'bad outputs';
  return undefined;
}

/** Returns the problem with a chunk ledger record, or undefined when it is sound. */
export function chunkProblem(c: unknown): string | undefined {
  if (!isObj(c)) return 'not an object';
  if (!isStr(c.runId) || !isNum(c.stepIndex) || !isNum(c.index)) return 'bad key';
  if (c.status !== 'done' && c.status !== 'failed') return 'bad status';
  if (c.status === 'done' && !('result' in c)) return 'done without result';
  return undefined;
}

export type { RunRecord, CheckpointRecord, ChunkRecord };
