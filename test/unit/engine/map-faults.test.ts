import { describe, expect, it } from 'vitest';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { sumMap } from '../helpers/test-workflows';

describe('map step under worker faults, two chunks in flight per worker', () => {
  it('counts every chunk exactly once whatever throws, hangs or dies (property)', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const r = randomBytes(16, seed + 500);
      const kinds = ['throw', 'hang', 'die'] as const;
      const faults = Array.from({ length: 1 + (r[0] % 4) }, (_, k) => ({
        kind: kinds[r[1 + k] % 3],
        chunk: r[5 + k] % 30,
        workflowId: 'test-sum',
      }));
      const world = newWorld([sumMap]);
      const tab = await openTab(world, {
        workers: 1 + (r[10] % 2),
        settings: { chunkSize: 100, deadlineFloorMs: 40, backoffMs: 1 },
        debug: { faults },
      });
      const bytes = randomBytes(3000, seed);
      const id = await tab.engine.start('test-sum', fileOf(bytes), {});
      const run = await waitForRun(
        tab,
        id,
        (x) => x.status === 'completed' || x.status === 'failed',
      );
      expect(run.status, `seed ${seed} ${JSON.stringify(faults)} ${run.message ?? ''}`).toBe(
        'completed',
      );
      expect(run.result, `seed ${seed} ${JSON.stringify(faults)}`).toEqual({
        sum: bytes.reduce((s, b) => s + b, 0),
        chunks: Array.from({ length: 30 }, (_, i) => i),
      });
      await tab.close();
    }
  });
});

describe('map step: a chunk lost with a worker another chunk hung', () => {
  it('is retried without counting an attempt (a bystander), so only the hung chunk fails', async () => {
    const world = newWorld([sumMap]);
    // One worker, two chunks in flight on it: chunk 0 hangs while the others pass by it, about
    // 100 ms each, so that one of them is in flight when the pool replaces the worker at chunk
    // 0's deadline (1 s, ten times a chunk's time), and is lost with it.
    const tab = await openTab(world, {
      workers: 1,
      settings: { chunkSize: 100, deadlineFloorMs: 1000, backoffMs: 1, maxAttempts: 1 },
      debug: {
        faults: [{ kind: 'hang', chunk: 0, workflowId: 'test-sum' }],
        throttleBytesPerSec: 1000,
      },
    });
    const taken = new Map<number, number>();
    tab.engine.bus.on((e) => {
      if (e.type === 'chunk' && e.status === 'running')
        taken.set(e.index, (taken.get(e.index) ?? 0) + 1);
    });
    // Read from the File (no copy first): the throttled import would take 3 s a block.
    const id = await tab.engine.start(
      'test-sum',
      fileOf(randomBytes(3000, 9)),
      {},
      { mode: 'repick' },
    );
    const run = await waitForRun(tab, id, (x) => x.status === 'failed');
    // A chunk besides the hung one was taken twice: it was lost with the worker and tried again.
    const retried = [...taken].filter(([i, n]) => i !== 0 && n > 1).map(([i]) => i);
    expect(retried.length).toBe(1);
    expect(run.failedChunks).toEqual([0]);
    const records = await tab.store.ledger.list(id, 0);
    expect(records.filter((c) => c.status === 'failed').map((c) => c.index)).toEqual([0]);
    await tab.close();
  });
});
