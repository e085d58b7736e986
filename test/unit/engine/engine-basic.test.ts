import { describe, expect, it } from 'vitest';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf, mixed, sumMap } from '../helpers/test-workflows';

describe('engine: runs to completion', () => {
  it('runs a fold workflow over an imported input', async () => {
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, { settings: { chunkSize: 1000 } });
    const bytes = randomBytes(10_500, 7);
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(run.input.imported).toBe(bytes.length);
    await tab.close();
  });

  it('runs a map workflow: every chunk exactly once, in order', async () => {
    const world = newWorld([sumMap]);
    const tab = await openTab(world, { settings: { chunkSize: 100 } });
    const bytes = randomBytes(10_050, 3);
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    const expected = bytes.reduce((s, b) => s + b, 0);
    expect(run.result).toEqual({ sum: expected, chunks: Array.from({ length: 101 }, (_, i) => i) });
    expect(await tab.store.ledger.list(id, 0)).toEqual([]);
    await tab.close();
  });

  it('chains fold, map and task; later steps see earlier outputs', async () => {
    const world = newWorld([mixed]);
    const tab = await openTab(world, { settings: { chunkSize: 64 } });
    const bytes = randomBytes(5000, 11);
    const id = await tab.engine.start('test-mixed', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    const sum = bytes.reduce((s, b) => s + b, 0);
    expect(run.result).toEqual({
      fnv: fnvOf(bytes),
      sum,
      chunks: 79,
      note: `fnv ${fnvOf(bytes)} sum ${sum}`,
    });
    expect(
      new TextDecoder().decode(
        new Uint8Array(await (await world.files.file(`runs/${id}/out/report.txt`)).arrayBuffer()),
      ),
    ).toBe(`fnv ${fnvOf(bytes)} sum ${sum}`);
    const history = await tab.engine.checkpoints.list(id);
    expect(history.filter((c) => c.boundary).map((c) => c.stepId)).toEqual([
      'sum',
      'report',
      'done',
    ]);
    await tab.close();
  });

  it('handles an empty input', async () => {
    const world = newWorld([mixed]);
    const tab = await openTab(world);
    const id = await tab.engine.start('test-mixed', fileOf(new Uint8Array(0)), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toMatchObject({ fnv: fnvOf(new Uint8Array(0)), sum: 0, chunks: 1 });
    await tab.close();
  });
});
