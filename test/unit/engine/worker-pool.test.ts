import { describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine/errors';
import type { MapChunkRequest, StepHostApi } from '../../../src/engine/step-protocol';
import { MAP_PIPELINE_DEPTH, type SpawnedHost, WorkerPool } from '../../../src/engine/worker-pool';

/** A host whose map calls settle only when the test says so. */
function fakeHosts() {
  const hosts: {
    id: number;
    calls: { index: number; settle: (v: unknown) => void }[];
    inFlight: number;
    max: number;
    terminated: boolean;
  }[] = [];
  const spawn = (): SpawnedHost => {
    const h = {
      id: hosts.length,
      calls: [] as { index: number; settle: (v: unknown) => void }[],
      inFlight: 0,
      max: 0,
      terminated: false,
    };
    hosts.push(h);
    const api = {
      mapChunk: (req: MapChunkRequest) =>
        new Promise((resolve) => {
          h.inFlight++;
          h.max = Math.max(h.max, h.inFlight);
          h.calls.push({
            index: req.index,
            settle: (v) => {
              h.inFlight--;
              resolve(v);
            },
          });
        }),
      openFold: () => Promise.resolve(1),
      closeFold: () => Promise.resolve(),
    } as unknown as StepHostApi;
    return { api, terminate: () => (h.terminated = true), onDeath: () => undefined };
  };
  return { hosts, spawn };
}

const req = (index: number) => ({ index }) as unknown as MapChunkRequest;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WorkerPool', () => {
  it('starts hosts at their first call, or all at once when warmed, never twice', async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 3);
    expect(hosts).toHaveLength(0);
    void pool.mapChunk(req(0), { deadlineMs: 10_000 });
    await tick();
    expect(hosts).toHaveLength(1);
    pool.warm();
    pool.warm();
    expect(hosts).toHaveLength(3);
    pool.close();
    pool.warm();
    expect(hosts).toHaveLength(3);
  });

  it('shrinks and closes with slots that never started a host, starting none', async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 4);
    void pool.mapChunk(req(0), { deadlineMs: 10_000 });
    await tick();
    expect(hosts).toHaveLength(1);
    pool.resize(2);
    expect(pool.size).toBe(2);
    pool.close();
    expect(hosts).toHaveLength(1);
    expect(hosts[0].terminated).toBe(true);
  });

  it('sends a worker its next map chunk while it works on one, and says "started" in turn', async () => {
    expect(MAP_PIPELINE_DEPTH).toBe(2);
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 1);
    const started: number[] = [];
    const calls = [0, 1, 2].map((i) =>
      pool.mapChunk(req(i), { deadlineMs: 10_000, onStart: () => started.push(i) }),
    );
    await tick();
    // Two on the one host; the third waits in the pool.
    expect(hosts[0].calls.map((c) => c.index)).toEqual([0, 1]);
    expect(started).toEqual([0]);
    hosts[0].calls[0].settle('a');
    expect(await calls[0]).toBe('a');
    await tick();
    expect(started).toEqual([0, 1]);
    expect(hosts[0].calls.map((c) => c.index)).toEqual([0, 1, 2]);
    hosts[0].calls[1].settle('b');
    hosts[0].calls[2].settle('c');
    expect(await Promise.all(calls)).toEqual(['a', 'b', 'c']);
    expect(hosts[0].max).toBe(2);
    pool.close();
  });

  it('spreads chunks over idle workers before doubling up on one', async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 2);
    const calls = [0, 1].map((i) => pool.mapChunk(req(i), { deadlineMs: 10_000 }));
    await tick();
    expect(hosts.map((h) => h.calls.length)).toEqual([1, 1]);
    for (const h of hosts) h.calls[0].settle(h.id);
    await Promise.all(calls);
    pool.close();
  });

  it('keeps a stripe on its preferred worker, lets others by, and never leaves a worker idle', async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 2);
    pool.warm();
    const opts = (prefer: number) => ({ deadlineMs: 10_000, prefer });
    // One call for worker 1, then three for worker 0 (it takes two): the third waits for worker
    // 0, not taken by worker 1, which has room but is not idle.
    const calls = [pool.mapChunk(req(10), opts(1))];
    calls.push(...[0, 1, 2].map((i) => pool.mapChunk(req(i), opts(0))));
    // A call for worker 1 is not held up behind worker 0's third.
    calls.push(pool.mapChunk(req(11), opts(1)));
    await tick();
    expect(hosts.map((h) => h.calls.map((c) => c.index))).toEqual([
      [0, 1],
      [10, 11],
    ]);
    hosts[0].calls[0].settle(0);
    await tick();
    expect(hosts[0].calls.map((c) => c.index)).toEqual([0, 1, 2]);
    // A call for a busy worker 0 goes to worker 1 once worker 1 is idle.
    calls.push(pool.mapChunk(req(3), opts(0)));
    await tick();
    expect(hosts[1].calls.map((c) => c.index)).toEqual([10, 11]);
    hosts[1].calls[0].settle(1);
    hosts[1].calls[1].settle(1);
    await tick();
    expect(hosts[1].calls.map((c) => c.index)).toEqual([10, 11, 3]);
    for (const h of hosts) for (const c of h.calls) c.settle(h.id);
    await Promise.all(calls);
    pool.close();
  });

  it('replaces a hung worker once and fails the chunk queued behind it at once, as retryable', async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 1);
    const t0 = Date.now();
    const first = pool.mapChunk(req(0), { deadlineMs: 50 }).catch((e: unknown) => e);
    const second = pool.mapChunk(req(1), { deadlineMs: 60_000 }).catch((e: unknown) => e);
    const [a, b] = await Promise.all([first, second]);
    expect((a as WaymarkError).code).toBe('worker-timeout');
    expect((b as WaymarkError).code).toBe('worker-died');
    // Not its own fault: the map step retries it without counting an attempt.
    expect((b as WaymarkError).details.bystander).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(pool.stats.respawned).toBe(1);
    expect(hosts[0].terminated).toBe(true);
    // The fresh host takes the next call.
    const third = pool.mapChunk(req(2), { deadlineMs: 10_000 });
    await tick();
    expect(hosts[1].calls.map((c) => c.index)).toEqual([2]);
    hosts[1].calls[0].settle('ok');
    expect(await third).toBe('ok');
    pool.close();
  });

  it("keeps a fold session's worker to itself", async () => {
    const { hosts, spawn } = fakeHosts();
    const pool = new WorkerPool(spawn, 1);
    const fold = await pool.openFold({} as never, { deadlineMs: 10_000 });
    let done = false;
    const chunk = pool.mapChunk(req(0), { deadlineMs: 10_000 }).then((v) => {
      done = true;
      return v;
    });
    await tick();
    expect(hosts[0].calls).toHaveLength(0);
    fold.release();
    await tick();
    expect(hosts[0].calls).toHaveLength(1);
    hosts[0].calls[0].settle('x');
    expect(await chunk).toBe('x');
    expect(done).toBe(true);
    pool.close();
  });
});
