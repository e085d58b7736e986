/** A run's work counters (`stats`) count every byte once, whichever saves race each other. */
import { describe, expect, it } from 'vitest';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

describe('run stats', () => {
  it('count every byte once when synchronous saves land while regular saves are in flight', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, {
      settings: { chunkSize: 10_000, checkpointEveryMs: 1, importBlockSize: 100_000 },
      // About a second of work: enough timer ticks for racing saves even on a busy machine.
      // Pieces of 10 kB: the throttle paces each fold call on its own, so with a save after
      // every call (1 ms interval) 1 kB pieces made the run last a save per kB (over 60 s).
      debug: { throttleBytesPerSec: 300_000 },
    });
    const bytes = randomBytes(300_000, 31);
    const reasons: string[] = [];
    tab.engine.bus.on((e) => {
      if (e.type === 'checkpoint') reasons.push(e.checkpoint.reason);
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    // A frozen page that is resumed: synchronous saves between (and during) regular ones.
    let sync = 0;
    const timer = setInterval(() => {
      tab.engine.checkpointAllSync('page-hidden');
      sync++;
    }, 3);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed', 30_000);
    clearInterval(timer);
    expect(run.result).toBe(fnvOf(bytes));
    expect(sync).toBeGreaterThan(10);
    expect(reasons).toContain('interval');
    expect(reasons).toContain('page-hidden');
    expect(run.stats.processedBytes).toBe(bytes.length);
    await tab.close();
  });
});
