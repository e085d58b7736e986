import { describe, expect, it } from 'vitest';
import { LeaseRunLocks, Persistence, openWaymarkDb } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

const SLOW = {
  settings: { chunkSize: 10_000, checkpointEveryMs: 20, importBlockSize: 200_000 },
  debug: { throttleBytesPerSec: 400_000 },
};

describe('recovery manager', () => {
  it('picks exactly the orphaned runs: not those another tab owns, nor paused or finished ones', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(400_000, 3);
    const alive = await openTab(world, SLOW);
    const long = randomBytes(3_000_000, 8);
    const owned = await alive.engine.start('test-fnv', fileOf(long, 'owned'), {});
    const paused = await alive.engine.start('test-fnv', fileOf(bytes, 'paused'), {});
    await alive.engine.pause(paused);
    const small = await alive.engine.start('test-fnv', fileOf(new Uint8Array(10), 'done'), {});
    await waitForRun(alive, owned, (r) => r.status === 'running' && r.lastSeq > 1);

    const doomed = await openTab(world, SLOW);
    const orphan = await doomed.engine.start('test-fnv', fileOf(bytes, 'orphan'), {});
    await waitForRun(doomed, orphan, (r) => r.status === 'running' && r.lastSeq > 1);
    doomed.crash();

    const fresh = await openTab(world, SLOW);
    const report = await fresh.engine.recover();
    expect(report.resumed).toEqual([orphan]);
    // `small` waits as Queued behind `owned` in the live tab: that tab owns it too.
    expect(report.elsewhere.sort()).toEqual([owned, small].sort());
    expect(report.interrupted).toEqual([]);
    expect(fresh.engine.owns(orphan)).toBe(true);
    expect(fresh.engine.owns(owned)).toBe(false);
    const done = await waitForRun(fresh, orphan, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    expect((await fresh.store.getRun(paused))?.status).toBe('paused');

    // When the owner goes away, the waiting tab takes the run over.
    alive.crash();
    const taken = await waitForRun(fresh, owned, (r) => r.status === 'completed', 60_000);
    expect(taken.result).toBe(fnvOf(long));
    // `small` never got its private copy before its tab died: its picked file, which the
    // keeper holds across the tab's end (as the app's service worker does), is read and copied.
    const copied = await waitForRun(fresh, small, (r) => r.status === 'completed', 30_000);
    expect(copied.result).toBe(fnvOf(new Uint8Array(10)));
    expect(copied.input.imported).toBe(10);
    await fresh.close();
  });

  it('does not resume a run that crashed the page on each of its last 3 resumes', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(400_000, 4);
    let tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 60_000, importBlockSize: 50_000 },
      debug: { throttleBytesPerSec: 100_000 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    const outcomes: string[][] = [];
    for (let i = 0; i < 4; i++) {
      tab.crash();
      tab = await openTab(world, {
        settings: { chunkSize: 1000, checkpointEveryMs: 60_000, importBlockSize: 50_000 },
        debug: { throttleBytesPerSec: 100_000 },
      });
      const r = await tab.engine.recover();
      outcomes.push([...r.resumed.map(() => 'resumed'), ...r.interrupted.map(() => 'interrupted')]);
    }
    expect(outcomes).toEqual([['resumed'], ['resumed'], ['resumed'], ['interrupted']]);
    const run = await tab.store.getRun(id);
    expect(run?.status).toBe('interrupted');
    expect(run?.message).toMatch(/last 3 resumes/);
    await tab.close();
  });

  it('waits for the user when "Resume automatically" is off', async () => {
    const world = newWorld([fnvFold]);
    let tab = await openTab(world, SLOW);
    const id = await tab.engine.start('test-fnv', fileOf(randomBytes(300_000, 5)), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    tab.crash();
    tab = await openTab(world, {
      ...SLOW,
      settings: { ...SLOW.settings, resumeAutomatically: false },
    });
    const report = await tab.engine.recover();
    expect(report.interrupted).toEqual([id]);
    expect((await tab.store.getRun(id))?.status).toBe('interrupted');
    await tab.close();
  });

  it('pagehide: a synchronous checkpoint of the latest state, then nothing is lost by the reload', async () => {
    const world = newWorld([fnvFold]);
    let tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 60_000 },
      debug: { throttleBytesPerSec: 200_000 },
    });
    const bytes = randomBytes(300_000, 6);
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    await new Promise((r) => setTimeout(r, 400));
    tab.engine.checkpointAllSync('page-hidden');
    await new Promise((r) => setTimeout(r, 50));
    tab.crash();
    const list = await (await openTab(world)).engine.checkpoints.list(id);
    const last = list[list.length - 1];
    expect(last.reason).toBe('page-hidden');
    expect(last.bytesDone).toBeGreaterThan(20_000);
    tab = await openTab(world);
    await tab.engine.recover();
    expect((await waitForRun(tab, id, (r) => r.status === 'completed', 30_000)).result).toBe(
      fnvOf(bytes),
    );
    await tab.close();
  });
});

describe('heartbeat leases (where Web Locks are missing)', () => {
  it('gives a run one owner; frees it on release or when the owner stops renewing', async () => {
    const db = await openWaymarkDb({ name: `lease-${Math.random()}` });
    const a = new LeaseRunLocks(db, 'a', 300, 100);
    const b = new LeaseRunLocks(db, 'b', 300, 100);
    const release = await a.tryAcquire('r');
    expect(release).toBeTypeOf('function');
    await new Promise((r) => setTimeout(r, 500));
    // Renewed by a's heartbeat: still a's after more than a lease's lifetime.
    expect(await b.tryAcquire('r')).toBeUndefined();
    release!();
    await new Promise((r) => setTimeout(r, 50));
    const rb = await b.tryAcquire('r');
    expect(rb).toBeTypeOf('function');
    rb!();
    // An owner that dies stops renewing: its lease expires and another tab takes over.
    const store = new Persistence(db);
    await store.db.put('leases', { runId: 'x', owner: 'dead', expiresAt: Date.now() + 200 });
    expect(await a.tryAcquire('x')).toBeUndefined();
    const waited = await a.acquire('x');
    expect(waited).toBeTypeOf('function');
    waited();
    db.close();
  });
});
