/**
 * Runs a workflow's steps in order, in-process, the way the engine does, with the disruptions a
 * real run meets: folds are fed pieces of uneven sizes and checkpointed (save → structured
 * clone → load) at random points; map chunks are cloned as if they went through IndexedDB and
 * may be combined in any associativity tree.
 */
import {
  type AnyStep,
  type ByteReader,
  type ChunkContext,
  type FoldStep,
  type MapStep,
  type OutputStore,
  type StepContext,
  type Workflow,
  workflowResult,
} from '../../../src/engine/workflow';

/** Output files of a run, in memory. */
export class MemoryOutputStore implements OutputStore {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;

  async write(name: string, bytes: Uint8Array): Promise<void> {
    this.writes++;
    this.files.set(name, bytes.slice());
  }

  async read(name: string): Promise<Uint8Array> {
    const f = this.files.get(name);
    if (!f) throw new Error(`no output ${name}`);
    return f.slice();
  }

  async blob(name: string): Promise<Blob> {
    return new Blob([new Uint8Array(await this.read(name))]);
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  /** The named outputs concatenated. */
  concat(names: readonly string[]): Uint8Array {
    const parts = names.map((n) => {
      const f = this.files.get(n);
      if (!f) throw new Error(`no output ${n}`);
      return f;
    });
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export function bytesReader(bytes: Uint8Array): ByteReader & { reads: number } {
  return {
    size: bytes.length,
    reads: 0,
    async read(start: number, end: number) {
      this.reads++;
      const s = Math.max(0, Math.min(start, bytes.length));
      const e = Math.max(s, Math.min(end, bytes.length));
      return bytes.slice(s, e);
    },
  };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same disruptions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DriveOptions {
  /** Chunk size of map steps, and the largest fold piece. */
  chunkSize: number;
  /**
   * Fold piece sizes, used in turn (each capped at chunkSize); a function gets a random source.
   * Default: whole chunks.
   */
  pieceSizes?: number[] | ((random: () => number) => number);
  /** Seed of the random checkpoints and combine trees. */
  seed?: number;
  /** Chance of a checkpoint round trip after each fold piece (default 0.3; at least one happens). */
  checkpointChance?: number;
  /** How map results are combined: in order from `empty` (the engine's way) or a random tree. */
  combine?: 'ordered' | 'random-tree';
  /** Map steps see one empty chunk for an empty input instead of none. */
  emptyChunkForEmptyInput?: boolean;
}

export interface DriveOutcome<R> {
  result: R;
  outputs: Record<string, unknown>;
  store: MemoryOutputStore;
  /** Checkpoint round trips done in fold steps. */
  checkpoints: number;
  /** Map chunks whose result `accepts` refused, mapped again (in order). */
  redone: number[];
}

/** Merges params with the workflow's defaults and validates them, as the engine does before a run. */
export function resolveParams<P>(workflow: Workflow<P, unknown>, params: Partial<P> = {}): P {
  const merged = { ...workflow.params.defaults, ...params } as P;
  return workflow.params.validate ? workflow.params.validate(merged) : merged;
}

export async function driveWorkflow<P, R>(
  workflow: Workflow<P, R>,
  bytes: Uint8Array,
  params: Partial<P> = {},
  options: DriveOptions,
): Promise<DriveOutcome<R>> {
  const p = resolveParams(workflow, params);
  const random = rng(options.seed ?? 1);
  const store = new MemoryOutputStore();
  const outputs: Record<string, unknown> = {};
  const base: StepContext<P> = {
    params: p,
    runId: 'test-run',
    outputs,
    input: bytesReader(bytes),
    output: store,
  };
  let checkpoints = 0;
  const redone: number[] = [];
  for (const step of workflow.steps as AnyStep<P>[]) {
    if (step.kind === 'task') outputs[step.id] = structuredClone(await step.run(base));
    else if (step.kind === 'fold') {
      const r = await driveFold(step, bytes, base, options, random);
      checkpoints += r.checkpoints;
      outputs[step.id] = structuredClone(r.result);
    } else
      outputs[step.id] = structuredClone(
        await driveMap(step, bytes, base, options, random, redone),
      );
  }
  return { result: workflowResult(workflow, outputs, p), outputs, store, checkpoints, redone };
}

function pieceSizer(options: DriveOptions, random: () => number): () => number {
  const { pieceSizes, chunkSize } = options;
  if (pieceSizes === undefined) return () => chunkSize;
  if (typeof pieceSizes === 'function')
    return () => Math.max(1, Math.min(chunkSize, pieceSizes(random)));
  let i = 0;
  return () => Math.max(1, Math.min(chunkSize, pieceSizes[i++ % pieceSizes.length]));
}

async function driveFold<P, S, R, Snap>(
  step: FoldStep<P, S, R, Snap>,
  bytes: Uint8Array,
  ctx: StepContext<P>,
  options: DriveOptions,
  random: () => number,
): Promise<{ result: R; checkpoints: number }> {
  const save = step.save ?? ((s: S) => s as unknown as Snap);
  const load = step.load ?? ((s: Snap) => s as unknown as S);
  const chance = options.checkpointChance ?? 0.3;
  const nextPiece = pieceSizer(options, random);
  let state = await step.init(ctx.params, ctx);
  let checkpoints = 0;
  const roundTrip = async (): Promise<void> => {
    const snap = structuredClone(await save(state));
    state = await load(snap, ctx.params);
    checkpoints++;
  };
  let offset = 0;
  // Pieces never cross chunk boundaries, as the engine reads chunk by chunk.
  while (offset < bytes.length) {
    const chunkEnd = Math.min(
      bytes.length,
      offset - (offset % options.chunkSize) + options.chunkSize,
    );
    const end = Math.min(chunkEnd, offset + nextPiece());
    state = await step.update(state, bytes.slice(offset, end), { ...ctx, offset });
    offset = end;
    if (random() < chance) await roundTrip();
  }
  if (checkpoints === 0) await roundTrip();
  return { result: await step.finish(state, ctx), checkpoints };
}

async function driveMap<P, C, R>(
  step: MapStep<P, C, R>,
  bytes: Uint8Array,
  ctx: StepContext<P>,
  options: DriveOptions,
  random: () => number,
  redone: number[],
): Promise<R> {
  const { chunkSize } = options;
  const chunkCount =
    bytes.length === 0
      ? options.emptyChunkForEmptyInput
        ? 1
        : 0
      : Math.ceil(bytes.length / chunkSize);
  const results: C[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const start = index * chunkSize;
    const end = Math.min(bytes.length, start + chunkSize);
    const chunkCtx: ChunkContext<P> = { ...ctx, index, start, end, chunkCount };
    // Chunk results are stored in IndexedDB before they are combined.
    results.push(structuredClone(await step.map(bytes.slice(start, end), chunkCtx)));
  }
  let combined: C;
  if (step.accepts) {
    // Results are checked against the prefix, so only the engine's order applies: each chunk
    // was mapped without a hint (a guess), and a refused one is mapped again as the engine does.
    if (options.combine === 'random-tree')
      throw new Error(`map step ${step.id} checks its chunks: combine them in order`);
    combined = step.empty(ctx.params);
    for (let index = 0; index < results.length; index++) {
      let r = results[index];
      if (!step.accepts(combined, r, ctx.params)) {
        redone.push(index);
        const start = index * chunkSize;
        const end = Math.min(bytes.length, start + chunkSize);
        const hint = step.hint?.(combined, ctx.params);
        const redoCtx = { ...ctx, index, start, end, chunkCount, hint, redo: true };
        r = structuredClone(await step.map(bytes.slice(start, end), redoCtx));
        if (!step.accepts(combined, r, ctx.params))
          throw new Error(`map step ${step.id} refused the redo of chunk ${index}`);
      }
      combined = step.combine(combined, r, ctx.params);
      if (random() < 0.1) combined = structuredClone(combined);
    }
  } else
    combined =
      options.combine === 'random-tree'
        ? combineTree(step, results, ctx.params, random)
        : results.reduce((acc, r) => {
            const next = step.combine(acc, r, ctx.params);
            // The combined partial goes into a checkpoint now and then.
            return random() < 0.1 ? structuredClone(next) : next;
          }, step.empty(ctx.params));
  return step.finish(combined, ctx);
}

/** Combines adjacent results in a random order, starting from `empty` on random sides too. */
function combineTree<P, C>(
  step: MapStep<P, C, unknown>,
  results: C[],
  params: P,
  random: () => number,
): C {
  const items = results.map((r) =>
    random() < 0.2 ? step.combine(step.empty(params), r, params) : r,
  );
  if (items.length === 0) return step.empty(params);
  while (items.length > 1) {
    const i = Math.floor(random() * (items.length - 1));
    items.splice(i, 2, structuredClone(step.combine(items[i], items[i + 1], params)));
  }
  return random() < 0.5 ? step.combine(items[0], step.empty(params), params) : items[0];
}
