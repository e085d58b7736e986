/**
 * The public workflow API: declare steps, get checkpointing, history, versions and recovery.
 *
 * Step code is pure: it sees bytes, parameters and earlier outputs, never IndexedDB or the DOM.
 * It runs inside workers (or in-process in tests); `combine` for map steps runs in the executor.
 */
import { WaymarkError, errorTableProblem, type ErrorTable } from './errors';
import { fieldsProblem, type ParamField } from './param-fields';

export type {
  CheckboxField,
  FieldOption,
  MultiField,
  NumberField,
  ParamField,
  ParamKey,
  SelectField,
  TextField,
} from './param-fields';

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
  /** The chunk's earlier result was refused by `MapStep.accepts`: this is its redo. */
  readonly redo?: boolean;
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
 * The pieces are lent: the next one is read into the same memory once `update` settles.
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
  /**
   * The code a chunk that misses its deadline fails with instead of `worker-timeout` (a
   * pattern too slow for the input, say): one the workflow declares in its `errors` table.
   */
  timeoutError?: string;
  /**
   * Optional: a small value computed from the combined prefix when a chunk is dispatched and
   * passed to it as `ctx.hint` — e.g. how many more result lines are still wanted, so that
   * chunks past a full prefix do not ship data that `combine` would drop.
   */
  hint?(combined: C, params: P): unknown;
  /**
   * Optional: whether `result`, mapped without knowing the chunks before it (a guess, say, of
   * the parser state its first byte is in), is right after `combined`, the prefix of every
   * chunk before it. The engine asks just before combining a chunk. False: the result is
   * dropped and the chunk mapped again, dispatched once the prefix reaches it, so its `ctx.hint`
   * is `hint(combined)` of exactly the chunks before it; that result must be accepted (a second
   * refusal fails the run with an internal error rather than looping). Without `accepts` every
   * result is.
   */
  accepts?(combined: C, result: C, params: P): boolean;
}

/**
 * Any step of a workflow with params `P`. Its other types are `unknown`: step members are
 * methods, so a `FoldStep<P, Hasher, …>` is one of these, and the engine only ever hands a
 * step the values that step itself produced.
 */
export type AnyStep<P> =
  TaskStep<P, unknown> | FoldStep<P, unknown, unknown, unknown> | MapStep<P, unknown, unknown>;

/** How a workflow's parameters are defaulted and checked before a run starts. */
export interface ParamSpec<P> {
  defaults: P;
  /**
   * The fields the app renders for the params, in order (none: the task has no options). Each
   * key must be a key of `P` holding a value of the field's kind.
   */
  fields?: readonly ParamField<NoInfer<P>>[];
  /**
   * Params the app fills from a user setting rather than a field, by the setting's id (Search's
   * `lineCap` from "searchLineCap"). Values the caller passes win.
   */
  fromSettings?: { readonly [K in keyof P]?: string };
  /** Throws a coded WaymarkError naming the problem. */
  validate?(params: P): P;
}

/**
 * A defined workflow's params: as declared, with `fields` checked and kept with string keys,
 * which is all a generic form needs (and what lets any `Workflow<P, R>` be an `AnyWorkflow`).
 */
export interface WorkflowParams<P> {
  readonly defaults: P;
  readonly fields: readonly ParamField<unknown>[];
  readonly fromSettings: Readonly<Record<string, string>>;
  validate?(params: P): P;
}

/** The groups of the app's "Task" menu, in menu order. */
export const WORKFLOW_GROUPS = ['Verify', 'Analyse', 'Search', 'Convert', 'Developer'] as const;

/** Where the app lists a workflow in its "Task" menu. */
export type WorkflowGroup = (typeof WORKFLOW_GROUPS)[number];

/** Migrates a checkpointed state of an older workflow version, or returns undefined if it can't. */
export type StateMigration = (
  fromVersion: number,
  stepId: string,
  state: unknown,
) => unknown | undefined;

