/**
 * A map step checkpoints at the cadence, not once more for every chunk that finishes while a
 * checkpoint is being written: those chunks' results are in the ledger already, and the one
 * being written saves the prefix. With a checkpoint due every 4 chunks, 2 workers (each with
 * chunks in flight) finish several chunks during each save; each of those used to queue a
 * checkpoint of its own, right after the one being written.
 */
import { describe, expect, it } from 'vitest';
import { sumMap } from '../helpers/test-workflows';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';

describe('map step checkpoint cadence', () => {
  it('writes one interval checkpoint per due point, none for chunks done during a save', async () => {
    const EVERY = 4;
    const CHUNKS = 64;
    const world = newWorld([sumMap]);
    const tab = await openTab(world, {
      workers: 2,
      settings: {
        chunkSize: 256,
        checkpointEveryMs: 600_000,
        checkpointEveryChunks: EVERY,
        // Every checkpoint stays listed.
        keepCheckpoints: 1000,
      },
    });
    const bytes = randomBytes(256 * CHUNKS, 3);
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (x) => x.status === 'completed' || x.status === 'failed');
    expect(run.status, run.message ?? '').toBe('completed');
    // Independent reference: the byte sum.
    expect((run.result as { sum: number }).sum).toBe(bytes.reduce((a, b) => a + b, 0));
    const intervals = (await tab.store.listCheckpoints(id)).filter((c) => c.reason === 'interval');
    // Each interval checkpoint needs EVERY chunks done since the one before it was written.
    expect(intervals.length).toBeGreaterThan(0);
    expect(intervals.length).toBeLessThanOrEqual(CHUNKS / EVERY);
    await tab.close();
  });
});
