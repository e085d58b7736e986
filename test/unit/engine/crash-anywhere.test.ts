/**
 * Crash-anywhere property test: a workflow with fold, map and task steps is interrupted at a
 * random transaction (everything uncommitted is lost, the tab's locks are released), the
 * database is reopened by a new "tab" and recovery resumes the run — many times per run. The
 * final result must equal an uninterrupted run's, and no map chunk may count twice (the test
 * workflow's task step throws if one did, and the sum would differ).
 */
import { describe, expect, it } from 'vitest';
import { makeCrashable } from '../helpers/crashable';
import {
  fileOf,
  newWorld,
  openTab,
  randomBytes,
  type Tab,
  type World,
} from '../helpers/engine-harness';
import { fnvOf, mixed } from '../helpers/test-workflows';
import { Persistence, openWaymarkDb } from '../../../src/engine';
import { xorshift32 } from '../../../scripts/fixtures.mjs';

/** Seeded uniform numbers in [0, 1): the same on every machine. */
function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

const SETTINGS = {
  chunkSize: 256,
  checkpointEveryMs: 0,
  checkpointEveryChunks: 3,
  importBlockSize: 1024,
};

async function crashingTab(
  world: World,
  crashAt: number,
): Promise<{ tab: Tab; crashed: Promise<void>; arm: (n: number) => void }> {
  const tab = await openTab(world, { settings: SETTINGS, workers: 2 });
  const sw = makeCrashable(tab.store.db as never);
  let onCrash: () => void = () => undefined;
  const crashed = new Promise<void>((r) => (onCrash = r));
  sw.onCrash(() => {
    tab.crash();
    onCrash();
  });
  sw.armAt(crashAt);
  return { tab, crashed, arm: (n) => sw.armAt(sw.count + n) };
}

async function untilSettled(
  observer: Persistence,
  id: string,
  crashed: Promise<void>,
): Promise<'crashed' | 'settled'> {
  let stop = false;
  const settled = (async () => {
    while (!stop) {
      const r = await observer.getRun(id);
      if (r && !['queued', 'importing', 'running'].includes(r.status)) return 'settled' as const;
      await new Promise((res) => setTimeout(res, 2));
    }
    return 'crashed' as const;
  })();
  const outcome = await Promise.race([crashed.then(() => 'crashed' as const), settled]);
  stop = true;
  return outcome;
}

describe('crash anywhere', () => {
  it('always ends with the uninterrupted result, every chunk counted once', async () => {
    const random = rng(20261127);
    const rounds = 40;
    let totalCrashes = 0;
    for (let round = 0; round < rounds; round++) {
      const size = 1500 + Math.floor(random() * 3000);
      const bytes = randomBytes(size, round + 1);
      const file = fileOf(bytes, `r${round}.bin`);
      const world = newWorld([mixed]);
      const expectedSum = bytes.reduce((s, b) => s + b, 0);
      const chunks = Math.ceil(size / SETTINGS.chunkSize);

      // First tab: start, and crash at a random transaction.
      const first = await crashingTab(world, Infinity);
      let { tab, crashed } = first;
      const id = await tab.engine.start('test-mixed', file, {});
      first.arm(1 + Math.floor(random() * 40));
      const observer = new Persistence(await openWaymarkDb({ name: world.dbName }));
      let outcome = await untilSettled(observer, id, crashed);
      let guard = 0;
      // Do what the user would: after a crash during the import the file must be picked again;
      // after repeated crashes without progress the run waits to be resumed by hand.
      const nudge = async () => {
        const run = await observer.getRun(id);
        if (run?.status !== 'interrupted') return false;
        if (run.need === 'repick') await tab.engine.repick(id, file);
        else await tab.engine.resume(id);
        return true;
      };
      for (;;) {
        if (++guard > 60) throw new Error('the run did not converge');
        if (outcome === 'crashed') {
          totalCrashes++;
          // Another crash point each time, sometimes none: the run must still converge.
          const next = random() < 0.25 ? Infinity : 1 + Math.floor(random() * 25);
          ({ tab, crashed } = await crashingTab(world, next));
          try {
            await tab.engine.recover();
          } catch (e) {
            if ((e as Error).name !== 'InvalidStateError') throw e;
          }
        } else {
          try {
            if (!(await nudge())) break;
          } catch (e) {
            if ((e as Error).name !== 'InvalidStateError') throw e;
          }
        }
        outcome = await untilSettled(observer, id, crashed);
      }
      const run = await observer.getRun(id);
      expect(run?.status, `round ${round}: ${run?.message}`).toBe('completed');
      expect(run?.result).toEqual({
        fnv: fnvOf(bytes),
        sum: expectedSum,
        chunks,
        note: `fnv ${fnvOf(bytes)} sum ${expectedSum}`,
      });
      await tab.close();
      observer.db.close();
    }
    // The property is only tested if crashes really happened.
    console.log(`crash-anywhere: ${rounds} runs, ${totalCrashes} crashes`);
    expect(totalCrashes).toBeGreaterThan(rounds);
  }, 120_000);
});
