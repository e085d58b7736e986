import { describe, expect, it } from 'vitest';
import {
  CheckpointManager,
  FORMAT_VERSION,
  Persistence,
  openWaymarkDb,
  retentionVictims,
} from '../../../src/engine';
import type { SaveRequest } from '../../../src/engine';
import { makeCrashable } from '../helpers/crashable';
import { runFixture } from '../helpers/run-fixture';

let n = 0;
async function setup(keepLast = 20, name = `cpm-${++n}-${Math.random()}`) {
  const store = new Persistence(await openWaymarkDb({ name }));
  const cpm = new CheckpointManager(store, { keepLast });
  const run = runFixture();
  await store.putRun(run);
  return { store, cpm, name };
}

const ledgerRecord = (stepIndex: number, index: number) => ({
  format: FORMAT_VERSION,
  runId: 'r1',
  stepIndex,
  index,
  status: 'done' as const,
  attempts: 1,
  result: index,
  bytes: 100,
});

/** A done ledger record of run r1's step 0 whose result is its index. */
const doneChunk = (index: number) => ({
  format: FORMAT_VERSION,
  runId: 'r1',
  stepIndex: 0,
  index,
  status: 'done' as const,
  attempts: 1,
  result: index,
  bytes: 100,
});

const req = (offset: number, extra: Partial<SaveRequest> = {}): SaveRequest => ({
  reason: 'interval',
  stepIndex: 0,
  stepId: 's',
  bytesDone: offset,
  state: { kind: 'fold', offset, snap: { offset } },
  outputs: {},
  stats: { processedBytes: offset, workMs: 0 },
  ...extra,
});

