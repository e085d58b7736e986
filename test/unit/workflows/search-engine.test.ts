/**
 * Search through the real engine (pool of 2, chunk ledger, hints from the combined prefix):
 * the kept lines and the counts equal the in-process drive, however small the line cap.
 */
import { describe, expect, it } from 'vitest';
import { searchWorkflow } from '../../../src/workflows';
import { driveWorkflow } from '../helpers/drive';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';

describe('search on the engine', () => {
  it('keeps exactly the first lineCap matching lines, counting all, with hints from the prefix', async () => {
    const text = Array.from({ length: 400 }, (_, i) =>
      i % 3 === 0 ? `error ${i} error` : `ok ${i}`,
    ).join('\n');
    const bytes = new TextEncoder().encode(text);
    for (const lineCap of [0, 1, 7, 50, 1000]) {
      const params = { pattern: 'error', regex: false, ignoreCase: false, lineCap };
      const expected = (await driveWorkflow(searchWorkflow, bytes, params, { chunkSize: 1000 }))
        .result;
      const world = newWorld([searchWorkflow]);
      const tab = await openTab(world, { settings: { chunkSize: 97 }, workers: 2 });
      const id = await tab.engine.start('search', fileOf(bytes, 'log.txt'), params);
      const run = await waitForRun(tab, id, (r) => r.status === 'completed');
      expect(run.result, `lineCap ${lineCap}`).toEqual(expected);
      await tab.close();
    }
  });
});
