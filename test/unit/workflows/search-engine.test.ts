/**
 * Search through the real engine (pool of 2, chunk ledger, hints from the combined prefix):
 * the kept lines and the counts equal grep's, however small the line cap.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { searchWorkflow } from '../../../src/workflows';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';
import { tempDir } from './support/fixtures';
import { grep } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('search on the engine', () => {
  it('keeps exactly the first lineCap matching lines, counting all, with hints from the prefix', async () => {
    const text = Array.from({ length: 400 }, (_, i) =>
      i % 3 === 0 ? `error ${i} error` : `ok ${i}`,
    ).join('\n');
    const bytes = new TextEncoder().encode(text);
    const query = { pattern: 'error', regex: false, ignoreCase: false };
    const g = grep(tmp.write('log.txt', bytes), query);
    for (const lineCap of [0, 1, 7, 50, 1000]) {
      const world = newWorld([searchWorkflow]);
      const tab = await openTab(world, { settings: { chunkSize: 97 }, workers: 2 });
      const id = await tab.engine.start('search', fileOf(bytes, 'log.txt'), { ...query, lineCap });
      const run = await waitForRun(tab, id, (r) => r.status === 'completed');
      expect(run.result, `lineCap ${lineCap}`).toEqual({
        matches: g.matches,
        matchingLines: g.matchingLines,
        lines: g.lines.slice(0, lineCap),
        truncated: g.matchingLines > lineCap,
      });
      await tab.close();
    }
  });
});
