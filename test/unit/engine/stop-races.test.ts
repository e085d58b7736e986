/**
 * Stop requests that race the end of a run: a pause that arrives once the last step can no
 * longer stop has nothing left to pause.
 */
import { describe, expect, it } from 'vitest';
import { defineWorkflow } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

/** A fold, then a task that takes a while: a pause can arrive while the last step runs. */
const slowEnd = defineWorkflow<Record<string, never>, string>({
  id: 'test-slow-end',
  version: 1,
  label: 'Slow end (test)',
  params: { defaults: {} },
  steps: [
    fnvFold.steps[0],
    {
      kind: 'task',
      id: 'wait',
      async run(ctx) {
        await new Promise((r) => setTimeout(r, 300));
        return `done ${ctx.outputs.fnv as string}`;
      },
    },
  ],
});

describe('a pause that comes too late', () => {
  it('leaves the run completed with its result when it arrives during the last step', async () => {
    const world = newWorld([slowEnd]);
    const tab = await openTab(world, { settings: { chunkSize: 1000 } });
    const bytes = randomBytes(5000, 2);
    const id = await tab.engine.start('test-slow-end', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.stepIndex === 1 && r.status === 'running');
    await tab.engine.pause(id);
    const run = await tab.store.getRun(id);
    expect(run?.status).toBe('completed');
    expect(run?.result).toBe(`done ${fnvOf(bytes)}`);
    const history = await tab.engine.checkpoints.list(id);
    expect(history[history.length - 1].reason).toBe('final');
    expect(tab.engine.owns(id)).toBe(false);
    await tab.close();
  });
});
