/**
 * Versions: the IndexedDB schema upgrade from every earlier version (the old database is built
 * by the test, as workbox's test-QueueDb does), record format migrations on read, workflow
 * state migrations, incompatible checkpoints, and quarantine of damaged records.
 */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import {
  DB_VERSION,
  FORMAT_VERSION,
  Persistence,
  defineWorkflow,
  openWaymarkDb,
} from '../../../src/engine';
import {
  migrateCheckpoint,
  migrateRun,
  type CheckpointRecordV1,
  type RunRecordV1,
} from '../../../src/engine/migrations';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvOf } from '../helpers/test-workflows';

const v1Run: RunRecordV1 = {
  format: 1,
  id: 'old',
  workflowId: 'sha256',
  params: {},
  input: {
    name: 'big.iso',
    size: 1000,
    lastModified: 5,
    type: '',
    opfsPath: 'runs/old/input',
    imported: 1000,
  },
  status: 'running',
  bytesDone: 400,
  lastSeq: 2,
  createdAt: 1,
  updatedAt: 2,
};
const v1Checkpoint = (seq: number, offset: number): CheckpointRecordV1 => ({
  format: 1,
  runId: 'old',
  seq,
  at: seq,
  reason: 'interval',
  workflowId: 'sha256',
  offset,
  hasherState: new Uint8Array([seq, 1, 2, 3]),
});

describe('IndexedDB schema upgrades', () => {
  it('upgrades a version-1 database (runs + checkpoints) to the current schema and format', async () => {
    expect(DB_VERSION).toBe(4);
    const name = `upgrade-${Math.random()}`;
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('checkpoints', { keyPath: ['runId', 'seq'] });
      },
    });
    await old.put('runs', v1Run);
    await old.put('checkpoints', v1Checkpoint(1, 200));
    await old.put('checkpoints', v1Checkpoint(2, 400));
    await old.put('checkpoints', { format: 1, runId: 'old', seq: 3 }); // damaged
    old.close();

    const db = await openWaymarkDb({ name });
    expect([...db.objectStoreNames].sort()).toEqual([
      'checkpoints',
      'chunks',
      'leases',
      'quarantine',
      'runs',
      'settings',
    ]);
    const store = new Persistence(db);
    const run = await store.getRun('old');
    expect(run).toMatchObject({
      format: FORMAT_VERSION,
      workflowVersion: 1,
      stepIndex: 0,
      progress: { done: 400, total: 1000 },
    });
    expect(run?.input.mode).toBe('opfs');
    const cps = await store.listCheckpoints('old');
    expect(cps.map((c) => c.seq)).toEqual([1, 2]);
    expect(cps[1].state).toEqual({ kind: 'fold', offset: 400, snap: new Uint8Array([2, 1, 2, 3]) });
    expect(run?.kept.map((k) => k.seq)).toEqual([1, 2]);
    expect((await store.listQuarantine()).length).toBe(1);
    db.close();
  });

  it('opens a fresh database at the current version', async () => {
    const db = await openWaymarkDb({ name: `fresh-${Math.random()}` });
    expect(db.version).toBe(DB_VERSION);
    expect(db.transaction('runs').store.indexNames.contains('by-status')).toBe(true);
    db.close();
  });
});

describe('record format migrations', () => {
  it('migrates a v1 run and a v1 checkpoint on read', () => {
    const run = migrateRun({ ...v1Run, status: 'completed', result: { hex: 'ab' }, error: 'x' });
    expect(run).toMatchObject({
      format: FORMAT_VERSION,
      stepIndex: 1,
      outputs: { hash: { hex: 'ab' } },
      error: { code: 'internal', message: 'x' },
    });
    const cp = migrateCheckpoint(v1Checkpoint(1, 10));
    expect(cp).toMatchObject({
      format: FORMAT_VERSION,
      stepIndex: 0,
      stepId: 'hash',
      bytesDone: 10,
      state: { kind: 'fold', offset: 10 },
    });
  });

  it('refuses records from a newer format with a message', () => {
    expect(() => migrateRun({ ...v1Run, format: FORMAT_VERSION + 1 })).toThrow(/newer Waymark/);
  });
});

