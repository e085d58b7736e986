/**
 * Run locks: one holder per run, one release per acquisition, for each implementation — Web
 * Locks (on a faithful fake of the API, Node has none), the IndexedDB heartbeat lease that
 * stands in without them, and the in-process registry the Node tests use.
 */
import { describe, expect, it } from 'vitest';
import {
  LeaseRunLocks,
  MemoryLockRegistry,
  WebRunLocks,
  openWaymarkDb,
  type RunLocks,
} from '../../../src/engine';
import { FakeLockOrigin } from '../helpers/fake-web-locks';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

interface Tabs {
  tab(id: string): RunLocks;
  close(): void;
}

const kinds: [string, () => Promise<Tabs>][] = [
  [
    'Web Locks',
    async () => {
      const origin = new FakeLockOrigin();
      return { tab: (id) => new WebRunLocks(origin.client(id)), close: () => undefined };
    },
  ],
  [
    'heartbeat leases',
    async () => {
      const db = await openWaymarkDb({ name: `locks-${Math.random()}` });
      return { tab: (id) => new LeaseRunLocks(db, id, 300, 100), close: () => db.close() };
    },
  ],
  [
    'in-process registry',
    async () => {
      const reg = new MemoryLockRegistry();
      return { tab: (id) => reg.forOwner(id), close: () => undefined };
    },
  ],
];

describe.each(kinds)('%s', (_name, make) => {
  it('one holder: neither the holding tab nor another can take a held run', async () => {
    const t = await make();
    const [a, b] = [t.tab('a'), t.tab('b')];
    const first = await a.tryAcquire('r');
    expect(first).toBeTypeOf('function');
    expect(await a.tryAcquire('r'), 'the same tab again').toBeUndefined();
    expect(await b.tryAcquire('r'), 'another tab').toBeUndefined();
    // Other runs are independent.
    const other = await b.tryAcquire('s');
    expect(other).toBeTypeOf('function');
    first!();
    await tick();
    const second = await b.tryAcquire('r');
    expect(second).toBeTypeOf('function');
    second!();
    other!();
    await tick();
    t.close();
  });

  it('one release: releasing an acquisition twice never frees a later one', async () => {
    const t = await make();
    const [a, b] = [t.tab('a'), t.tab('b')];
    const first = (await a.tryAcquire('r'))!;
    first();
    await tick();
    // Taken again by the same tab, then the old release is called once more.
    const again = (await a.tryAcquire('r'))!;
    expect(again).toBeTypeOf('function');
    first();
    await tick();
    expect(await b.tryAcquire('r'), 'another tab while the run is held again').toBeUndefined();
    again();
    await tick();
    expect(await b.tryAcquire('r')).toBeTypeOf('function');
    t.close();
  });

  it('acquire waits for the holder to let go', async () => {
    const t = await make();
    const [a, b] = [t.tab('a'), t.tab('b')];
    const held = (await a.tryAcquire('r'))!;
    let granted = false;
    const waiting = b.acquire('r').then((r) => {
      granted = true;
      return r;
    });
    await tick(250);
    expect(granted).toBe(false);
    held();
    const release = await waiting;
    expect(await a.tryAcquire('r')).toBeUndefined();
    release();
    t.close();
  });
});

describe('WebRunLocks', () => {
  it('a tab that dies lets the waiting tab take over; an aborted wait takes nothing', async () => {
    const origin = new FakeLockOrigin();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => new WebRunLocks(origin.client(id)));
    expect(await a.tryAcquire('r')).toBeTypeOf('function');
    const ctl = new AbortController();
    const aborted = c.acquire('r', ctl.signal);
    const waiting = b.acquire('r');
    ctl.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    origin.crash('a');
    const release = await waiting;
    const snapshot = await origin.client('x').query();
    expect(snapshot.held).toEqual([{ name: 'waymark-run:r', mode: 'exclusive', clientId: 'b' }]);
    expect(snapshot.pending).toEqual([]);
    release();
    await tick();
    expect((await origin.client('x').query()).held).toEqual([]);
  });
});
