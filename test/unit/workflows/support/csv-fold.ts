/**
 * Runs the CSV profile fold the way the engine does (consecutive pieces, checkpoints at random
 * points) while measuring each checkpoint's serialised size, so tests can bound the state.
 */
import { serialize } from 'node:v8';
import { WaymarkError } from '../../../../src/engine/errors';
import type { FoldContext, FoldStep } from '../../../../src/engine/workflow';
import {
  type CsvParams,
  type CsvProfileResult,
  csvProfileWorkflow,
} from '../../../../src/workflows';
import { rng } from '../../helpers/drive';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the step's state is opaque here
const step = csvProfileWorkflow.steps[0] as FoldStep<CsvParams, any, CsvProfileResult, unknown>;

export interface FoldRun {
  error?: WaymarkError;
  result?: CsvProfileResult;
  /** Serialised size of the largest checkpoint taken. */
  maxSnapshot: number;
  /** Bytes fed when the run stopped. */
  fed: number;
}

/**
 * Runs the fold over `bytes` in pieces, measuring the checkpoint (v8 serialise, as structured
 * clone) after a share `measure` of them (1: every piece; serialising a large state after every
 * tiny piece would be quadratic) and round-tripping a fifth of that share.
 */
export async function runFold(
  bytes: Uint8Array,
  pieceSize: (random: () => number) => number,
  params: Partial<CsvParams> = {},
  seed = 1,
  measure = 1,
): Promise<FoldRun> {
  const random = rng(seed);
  const p = { ...csvProfileWorkflow.params.defaults, ...params };
  const base = {
    params: p,
    runId: 'r',
    outputs: {},
    input: { size: bytes.length, read: async (a: number, b: number) => bytes.slice(a, b) },
    output: undefined as never,
  };
  let state = await step.init(p, base);
  let maxSnapshot = 0;
  let offset = 0;
  try {
    while (offset < bytes.length) {
      const end = Math.min(bytes.length, offset + pieceSize(random));
      const ctx: FoldContext<CsvParams> = { ...base, offset };
      state = await step.update(state, bytes.slice(offset, end), ctx);
      offset = end;
      if (measure >= 1 || random() < measure)
        maxSnapshot = Math.max(maxSnapshot, serialize(await step.save!(state)).length);
      if (random() < 0.2 * measure)
        state = await step.load!(structuredClone(await step.save!(state)), p);
    }
    return { result: await step.finish(state, base), maxSnapshot, fed: offset };
  } catch (e) {
    if (!(e instanceof WaymarkError)) throw e;
    return { error: e, maxSnapshot, fed: offset };
  }
}
