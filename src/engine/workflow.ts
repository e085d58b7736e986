/**
 * The public workflow API: declare steps, get checkpointing, history, versions and recovery.
 *
 * Step code is pure: it sees bytes, parameters and earlier outputs, never IndexedDB or the DOM.
 * It runs inside workers (or in-process in tests); `combine` for map steps runs in the executor.
 */
import { WaymarkError, type ErrorCode } from './errors';

/** Reads bytes of the run's input. Offsets are absolute byte positions in the input. */
export interface ByteReader {
  /** Total input size in bytes. */
  readonly size: number;
  /** Reads `[start, end)` (clamped to the input). */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Per-run output files (OPFS in the browser). Writes are idempotent: same name, same bytes. */
export interface OutputStore {
  /** Replaces the whole content of output `name`. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Reads output `name` whole (small outputs) — use `blob` for large ones. */
  read(name: string): Promise<Uint8Array>;
  /** A Blob view of output `name`, disk-backed where the platform allows. */
  blob(name: string): Promise<Blob>;
  /** Names of all outputs of this run. */
  list(): Promise<string[]>;
}

/** What every step function receives besides its data. */
export interface StepContext<P> {
  readonly params: P;
  readonly runId: string;
  /** Outputs of the earlier steps of this run, by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly input: ByteReader;
  readonly output: OutputStore;
}

/** Extra context of one map chunk. */
export interface ChunkContext<P> extends StepContext<P> {
  /** Index of the chunk, 0-based. */
  readonly index: number;
  /** Byte range of the chunk in the input, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly chunkCount: number;
  /**
   * What `MapStep.hint` derived from the chunks combined before this one was dispatched
   * (undefined without a hint). Chunks between that prefix and this one may not be combined yet,
   * so a hint may only ever make a chunk keep more than it strictly needs.
   */
  readonly hint?: unknown;
}

/** Extra context of one fold update. */
export interface FoldContext<P> extends StepContext<P> {
  /** Absolute offset of the first byte of this piece. */
  readonly offset: number;
}

/** Runs once; its output is checkpointed when it completes. */
export interface TaskStep<P, R> {
  kind: 'task';
  id: string;
  run(ctx: StepContext<P>): R | Promise<R>;
}

/**
 * Sequential over the input with a serializable state. `update` receives consecutive pieces of
 * the input of any size up to the chunk size; results must not depend on where pieces split.
 */
export interface FoldStep<P, S, R, Snap = S> {
  kind: 'fold';
  id: string;
  init(params: P, ctx: StepContext<P>): S | Promise<S>;
  update(state: S, bytes: Uint8Array, ctx: FoldContext<P>): S | Promise<S>;
  finish(state: S, ctx: StepContext<P>): R | Promise<R>;
  /** Live state → structured-cloneable snapshot (the checkpoint). Default: the state itself. */
  save?(state: S): Snap | Promise<Snap>;
  /** Snapshot → live state. Default: the snapshot itself. */
  load?(snap: Snap, params: P): S | Promise<S>;
}

/**
 * Independent chunks in parallel on the worker pool. `combine` must be associative; the engine
 * applies it in chunk order, starting from `empty`.
 */
export interface MapStep<P, C, R> {
  kind: 'map';
  id: string;
  /**
   * One chunk's result. `bytes` is lent, not given: the host reads later chunks into the same
   * memory once the returned promise settles, so keep (or return) a copy of anything you need
   * after that, never a view of `bytes`.
   */
  map(bytes: Uint8Array, ctx: ChunkContext<P>): C | Promise<C>;
  combine(a: C, b: C, params: P): C;
  empty(params: P): C;
  finish(combined: C, ctx: StepContext<P>): R | Promise<R>;
  /** The error a chunk that keeps missing its deadline fails with (e.g. 'pattern-too-slow'). */
  timeoutError?: ErrorCode;
  /**
   * Optional: a small value computed from the combined prefix when a chunk is dispatched and
   * passed to it as `ctx.hint` — e.g. how many more result lines are still wanted, so that
   * chunks past a full prefix do not ship data that `combine` would drop.
   */
  hint?(combined: C, params: P): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep<P> = TaskStep<P, any> | FoldStep<P, any, any, any> | MapStep<P, any, any>;

/** One choice of a `select` or `multi` parameter field. */
export interface FieldOption {
  value: string;
  /** What users see (for a built-in task: part of the automation contract). */
  label: string;
}

/**
 * One parameter as the app offers it; the UI renders these generically, in order. `key` names
 * the property of the params object the field edits; `label` is its accessible name.
 */
export type ParamField<P> = { key: keyof P & string; label: string; help?: string } & (
  | {
      kind: 'text';
      /** Several lines (e.g. one pattern per line). */
      multiline?: boolean;
      placeholder?: string;
      /** The message shown when the field is left empty, if it must not be. */
      required?: string;
      monospace?: boolean;
    }
  | { kind: 'checkbox' }
  | { kind: 'select'; options: readonly FieldOption[] }
  | { kind: 'number'; min?: number; max?: number; step?: number; integer?: boolean }
  | {
      /** Several of the options at once (the params property is a `string[]`). */
      kind: 'multi';
      options: readonly FieldOption[];
      /** At least this many must be chosen (default 1). */
      min?: number;
    }
);

/** How a workflow's parameters are defaulted and checked before a run starts. */
export interface ParamSpec<P> {
  defaults: P;
  /** The fields the app renders for the params, in order (none: the task has no options). */
  fields?: readonly ParamField<P>[];
  /** Throws a coded WaymarkError naming the problem. */
  validate?(params: P): P;
}

/** Where the app lists a workflow in its "Task" menu. */
export type WorkflowGroup = 'Verify' | 'Analyse' | 'Search' | 'Convert' | 'Developer';

/** Migrates a checkpointed state of an older workflow version, or returns undefined if it can't. */
export type StateMigration = (
  fromVersion: number,
  stepId: string,
  state: unknown,
) => unknown | undefined;

export interface WorkflowDefinition<P, R> {
  /** Stable id, stored with every run and checkpoint. */
  id: string;
  /** Bump when step state or results change shape. */
  version: number;
  /** Human label (the "Task" option label). */
  label: string;
  /** One line saying what the workflow does, shown under the Task menu. */
  description?: string;
  /** The menu group (default 'Analyse'); 'Developer' ones show only with "Developer tasks". */
  group?: WorkflowGroup;
  /** Position within its group (lower first; default 100). */
  order?: number;
  params: ParamSpec<P>;
  steps: AnyStep<P>[];
  /** Chunk size in bytes (default 4 MiB); a setting may override it. */
  chunkSize?: number;
  /**
   * This workflow's own checkpoint interval (ms of work), used when the engine settings set
   * none; without either, `DEFAULT_CHECKPOINT_MS` (see checkpoint-policy.ts).
   */
  checkpointEveryMs?: number;
  /** Also checkpoint every this many chunks (map steps), when the engine settings set none. */
  checkpointEveryChunks?: number;
  /** The run's result from its step outputs. Default: the last step's output. */
  result?(outputs: Record<string, unknown>, params: P): R;
  /** A one-line human summary for the "Result" output. */
  summarize?(result: R, params: P): string;
  /** Upgrades state from older versions of this workflow. */
  migrateState?: StateMigration;
  /**
   * A produced file ("Download output"): the output names to concatenate, in order, and the
   * download's file name and MIME type.
   */
  outputFile?(
    outputs: Record<string, unknown>,
    inputName: string,
  ): { name: string; parts: string[]; type: string } | undefined;
}

export interface Workflow<P = unknown, R = unknown> extends WorkflowDefinition<P, R> {
  readonly chunkSize: number;
}

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** Declares a workflow. Checks its shape eagerly so mistakes surface at import time. */
export function defineWorkflow<P, R>(def: WorkflowDefinition<P, R>): Workflow<P, R> {
  if (!def.id || !/^[a-z0-9][a-z0-9-_.]*$/i.test(def.id))
    throw new WaymarkError('invalid-params', {
      detail: `workflow id "${def.id}" must be a simple name`,
    });
  if (!Number.isInteger(def.version) || def.version < 1)
    throw new WaymarkError('invalid-params', {
      detail: `workflow ${def.id}: version must be an integer ≥ 1`,
    });
  if (def.steps.length === 0)
    throw new WaymarkError('invalid-params', { detail: `workflow ${def.id} has no steps` });
  const ids = new Set<string>();
  for (const s of def.steps) {
    if (ids.has(s.id))
      throw new WaymarkError('invalid-params', {
        detail: `workflow ${def.id}: duplicate step id "${s.id}"`,
      });
    ids.add(s.id);
  }
  return {
    ...def,
    chunkSize: def.chunkSize ?? DEFAULT_CHUNK_SIZE,
  };
}

/** Workflows by id. The same registry is built in the page and in each worker. */
export class WorkflowRegistry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly byId = new Map<string, Workflow<any, any>>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register(...workflows: Workflow<any, any>[]): this {
    for (const w of workflows) this.byId.set(w.id, w);
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get(id: string): Workflow<any, any> {
    const w = this.byId.get(id);
    if (!w) throw new WaymarkError('unknown-workflow', { detail: id });
    return w;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  list(): Workflow<any, any>[] {
    return [...this.byId.values()];
  }
}

/** The run result from step outputs, per the workflow's `result` or its last step. */
export function workflowResult<P, R>(
  w: Workflow<P, R>,
  outputs: Record<string, unknown>,
  params: P,
): R {
  if (w.result) return w.result(outputs, params);
  return outputs[w.steps[w.steps.length - 1].id] as R;
}
