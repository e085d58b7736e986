/** Expected hashes outlive a reload (a new RunNotes on the same store) and deleted runs. */
import { describe, expect, it } from 'vitest';
import { RunNotes } from '../../../src/app/run-notes';

/** The engine's key-value store, as a Map (what the IndexedDB 'settings' store holds). */
function memoryStore() {
  const m = new Map<string, unknown>();
  return {
    m,
    getSetting: async <T>(k: string) => structuredClone(m.get(k)) as T | undefined,
    setSetting: async (k: string, v: unknown) => void m.set(k, structuredClone(v)),
  };
}

describe('RunNotes', () => {
  it('keeps what was typed across a reload, and forgets runs that are gone', async () => {
    const store = memoryStore();
    const a = new RunNotes(store);
    await a.load(['r1', 'r2']);
    a.setExpected('r1', 'abc');
    a.setExpected('r2', 'def');
    await a.flush();

    const b = new RunNotes(store);
    await b.load(['r1']); // r2 was deleted meanwhile
    expect(b.get('r1')).toEqual({ expected: 'abc' });
    expect(b.get('r2')).toBeUndefined();
    await b.flush();
    expect(store.m.get('run-notes')).toEqual({ r1: { expected: 'abc' } });
  });

  it('drops a note emptied or removed', async () => {
    const store = memoryStore();
    const a = new RunNotes(store);
    a.setExpected('r1', 'abc');
    a.setExpected('r1', '');
    a.setExpected('r2', 'x');
    a.remove('r2');
    await a.flush();
    expect(store.m.get('run-notes')).toEqual({});
  });

  it('saves by itself shortly after typing', async () => {
    const store = memoryStore();
    const a = new RunNotes(store);
    a.setExpected('r1', 'abc');
    await expect
      .poll(() => store.m.get('run-notes'), { timeout: 3000 })
      .toEqual({
        r1: { expected: 'abc' },
      });
  });
});
