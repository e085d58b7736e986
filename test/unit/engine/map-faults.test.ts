import { describe, expect, it } from 'vitest';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { sumMap } from '../helpers/test-workflows';

describe('map step under worker faults, two chunks in flight per worker', () => {
  it('counts every chunk exactly once whatever throws, hangs or dies (property)', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const r = randomBytes(16, seed + 500);
      const kinds = ['throw', 'hang', 'die'] as const;
      const faults = Array.from({ length: 1 + (r[0] % 4) }, (_, k) => ({
        kind: kinds[r[1 + k] % 3],
        chunk: r[5 + k] % 30,
        workflowId: 'test-sum',
      }));
      const world = newWorld([sumMap]);
      const tab = await openTab(world, {
        workers: 1 + (r[10] % 2),
        settings: { chunkSize: 100, deadlineFloorMs: 40, backoffMs: 1 },
        debug: { faults },
      });
      const bytes = randomBytes(3000, seed);
      const id = await tab.engine.start('test-sum', fileOf(bytes), {});
      const run = await waitForRun(
        tab,
        id,
        (x) => x.status === 'completed' || x.status === 'failed',
      );
      expect(run.status, `seed ${seed} ${JSON.stringify(faults)} ${run.message ?? ''}`).toBe(
        'completed',
      );
      expect(run.result, `seed ${seed} ${JSON.stringify(faults)}`).toEqual({
        sum: bytes.reduce((s, b) => s + b, 0),
        chunks: Array.from({ length: 30 }, (_, i) => i),
      });
      await tab.close();
    }
  });
});
