/**
 * Map steps combine in a session of their own (map-combine.ts), in the app a worker of its own
 * (combine-spawn.ts ↔ combine-host.ts): results combined in chunk order whatever order they
 * come in, refusals sent back, and the same run through a real message boundary (comlink over a
 * MessageChannel, every value structured-cloned) gives the sequential result, also when the
 * combiner dies mid-run and the run is resumed.
 */
import { createHash } from 'node:crypto';
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { CombineHost } from '../../../src/engine/combine-host';
import { workerCombiner } from '../../../src/engine/combine-spawn';
import { WaymarkError } from '../../../src/engine/errors';
import { CombineSession } from '../../../src/engine/map-combine';
import { WorkflowRegistry, defineWorkflow, type MapStep } from '../../../src/engine/workflow';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';

interface Piece {
  /** The byte the chunk assumed came just before it (-1: none). */
  assumed: number;
  bytes: Uint8Array;
}

const CHUNK = 100;
const maps = new Map<number, number>();

/** Chunks 1, 4, 7… guess the byte before them wrong unless redone with the prefix's hint. */
const concatStep: MapStep<Record<string, never>, Piece, string> = {
  kind: 'map',
  id: 'concat',
  async map(bytes, ctx) {
    maps.set(ctx.index, (maps.get(ctx.index) ?? 0) + 1);
    const before = ctx.index === 0 ? -1 : (await ctx.input.read(ctx.start - 1, ctx.start))[0];
    const assumed = ctx.redo ? (ctx.hint as number) : ctx.index % 3 === 1 ? 255 ^ before : before;
    return { assumed, bytes: bytes.slice() };
  },
  accepts: (a, r) => r.assumed === (a.bytes.length ? a.bytes[a.bytes.length - 1] : -1),
  hint: (a) => (a.bytes.length ? a.bytes[a.bytes.length - 1] : -1),
  combine: (a, b) => {
    const out = new Uint8Array(a.bytes.length + b.bytes.length);
    out.set(a.bytes);
    out.set(b.bytes, a.bytes.length);
    return { assumed: a.assumed, bytes: out };
  },
  empty: () => ({ assumed: -1, bytes: new Uint8Array(0) }),
  finish: (c) => createHash('sha256').update(c.bytes).digest('hex'),
};

