import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultWorkers } from '../../../src/engine/settings';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { sumMap } from '../helpers/test-workflows';

describe('engine settings: one source the engine applies itself', () => {
  it('sizes the pool from its workers setting, and reports the pool as built without one', async () => {
    const world = newWorld([sumMap]);
    const sized = await openTab(world, { workers: 2, settings: { workers: 3 } });
    expect(sized.pool.size).toBe(3);
    expect(sized.engine.settings.workers).toBe(3);
    await sized.close();

    const unsized = await openTab(world, { workers: 2 });
    expect(unsized.pool.size).toBe(2);
    expect(unsized.engine.settings.workers).toBe(2);
    await unsized.close();
  });

  it('updateSettings resizes the pool and changes retention for the next saves', async () => {
    const world = newWorld([sumMap]);
    const tab = await openTab(world, {
      workers: 2,
      settings: { chunkSize: 100, checkpointEveryChunks: 1, checkpointEveryMs: 60_000 },
    });
    tab.engine.updateSettings({ workers: 1 });
    expect(tab.pool.size).toBe(1);
    tab.engine.updateSettings({ workers: 4 });
    expect(tab.pool.size).toBe(4);

    tab.engine.updateSettings({ keepCheckpoints: 2 });
    const bytes = randomBytes(6_000, 11);
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toMatchObject({ sum: bytes.reduce((s, b) => s + b, 0) });
    // Far more checkpoints were written than the default retention (20) keeps…
    expect(run.lastSeq).toBeGreaterThan(25);
    // …and what the store holds besides the boundaries is the 2 most recent.
    const kept = await tab.store.listCheckpoints(id);
    const regular = kept.filter((c) => !c.boundary && !c.pinned).map((c) => c.seq);
    expect(regular.length).toBeLessThanOrEqual(2);
    expect(kept.map((c) => c.seq).sort((a, b) => a - b)).toEqual(
      run.kept.map((k) => k.seq).sort((a, b) => a - b),
    );
    await tab.close();
  });

  describe('default workers: one per core, at most 8', () => {
    afterEach(() => vi.unstubAllGlobals());
    const cores = (n: number | undefined) => vi.stubGlobal('navigator', { hardwareConcurrency: n });
    it('uses both cores of a 2-core laptop (cores − 1 left one idle)', () => {
      cores(2);
      expect(defaultWorkers()).toBe(2);
    });
    it('one core: one worker; many: capped at 8', () => {
      cores(1);
      expect(defaultWorkers()).toBe(1);
      cores(32);
      expect(defaultWorkers()).toBe(8);
    });
    it('a browser that does not say: 2', () => {
      cores(undefined);
      expect(defaultWorkers()).toBe(2);
    });
  });
});
