import { describe, expect, it } from 'vitest';
import { WaymarkError, defineWorkflow } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

type Fnv = { h: number; n: number };
const fnvStep = fnvFold.steps[0] as unknown as {
  init(): Fnv;
  update(s: Fnv, bytes: Uint8Array): Fnv;
  finish(s: Fnv): string;
};

/**
 * FNV-1a that fails (a retryable error, as a crashed read would) the first time it reaches
 * each offset in `failAt`. Step hosts run in this process in tests, so the set is shared.
 */
function flakyFnv(failAt: number[]) {
  const left = new Set(failAt);
  return defineWorkflow<Record<string, never>, string>({
    id: 'test-flaky-fnv',
    version: 1,
    label: 'Flaky FNV (test)',
    params: { defaults: {} },
    steps: [
      {
        kind: 'fold',
        id: 'fnv',
        init: () => fnvStep.init(),
        update(s: Fnv, bytes: Uint8Array, ctx) {
          for (const at of left)
            if (at >= ctx.offset && at < ctx.offset + bytes.length) {
              left.delete(at);
              throw new WaymarkError('injected-fault', { detail: `fold at ${at}` });
            }
          return fnvStep.update(s, bytes);
        },
        finish: (s: Fnv) => fnvStep.finish(s),
      },
    ],
  });
}

describe('fold step retries', () => {
  it('count afresh after each saved checkpoint: failures far apart never use up the attempts', async () => {
    const world = newWorld([flakyFnv([2000, 5000, 8000])]);
    const tab = await openTab(world, {
      // Two attempts in all, three failures: only the checkpoints between them save the run.
      settings: { chunkSize: 1000, checkpointEveryMs: 0, maxAttempts: 2 },
      // Slices of ~10 ms cover ~200 bytes: many answers, each saved, between two failures.
      debug: { throttleBytesPerSec: 20_000 },
    });
    const bytes = randomBytes(10_000, 21);
    const id = await tab.engine.start('test-flaky-fnv', fileOf(bytes), {}, { mode: 'repick' });
    const run = await waitForRun(tab, id, (r) => r.status === 'completed' || r.status === 'failed');
    expect(run.message).toBeUndefined();
    expect(run.status).toBe('completed');
    expect(run.result).toBe(fnvOf(bytes));
    await tab.close();
  });

  it('fail the run naming the block once the attempts are used up with no checkpoint between', async () => {
    const world = newWorld([flakyFnv([3500, 3600])]);
    const tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 60_000, maxAttempts: 2 },
    });
    const id = await tab.engine.start(
      'test-flaky-fnv',
      fileOf(randomBytes(10_000, 22)),
      {},
      { mode: 'repick' },
    );
    const run = await waitForRun(tab, id, (r) => r.status === 'completed' || r.status === 'failed');
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('chunk-failed');
    expect(run.error?.details).toMatchObject({ attempts: 2 });
    // The block named is where the last good state stood: at or before the failing block 3.
    expect(run.failedChunks).toHaveLength(1);
    expect(run.failedChunks[0]).toBeLessThanOrEqual(3);
    await tab.close();
  });
});
