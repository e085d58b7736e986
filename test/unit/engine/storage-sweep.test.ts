/**
 * The sweep of run folders: what deleting runs could not remove goes, what a run (or a fork
 * reading its source's input) still needs stays.
 */
import { describe, expect, it } from 'vitest';
import { sweepOrphanedRunFiles } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold } from '../helpers/test-workflows';

describe('sweepOrphanedRunFiles', () => {
  it('removes the folders of deleted runs and keeps those runs still read', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: { chunkSize: 1000, checkpointEveryMs: 1 } });
    const done = async () => {
      const id = await tab.engine.start(fnvFold.id, fileOf(randomBytes(5_000, 9)), {});
      await waitForRun(tab, id, (r) => r.status === 'completed');
      return id;
    };
    const [kept, source, deleted] = [await done(), await done(), await done()];
    const seq = (await tab.engine.checkpoints.list(source)).at(-1)!.seq;
    const fork = await tab.engine.fork(source, seq);
    await waitForRun(tab, fork, (r) => r.status === 'completed');
    const folders = async () => world.files.list('runs');
    // The fork reads its source's input and writes no outputs: it has no folder of its own.
    expect(await folders()).toEqual([kept, source, deleted].sort());

    // A delete whose removal failed (a worker still reading, the page closed): only the record
    // went. And the source of a fork, deleted: its input copy is still the fork's.
    await tab.store.deleteRun(deleted);
    await tab.engine.remove(source);
    expect(await world.files.list(`runs/${source}`)).toEqual(['input']);
    // A folder with no record at all (a run deleted in a tab that closed mid-way).
    await world.files.put('runs/stray/input', new Uint8Array(10));

    expect((await sweepOrphanedRunFiles(tab.store, world.files)).sort()).toEqual(
      [deleted, 'stray'].sort(),
    );
    expect(await folders()).toEqual([kept, source].sort());
    // Once the fork is gone too, nothing reads the source's input any more.
    await tab.engine.remove(fork);
    expect(await sweepOrphanedRunFiles(tab.store, world.files)).toEqual([source]);
    expect(await folders()).toEqual([kept]);
    // The remaining run still has its input.
    expect(await world.files.size(`runs/${kept}/input`)).toBe(5_000);
    await tab.close();
  });
});