describe('quarantine', () => {
  it('sets damaged records aside and goes on', async () => {
    const store = new Persistence(await openWaymarkDb({ name: `q-${Math.random()}` }));
    const seen: string[] = [];
    store.onQuarantine((q) => seen.push(q.reason));
    await store.db.put('runs', { id: 'bad', format: 2, status: 'exploded' } as never);
    await store.db.put('runs', { ...migrateRun(v1Run), id: 'good' });
    const runs = await store.listRuns();
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(seen[0]).toMatch(/damaged.*run/);
    expect(await store.db.get('runs', 'bad')).toBeUndefined();
    expect((await store.listQuarantine())[0]).toMatchObject({ store: 'runs', key: 'bad' });
  });
});

function countingWorkflow(version: number, migrate?: boolean) {
  return defineWorkflow<Record<string, never>, string>({
    id: 'versioned',
    version,
    label: 'Versioned',
    params: { defaults: {} },
    migrateState: migrate
      ? (from, _stepId, state) => (from === 1 ? { ...(state as object), v: 2 } : undefined)
      : undefined,
    steps: [
      {
        kind: 'fold',
        id: 'fnv',
        init: () => ({ h: 0x811c9dc5, n: 0, v: version }),
        update(s: { h: number; n: number; v: number }, bytes: Uint8Array) {
          let h = s.h;
          for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
          return { ...s, h, n: s.n + bytes.length };
        },
        finish: (s: { h: number; n: number; v: number }) => `${s.h.toString(16)}:${s.n}`,
      },
    ],
  });
}

describe('workflow versions', () => {
  async function pausedMidway() {
    const world = newWorld([countingWorkflow(1)]);
    const bytes = randomBytes(50_000, 9);
    const tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 1 },
      debug: { throttleBytesPerSec: 200_000 },
    });
    const id = await tab.engine.start('versioned', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running' && r.lastSeq >= 2);
    await tab.engine.pause(id);
    await tab.close();
    return { world, id, bytes };
  }

  it('marks a run Incompatible when its checkpoint cannot be migrated, naming both versions', async () => {
    const { world, id } = await pausedMidway();
    world.registry.register(countingWorkflow(2));
    const tab = await openTab(world);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'incompatible');
    expect(run.message).toMatch(/Versioned version 1.*Versioned version 2/);
    expect(run.error?.code).toBe('incompatible-checkpoint');
    await tab.close();
  });

  it('continues from an older checkpoint when the workflow migrates its state', async () => {
    const { world, id, bytes } = await pausedMidway();
    world.registry.register(countingWorkflow(2, true));
    const tab = await openTab(world);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(run.workflowVersion).toBe(2);
    expect((await tab.engine.checkpoints.list(id)).some((c) => c.reason === 'migrated')).toBe(true);
    await tab.close();
  });
});

/**
 * Two folds; the second's output uses the first's. Version 2 changed the first step's output
 * from a string to `{ fnv }`, so version-1 outputs must not reach version-2 code unmigrated.
 */
function twoStepWorkflow(version: 1 | 2, migrate?: boolean) {
  type Fnv = { h: number; n: number };
  return defineWorkflow<Record<string, never>, string>({
    id: 'two-step',
    version,
    label: 'Two step',
    params: { defaults: {} },
    migrateState: migrate
      ? (from, stepId, value) =>
          from === 1 && stepId === 'first' ? { fnv: value as string } : undefined
      : undefined,
    steps: [
      {
        kind: 'fold',
        id: 'first',
        init: (): Fnv => ({ h: 0x811c9dc5, n: 0 }),
        update(s: Fnv, bytes: Uint8Array): Fnv {
          let h = s.h;
          for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
          return { h, n: s.n + bytes.length };
        },
        finish(s: Fnv) {
          const hex = `${s.h.toString(16)}:${s.n}`;
          return version === 1 ? hex : { fnv: hex };
        },
      },
      {
        kind: 'fold',
        id: 'second',
        init: () => ({ n: 0 }),
        update: (s: { n: number }, bytes: Uint8Array) => ({ n: s.n + bytes.length }),
        finish(s: { n: number }, ctx) {
          const first = ctx.outputs.first as { fnv: string };
          return `${first.fnv} / ${s.n}`;
        },
      },
    ],
  });
}