describe('CheckpointManager', () => {
  it('writes numbered checkpoints and lists them in order', async () => {
    const { cpm, store } = await setup();
    for (let i = 1; i <= 5; i++) await cpm.save('r1', req(i * 10));
    const list = await cpm.list('r1');
    expect(list.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(list.map((c) => c.bytesDone)).toEqual([10, 20, 30, 40, 50]);
    expect((await cpm.latest('r1'))?.seq).toBe(5);
    expect((await cpm.load('r1', 3)).state).toEqual({
      kind: 'fold',
      offset: 30,
      snap: { offset: 30 },
    });
    const run = await store.getRun('r1');
    expect(run?.lastSeq).toBe(5);
    expect(run?.progress.done).toBe(50);
  });

  it('prunes to the last N, keeping step boundaries and pinned ones', async () => {
    const { cpm, store } = await setup(20);
    for (let i = 1; i <= 30; i++) {
      await cpm.save('r1', req(i, { boundary: i === 3 }));
      if (i === 5) await cpm.pin('r1', 5);
    }
    const seqs = (await cpm.list('r1')).map((c) => c.seq);
    expect(seqs).toEqual([3, 5, ...Array.from({ length: 20 }, (_, i) => 11 + i)]);
    expect((await store.getRun('r1'))?.kept.map((k) => k.seq)).toEqual(seqs);
    await cpm.pin('r1', 5, false);
    await cpm.save('r1', req(31));
    expect((await cpm.list('r1')).map((c) => c.seq)).not.toContain(5);
  });

  it('retentionVictims never drops the newest', () => {
    expect(retentionVictims([{ seq: 1, boundary: false, pinned: false }], 0)).toEqual([]);
    expect(
      retentionVictims(
        [1, 2, 3, 4].map((seq) => ({ seq, boundary: seq === 1, pinned: false })),
        2,
      ),
    ).toEqual([2]);
  });

  it('deletes one checkpoint but never the latest', async () => {
    const { cpm } = await setup();
    await cpm.save('r1', req(1));
    await cpm.save('r1', req(2));
    await cpm.delete('r1', 1);
    expect((await cpm.list('r1')).map((c) => c.seq)).toEqual([2]);
    await expect(cpm.delete('r1', 2)).rejects.toMatchObject({ code: 'invalid-state' });
  });

  it('restore rewinds to a checkpoint with a new one, and drops ledger records past it', async () => {
    const { cpm, store } = await setup();
    await cpm.save(
      'r1',
      req(0, { state: { kind: 'map', prefix: 2, partial: 'p2', doneBeyond: [] } }),
    );
    await cpm.save(
      'r1',
      req(0, { state: { kind: 'map', prefix: 5, partial: 'p5', doneBeyond: [] } }),
    );
    for (const index of [5, 6, 8]) await store.ledger.put(doneChunk(index));
    const cp = await cpm.restore('r1', 1);
    expect(cp).toMatchObject({
      seq: 3,
      reason: 'restore',
      parent: { runId: 'r1', seq: 1 },
      state: { prefix: 2, partial: 'p2' },
    });
    expect((await cpm.latest('r1'))?.seq).toBe(3);
    expect(await store.ledger.list('r1', 0)).toEqual([]);
    expect((await store.getRun('r1'))?.status).toBe('paused');
  });

  it('restore is all or nothing: a crash at any transaction never keeps ledger records past the restored point', async () => {
    let outcomes = 0;
    for (let at = 1; ; at++) {
      const { cpm, store, name } = await setup();
      await cpm.save(
        'r1',
        req(0, { state: { kind: 'map', prefix: 2, partial: 2, doneBeyond: [] } }),
      );
      await cpm.save(
        'r1',
        req(0, { state: { kind: 'map', prefix: 5, partial: 5, doneBeyond: [] } }),
      );
      for (const index of [5, 6, 8]) await store.ledger.put(ledgerRecord(0, index));
      await store.ledger.put(ledgerRecord(1, 0));
      const sw = makeCrashable(store.db as never);
      sw.armAt(at);
      await cpm.restore('r1', 1).catch((e: unknown) => {
        if (!sw.crashed) throw e;
      });
      // What the next tab finds.
      const after = new Persistence(await openWaymarkDb({ name }));
      const latest = await new CheckpointManager(after).latest('r1');
      const ledger = [
        ...(await after.ledger.list('r1', 0)),
        ...(await after.ledger.list('r1', 1)),
      ].map((c) => [c.stepIndex, c.index]);
      if (latest?.reason === 'restore') {
        expect(latest.state).toMatchObject({ prefix: 2 });
        expect(ledger, `crash at transaction ${at}`).toEqual([]);
        expect((await after.getRun('r1'))?.status).toBe('paused');
      } else {
        expect(latest?.seq).toBe(2);
        expect(ledger).toEqual([
          [0, 5],
          [0, 6],
          [0, 8],
          [1, 0],
        ]);
      }
      outcomes++;
      after.db.close();
      store.db.close();
      if (!sw.crashed) break;
    }
    // Crashed before, during and after the restore's writes, then not at all.
    expect(outcomes).toBeGreaterThan(2);
  });

  it('restore and fork give the run the workflow version of the checkpoint they copy', async () => {
    const { cpm, store } = await setup();
    await cpm.save('r1', req(10));
    await cpm.save('r1', req(20, { workflowVersion: 2, patch: (r) => (r.workflowVersion = 2) }));
    const fork = await cpm.fork('r1', 1, 'r2');
    expect(fork.workflowVersion).toBe(1);
    expect((await store.getRun('r2'))?.workflowVersion).toBe(1);
    await cpm.restore('r1', 1);
    expect((await store.getRun('r1'))?.workflowVersion).toBe(1);
    expect((await cpm.latest('r1'))?.workflowVersion).toBe(1);
  });

  it('fork starts a new run from a checkpoint of another', async () => {
    const { cpm, store } = await setup();
    await cpm.save('r1', req(40));
    await cpm.save('r1', req(80));
    const run = await cpm.fork('r1', 1, 'r2');
    expect(run).toMatchObject({
      id: 'r2',
      status: 'queued',
      parent: { runId: 'r1', seq: 1 },
      lastSeq: 1,
    });
    const [first] = await cpm.list('r2');
    expect(first).toMatchObject({
      seq: 1,
      reason: 'fork',
      bytesDone: 40,
      parent: { runId: 'r1', seq: 1 },
    });
    expect((await cpm.list('r1')).length).toBe(2);
    expect((await store.getRun('r2'))?.input.name).toBe('f');
  });

  it('deletes the ledger records a map checkpoint absorbs, in the same transaction', async () => {
    const { cpm, store } = await setup();
    for (let index = 0; index < 6; index++) await store.ledger.put(doneChunk(index));
    await cpm.save(
      'r1',
      req(400, {
        state: { kind: 'map', prefix: 4, partial: 6, doneBeyond: [5] },
        folded: { stepIndex: 0, from: 0, to: 4 },
      }),
    );
    expect((await store.ledger.list('r1', 0)).map((c) => c.index)).toEqual([4, 5]);
  });

  it('on a full disk prunes old checkpoints and tries once more, then reports quota-exceeded', async () => {
    const { cpm, store } = await setup();
    for (let i = 1; i <= 5; i++) await cpm.save('r1', req(i));
    // The same hook the debug facility uses: the first write fails as a full disk would.
    let failures = 1;
    const full = new CheckpointManager(store, { keepLast: 20 }, () => {
      if (failures-- > 0) throw new DOMException('full', 'QuotaExceededError');
    });
    const { checkpoint } = await full.save('r1', req(6));
    expect(checkpoint.seq).toBe(6);
    expect((await cpm.list('r1')).map((c) => c.seq)).toEqual([6]);
    failures = 2;
    await expect(full.save('r1', req(7))).rejects.toMatchObject({ code: 'quota-exceeded' });
    expect((await cpm.latest('r1'))?.seq).toBe(6);
  });
});
