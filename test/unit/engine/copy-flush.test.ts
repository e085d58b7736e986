/**
 * The copy is flushed (made durable) only before a record counts it, not after every block: a
 * store that models durability (bytes count as durable up to the high-water mark of the last
 * flush) checks each recorded `input.imported` at the moment it is told, for the copy before
 * processing and the copy behind it.
 */
import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../../src/engine';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';

/** The world's store, with what a power loss would keep: the bytes written up to each flush. */
function durableStore(inner: FileStore) {
  const written = new Map<string, number>();
  const durable = new Map<string, number>();
  let flushes = 0;
  let blocks = 0;
  const store: FileStore = Object.assign(Object.create(inner) as FileStore, {
    writeAt: async (p: string, o: number, b: Uint8Array) => {
      await inner.writeAt(p, o, b);
      if (b.length) blocks++;
      written.set(p, Math.max(written.get(p) ?? 0, o + b.length));
    },
    flush: async (p: string) => {
      await inner.flush?.(p);
      flushes++;
      durable.set(p, written.get(p) ?? 0);
    },
  });
  return {
    store,
    durable: (p: string) => durable.get(p) ?? 0,
    counts: () => ({ flushes, blocks }),
  };
}

const SETTINGS = {
  chunkSize: 4096,
  importBlockSize: 4096,
  keepInputCopies: true,
  // A record about every tenth block: most blocks are not flushed.
  checkpointEveryMs: 100,
};

describe('the copy is flushed before its progress is recorded, not after every block', () => {
  for (const [how, debug] of [
    ['copied first', { copy: 'first' as const, throttleBytesPerSec: 400_000 }],
    ['copied behind', { throttleBytesPerSec: 400_000, copyThrottleBytesPerSec: 400_000 }],
  ] as const)
    it(`${how}: every recorded imported is durable; fewer flushes than blocks`, async () => {
      const world = newWorld([fnvFold]);
      const d = durableStore(world.files);
      // Every host writes through it: the copy first goes through the pool, behind through the
      // copier.
      world.files = d.store as typeof world.files;
      const tab = await openTab(world, { settings: SETTINGS, copier: true, debug });
      const bytes = randomBytes(160_000, 31);
      const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
      const bad: string[] = [];
      let recorded = 0;
      tab.engine.bus.on((e) => {
        if (e.type !== 'run' || e.run.id !== id || !e.run.input.opfsPath) return;
        const { imported, opfsPath } = e.run.input;
        if (imported > 0) recorded++;
        if (imported > d.durable(opfsPath)) bad.push(`${imported} > ${d.durable(opfsPath)}`);
      });
      const run = await waitForRun(tab, id, (r) => r.status === 'completed');
      expect(run.result).toBe(fnvOf(bytes));
      expect(run.input.imported).toBe(bytes.length);
      expect(bad).toEqual([]);
      expect(recorded).toBeGreaterThan(2);
      const { flushes, blocks } = d.counts();
      expect(blocks).toBeGreaterThanOrEqual(bytes.length / 4096);
      expect(flushes).toBeLessThan(blocks / 2);
      await tab.close();
    });
});
