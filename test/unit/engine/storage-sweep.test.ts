/**
 * The start-up sweep: what deleting runs could not remove goes (run folders, older runs'
 * `runs/<id>/input` copies, shared copies in `copies/`); what a run of any record format still
 * needs stays.
 */
import { describe, expect, it } from 'vitest';
import { sweepOrphanedRunFiles } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { runFixture } from '../helpers/run-fixture';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

describe('sweepOrphanedRunFiles', () => {
  it('removes the folders and copies of deleted runs and keeps those runs still need', async () => {
    const world = newWorld([fnvFold]);
    // Copies kept after completion, so that completed runs still need theirs.
    const settings = { chunkSize: 1000, checkpointEveryMs: 1, keepInputCopies: true };
    const tab = await openTab(world, { settings });
    const done = async (seed: number) => {
      const id = await tab.engine.start(fnvFold.id, fileOf(randomBytes(5_000, seed)), {});
      return waitForRun(tab, id, (r) => r.status === 'completed');
    };
    const [kept, source, deleted] = [await done(1), await done(2), await done(3)];
    const seq = (await tab.engine.checkpoints.list(source.id)).at(-1)!.seq;
    const fork = await tab.engine.fork(source.id, seq);
    const forked = await waitForRun(tab, fork, (r) => r.status === 'completed');
    // The fork reads its source's copy.
    expect(forked.input.opfsPath).toBe(source.input.opfsPath);
    const copies = async () => world.files.list('copies');
    expect((await copies()).length).toBe(3);

    // A delete whose removal failed (a worker still reading, the page closed): only the record
    // went. And the source of a fork, deleted: its copy is still the fork's.
    await tab.store.deleteRun(deleted.id);
    await tab.engine.remove(source.id);
    expect(await world.files.size(source.input.opfsPath!)).toBe(5_000);
    // Strays: a folder and a copy with no record at all (deleted in a tab that closed mid-way).
    await world.files.put('runs/stray/input', new Uint8Array(10));
    await world.files.put('copies/stray-1', new Uint8Array(10));
    // An older run (record format of any version) reading `runs/<id>/input` keeps it.
    await tab.store.db.put(
      'runs',
      runFixture({
        id: 'legacy',
        status: 'paused',
        input: { ...runFixture().input, opfsPath: 'runs/legacy/input' },
      }),
    );
    await world.files.put('runs/legacy/input', new Uint8Array(1000));
    await tab.store.db.put('runs', {
      ...runFixture({ id: 'newer' }),
      format: 99,
      input: { opfsPath: 'copies/newer-1' },
    } as never);
    await world.files.put('copies/newer-1', new Uint8Array(10));

    expect((await sweepOrphanedRunFiles(tab.store, world.files)).sort()).toEqual(
      ['stray', deleted.input.opfsPath!, 'copies/stray-1'].sort(),
    );
    expect(await world.files.size('runs/legacy/input')).toBe(1000);
    expect(await world.files.size('copies/newer-1')).toBe(10);
    // Once the fork is gone too, nothing needs the source's copy: delete removed it already.
    await tab.engine.remove(fork);
    expect(await world.files.size(source.input.opfsPath!)).toBeUndefined();
    // The older run released its copy: the sweep removes the copy, keeps the folder's record.
    await tab.store.updateRun('legacy', (r) => (r.input.released = true));
    expect(await sweepOrphanedRunFiles(tab.store, world.files)).toEqual(['runs/legacy/input']);
    // The remaining run still has its copy, with its bytes.
    const blob = await world.files.file(kept.input.opfsPath!);
    expect(fnvOf(new Uint8Array(await blob.arrayBuffer()))).toBe(fnvOf(randomBytes(5_000, 1)));
    await tab.close();
  });
});
