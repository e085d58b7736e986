/**
 * Records of a newer format (a newer Waymark wrote them; this is an older tab, or the app was
 * rolled back) are the newer code's: this code skips them, and never quarantines, rewrites or
 * sweeps them, nor deletes the files they own.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, sweepOrphanedRunFiles } from '../../../src/engine';
import { outputDir } from '../../../src/engine/files';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold } from '../helpers/test-workflows';

const NEWER = FORMAT_VERSION + 1;
// Completed runs keep their input copies here, so that every run below still has one.
const KEEP = { chunkSize: 1000, checkpointEveryMs: 1, keepInputCopies: true };

describe('records of a newer format', () => {
  it('are never quarantined, rewritten or swept, and keep their files', async () => {
    const world = newWorld([fnvFold]);
    let tab = await openTab(world, { settings: KEEP });
    const done = async (seed: number) => {
      const id = await tab.engine.start(fnvFold.id, fileOf(randomBytes(5_000, seed)), {});
      await waitForRun(tab, id, (r) => r.status === 'completed');
      return id;
    };
    const [newer, source, other] = [await done(31), await done(32), await done(33)];
    const db = tab.store.db;
    // The newer code's records: an unknown field, a status it runs, a checkpoint and a ledger
    // record of its own; and a newer fork that reads the input of `source`.
    const runRaw = {
      ...(await db.get('runs', newer))!,
      format: NEWER,
      status: 'running',
      shinyNewField: { x: 1 },
    };
    const sourcePath = (await db.get('runs', source))!.input.opfsPath!;
    const forkRaw = {
      ...runRaw,
      id: 'newer-fork',
      input: { ...runRaw.input, opfsPath: sourcePath },
    };
    const cpRaw = { ...(await db.get('checkpoints', [newer, 1]))!, format: NEWER, extra: true };
    const chunkRaw = {
      format: NEWER,
      runId: newer,
      stepIndex: 0,
      index: 0,
      status: 'done',
      attempts: 1,
      result: 1,
      bytes: 10,
    };
    await db.put('runs', runRaw as never);
    await db.put('runs', forkRaw as never);
    await db.put('checkpoints', cpRaw as never);
    await db.put('chunks', chunkRaw as never);
    // Its output parts (as Gzip writes them) live in its own run folder, which only its raw
    // record names.
    const part = `${outputDir(newer)}/part-0`;
    await world.files.put(part, new Uint8Array(7));
    await tab.close();

    // A new (older) tab starts up, recovers, lists, sweeps, and deletes another run.
    tab = await openTab(world, { settings: KEEP });
    const report = await tab.engine.recover();
    expect([...report.resumed, ...report.interrupted, ...report.elsewhere]).toEqual([]);
    expect((await tab.store.listRuns()).map((r) => r.id).sort()).toEqual([source, other].sort());
    expect(await tab.store.getRun(newer)).toBeUndefined();
    expect(await tab.store.getCheckpoint(newer, 1)).toBeUndefined();
    expect(await tab.store.ledger.list(newer, 0)).toEqual([]);
    await expect(tab.store.updateRun(newer, (r) => (r.status = 'paused'))).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(tab.engine.pin(newer, 1, true)).rejects.toBeTruthy();
    await expect(tab.engine.resume(newer)).rejects.toBeTruthy();
    expect(await sweepOrphanedRunFiles(tab.store, world.files)).toEqual([]);
    // The source's own record goes; the newer fork still reads its input.
    await tab.engine.remove(source);
    expect(await sweepOrphanedRunFiles(tab.store, world.files)).toEqual([]);

    expect(await tab.store.listQuarantine()).toEqual([]);
    const after = tab.store.db;
    expect(await after.get('runs', newer)).toEqual(runRaw);
    expect(await after.get('runs', 'newer-fork')).toEqual(forkRaw);
    expect(await after.get('checkpoints', [newer, 1])).toEqual(cpRaw);
    expect(await after.get('chunks', [newer, 0, 0])).toEqual(chunkRaw);
    expect(await world.files.size(runRaw.input.opfsPath!)).toBe(5_000);
    expect(await world.files.size(sourcePath)).toBe(5_000);
    expect(await world.files.size(part)).toBe(7);
    await tab.close();
  });
});
