/**
 * The run status table, walked: every listed change is made, every other (from, to, why) is
 * refused with `invalid-transition` and leaves the run as it was, and the final statuses are
 * left only the way `docs/checkpointing.md` §4 says. The expected pairs are written out by hand
 * from that section, not derived from the table.
 */
import { describe, expect, it } from 'vitest';
import { CheckpointManager, FORMAT_VERSION, Persistence, openWaymarkDb } from '../../../src/engine';
import { WaymarkError } from '../../../src/engine/errors';
import {
  FINAL_STATUSES,
  RUN_STATUSES,
  type RunRecord,
  type RunStatus,
} from '../../../src/engine/records';
import {
  INITIAL_STATUS,
  TRANSITIONS,
  canTransition,
  transition,
  type StatusCause,
} from '../../../src/engine/run-status';
import { runFixture } from '../helpers/run-fixture';

const CAUSES: StatusCause[] = [
  'resume',
  'import',
  'run',
  'complete',
  'pause',
  'fault',
  'fail',
  'need-input',
  'recovery-held',
  'incompatible',
  'cancel',
  'restore',
];

const runIn = (status: RunStatus) =>
  ({ id: 'r', status, events: [], retries: 0 }) as unknown as RunRecord;

/** `from -> to` for every change the docs name (§4, the diagram and the table below it). */
const DOCUMENTED = new Set([
  // resume (also retryFailed, repick, grantAccess); an active run whose owner died, too
  'queued->queued',
  'importing->queued',
  'running->queued',
  'paused->queued',
  'interrupted->queued',
  'failed->queued',
  // the execution starts, copies, runs
  'queued->importing',
  'importing->importing',
  'running->importing',
  'queued->running',
  'importing->running',
  'running->running',
  'running->completed',
  // pause, or a storage or input error
  'queued->paused',
  'importing->paused',
  'running->paused',
  'queued->failed',
  'importing->failed',
  'running->failed',
  // input needed again, or recovery that does not resume
  'queued->interrupted',
  'importing->interrupted',
  'running->interrupted',
  'queued->incompatible',
  'importing->incompatible',
  'running->incompatible',
  // cancel: anything not completed or canceled already
  'queued->canceled',
  'importing->canceled',
  'running->canceled',
  'paused->canceled',
  'interrupted->canceled',
  'failed->canceled',
  'incompatible->canceled',
  // restore, from any status
  'paused->paused',
  'interrupted->paused',
  'completed->paused',
  'failed->paused',
  'canceled->paused',
  'incompatible->paused',
]);

describe('run status transitions', () => {
  it('knows every cause the table uses', () => {
    expect(new Set(TRANSITIONS.map((t) => t.why))).toEqual(new Set(CAUSES));
  });

  it('makes every listed transition', () => {
    let n = 0;
    for (const t of TRANSITIONS)
      for (const from of t.from) {
        const run = runIn(from);
        transition(run, t.to, t.why);
        expect(run.status).toBe(t.to);
        n++;
      }
    expect(n).toBeGreaterThan(TRANSITIONS.length);
  });

  it('refuses every unlisted (from, to, why) with invalid-transition, changing nothing', () => {
    const listed = new Set(
      TRANSITIONS.flatMap((t) => t.from.map((from) => `${from}->${t.to}:${t.why}`)),
    );
    let refused = 0;
    for (const from of RUN_STATUSES)
      for (const to of RUN_STATUSES)
        for (const why of CAUSES) {
          if (listed.has(`${from}->${to}:${why}`)) continue;
          const run = runIn(from);
          let caught: unknown;
          try {
            transition(run, to, why);
          } catch (e) {
            caught = e;
          }
          expect(caught, `${from}->${to}:${why}`).toBeInstanceOf(WaymarkError);
          expect((caught as WaymarkError).code).toBe('invalid-transition');
          expect((caught as WaymarkError).message).toContain(`from ${from} to ${to}`);
          expect(run.status).toBe(from);
          expect(canTransition(from, to, why)).toBe(false);
          refused++;
        }
    expect(refused).toBe(RUN_STATUSES.length ** 2 * CAUSES.length - listed.size);
  });

  it('allows exactly the documented pairs of statuses', () => {
    const pairs = new Set<string>();
    for (const from of RUN_STATUSES)
      for (const to of RUN_STATUSES)
        if (CAUSES.some((why) => canTransition(from, to, why))) pairs.add(`${from}->${to}`);
    expect([...pairs].sort()).toEqual([...DOCUMENTED].sort());
  });

  it('leaves a final status only by restore, or an incompatible one by cancel too', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['canceled', 'completed', 'incompatible']);
    for (const from of FINAL_STATUSES) {
      const ways = RUN_STATUSES.flatMap((to) =>
        CAUSES.filter((why) => canTransition(from, to, why)).map((why) => `${to}:${why}`),
      );
      expect(ways.sort()).toEqual(
        from === 'incompatible' ? ['canceled:cancel', 'paused:restore'] : ['paused:restore'],
      );
    }
  });

  it('never resumes a final run, and creates runs queued', () => {
    for (const s of FINAL_STATUSES) expect(canTransition(s, 'queued', 'resume')).toBe(false);
    expect(INITIAL_STATUS).toBe('queued');
  });
});

describe('a refused status change in a checkpoint save', () => {
  it('writes nothing of that save: no checkpoint, the ledger and the run as they were', async () => {
    const store = new Persistence(await openWaymarkDb({ name: `rs-${Math.random()}` }));
    const cpm = new CheckpointManager(store);
    const run = runFixture({ status: 'completed' });
    await store.putRun(run);
    for (const index of [0, 1, 2])
      await store.ledger.put({
        format: FORMAT_VERSION,
        runId: 'r1',
        stepIndex: 0,
        index,
        status: 'done',
        attempts: 1,
        result: index,
        bytes: 100,
      });
    const save = cpm.save('r1', {
      reason: 'interval',
      stepIndex: 0,
      stepId: 's',
      bytesDone: 300,
      state: { kind: 'map', prefix: 3, partial: 3, doneBeyond: [] },
      outputs: {},
      stats: { processedBytes: 300, workMs: 1 },
      folded: { stepIndex: 0, from: 0, to: 3 },
      // completed -> running is not a transition the engine makes.
      patch: (r) => transition(r, 'running', 'run'),
    });
    await expect(save).rejects.toMatchObject({ code: 'invalid-transition' });
    expect(await cpm.list('r1')).toEqual([]);
    expect((await store.ledger.list('r1', 0)).map((c) => c.index)).toEqual([0, 1, 2]);
    expect(await store.getRun('r1')).toMatchObject({ status: 'completed', lastSeq: 0 });
  });
});
