/**
 * One pass over the input: the first step that reads the input writes the private copy as it
 * reads (no import phase first), the copy ends byte-identical, and a checkpoint never counts
 * more input as processed than the copy holds. References: a naive FNV and a naive byte sum.
 */
import { describe, expect, it } from 'vitest';
import {
  MemoryFileKeeper,
  defineWorkflow,
  type FileStore,
  type Persistence,
  type RunRecord,
} from '../../../src/engine';
import {
  fileOf,
  newWorld,
  openTab,
  randomBytes,
  restart,
  waitForRun,
  type World,
} from '../helpers/engine-harness';
import { fnvFold, fnvOf, sumMap } from '../helpers/test-workflows';
import { MAX_STRIPE_CHUNKS } from '../../../src/engine/stripe-queue';
import { MAP_PIPELINE_DEPTH } from '../../../src/engine';

// Completed runs keep their copies here, so that the tests can compare them with the file.
const SETTINGS = {
  chunkSize: 4096,
  checkpointEveryMs: 0,
  checkpointEveryChunks: 2,
  keepInputCopies: true,
};

async function copyOf(world: World, store: Persistence, id: string): Promise<Uint8Array> {
  const path = (await store.getRun(id))!.input.opfsPath!;
  return new Uint8Array(await (await world.files.file(path)).arrayBuffer());
}

/** Statuses and (imported, progress) pairs of every run event of a run. */
function watch(tab: Awaited<ReturnType<typeof openTab>>, id: string) {
  const statuses = new Set<string>();
  const records: RunRecord[] = [];
  tab.engine.bus.on((e) => {
    if (e.type === 'run' && e.run.id === id) {
      statuses.add(e.run.status);
      records.push(structuredClone(e.run));
    }
  });
  return { statuses, records };
}

const naiveSum = (b: Uint8Array) => b.reduce((s, x) => s + x, 0);

