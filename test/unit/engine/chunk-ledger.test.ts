/**
 * The chunk ledger against a naive model (a list of keys filtered by hand): its ranges must
 * delete exactly the chunks they name and no neighbour, its reads validate and quarantine, and
 * its part of a caller's transaction commits or aborts with the rest of that transaction.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, Persistence, openWaymarkDb } from '../../../src/engine';
import { LEDGER_STORE } from '../../../src/engine/chunk-ledger';
import type { ChunkRecord } from '../../../src/engine/records';

type Key = [string, number, number];

const rec = ([runId, stepIndex, index]: Key): ChunkRecord => ({
  format: FORMAT_VERSION,
  runId,
  stepIndex,
  index,
  status: 'done',
  attempts: 1,
  result: `${runId}/${stepIndex}/${index}`,
  bytes: 10,
});

/** Every chunk of runs a, b (its neighbour in key order) and c, steps 0 to 2, indices 0 to 9. */
const ALL: Key[] = ['a', 'b', 'c'].flatMap((r) =>
  [0, 1, 2].flatMap((s) => Array.from({ length: 10 }, (_, i): Key => [r, s, i])),
);

async function filled() {
  const store = new Persistence(await openWaymarkDb({ name: `ledger-${Math.random()}` }));
  for (const k of ALL) await store.ledger.put(rec(k));
  return store;
}

/** What is left, read back step by step through the ledger. */
async function left(store: Persistence): Promise<string[]> {
  const out: string[] = [];
  for (const r of ['a', 'b', 'c'])
    for (const s of [0, 1, 2]) for (const c of await store.ledger.list(r, s)) out.push(key(c));
  return out.sort();
}
const key = (c: { runId: string; stepIndex: number; index: number }) =>
  `${c.runId}/${c.stepIndex}/${c.index}`;
const keep = (pred: (k: Key) => boolean) =>
  ALL.filter((k) => !pred(k))
    .map(([runId, stepIndex, index]) => key({ runId, stepIndex, index }))
    .sort();

describe('chunk ledger', () => {
  it('lists a step from a chunk on, with results as put', async () => {
    const store = await filled();
    const got = await store.ledger.list('b', 1, 4);
    expect(got.map((c) => c.index)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(got[0]).toEqual(rec(['b', 1, 4]));
  });

  it('drops exactly the named chunks of one step', async () => {
    const store = await filled();
    await store.ledger.drop('b', 1, [0, 3, 9]);
    expect(await left(store)).toEqual(
      keep(([r, s, i]) => r === 'b' && s === 1 && [0, 3, 9].includes(i)),
    );
  });

  it('drops a whole run and nothing of its neighbours', async () => {
    const store = await filled();
    await store.ledger.dropRun('b');
    expect(await left(store)).toEqual(keep(([r]) => r === 'b'));
  });

  it('drops [from, to) of a step, and past a chunk, inside the caller’s transaction', async () => {
    const store = await filled();
    const tx = store.db.transaction(['runs', LEDGER_STORE], 'readwrite');
    const ledger = store.ledger.inTx(tx);
    await Promise.all([ledger.dropRange('b', 0, 2, 5), ledger.dropPast('a', 1, 7), tx.done]);
    expect(await left(store)).toEqual(
      keep(
        ([r, s, i]) =>
          (r === 'b' && s === 0 && i >= 2 && i < 5) ||
          (r === 'a' && (s > 1 || (s === 1 && i >= 7))),
      ),
    );
  });

  it('commits nothing when the caller’s transaction aborts', async () => {
    const store = await filled();
    const tx = store.db.transaction(['runs', LEDGER_STORE], 'readwrite');
    tx.done.catch(() => undefined);
    const ops = [
      store.ledger.inTx(tx).dropRun('a'),
      store.ledger.inTx(tx).dropRange('c', 2, 0, 10),
    ];
    for (const op of ops) op.catch(() => undefined);
    tx.abort();
    await expect(tx.done).rejects.toBeDefined();
    expect(await left(store)).toEqual(keep(() => false));
  });

  it('quarantines a damaged record and lists the rest', async () => {
    const store = await filled();
    const seen: string[] = [];
    store.onQuarantine((q) => seen.push(q.store));
    // Written past the ledger on purpose: a record the ledger itself would never write.
    await store.db.put(LEDGER_STORE, { ...rec(['c', 0, 5]), status: 'half-done' } as never);
    const got = await store.ledger.list('c', 0);
    expect(got.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    expect(seen).toEqual([LEDGER_STORE]);
    expect((await store.listQuarantine())[0]).toMatchObject({
      store: LEDGER_STORE,
      key: ['c', 0, 5],
    });
    expect(await store.db.get(LEDGER_STORE, ['c', 0, 5])).toBeUndefined();
  });
});
