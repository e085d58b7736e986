/**
 * Pins survive every save path: the synchronous page-hide save (which writes from the
 * execution's own copy of the run, a copy "Pin" never updates), the regular saves after a crash,
 * and the prune of a full disk.
 */
import { describe, expect, it } from 'vitest';
import { CheckpointManager } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

const SLOW = {
  // Checkpoints only when asked for: the test decides exactly which ones exist.
  settings: { chunkSize: 1000, checkpointEveryMs: 600_000, keepCheckpoints: 3 },
  debug: { throttleBytesPerSec: 200_000 },
};

describe('pins', () => {
  it('a pin made while the run runs survives a page-hide save, a crash and the saves after it', async () => {
    const world = newWorld([fnvFold]);
    let tab = await openTab(world, SLOW);
    const bytes = randomBytes(400_000, 21);
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    for (let i = 0; i < 4; i++) await tab.engine.checkpointNow(id);
    const kept = (await tab.store.getRun(id))!.kept;
    expect(kept).toHaveLength(3);
    const oldest = Math.min(...kept.filter((k) => !k.boundary).map((k) => k.seq));
    await tab.engine.pin(id, oldest, true);
    // Keep 3: the page-hide save makes a fourth, so the oldest is the one retention would drop.
    tab.engine.checkpointAllSync('page-hidden');
    await new Promise((r) => setTimeout(r, 50));
    tab.crash();

    tab = await openTab(world, SLOW);
    const cp = await tab.engine.checkpoints.load(id, oldest).catch(() => undefined);
    expect(cp?.pinned, 'the pinned checkpoint after the page-hide save').toBe(true);
    await tab.engine.recover();
    for (let i = 0; i < 4; i++) await tab.engine.checkpointNow(id);
    const done = await waitForRun(tab, id, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    const list = await tab.engine.checkpoints.list(id);
    expect(list.find((c) => c.seq === oldest)?.pinned).toBe(true);
    expect(done.kept.map((k) => k.seq)).toContain(oldest);
    // Retention went on working around it: not every checkpoint was kept.
    expect(list.length).toBeLessThan(done.lastSeq);
    await tab.close();
  });

  it('a pin on a checkpoint of a page-hide save made during a regular save survives the next page-hide save', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, SLOW);
    const id = await tab.engine.start('test-fnv', fileOf(randomBytes(400_000, 23)), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    await tab.engine.checkpointNow(id);
    // Two page-hide saves (pagehide, then freeze) while a regular save is in flight: they
    // commit after it, so the regular save's copy of the run is the older one when it returns.
    const cpm = tab.engine.checkpoints;
    const save = cpm.save.bind(cpm);
    let race = true;
    cpm.save = (runId, req) => {
      const saving = save(runId, req);
      if (race) {
        race = false;
        tab.engine.checkpointAllSync('page-hidden');
        tab.engine.checkpointAllSync('page-hidden');
      }
      return saving;
    };
    await tab.engine.checkpointNow(id);
    const before = await tab.engine.checkpoints.list(id);
    const newest = before.at(-1)!.seq;
    await tab.engine.pin(id, newest, true);
    tab.engine.checkpointAllSync('page-hidden');
    await new Promise((r) => setTimeout(r, 50));
    const after = await tab.engine.checkpoints.list(id);
    expect(after.find((c) => c.seq === newest)?.pinned).toBe(true);
    expect(after.at(-1)!.seq).toBe(newest + 1);
    await tab.close();
  });

  it('a full disk prunes everything but the latest and the pinned, whatever the run record says', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, SLOW);
    const id = await tab.engine.start('test-fnv', fileOf(randomBytes(400_000, 22)), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    for (let i = 0; i < 3; i++) await tab.engine.checkpointNow(id);
    const seqs = (await tab.engine.checkpoints.list(id)).map((c) => c.seq);
    const target = seqs[1];
    await tab.engine.pin(id, target, true);
    await tab.engine.pause(id);
    // The run's list as an older copy of the run would have written it: no pins.
    await tab.store.updateRun(id, (r) => {
      r.kept = r.kept.map((k) => ({ ...k, pinned: false }));
    });
    let failures = 1;
    const full = new CheckpointManager(tab.store, { keepLast: 20 }, () => {
      if (failures-- > 0) throw new DOMException('full', 'QuotaExceededError');
    });
    const latest = (await full.latest(id))!;
    const { checkpoint } = await full.save(id, { ...latest, reason: 'manual' });
    const left = (await full.list(id)).map((c) => c.seq);
    expect(left).toEqual([target, checkpoint.seq]);
    expect((await full.load(id, target)).pinned).toBe(true);
    await tab.close();
  });
});