describe('one pass', () => {
  it('a fold copies as it reads: the FNV of the file, a byte-identical copy, never Importing', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(120_000, 5);
    // Slow enough (0.4 s) for several checkpoints while the copy is under way.
    const tab = await openTab(world, {
      settings: SETTINGS,
      debug: { throttleBytesPerSec: 300_000 },
    });
    const file = fileOf(bytes);
    const id = await tab.engine.start('test-fnv', file, {});
    const seen = watch(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(run.input.imported).toBe(bytes.length);
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    expect([...seen.statuses]).not.toContain('importing');
    // The processing's progress and the copy's are both in the record, the copy never behind.
    const during = seen.records.filter((r) => r.status === 'running' && r.progress.done > 0);
    expect(during.length).toBeGreaterThan(3);
    for (const r of during) expect(r.input.imported).toBeGreaterThanOrEqual(r.progress.done);
    expect(during.some((r) => r.input.imported < bytes.length)).toBe(true);
    // Copied, the run holds the picked file no more.
    expect(await world.keeper.get(id)).toBeUndefined();
    await tab.close();
  });

  it('a map copies each chunk before its result counts: the byte sum, a byte-identical copy', async () => {
    const world = newWorld([sumMap]);
    const bytes = randomBytes(1_200_000, 6);
    const tab = await openTab(world, { settings: SETTINGS, workers: 3 });
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const seen = watch(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    const result = run.result as { sum: number; chunks: number[] };
    expect(result.sum).toBe(naiveSum(bytes));
    expect(result.chunks.sort((a, b) => a - b)).toEqual(
      Array.from({ length: Math.ceil(bytes.length / SETTINGS.chunkSize) }, (_, i) => i),
    );
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    expect([...seen.statuses]).not.toContain('importing');
    // The record counts the copied prefix; chunks done beyond it were copied too, but a worker
    // may run a stripe ahead of the others (StripeQueue), so the prefix trails by at most that.
    const ahead = (MAX_STRIPE_CHUNKS * 2 + 3 * (MAP_PIPELINE_DEPTH + 1)) * SETTINGS.chunkSize;
    const during = seen.records.filter((r) => r.status === 'running' && r.lastSeq > 0);
    expect(during.length).toBeGreaterThan(3);
    for (const r of during) {
      expect(r.input.imported).toBeLessThanOrEqual(r.progress.done);
      expect(r.progress.done - r.input.imported).toBeLessThanOrEqual(ahead);
    }
    await tab.close();
  });

  it('a task step first reads the picked file; the fold after it writes the copy', async () => {
    const wf = defineWorkflow<Record<string, never>, string>({
      id: 'test-task-fold',
      version: 1,
      label: 'Task then fold (test)',
      params: { defaults: {} },
      steps: [
        {
          kind: 'task',
          id: 'head',
          run: async (ctx) => Array.from(await ctx.input.read(0, 4)).join(','),
        },
        fnvFold.steps[0],
      ],
    });
    const world = newWorld([wf]);
    const bytes = randomBytes(50_000, 7);
    const tab = await openTab(world, { settings: SETTINGS });
    const id = await tab.engine.start('test-task-fold', fileOf(bytes), {});
    const seen = watch(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.outputs.head).toBe(Array.from(bytes.subarray(0, 4)).join(','));
    expect(run.result).toBe(fnvOf(bytes));
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    expect([...seen.statuses]).not.toContain('importing');
    await tab.close();
  });

  it('a workflow that reads no input in a fold or map still gets its copy, by the plain copier', async () => {
    const wf = defineWorkflow<Record<string, never>, number>({
      id: 'test-task-only',
      version: 1,
      label: 'Task only (test)',
      params: { defaults: {} },
      steps: [{ kind: 'task', id: 'size', run: async (ctx) => ctx.input.size }],
    });
    const world = newWorld([wf]);
    const bytes = randomBytes(70_000, 8);
    const tab = await openTab(world, { settings: { ...SETTINGS, importBlockSize: 16_384 } });
    const id = await tab.engine.start('test-task-only', fileOf(bytes), {});
    const seen = watch(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(bytes.length);
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    expect([...seen.statuses]).toContain('importing');
    await tab.close();
  });

  it('after a restart mid-copy a map run asks for the file at once, refuses another, and finishes', async () => {
    const world = newWorld([sumMap]);
    const bytes = randomBytes(120_000, 9);
    let tab = await openTab(world, {
      settings: SETTINGS,
      debug: { throttleBytesPerSec: 200_000 },
    });
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.input.imported >= 3 * SETTINGS.chunkSize);
    tab.crash();
    restart(world);
    tab = await openTab(world, { settings: SETTINGS });
    await tab.engine.recover();
    const asks = await waitForRun(tab, id, (r) => r.status === 'interrupted');
    expect(asks.need).toBe('repick');
    const other = randomBytes(bytes.length, 10);
    await expect(tab.engine.repick(id, fileOf(other))).rejects.toMatchObject({
      code: 'input-mismatch',
    });
    await tab.engine.repick(id, fileOf(bytes));
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect((run.result as { sum: number }).sum).toBe(naiveSum(bytes));
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    await tab.close();
  });

  it('a full disk mid-copy pauses the run with the space needed and loses nothing', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(400_000, 11);
    // The origin's quota runs out once 150 000 bytes of the copy are written.
    let room = 150_000;
    const inner = world.files;
    const full: FileStore = Object.assign(Object.create(inner) as FileStore, {
      async writeAt(path: string, offset: number, b: Uint8Array) {
        if (path.startsWith('copies/')) {
          if (b.length > room)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          room -= b.length;
        }
        return inner.writeAt(path, offset, b);
      },
    });
    const view = { ...world, files: full as World['files'] };
    // Slow enough for checkpoints before the disk is full (150 kB at 400 kB/s).
    const tab = await openTab(view, {
      settings: SETTINGS,
      debug: { throttleBytesPerSec: 400_000 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const paused = await waitForRun(tab, id, (r) => r.status === 'paused');
    expect(paused.error?.code).toBe('quota-exceeded');
    // How much more space the rest of the run needs (at least 1 MiB is asked for).
    expect(paused.message).toMatch(/\d+(\.\d+)? MiB/);
    const cp = await tab.engine.checkpoints.latest(id);
    const offset = cp?.state.kind === 'fold' ? cp.state.offset : 0;
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(paused.input.imported);
    expect((await copyOf(world, tab.store, id)).subarray(0, paused.input.imported)).toEqual(
      bytes.subarray(0, paused.input.imported),
    );
    room = Infinity;
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(await copyOf(world, tab.store, id)).toEqual(bytes);
    // Resumed from its checkpoint, not from the start: at most one slice redone.
    expect(run.stats.processedBytes).toBeLessThan(bytes.length + 150_000);
    await tab.close();
  });

  it('copies first where a reload would lose the picked file, or when asked to (debug)', async () => {
    for (const how of ['page-keeper', 'debug-first'] as const) {
      const world = newWorld([fnvFold]);
      // This page's memory only: a reload mid-copy would have to ask for the file.
      if (how === 'page-keeper') world.keeper = new MemoryFileKeeper(false);
      const bytes = randomBytes(60_000, 12);
      const tab = await openTab(world, {
        settings: { ...SETTINGS, importBlockSize: 16_384 },
        debug: how === 'debug-first' ? { copy: 'first' } : {},
      });
      const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
      const seen = watch(tab, id);
      const run = await waitForRun(tab, id, (r) => r.status === 'completed');
      expect(run.result).toBe(fnvOf(bytes));
      expect(await copyOf(world, tab.store, id)).toEqual(bytes);
      expect([...seen.statuses], how).toContain('importing');
      // No step ran before the copy was complete.
      const first = seen.records.find((r) => r.status === 'running');
      expect(first?.input.imported, how).toBe(bytes.length);
      await tab.close();
    }
  });

  it('a fork onto a fresh copy, resumed past its start, copies first: no hole in the copy', async () => {
    for (const workflow of [fnvFold, sumMap]) {
      const world = newWorld([workflow]);
      const bytes = randomBytes(60_000, 17);
      // The source run releases its copy on completion, so the fork gets a fresh one.
      const src = await openTab(world, {
        settings: { ...SETTINGS, keepInputCopies: false },
        // Slow enough (0.2 s) for checkpoints in the middle.
        debug: { throttleBytesPerSec: 300_000 },
      });
      const id = await src.engine.start(workflow.id, fileOf(bytes), {});
      await waitForRun(src, id, (r) => r.status === 'completed');
      const mid = (await src.engine.checkpoints.list(id)).find(
        (c) => c.bytesDone > 0 && c.bytesDone < bytes.length,
      )!;
      expect(mid, workflow.id).toBeTruthy();
      await src.close();
      const tab = await openTab(world, { settings: SETTINGS });
      const fork = await tab.engine.fork(id, mid.seq, fileOf(bytes));
      const done = await waitForRun(tab, fork, (r) => r.status === 'completed');
      if (workflow === fnvFold) expect(done.result).toBe(fnvOf(bytes));
      else expect((done.result as { sum: number }).sum).toBe(naiveSum(bytes));
      expect(done.input.imported, workflow.id).toBe(bytes.length);
      // The whole file, also the part before the checkpoint the fork resumed from.
      expect(fnvOf(await copyOf(world, tab.store, fork)), workflow.id).toBe(fnvOf(bytes));
      await tab.close();
    }
  });
});