const concatMap = defineWorkflow<Record<string, never>, string>({
  id: 'test-concat',
  version: 1,
  label: 'Concat (test)',
  params: { defaults: {} },
  steps: [concatStep],
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * A "worker" on a MessageChannel: the combiner host served on the far port. `dieAfter`: after
 * that many results the worker reports an error (as a crashed worker's error event).
 */
function channelCombiner(
  registry: WorkflowRegistry,
  dieAfter = Infinity,
  how: 'error' | 'hang' = 'error',
  deadlineMs?: number,
) {
  let adds = 0;
  let spawned = 0;
  let terminated = 0;
  const combiner = workerCombiner(() => {
    spawned++;
    const { port1, port2 } = new MessageChannel();
    const host = new CombineHost(registry);
    const add = host.add.bind(host);
    host.add = (session, index, result) => {
      if (++adds === dieAfter) {
        // 'hang': alive but never answering, as a combine stuck in a loop.
        if (how === 'error') setTimeout(() => port1.dispatchEvent(new Event('error')), 0);
        return new Promise<never>(() => undefined) as never;
      }
      return add(session, index, result);
    };
    expose(host, port2);
    return Object.assign(port1, {
      terminate: () => {
        terminated++;
        port1.close();
        port2.close();
      },
    }) as unknown as Worker;
  }, deadlineMs);
  return { combiner, spawned: () => spawned, terminated: () => terminated };
}

describe('combine session', () => {
  it('combines in chunk order whatever order results come in, refusing a wrong guess once', () => {
    const bytes = randomBytes(1000, 3);
    const n = bytes.length / CHUNK;
    const pieces = Array.from({ length: n }, (_, i) => ({
      assumed: i === 0 ? -1 : i === 4 ? 255 ^ bytes[i * CHUNK - 1] : bytes[i * CHUNK - 1],
      bytes: bytes.slice(i * CHUNK, (i + 1) * CHUNK),
    }));
    const s = new CombineSession(concatStep, {}, 0, concatStep.empty({}));
    expect(s.opened()).toEqual({ prefix: 0, hint: { value: -1 } });
    // Reverse order: nothing combines until chunk 0, then 0-3 at once and 4 is refused.
    for (let i = n - 1; i > 0; i--) expect(s.add(i, pieces[i])).toEqual({ prefix: 0 });
    const a = s.add(0, pieces[0]);
    expect(a).toEqual({ prefix: 4, refused: 4, hint: { value: bytes[4 * CHUNK - 1] } });
    // Its redo, mapped with that hint, takes the prefix to the end.
    const redo = { assumed: a.hint?.value as number, bytes: pieces[4].bytes };
    expect(s.add(4, redo).prefix).toBe(n);
    expect(sha256((s.snapshot().partial as Piece).bytes)).toBe(sha256(bytes));
  });

  it('fails with an internal error when a redo is refused again', () => {
    const s = new CombineSession(concatStep, {}, 0, concatStep.empty({}));
    const wrong = { assumed: 7, bytes: new Uint8Array([1]) };
    expect(s.add(0, wrong).refused).toBe(0);
    let err: unknown;
    try {
      s.add(0, wrong);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WaymarkError);
    expect((err as WaymarkError).code).toBe('internal');
  });
});

describe('map step with the combiner across a message boundary', () => {
  it('gives the sequential result, each refused chunk mapped again exactly once', async () => {
    for (const workers of [1, 3]) {
      const world = newWorld([concatMap]);
      const { combiner, spawned } = channelCombiner(world.registry);
      const tab = await openTab(world, { workers, combiner, settings: { chunkSize: CHUNK } });
      maps.clear();
      const bytes = randomBytes(3000, 11 + workers);
      const id = await tab.engine.start('test-concat', fileOf(bytes), {});
      const run = await waitForRun(
        tab,
        id,
        (r) => !['queued', 'importing', 'running'].includes(r.status),
      );
      expect(run.status, run.message ?? '').toBe('completed');
      expect(run.result).toBe(sha256(bytes));
      for (let i = 0; i < 30; i++) expect(maps.get(i), `chunk ${i}`).toBe(i % 3 === 1 ? 2 : 1);
      expect(spawned()).toBe(1);
      await tab.close();
    }
  });

  it('stops the run when the combiner dies; a resume combines the ledger again', async () => {
    const world = newWorld([concatMap]);
    const dying = channelCombiner(world.registry, 12);
    const tab = await openTab(world, {
      workers: 2,
      combiner: dying.combiner,
      settings: { chunkSize: CHUNK, resumeAutomatically: false },
    });
    const bytes = randomBytes(3000, 5);
    const id = await tab.engine.start('test-concat', fileOf(bytes), {});
    const stopped = await waitForRun(
      tab,
      id,
      (r) => !['queued', 'importing', 'running'].includes(r.status),
    );
    expect(stopped.status).not.toBe('completed');
    expect(stopped.error?.code, JSON.stringify(stopped.error)).toBe('worker-died');
    // The same combiner starts a new worker for the resumed run.
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed' || r.status === 'failed');
    expect(run.status, run.message ?? '').toBe('completed');
    expect(run.result).toBe(sha256(bytes));
    expect(dying.spawned()).toBe(2);
    await tab.close();
  });

  it('a combiner that hangs (alive, no answer) is terminated at its deadline; the run stops and resumes', async () => {
    // Fails without the deadline: the run waits on the combiner forever (the test times out).
    const world = newWorld([concatMap]);
    const hanging = channelCombiner(world.registry, 12, 'hang', 300);
    const tab = await openTab(world, {
      workers: 2,
      combiner: hanging.combiner,
      settings: { chunkSize: CHUNK, resumeAutomatically: false },
    });
    const bytes = randomBytes(3000, 6);
    const id = await tab.engine.start('test-concat', fileOf(bytes), {});
    const stopped = await waitForRun(
      tab,
      id,
      (r) => !['queued', 'importing', 'running'].includes(r.status),
    );
    expect(stopped.error?.code, JSON.stringify(stopped.error)).toBe('worker-died');
    expect(JSON.stringify(stopped.error)).toMatch(/no answer within/);
    expect(hanging.terminated()).toBe(1);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed' || r.status === 'failed');
    expect(run.status, run.message ?? '').toBe('completed');
    expect(run.result).toBe(sha256(bytes));
    expect(hanging.spawned()).toBe(2);
    await tab.close();
  });
});
