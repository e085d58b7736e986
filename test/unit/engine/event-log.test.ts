/**
 * The run's event log: bounded to the last MAX_RUN_EVENTS entries, logged by the engine where
 * things happen (start, retries, pause, resume, recovery, completion, failure), and carried over
 * from format-2 records by their migration.
 */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, Persistence, openWaymarkDb, type RunRecord } from '../../../src/engine';
import { MAX_RUN_EVENTS, logEvent, type RunEvent } from '../../../src/engine/event-log';
import { migrateRun } from '../../../src/engine/migrations';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { runFixture } from '../helpers/run-fixture';
import { fnvFold, fnvOf, sumMap } from '../helpers/test-workflows';

const kinds = (r: RunRecord) => r.events.map((e) => e.kind);

describe('event log bounds', () => {
  it('keeps the last 50 entries in order, oldest dropped', () => {
    const run = { events: [] as RunEvent[], retries: 0 };
    const all: RunEvent[] = [];
    for (let i = 0; i < 137; i++) {
      logEvent(run, 'retry', `chunk ${i}`, i);
      all.push({ at: i, kind: 'retry', detail: `chunk ${i}` });
      // Reference: every entry ever logged, of which the last 50 are kept.
      expect(run.events).toEqual(all.slice(-50));
    }
    expect(MAX_RUN_EVENTS).toBe(50);
    expect(run.events.length).toBe(50);
    expect(run.events[0].detail).toBe('chunk 87');
    // The count of retries is not bounded with the entries.
    expect(run.retries).toBe(137);
  });
});

describe('event log migration (format 2 → 3)', () => {
  // A format-2 run as the engine stored it before the log: no `events`.
  const v2 = (patch: Partial<RunRecord>) => {
    const { events: _e, retries: _r, ...rest } = runFixture({ ...patch, format: 2 });
    return rest;
  };

  it('gives an older run the start (and completion) its record tells of', () => {
    const running = migrateRun(v2({ createdAt: 100, status: 'running' }));
    expect(running.format).toBe(FORMAT_VERSION);
    expect(running.events).toEqual([{ at: 100, kind: 'started' }]);
    expect(running.retries).toBe(0);
    const done = migrateRun(v2({ createdAt: 100, status: 'completed', finishedAt: 900 }));
    expect(done.events).toEqual([
      { at: 100, kind: 'started' },
      { at: 900, kind: 'completed' },
    ]);
    const fork = migrateRun(v2({ createdAt: 5, parent: { runId: 'p', seq: 4 } }));
    expect(fork.events).toEqual([{ at: 5, kind: 'forked', detail: 'checkpoint 4' }]);
  });

  it('loads a stored format-2 run (not quarantined) and a run without a log is refused', async () => {
    const store = new Persistence(await openWaymarkDb({ name: `log-${Math.random()}` }));
    await store.db.put('runs', v2({ id: 'old', createdAt: 7 }) as unknown as RunRecord);
    await store.db.put('runs', { ...v2({ id: 'bad' }), format: 3 } as unknown as RunRecord);
    const runs = await store.listRuns();
    expect(runs.map((r) => r.id)).toEqual(['old']);
    expect(runs[0].events).toEqual([{ at: 7, kind: 'started' }]);
    expect((await store.listQuarantine()).map((q) => q.reason)).toEqual([
      expect.stringMatching(/event log/),
    ]);
    store.db.close();
  });
});

describe('database upgrade 3 → 4', () => {
  it('rewrites every stored format-2 run as format 3 in place', async () => {
    const name = `up3-${Math.random()}`;
    const old = await openDB(name, 3, {
      upgrade(db) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('by-status', 'status');
        runs.createIndex('by-input', 'input.opfsPath');
        db.createObjectStore('checkpoints', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('chunks', { keyPath: ['runId', 'stepIndex', 'index'] });
        db.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('settings');
        db.createObjectStore('leases', { keyPath: 'runId' });
      },
    });
    const { events: _e, retries: _r, ...v2 } = runFixture({ id: 'old', format: 2, createdAt: 9 });
    await old.put('runs', v2);
    old.close();
    const db = await openWaymarkDb({ name });
    // Read raw: the stored record itself is format 3 now, not only what a read makes of it.
    const raw = (await db.get('runs', 'old')) as RunRecord;
    expect(raw.format).toBe(FORMAT_VERSION);
    expect(raw.events).toEqual([{ at: 9, kind: 'started' }]);
    expect(raw.retries).toBe(0);
    db.close();
  });
});

describe('the engine logs what happens', () => {
  it('started, paused, resumed, completed; a retried chunk names its chunk', async () => {
    const world = newWorld([sumMap]);
    const tab = await openTab(world, {
      workers: 1,
      settings: { chunkSize: 100, backoffMs: 1, maxAttempts: 3 },
      debug: {
        faults: [{ kind: 'throw', chunk: 4, workflowId: 'test-sum' }],
        throttleBytesPerSec: 2_000,
      },
    });
    // Paused once chunk 7 is done, after chunk 5's fault and retry (chunks are 1-based here).
    let pausing: Promise<void> | undefined;
    tab.engine.bus.on((e) => {
      if (e.type === 'chunk' && e.index === 6 && e.status === 'done')
        pausing ??= tab.engine.pause(e.runId);
    });
    const bytes = randomBytes(3000, 9);
    const id = await tab.engine.start('test-sum', fileOf(bytes), {}, { mode: 'repick' });
    await waitForRun(tab, id, () => pausing !== undefined);
    await pausing;
    await waitForRun(tab, id, (r) => r.status === 'paused');
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(kinds(run)).toEqual(['started', 'retry', 'paused', 'resumed', 'completed']);
    expect(run.events[1].detail).toMatch(/^chunk 5: .*attempt 2 of 3$/);
    expect(run.retries).toBe(1);
    const ats = run.events.map((e) => e.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    await tab.close();
  });

  it('a failed run says its code; a recovered one says its checkpoint', async () => {
    const world = newWorld([sumMap, fnvFold]);
    const tab = await openTab(world, {
      settings: { chunkSize: 100, backoffMs: 1, maxAttempts: 2 },
      debug: {
        faults: [
          { kind: 'throw', chunk: 2, workflowId: 'test-sum' },
          { kind: 'throw', chunk: 2, workflowId: 'test-sum' },
        ],
      },
    });
    const id = await tab.engine.start('test-sum', fileOf(randomBytes(1000, 2)), {});
    const failed = await waitForRun(tab, id, (r) => r.status === 'failed');
    expect(failed.events.at(-1)).toMatchObject({ kind: 'failed', detail: failed.error?.code });
    expect(kinds(failed)).toContain('retry');
    await tab.close();

    const slow = {
      settings: { chunkSize: 10_000, checkpointEveryMs: 20, importBlockSize: 200_000 },
      debug: { throttleBytesPerSec: 400_000 },
    };
    const doomed = await openTab(world, slow);
    const bytes = randomBytes(400_000, 3);
    const orphan = await doomed.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(doomed, orphan, (r) => r.status === 'running' && r.lastSeq > 1);
    doomed.crash();
    const fresh = await openTab(world, slow);
    const seq = (await fresh.store.getRun(orphan))?.lastSeq;
    await fresh.engine.recover();
    const done = await waitForRun(fresh, orphan, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    const recovered = done.events.find((e) => e.kind === 'recovered');
    expect(recovered?.detail).toBe(`checkpoint ${seq}`);
    // Its copy released as it completed ("Keep input copies" is off).
    expect(kinds(done).slice(-2)).toEqual(['completed', 'copy-freed']);
    await fresh.close();
  });
});
