/**
 * Without Web Locks a tab owns a run through a heartbeat lease. When its heartbeat lapses (a
 * throttled hidden tab) another tab takes the run over; the first tab must then stop and write
 * nothing more, so that one tab runs the run.
 */
import { describe, expect, it } from 'vitest';
import {
  Engine,
  LeaseRunLocks,
  MemoryFileKeeper,
  MemoryFileStore,
  Persistence,
  WorkerPool,
  WorkflowRegistry,
  localSpawn,
  openWaymarkDb,
  type EngineEvent,
} from '../../../src/engine';
import { fileOf, randomBytes } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

const registry = new WorkflowRegistry().register(fnvFold);

/**
 * The picked files as the app's keeper holds them: reachable from every tab of the origin (its
 * service worker), so the tab that takes a run over mid-copy reads the same file.
 */
const keeper = new MemoryFileKeeper(true);

async function leaseTab(dbName: string, files: MemoryFileStore, owner: string, beatMs: number) {
  const db = await openWaymarkDb({ name: dbName });
  const store = new Persistence(db);
  const pool = new WorkerPool(localSpawn(registry, files), 1);
  const engine = new Engine({
    store,
    registry,
    runner: pool,
    files,
    // A lease lives 300 ms; a heartbeat slower than that lets it lapse between beats.
    locks: new LeaseRunLocks(db, owner, 300, beatMs),
    settings: {
      chunkSize: 1000,
      checkpointEveryMs: 20,
      importBlockSize: 50_000,
      backoffMs: 5,
      deadlineFloorMs: 2000,
    },
    debug: { throttleBytesPerSec: 300_000 },
    keeper,
  });
  const events: EngineEvent[] = [];
  engine.bus.on((e) => events.push(e));
  return {
    engine,
    store,
    events,
    async close() {
      await engine.shutdown();
      pool.close();
      db.close();
    },
  };
}

describe('a lost lease', () => {
  it('is reported to its holder once another owner has it, and not after a release', async () => {
    const db = await openWaymarkDb({ name: `lease-lost-${Math.random()}` });
    const a = new LeaseRunLocks(db, 'a', 100, 300);
    const b = new LeaseRunLocks(db, 'b', 100, 300);
    const lost: string[] = [];
    a.onLost((runId) => lost.push(runId));
    const kept = await a.tryAcquire('kept');
    (await a.tryAcquire('released'))!();
    await a.tryAcquire('taken');
    await new Promise((r) => setTimeout(r, 150));
    // Lapsed between two beats of a: b takes it.
    expect(await b.tryAcquire('taken')).toBeTypeOf('function');
    await new Promise((r) => setTimeout(r, 400));
    expect(lost).toEqual(['taken']);
    kept!();
    db.close();
  });

  it('stops the execution of the tab that lost it, which writes nothing more', async () => {
    const dbName = `lease-loss-${Math.random()}`;
    const files = new MemoryFileStore();
    const bytes = randomBytes(1_200_000, 21);
    // Tab A renews only every 800 ms: its lease lapses for 500 ms between beats.
    const a = await leaseTab(dbName, files, 'a', 800);
    const id = await a.engine.start('test-fnv', fileOf(bytes), {});
    for (;;) {
      const r = await a.store.getRun(id);
      if (r?.status === 'running' && r.lastSeq >= 2) break;
      await new Promise((res) => setTimeout(res, 10));
    }

    // Tab B finds the run orphaned once A's lease lapses, and resumes it.
    const b = await leaseTab(dbName, files, 'b', 100);
    for (let i = 0; ; i++) {
      expect(i, 'tab B never took the run over').toBeLessThan(100);
      // Either this look finds the lease lapsed, or an earlier look's watch is granted it once it
      // lapses (and resumes the run there): B owns it either way. Leases are not re-entrant, so
      // a later look reports B's own run as held, never as resumed a second time.
      if ((await b.engine.recover()).resumed.includes(id) || b.engine.owns(id)) break;
      await new Promise((res) => setTimeout(res, 30));
    }
    console.log('B took over', Date.now());
    expect(b.engine.owns(id)).toBe(true);

    // A's next heartbeat sees the new owner: its execution ends while B still runs the run.
    await a.engine.settled(id);
    console.log('A settled', Date.now(), (await a.store.getRun(id))?.status);
    const atStop = a.events.length;
    const run = await a.store.getRun(id);
    // Still B's to run: running, or copying the rest first where B resumed past what the copy
    // had recorded (as a loaded machine makes it, seen at load 7).
    expect(['running', 'importing']).toContain(run?.status);
    expect(run?.result).toBeUndefined();
    expect(a.engine.owns(id)).toBe(false);
    expect((await a.store.db.get('leases', id))?.owner).toBe('b');
    // A stopped as a crashed tab would, with no stop checkpoint of its own.
    const lastOfA = a.events.filter((e) => e.type === 'checkpoint').pop();
    expect(lastOfA?.type === 'checkpoint' && lastOfA.checkpoint.reason).toBe('interval');

    const done = await (async () => {
      for (;;) {
        const r = await b.store.getRun(id);
        if (r && r.status !== 'running' && r.status !== 'importing') return r;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    expect(done.status).toBe('completed');
    expect(done.result).toBe(fnvOf(bytes));
    // Everything after A stopped was B's: A emitted nothing more for the run.
    expect(a.events.slice(atStop).filter((e) => 'runId' in e || e.type === 'run')).toEqual([]);
    await a.close();
    await b.close();
  }, 30_000);
});
