/**
 * Durability as decided in docs/checkpointing.md ("Durability"): every transaction that writes
 * a checkpoint (or prunes, pins, deletes, restores or forks one) asks for `strict`; ledger
 * commits and the page-hide save ask for `relaxed` explicitly, never the browser's default.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, sumMap } from '../helpers/test-workflows';

const original = IDBDatabase.prototype.transaction;
afterEach(() => {
  IDBDatabase.prototype.transaction = original;
});

/** Records the stores and durability of every read-write transaction any connection opens. */
function recordTransactions() {
  const seen: { stores: string[]; durability: string }[] = [];
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const tx = original.apply(this, args);
    if (tx.mode === 'readwrite')
      seen.push({ stores: [...tx.objectStoreNames], durability: tx.durability });
    return tx;
  };
  return seen;
}

describe('durability', () => {
  it('checkpoint transactions are strict, ledger commits relaxed', async () => {
    const seen = recordTransactions();
    const world = newWorld([sumMap]);
    const tab = await openTab(world, { settings: { chunkSize: 1000, checkpointEveryChunks: 3 } });
    const id = await tab.engine.start(sumMap.id, fileOf(randomBytes(20_000, 51)), {});
    await waitForRun(tab, id, (r) => r.status === 'completed');
    const seq = (await tab.engine.checkpoints.list(id))[1].seq;
    await tab.engine.pin(id, seq, true);
    await tab.engine.restore(id, seq);
    await tab.engine.fork(id, seq);
    await tab.close();

    const withCheckpoints = seen.filter((t) => t.stores.includes('checkpoints'));
    const ledgerOnly = seen.filter((t) => t.stores.length === 1 && t.stores[0] === 'chunks');
    expect(withCheckpoints.length).toBeGreaterThan(7);
    expect(new Set(withCheckpoints.map((t) => t.durability))).toEqual(new Set(['strict']));
    expect(ledgerOnly.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ledgerOnly.map((t) => t.durability))).toEqual(new Set(['relaxed']));
  });

  it('the page-hide save is relaxed: it must commit before the page is torn down', async () => {
    const seen = recordTransactions();
    const world = newWorld([fnvFold]);
    const tab = await openTab(world, {
      settings: { chunkSize: 1000, checkpointEveryMs: 600_000 },
      debug: { throttleBytesPerSec: 200_000 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(randomBytes(400_000, 52)), {});
    await waitForRun(tab, id, (r) => r.status === 'running');
    // The fold has handed the page its first state (throttled: 400 KB take 2 s).
    await new Promise((r) => setTimeout(r, 300));
    const from = seen.length;
    tab.engine.checkpointAllSync('page-hidden');
    const issued = seen.slice(from);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ durability: 'relaxed' });
    expect(issued[0].stores).toContain('checkpoints');
    await new Promise((r) => setTimeout(r, 50));
    expect((await tab.engine.checkpoints.list(id)).some((c) => c.reason === 'page-hidden')).toBe(
      true,
    );
    await tab.engine.cancel(id);
    await tab.close();
  });
});
