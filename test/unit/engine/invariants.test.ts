/**
 * Invariants the engine keeps whatever its records say: a done ledger record without a result
 * is set aside and its chunk done again; the crash-loop counter starts over once a resume makes
 * progress; `migrateState` only ever upgrades, never applies to the state of a newer version.
 */
import { describe, expect, it } from 'vitest';
import {
  FORMAT_VERSION,
  WorkflowRegistry,
  defineWorkflow,
  type RunRecord,
} from '../../../src/engine';
import {
  fileOf,
  newWorld,
  openTab,
  randomBytes,
  waitForRun,
  type Tab,
} from '../helpers/engine-harness';
import { fnvFold, fnvOf, sumMap } from '../helpers/test-workflows';

describe('the chunk ledger', () => {
  it('a done record without a result is quarantined and its chunk done again', async () => {
    const world = newWorld([sumMap]);
    const settings = { chunkSize: 1000, checkpointEveryMs: 60_000, checkpointEveryChunks: 5 };
    let tab = await openTab(world, { settings, debug: { throttleBytesPerSec: 100_000 } });
    const bytes = randomBytes(40_000, 41);
    const id = await tab.engine.start(sumMap.id, fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running' && r.progress.done >= 8_000);
    await tab.engine.pause(id);
    const cp = (await tab.engine.checkpoints.latest(id))!;
    expect(cp.state.kind).toBe('map');
    const next = cp.state.kind === 'map' ? cp.state.prefix : -1;
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThan(40);
    // A record that says "done" but carries nothing: its chunk must not count as done.
    await tab.store.db.put('chunks', {
      format: FORMAT_VERSION,
      runId: id,
      stepIndex: 0,
      index: next,
      status: 'done',
      attempts: 1,
      bytes: 1000,
    } as never);
    await tab.close();

    tab = await openTab(world, { settings });
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toEqual({
      sum: bytes.reduce((s, b) => s + b, 0),
      chunks: Array.from({ length: 40 }, (_, i) => i),
    });
    const q = await tab.store.listQuarantine();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ store: 'chunks', key: [id, 0, next] });
    expect(q[0].reason).toMatch(/done without result/);
    await tab.close();
  });
});

describe('the crash-loop counter', () => {
  it('starts over when a resume made progress: a run that checkpoints between crashes always resumes', async () => {
    const world = newWorld([fnvFold]);
    const opts = {
      settings: { chunkSize: 1000, checkpointEveryMs: 20, importBlockSize: 50_000 },
      debug: { throttleBytesPerSec: 60_000 },
    };
    let tab: Tab = await openTab(world, opts);
    const bytes = randomBytes(150_000, 42);
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    let since = (await waitForRun(tab, id, (r) => r.status === 'running')).lastSeq;
    const outcomes: string[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Progress: a checkpoint after the last recovery.
      await waitForRun(tab, id, (r) => r.lastSeq > since, 30_000);
      tab.crash();
      tab = await openTab(world, opts);
      const r = await tab.engine.recover();
      outcomes.push(r.resumed.includes(id) ? 'resumed' : 'interrupted');
      const run = (await tab.store.getRun(id)) as RunRecord;
      counts.push(run.crashes.count);
      since = run.crashes.seq;
    }
    expect(outcomes).toEqual(['resumed', 'resumed', 'resumed', 'resumed', 'resumed']);
    expect(counts).toEqual([1, 1, 1, 1, 1]);
    const done = await waitForRun(tab, id, (r) => r.status === 'completed', 60_000);
    expect(done.result).toBe(fnvOf(bytes));
    await tab.close();
  });
});

/** A fold whose `migrateState` accepts anything and records what it was asked to migrate. */
function versioned(version: number, calls: number[] = []) {
  return defineWorkflow<Record<string, never>, string>({
    id: 'versioned-newer',
    version,
    label: 'Versioned',
    params: { defaults: {} },
    migrateState: (from, _stepId, state) => {
      calls.push(from);
      return state;
    },
    steps: [fnvFold.steps[0]],
  });
}

describe('migrateState', () => {
  it('is never applied to the state of a newer workflow version: the run is Incompatible', async () => {
    const world = newWorld([versioned(3)]);
    const settings = { chunkSize: 1000, checkpointEveryMs: 1 };
    let tab = await openTab(world, { settings, debug: { throttleBytesPerSec: 200_000 } });
    const id = await tab.engine.start('versioned-newer', fileOf(randomBytes(50_000, 43)), {});
    await waitForRun(tab, id, (r) => r.status === 'running' && r.lastSeq >= 2);
    await tab.engine.pause(id);
    await tab.close();

    // The app was rolled back: version 2 of the workflow meets version 3's checkpoints.
    const calls: number[] = [];
    const older = { ...world, registry: new WorkflowRegistry().register(versioned(2, calls)) };
    tab = await openTab(older, { settings });
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'incompatible');
    expect(run.error?.code).toBe('incompatible-checkpoint');
    expect(run.message).toMatch(/Versioned version 3.*Versioned version 2/);
    expect(calls).toEqual([]);
    // Nothing was rewritten in the older shape: the newest checkpoint is still version 3's.
    expect((await tab.engine.checkpoints.latest(id))?.workflowVersion).toBe(3);
    await tab.close();
  });
});
