/**
 * What the run detail gets from a run record: the chunk map (one byte per chunk), the
 * counters (chunks, retries, checkpoints, work redone) and the event log in words.
 */
import { describe, expect, it } from 'vitest';
import { redoneBytes, toRunView } from '../../../src/app/run-view';
import { eventsView } from '../../../src/app/run-events';
import { CHUNK_CODES } from '../../../src/app/types';
import { runFixture } from '../helpers/run-fixture';
import { fnvFold, mixed, sumMap } from '../helpers/test-workflows';

const states = (m: Uint8Array | undefined) => (m ? Array.from(m, (c) => CHUNK_CODES[c]) : m);

describe('run detail view', () => {
  it('maps every chunk: done prefix, live states, failed ones; a completed run all done', () => {
    const run = runFixture({ workflowId: 'test-sum', status: 'running', failedChunks: [7] });
    run.progress.done = 300; // chunks 0–2 of 10 (100 B each)
    const live = {
      chunks: {
        stepIndex: 0,
        states: new Map([
          [4, 'running' as const],
          [5, 'retrying' as const],
          [6, 'done' as const],
        ]),
      },
    };
    const v = toRunView(run, sumMap, live, [], false);
    expect(states(v.chunkMap)).toEqual([
      'done',
      'done',
      'done',
      'pending',
      'running',
      'retrying',
      'done',
      'failed',
      'pending',
      'pending',
    ]);
    expect(v.counters.chunks).toEqual({ done: 4, total: 10 });
    expect(v.stepKind).toBe('map');
    const done = toRunView(
      { ...run, status: 'completed', stepIndex: 1 },
      sumMap,
      undefined,
      [],
      false,
    );
    expect(new Set(states(done.chunkMap))).toEqual(new Set(['done']));
    expect(done.chunkMap?.length).toBe(10);
    // A fold has no chunk map.
    const fold = toRunView(runFixture({ workflowId: 'test-fnv' }), fnvFold, undefined, [], false);
    expect(fold.chunkMap).toBeUndefined();
    expect(fold.stepKind).toBe('fold');
  });

  it('work redone is what the steps processed beyond one pass over the input per data step', () => {
    // 1000-byte input; a fold 600 bytes in, having processed 900: 300 redone.
    const fold = runFixture({ stats: { processedBytes: 900, workMs: 1 } });
    fold.progress.done = 600;
    expect(redoneBytes(fold, fnvFold)).toBe(300);
    // Nothing redone: nothing shown.
    fold.stats.processedBytes = 600;
    expect(redoneBytes(fold, fnvFold)).toBe(0);
    // Fold, map, task; in the map 250 bytes in: needed 1000 + 250; 1400 processed.
    const two = runFixture({ stepIndex: 1, stats: { processedBytes: 1400, workMs: 1 } });
    two.progress.done = 250;
    expect(redoneBytes(two, mixed)).toBe(150);
    // Completed: both data steps read the input once (2000), the task none.
    expect(
      redoneBytes({ ...two, stepIndex: 3, stats: { processedBytes: 2100, workMs: 1 } }, mixed),
    ).toBe(100);
    const v = toRunView({ ...two, lastSeq: 9, retries: 3 }, mixed, undefined, [], false);
    expect(v.counters).toMatchObject({ retries: 3, checkpointsWritten: 9, redoneBytes: 150 });
  });

  it('says each logged event in words', () => {
    const text = eventsView([
      { at: 1, kind: 'started' },
      { at: 2, kind: 'retry', detail: 'chunk 5: worker-died, attempt 2 of 5' },
      { at: 3, kind: 'recovered', detail: 'checkpoint 4' },
      { at: 4, kind: 'failed', detail: 'chunk-failed' },
      { at: 5, kind: 'copy-freed' },
    ]).map((e) => e.text);
    expect(text).toEqual([
      'Started',
      'Retried chunk 5: worker-died, attempt 2 of 5',
      'Recovered after a reload, from checkpoint 4',
      'Failed (chunk-failed)',
      'Input copy freed',
    ]);
  });
});