describe('workflow versions without a readable checkpoint', () => {
  /** A version-1 run paused in its second step, whose checkpoints are all damaged. */
  async function pausedInSecondStep() {
    const world = newWorld([twoStepWorkflow(1)]);
    const bytes = randomBytes(40_000, 12);
    const tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 1 },
      debug: { throttleBytesPerSec: 200_000 },
    });
    const id = await tab.engine.start('two-step', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running' && r.stepIndex === 1);
    await tab.engine.pause(id);
    const run = await tab.store.getRun(id);
    expect(run).toMatchObject({ status: 'paused', stepIndex: 1, workflowVersion: 1 });
    expect(run?.outputs.first).toBe(fnvOf(bytes));
    for (const { seq } of run!.kept)
      await tab.store.db.put('checkpoints', { format: FORMAT_VERSION, runId: id, seq } as never);
    expect(await tab.engine.checkpoints.latest(id)).toBeUndefined();
    await tab.close();
    return { world, id, bytes };
  }

  it('marks the run Incompatible when its record cannot be migrated', async () => {
    const { world, id } = await pausedInSecondStep();
    world.registry.register(twoStepWorkflow(2));
    const tab = await openTab(world);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => !['queued', 'running'].includes(r.status));
    expect(run.status, `result: ${String(run.result)}`).toBe('incompatible');
    expect(run.error?.code).toBe('incompatible-checkpoint');
    expect(run.message).toMatch(/Two step version 1.*Two step version 2/);
    await tab.close();
  });

  it("migrates the run record's outputs and goes on from its step", async () => {
    const { world, id, bytes } = await pausedInSecondStep();
    world.registry.register(twoStepWorkflow(2, true));
    const tab = await openTab(world);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => !['queued', 'running'].includes(r.status));
    expect(run.status, run.message).toBe('completed');
    expect(run.result).toBe(`${fnvOf(bytes)} / ${bytes.length}`);
    expect(run.workflowVersion).toBe(2);
    const migrated = (await tab.engine.checkpoints.list(id)).find((c) => c.reason === 'migrated');
    expect(migrated).toMatchObject({
      stepIndex: 1,
      workflowVersion: 2,
      state: { kind: 'start' },
      outputs: { first: { fnv: fnvOf(bytes) } },
    });
    expect(migrated?.parent).toBeUndefined();
    await tab.close();
  });
});

/**
 * A map step whose chunk result changed shape: version 1 returns a number, version 2 `{ n }`,
 * and version 2's combine refuses a number. Nothing version 1 wrote may reach it.
 */
function sizesWorkflow(version: 1 | 2) {
  return defineWorkflow<Record<string, never>, number>({
    id: 'sizes',
    version,
    label: 'Sizes',
    params: { defaults: {} },
    migrateState: version === 2 ? () => undefined : undefined,
    steps: [
      {
        kind: 'map',
        id: 'sizes',
        map: (bytes: Uint8Array) => (version === 1 ? bytes.length : { n: bytes.length }),
        combine(a: { n: number }, b: { n: number }) {
          if (version === 2 && (typeof a.n !== 'number' || typeof b.n !== 'number'))
            throw new Error('a version-1 chunk result reached version 2');
          return version === 1 ? (a as never) + (b as never) : { n: a.n + b.n };
        },
        empty: () => (version === 1 ? 0 : { n: 0 }),
        finish: (c: { n: number }) => (version === 1 ? (c as never) : c.n),
      },
    ],
  });
}

describe('workflow versions and map chunk results', () => {
  it('redoes the chunks a version-1 page committed before its first map checkpoint', async () => {
    const world = newWorld([sizesWorkflow(1)]);
    const bytes = randomBytes(40_000, 13);
    let tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 600_000 },
      debug: { throttleBytesPerSec: 100_000 },
    });
    const id = await tab.engine.start('sizes', fileOf(bytes), {});
    for (let t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 5))) {
      if ((await tab.store.ledger.list(id, 0)).filter((c) => c.status === 'done').length >= 3)
        break;
      if (Date.now() - t0 > 20_000) throw new Error('no chunk results');
    }
    tab.crash();
    world.registry.register(sizesWorkflow(2));
    tab = await openTab(world, { settings: { chunkSize: 1000 } });
    expect((await tab.engine.checkpoints.latest(id))?.state.kind ?? 'none').not.toBe('map');
    await tab.engine.recover();
    const run = await waitForRun(tab, id, (r) => !['queued', 'running'].includes(r.status));
    expect(run.status, run.message).toBe('completed');
    expect(run.result).toBe(bytes.length);
    await tab.close();
  });
});