/** What a definition and a defined workflow share. */
export interface WorkflowBase<P, R> {
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
  steps: AnyStep<P>[];
  /**
   * The workflow's own error codes (e.g. `'bad-header': { message, retryable: false }`),
   * raised with `workflowError`; the engine knows none of them.
   */
  errors?: ErrorTable;
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
  /**
   * How an app shows a completed run's result beside the summary line: the name of a result
   * view it knows (the Waymark app's are listed in src/ui/results/index.ts). The engine never
   * reads it; an app that knows no view of that name shows the summary line only.
   */
  resultView?: string;
  /**
   * For a result that lists lines of the input: where the matches are in one line's `text`,
   * as `[start, end)` UTF-16 ranges, left to right and not overlapping (for highlighting).
   */
  highlight?(text: string, params: P): [number, number][];
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

/** What `defineWorkflow` takes. */
export interface WorkflowDefinition<P, R> extends WorkflowBase<P, R> {
  params: ParamSpec<P>;
}

/** A defined workflow: its definition with the defaults filled in. */
export interface Workflow<P = unknown, R = unknown> extends WorkflowBase<P, R> {
  readonly params: WorkflowParams<P>;
  readonly chunkSize: number;
  readonly group: WorkflowGroup;
  readonly order: number;
}

/**
 * A workflow of any params and result: what registries and lists hold. Its members that take
 * params or results are methods, so every `Workflow<P, R>` is one; the engine hands each
 * workflow only its own validated params and its own results.
 */
export type AnyWorkflow = Workflow<unknown, unknown>;

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
export const DEFAULT_GROUP: WorkflowGroup = 'Analyse';
export const DEFAULT_ORDER = 100;

function invalid(id: string, detail: string): WaymarkError {
  return new WaymarkError('invalid-params', { detail: `workflow ${id}: ${detail}` });
}

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
    if (s.kind === 'map' && s.timeoutError !== undefined && !def.errors?.[s.timeoutError])
      throw invalid(
        def.id,
        `step ${s.id} fails with "${s.timeoutError}", which it does not declare`,
      );
  }
  const problem =
    (def.errors && errorTableProblem(def.errors)) ||
    fieldsProblem(def.params.fields ?? [], def.params.defaults);
  if (problem) throw invalid(def.id, problem);
  if (def.group !== undefined && !WORKFLOW_GROUPS.includes(def.group))
    throw invalid(def.id, `"${def.group}" is not a menu group`);
  const { fields = [], fromSettings = {}, ...params } = def.params;
  return {
    ...def,
    params: {
      ...params,
      fields: fields as readonly ParamField<unknown>[],
      fromSettings: fromSettings as Record<string, string>,
    },
    chunkSize: def.chunkSize ?? DEFAULT_CHUNK_SIZE,
    group: def.group ?? DEFAULT_GROUP,
    order: def.order ?? DEFAULT_ORDER,
  };
}

/** Workflows by id. The same registry is built in the page and in each worker. */
export class WorkflowRegistry {
  private readonly byId = new Map<string, AnyWorkflow>();

  register(...workflows: readonly AnyWorkflow[]): this {
    for (const w of workflows) this.byId.set(w.id, w);
    return this;
  }

  get(id: string): AnyWorkflow {
    const w = this.byId.get(id);
    if (!w) throw new WaymarkError('unknown-workflow', { detail: id });
    return w;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  list(): AnyWorkflow[] {
    return [...this.byId.values()];
  }
}

/**
 * The workflows as the "Task" menu lists them: by group (in `WORKFLOW_GROUPS` order), then
 * `order`, then their place in `workflows`; 'Developer' ones only when `developer` is set.
 */
export function menuOrder<W extends Pick<AnyWorkflow, 'group' | 'order'>>(
  workflows: readonly W[],
  developer = false,
): W[] {
  return workflows
    .map((w, i) => ({ w, i, g: WORKFLOW_GROUPS.indexOf(w.group) }))
    .filter((x) => developer || x.w.group !== 'Developer')
    .sort((a, b) => a.g - b.g || a.w.order - b.w.order || a.i - b.i)
    .map((x) => x.w);
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
