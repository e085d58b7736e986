/**
 * Input copies shared and freed: one copy per distinct file, released by a completed run
 * unless the setting keeps it, removed once no run needs it; "Run again", restore and fork of a
 * run whose copy is gone take the file, checked by its fingerprint. Results are checked
 * against FNV computed here over the bytes, not by the engine.
 */
import { describe, expect, it } from 'vitest';
import { WaymarkError } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf, mixed } from '../helpers/test-workflows';

const SIZE = 6_000;
const base = { chunkSize: 1000, checkpointEveryMs: 1 };
const completed = (r: { status: string }) => r.status === 'completed';

describe('input copies', () => {
  it('a second run on the same file reuses the copy and copies nothing', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: { ...base, keepInputCopies: true } });
    const bytes = randomBytes(SIZE, 4);
    const a = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    let writes = 0;
    const writeAt = world.files.writeAt.bind(world.files);
    world.files.writeAt = async (p, o, b) => {
      if (p.startsWith('copies/')) writes++;
      return writeAt(p, o, b);
    };
    const id = await tab.engine.start(fnvFold.id, fileOf(bytes), {});
    const first = await tab.store.getRun(id);
    expect(first?.input).toMatchObject({ opfsPath: a.input.opfsPath, imported: SIZE });
    const b = await waitForRun(tab, id, completed);
    expect(b.result).toBe(fnvOf(bytes));
    expect(writes).toBe(0);
    expect(await world.files.list('copies')).toHaveLength(1);
    // Another file of the same size and name is not the same file: its own copy.
    const other = await tab.engine.start(fnvFold.id, fileOf(randomBytes(SIZE, 5)), {});
    expect((await waitForRun(tab, other, completed)).input.opfsPath).not.toBe(a.input.opfsPath);
    expect(await world.files.list('copies')).toHaveLength(2);
    await tab.close();
  });

  it('a completed run frees its copy by default; the setting keeps it', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: base });
    const bytes = randomBytes(SIZE, 6);
    const a = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    expect(a.input.released).toBe(true);
    await expect.poll(() => world.files.size(a.input.opfsPath!)).toBeUndefined();
    expect(await world.files.list('copies')).toEqual([]);

    tab.engine.updateSettings({ keepInputCopies: true });
    const b = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    expect(b.input.released).toBeFalsy();
    expect(await world.files.size(b.input.opfsPath!)).toBe(SIZE);
    // "Free input copies" releases it and says how much it freed.
    expect(await tab.engine.storage.freeInputCopies()).toBe(SIZE);
    expect(await world.files.list('copies')).toEqual([]);
    await tab.close();
  });

  it("a copy shared by two runs stays until both released it; Delete frees exactly the run's files", async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: { ...base, keepInputCopies: true } });
    const bytes = randomBytes(SIZE, 7);
    const a = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    const b = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    const c = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(randomBytes(SIZE, 8)), {}),
      completed,
    );
    await world.files.put(`runs/${a.id}/out/part`, new Uint8Array(5));
    const report = await tab.engine.storage.report();
    expect(report.copies).toBe(2 * SIZE);
    expect(report.runs.find((r) => r.runId === a.id)?.copy).toMatchObject({ shared: true });
    expect(report.runs.find((r) => r.runId === c.id)?.copy).toMatchObject({ shared: false });
    expect(report.outputs).toBe(5);

    await tab.engine.remove(a.id);
    expect(await world.files.list('runs')).toEqual([]);
    expect(await world.files.size(a.input.opfsPath!)).toBe(SIZE);
    await tab.engine.remove(b.id);
    expect(await world.files.list('copies')).toEqual([c.input.opfsPath!.slice('copies/'.length)]);
    await tab.engine.remove(c.id);
    expect(await world.files.list('')).toEqual([]);
    await tab.close();
  });

  it('"Run again" after the copy was freed refuses a different file and runs the right one', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: base });
    const bytes = randomBytes(SIZE, 9);
    const a = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    expect(a.input.released).toBe(true);
    const wrong = fileOf(randomBytes(SIZE, 10));
    const refused = await tab.engine.runAgain(a.id, wrong).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WaymarkError);
    expect((refused as WaymarkError).code).toBe('input-mismatch');
    expect((await tab.store.listRuns()).length).toBe(1);
    const again = await tab.engine.runAgain(a.id, fileOf(bytes));
    expect((await waitForRun(tab, again, completed)).result).toBe(fnvOf(bytes));
    await tab.close();
  });

  it('restore and fork of a run whose copy is gone take the file, or ask for it', async () => {
    const world = newWorld([mixed]);
    const tab = await openTab(world, { settings: base });
    const bytes = randomBytes(SIZE, 11);
    const expected = { fnv: fnvOf(bytes), sum: bytes.reduce((x, y) => x + y, 0), chunks: 6 };
    const a = await waitForRun(tab, await tab.engine.start(mixed.id, fileOf(bytes), {}), completed);
    await expect.poll(() => world.files.list('copies')).toEqual([]);
    // The fold's boundary checkpoint: the map left to run reads the input (the final one
    // needs no file, see below).
    const mid = (await tab.engine.checkpoints.list(a.id)).find((c) => c.stepIndex === 1);
    const seq = mid!.seq;
    // Without the file: the run asks for it.
    const fork = await tab.engine.fork(a.id, seq);
    // No run needed the freed copy, so the fork may not join its path (a removal may be under
    // way): it gets a fresh one to fill.
    const forked = await tab.store.getRun(fork);
    expect(forked?.input.opfsPath).not.toBe(a.input.opfsPath);
    const asked = await waitForRun(tab, fork, (r) => r.status === 'interrupted');
    expect(asked.need).toBe('repick');
    // A different file is refused before anything changes.
    const wrong = await tab.engine
      .restore(a.id, seq, fileOf(randomBytes(SIZE, 12)))
      .catch((e) => e);
    expect((wrong as WaymarkError).code).toBe('input-mismatch');
    expect((await tab.store.getRun(a.id))?.status).toBe('completed');
    await tab.engine.restore(a.id, seq, fileOf(bytes));
    expect((await waitForRun(tab, a.id, completed)).result).toMatchObject(expected);
    const fork2 = await tab.engine.fork(a.id, seq, fileOf(bytes));
    expect((await waitForRun(tab, fork2, completed)).result).toMatchObject(expected);
    await tab.close();
  });

  it('restore and fork of the final checkpoint need no file: no step is left to read it', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: base });
    const bytes = randomBytes(SIZE, 13);
    const a = await waitForRun(
      tab,
      await tab.engine.start(fnvFold.id, fileOf(bytes), {}),
      completed,
    );
    await expect.poll(() => world.files.list('copies')).toEqual([]);
    const final = (await tab.engine.checkpoints.list(a.id)).find((c) => c.reason === 'final');
    expect(final?.stepIndex).toBe(fnvFold.steps.length);
    // Copies kept from now on: a run that could not fill its fresh copy must not keep it as if
    // whole (it would offer Restore without the file, then ask anyway).
    tab.engine.updateSettings({ keepInputCopies: true });
    const fork = await tab.engine.fork(a.id, final!.seq);
    const forked = await waitForRun(
      tab,
      fork,
      (r) => r.status !== 'running' && r.status !== 'queued',
    );
    expect(forked.status).toBe('completed');
    expect(forked.need).toBeUndefined();
    expect(forked.result).toBe(fnvOf(bytes));
    expect(forked.input.released).toBe(true);
    await tab.engine.restore(a.id, final!.seq);
    const again = await waitForRun(
      tab,
      a.id,
      (r) => r.status !== 'running' && r.status !== 'queued',
    );
    expect(again.status).toBe('completed');
    expect(again.need).toBeUndefined();
    expect(again.result).toBe(fnvOf(bytes));
    expect(again.input.released).toBe(true);
    expect(await world.files.list('copies')).toEqual([]);
    await tab.close();
  });
});
