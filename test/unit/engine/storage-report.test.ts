/**
 * The storage report's record bytes: each checkpoint is estimated once and remembered, so the
 * report after a checkpoint reads only the new one. The remembered estimates must still add up
 * to what estimating every stored record now gives (read here straight from IndexedDB), after
 * checkpoints are added, pinned, pruned by retention and deleted, and after a run is deleted.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../src/engine/records';
import { Persistence, openWaymarkDb } from '../../../src/engine/persistence';
import { approxBytes } from '../../../src/engine/storage-report';
import { fileOf, newWorld, openTab, waitForRun, type Tab } from '../helpers/engine-harness';
import { csvProfileWorkflow } from '../../../src/workflows';

/** A CSV of `rows` rows whose value column has `distinct` distinct values. */
function csv(rows: number, distinct: number): Uint8Array {
  const lines = ['id,value'];
  for (let i = 0; i < rows; i++) lines.push(`${i},value number ${i % distinct}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** Every record of every run, estimated now. */
async function recordBytesNow(tab: Tab): Promise<Map<string, number>> {
  const db = tab.store.db;
  const out = new Map<string, number>();
  for (const store of ['runs', 'checkpoints', 'chunks'] as const)
    for (const r of (await db.getAll(store)) as { runId?: string; id?: string }[]) {
      const id = (store === 'runs' ? r.id : r.runId) as string;
      out.set(id, (out.get(id) ?? 0) + approxBytes(r));
    }
  return out;
}

async function reported(tab: Tab): Promise<Map<string, number>> {
  const report = await tab.engine.storage.report();
  return new Map(report.runs.map((r) => [r.runId, r.records]));
}

/** Each stored checkpoint, estimated now, by run and sequence number. */
async function checkpointBytesNow(tab: Tab): Promise<Map<string, Record<number, number>>> {
  const out = new Map<string, Record<number, number>>();
  for (const r of (await tab.store.db.getAll('checkpoints')) as { runId: string; seq: number }[])
    out.set(r.runId, { ...out.get(r.runId), [r.seq]: approxBytes(r) });
  return out;
}

async function reportedCheckpoints(tab: Tab): Promise<Map<string, Record<number, number>>> {
  const report = await tab.engine.storage.report();
  return new Map(
    report.runs
      .filter((r) => Object.keys(r.checkpoints).length)
      .map((r) => [r.runId, r.checkpoints]),
  );
}

const completed = (r: { status: string }) => r.status === 'completed';

describe('storage report', () => {
  it('counts each stored checkpoint once, as estimating them all again would', async () => {
    const world = newWorld([csvProfileWorkflow]);
    const tab = await openTab(world, {
      settings: {
        chunkSize: 1000,
        checkpointEveryMs: 1,
        keepInputCopies: true,
        keepCheckpoints: 3,
      },
    });
    const a = await waitForRun(
      tab,
      await tab.engine.start(csvProfileWorkflow.id, fileOf(csv(6000, 6000), 'a.csv'), {}),
      completed,
    );
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    expect(await reportedCheckpoints(tab)).toEqual(await checkpointBytesNow(tab));
    const seqs = (await tab.engine.checkpoints.list(a.id)).map((c) => c.seq);
    expect(seqs.length).toBeGreaterThan(2);
    await tab.engine.checkpoints.pin(a.id, seqs[0]);
    await tab.engine.checkpoints.delete(a.id, seqs[1]);
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    const b = await waitForRun(
      tab,
      // Checkpoints of other sizes under the same numbers.
      await tab.engine.start(csvProfileWorkflow.id, fileOf(csv(8000, 3), 'b.csv'), {}),
      completed,
    );
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    // Each checkpoint's own estimate, under its run and number (the history's Size column).
    expect(await reportedCheckpoints(tab)).toEqual(await checkpointBytesNow(tab));
    await tab.engine.remove(a.id);
    const now = await recordBytesNow(tab);
    expect([...now.keys()]).toEqual([b.id]);
    expect(await reported(tab)).toEqual(now);
    expect(await reportedCheckpoints(tab)).toEqual(await checkpointBytesNow(tab));
    await tab.close();
  });

  it('counts ledger records as estimating them all again would, as they come and go', async () => {
    const world = newWorld([csvProfileWorkflow]);
    const tab = await openTab(world, { settings: { chunkSize: 1000, keepInputCopies: true } });
    const a = await waitForRun(
      tab,
      await tab.engine.start(csvProfileWorkflow.id, fileOf(csv(3000, 50), 'a.csv'), {}),
      completed,
    );
    // Chunk results of a map step still running, as the ledger holds them between checkpoints.
    const rec = (index: number, n: number) => ({
      format: FORMAT_VERSION,
      runId: a.id,
      stepIndex: 0,
      index,
      status: 'done' as const,
      attempts: 1,
      result: { text: 'x'.repeat(n), values: new Float64Array(n) },
      bytes: 1000,
    });
    for (let i = 0; i < 6; i++) await tab.store.ledger.put(rec(i, 100 * (i + 1)));
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    // Written by another tab: this page's ledger has no estimate of it yet.
    const other = new Persistence(await openWaymarkDb({ name: world.dbName }));
    await other.ledger.put(rec(6, 5000));
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    // Absorbed by a checkpoint, or dropped to be redone: no longer counted.
    await tab.store.ledger.drop(a.id, 0, [1, 2, 6]);
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    await tab.store.ledger.put(rec(2, 7000));
    expect(await reported(tab)).toEqual(await recordBytesNow(tab));
    other.db.close();
    await tab.close();
  });
});
