/**
 * Schema version 3: runs indexed by `input.opfsPath`, the index that says who needs an input
 * copy. Built from a database of every older version as that version's code left it (the old
 * layout is written by the test, as workbox's test-QueueDb does), then asked through the
 * index the way `input-copies.ts` asks, against the answer a scan of the records gives.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { Persistence, openWaymarkDb } from '../../../src/engine';
import { BY_INPUT, copyNeeded } from '../../../src/engine/input-copies';
import { runFixture } from '../helpers/run-fixture';

/** The v2 schema, as `persistence.ts` created it at version 2. */
function v2Layout(db: IDBPDatabase) {
  db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-status', 'status');
  db.createObjectStore('checkpoints', { keyPath: ['runId', 'seq'] });
  db.createObjectStore('chunks', { keyPath: ['runId', 'stepIndex', 'index'] });
  db.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true });
  db.createObjectStore('settings');
  db.createObjectStore('leases', { keyPath: 'runId' });
}

const withInput = (id: string, opfsPath: string | undefined, released?: boolean) => {
  const r = runFixture({ id });
  return { ...r, input: { ...r.input, opfsPath, released } };
};

describe('schema 3: who needs an input copy', () => {
  it('upgrades a version-2 database: the index finds every run reading a copy', async () => {
    const name = `v2-${Math.random()}`;
    const old = await openDB(name, 2, { upgrade: v2Layout });
    await old.put('runs', withInput('a', 'runs/a/input'));
    await old.put('runs', withInput('fork', 'runs/a/input'));
    await old.put('runs', withInput('done', 'runs/done/input', true));
    await old.put('runs', withInput('handle', undefined));
    // A newer Waymark's record: still keeps its copy.
    await old.put('runs', { ...withInput('newer', 'copies/x-1'), format: 99 });
    old.close();

    const db = await openWaymarkDb({ name });
    expect(db.transaction('runs').store.indexNames.contains(BY_INPUT)).toBe(true);
    const byIndex = async (p: string) =>
      (await db.getAllFromIndex('runs', BY_INPUT, p)).map((r) => r.id).sort();
    // Against a plain scan of the records.
    const all = await db.getAll('runs');
    const byScan = (p: string) =>
      all
        .filter((r) => r.input?.opfsPath === p)
        .map((r) => r.id)
        .sort();
    for (const p of ['runs/a/input', 'runs/done/input', 'copies/x-1'])
      expect(await byIndex(p), p).toEqual(byScan(p));
    expect(await byIndex('runs/a/input')).toEqual(['a', 'fork']);
    const store = new Persistence(db);
    expect(await copyNeeded(store, 'runs/a/input')).toBe(true);
    expect(await copyNeeded(store, 'runs/done/input')).toBe(false);
    expect(await copyNeeded(store, 'copies/x-1')).toBe(true);
    db.close();
  });

  it('upgrades a version-1 database through 2 to 3 with the index over migrated records', async () => {
    const name = `v1-${Math.random()}`;
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('checkpoints', { keyPath: ['runId', 'seq'] });
      },
    });
    await old.put('runs', {
      format: 1,
      id: 'old',
      workflowId: 'sha256',
      params: {},
      input: {
        name: 'a',
        size: 10,
        lastModified: 1,
        type: '',
        opfsPath: 'runs/old/input',
        imported: 10,
      },
      status: 'completed',
      bytesDone: 10,
      lastSeq: 0,
      createdAt: 1,
      updatedAt: 1,
    });
    old.close();
    const db = await openWaymarkDb({ name });
    expect((await db.getAllFromIndex('runs', BY_INPUT, 'runs/old/input')).map((r) => r.id)).toEqual(
      ['old'],
    );
    // A v1 run knew nothing of releasing: its copy is still needed (no copy is lost by an upgrade).
    expect(await copyNeeded(new Persistence(db), 'runs/old/input')).toBe(true);
    db.close();
  });
});
