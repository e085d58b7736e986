/**
 * Issue 12: a picked file kept outside the page (the service worker, in the app) lets a reload
 * in the middle of the copy go on by itself; where the keeper lost it (a browser restart), the
 * run keeps what was copied and asks for the file, accepting only the same one. In Node a
 * keeper shared by two tabs is what outlives a reload; a fresh one is a restarted browser.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileKeeper, type EngineEvent } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

// 1.2 MB copied in 40 KB blocks at 400 KB/s: about 3 s of copy to crash in.
const SLOW = {
  settings: { chunkSize: 10_000, checkpointEveryMs: 20, importBlockSize: 40_000 },
  debug: { throttleBytesPerSec: 400_000 },
};
const SIZE = 1_200_000;

/** Every `input.imported` the tab's engine reports for the run from now on, and any need. */
function watch(events: { on(l: (e: EngineEvent) => void): unknown }, runId: string) {
  const seen = { imported: [] as number[], needs: [] as string[] };
  events.on((e) => {
    if (e.type !== 'run' || e.run.id !== runId) return;
    seen.imported.push(e.run.input.imported);
    if (e.run.need) seen.needs.push(e.run.need);
  });
  return seen;
}

describe('file keeper', () => {
  it('a reload during the copy: the kept file is used, the run resumes with no need and lets the file go once copied', async () => {
    const world = newWorld([fnvFold]);
    const worker = new MemoryFileKeeper();
    const bytes = randomBytes(SIZE, 31);
    const tab = await openTab(world, { ...SLOW, keeper: worker });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    expect(worker.runIds()).toEqual([id]);
    const before = await waitForRun(tab, id, (r) => r.input.imported >= SIZE / 4);
    expect(before.input.imported).toBeLessThan(SIZE);
    tab.crash();

    const next = await openTab(world, { ...SLOW, keeper: worker });
    const seen = watch(next.engine.bus, id);
    const report = await next.engine.recover();
    expect(report).toMatchObject({ resumed: [id], interrupted: [] });
    const done = await waitForRun(next, id, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    expect(seen.needs).toEqual([]);
    expect(Math.min(...seen.imported)).toBeGreaterThanOrEqual(before.input.imported);
    expect(worker.runIds()).toEqual([]);
    await next.close();
  });

  it('a browser restart during the copy: the keeper lost the file; the run keeps its copy, asks, and accepts only the same file', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(SIZE, 32);
    const tab = await openTab(world, { ...SLOW, keeper: new MemoryFileKeeper() });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const before = await waitForRun(tab, id, (r) => r.input.imported >= SIZE / 4);
    tab.crash();

    const next = await openTab(world, { ...SLOW, keeper: new MemoryFileKeeper() });
    const report = await next.engine.recover();
    expect(report).toMatchObject({ resumed: [], interrupted: [id] });
    const asks = await waitForRun(next, id, (r) => r.status === 'interrupted');
    expect(asks.need).toBe('repick');
    expect(asks.input.imported).toBeGreaterThanOrEqual(before.input.imported);
    expect(asks.input.imported).toBeLessThan(SIZE);

    const other = bytes.slice();
    other[SIZE - 1] ^= 1;
    await expect(next.engine.repick(id, fileOf(other))).rejects.toMatchObject({
      code: 'input-mismatch',
    });
    expect((await next.store.getRun(id))?.need).toBe('repick');

    const seen = watch(next.engine.bus, id);
    await next.engine.repick(id, fileOf(bytes));
    const done = await waitForRun(next, id, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    // Only the rest was copied.
    expect(Math.min(...seen.imported)).toBeGreaterThanOrEqual(asks.input.imported);
    await next.close();
  });

  it('lets the file go when the run is canceled or deleted, and never keeps one a run reads directly', async () => {
    const world = newWorld([fnvFold]);
    const worker = new MemoryFileKeeper();
    const tab = await openTab(world, { ...SLOW, keeper: worker });
    const canceled = await tab.engine.start('test-fnv', fileOf(randomBytes(SIZE, 33)), {});
    await waitForRun(tab, canceled, (r) => r.status === 'importing');
    await tab.engine.cancel(canceled);
    expect(worker.runIds()).toEqual([]);

    const deleted = await tab.engine.start('test-fnv', fileOf(randomBytes(SIZE, 34)), {});
    await waitForRun(tab, deleted, (r) => r.status === 'importing');
    await tab.engine.pause(deleted);
    expect(worker.runIds()).toEqual([deleted]);
    await tab.engine.remove(deleted);
    expect(worker.runIds()).toEqual([]);

    // "Ask again": the page keeps the file; a reload asks, as the user chose.
    const direct = randomBytes(100_000, 35);
    const ask = await tab.engine.start('test-fnv', fileOf(direct), {}, { mode: 'repick' });
    expect(worker.runIds()).toEqual([]);
    const done = await waitForRun(tab, ask, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(direct));
    await tab.close();
  });

  it('a long copy reloaded more often than the crash-loop limit is still resumed each time', async () => {
    const world = newWorld([fnvFold]);
    const worker = new MemoryFileKeeper();
    const bytes = randomBytes(SIZE, 36);
    let tab = await openTab(world, { ...SLOW, keeper: worker });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const outcomes: string[] = [];
    let imported = 0;
    for (let i = 0; i < 5; i++) {
      // Some more of the copy recorded, with no checkpoint (nothing is processed yet).
      const at = imported;
      const r = await waitForRun(tab, id, (x) => x.input.imported > at, 30_000);
      imported = r.input.imported;
      expect(r.lastSeq).toBe(0);
      tab.crash();
      tab = await openTab(world, { ...SLOW, keeper: worker });
      const report = await tab.engine.recover();
      outcomes.push(report.resumed.includes(id) ? 'resumed' : 'interrupted');
    }
    expect(outcomes).toEqual(['resumed', 'resumed', 'resumed', 'resumed', 'resumed']);
    const done = await waitForRun(tab, id, (r) => r.status === 'completed', 30_000);
    expect(done.result).toBe(fnvOf(bytes));
    await tab.close();
  });
});
