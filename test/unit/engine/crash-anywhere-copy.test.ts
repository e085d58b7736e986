/**
 * Crash anywhere while copy and processing overlap (one pass): a fold-then-map run and a map run
 * are crashed at a random transaction or in the middle of a random write to the input copy
 * (left half written), then resumed by a new tab: with the picked file still held (a reload:
 * the app's keeper keeps it) or gone (a browser restart: the test picks the file again, as the
 * user would). After every crash the record never counts as copied more than the copy really
 * holds, and no checkpoint counts as processed input the copy does not hold. At the end the
 * result equals the naive one (FNV, byte sum) and the copy is byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { makeCrashable } from '../helpers/crashable';
import { CrashableFiles } from '../helpers/crashable-files';
import {
  fileOf,
  newWorld,
  openTab,
  randomBytes,
  restart,
  type World,
} from '../helpers/engine-harness';
import { fnvOf, mixed, sumMap } from '../helpers/test-workflows';
import { Persistence, openWaymarkDb, type RunRecord } from '../../../src/engine';
import { xorshift32 } from '../../../scripts/fixtures.mjs';

function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

// Completed runs keep their copies here, so that the test can compare them with the file.
const SETTINGS = {
  chunkSize: 256,
  checkpointEveryMs: 0,
  checkpointEveryChunks: 2,
  keepInputCopies: true,
};

type Plan = { kind: 'tx' | 'write'; n: number } | { kind: 'none' };

type Mode = 'one-pass' | 'behind';

async function crashingTab(world: World, mode: Mode) {
  const files = new CrashableFiles(world.files);
  const view = { ...world, files: files as unknown as World['files'] };
  // Slow enough (a few kB in a tenth of a second or more) for checkpoints while the fold copies.
  const tab = await openTab(view, {
    // Copy behind copies in blocks of 512 bytes: several writes and records per run to crash in.
    settings: mode === 'behind' ? { ...SETTINGS, importBlockSize: 512 } : SETTINGS,
    workers: 2,
    // Copy behind: the copier (a host of its own) writes through the same crashable files.
    copier: mode === 'behind',
    // Behind: the copy at half the processing's pace, so that crashes find it behind.
    debug: { throttleBytesPerSec: 30_000, copyThrottleBytesPerSec: 15_000 },
  });
  const sw = makeCrashable(tab.store.db as never);
  let onCrash: () => void = () => undefined;
  const crashed = new Promise<void>((r) => (onCrash = r));
  sw.onCrash(() => {
    files.dead = true;
    tab.crash();
    onCrash();
  });
  const arm = (plan: Plan) => {
    if (plan.kind === 'tx') sw.armAt(sw.count + plan.n);
    if (plan.kind === 'write') files.armAtInputWrite(plan.n, () => sw.crash());
  };
  return { tab, crashed, arm, isCrashed: () => sw.crashed };
}

/** What a crash may never leave: a record counting bytes the copy lacks. */
async function checkCopyHonest(
  world: World,
  observer: Persistence,
  run: RunRecord,
  bytes: Uint8Array,
  label: string,
  mode: Mode,
) {
  const copy = await world.files
    .file(run.input.opfsPath!)
    .then(async (b) => new Uint8Array(await b.arrayBuffer()))
    .catch(() => new Uint8Array(0));
  const imported = run.input.imported;
  expect(copy.length, `${label}: copy shorter than imported`).toBeGreaterThanOrEqual(imported);
  expect(
    Buffer.from(copy.subarray(0, imported)).equals(Buffer.from(bytes.subarray(0, imported))),
    `${label}: the copy's first ${imported} bytes differ from the file's`,
  ).toBe(true);
  // One pass: the first step reads (and copies) the input, its checkpoints never run ahead of
  // the copy. Copy behind lets processing run ahead by design (docs/checkpointing.md).
  if (mode === 'behind') return;
  for (const cp of await observer.listCheckpoints(run.id)) {
    if (cp.stepIndex !== 0) continue;
    const at =
      cp.state.kind === 'fold'
        ? cp.state.offset
        : cp.state.kind === 'map'
          ? Math.min(bytes.length, cp.state.prefix * SETTINGS.chunkSize)
          : 0;
    expect(at, `${label}: checkpoint ${cp.seq} ahead of the copy`).toBeLessThanOrEqual(imported);
  }
}

describe('crash anywhere while copy and processing overlap', () => {
  it.each([
    ['one-pass', 20261202, 24],
    ['behind', 20261203, 20],
  ] as const)(
    '%s: resumes both from what was committed, with the file held or picked again',
    async (mode, seed, rounds) => {
      const random = rng(seed);
      // A copy-behind run writes fewer transactions and copy blocks (512 bytes, not a chunk
      // each) in its short life: crash within them.
      const txSpan = mode === 'behind' ? 12 : 30;
      const writeSpan = mode === 'behind' ? 5 : 10;
      const tally = { crashes: 0, restarts: 0, writes: 0, repicks: 0, midCopy: 0 };
      for (let round = 0; round < rounds; round++) {
        const size = 1500 + Math.floor(random() * 3500);
        const bytes = randomBytes(size, 500 + round);
        const file = fileOf(bytes, `c${round}.bin`);
        const useMap = round % 2 === 1;
        const world = newWorld([mixed, sumMap]);
        const observer = new Persistence(await openWaymarkDb({ name: world.dbName }));
        const pick = (): Plan => {
          const r = random();
          if (r < 0.2) return { kind: 'none' };
          if (r < 0.6) return { kind: 'tx', n: 1 + Math.floor(random() * txSpan) };
          return { kind: 'write', n: 1 + Math.floor(random() * writeSpan) };
        };
        let t = await crashingTab(world, mode);
        const id = await t.tab.engine.start(useMap ? 'test-sum' : 'test-mixed', file, {});
        let plan = pick();
        t.arm(plan);
        for (let guard = 0; ; guard++) {
          if (guard > 60) throw new Error(`round ${round}: the run did not converge`);
          const outcome = await Promise.race([
            t.crashed.then(() => 'crashed' as const),
            (async () => {
              for (;;) {
                const r = await observer.getRun(id);
                if (r && !['queued', 'importing', 'running'].includes(r.status))
                  return 'settled' as const;
                await new Promise((res) => setTimeout(res, 2));
                if (t.isCrashed()) return 'crashed' as const;
              }
            })(),
          ]);
          const run = (await observer.getRun(id)) as RunRecord;
          await checkCopyHonest(world, observer, run, bytes, `round ${round} try ${guard}`, mode);
          if (outcome === 'crashed') {
            tally.crashes++;
            if (plan.kind === 'write') tally.writes++;
            if (run.input.imported < size) tally.midCopy++;
            // A browser restart now and then: the picked file is gone with it.
            if (random() < 0.4) {
              restart(world);
              tally.restarts++;
            }
            t = await crashingTab(world, mode);
            plan = random() < 0.3 ? { kind: 'none' } : pick();
            t.arm(plan);
            try {
              await t.tab.engine.recover();
            } catch (e) {
              if ((e as Error).name !== 'InvalidStateError') throw e;
            }
            continue;
          }
          if (run.status !== 'interrupted') break;
          // What the user does: choose the file again, or resume a run held after crash loops.
          try {
            if (run.need === 'repick') {
              tally.repicks++;
              await t.tab.engine.repick(id, file);
            } else await t.tab.engine.resume(id);
          } catch (e) {
            if ((e as Error).name !== 'InvalidStateError') throw e;
          }
        }
        const run = (await observer.getRun(id)) as RunRecord;
        expect(run.status, `round ${round}: ${run.message}`).toBe('completed');
        const sum = bytes.reduce((s, b) => s + b, 0);
        if (useMap) expect((run.result as { sum: number }).sum).toBe(sum);
        else expect(run.result).toMatchObject({ fnv: fnvOf(bytes), sum });
        expect(run.input.imported).toBe(size);
        const copy = new Uint8Array(
          await (await world.files.file(run.input.opfsPath!)).arrayBuffer(),
        );
        expect(Buffer.from(copy).equals(Buffer.from(bytes)), `round ${round}: copy differs`).toBe(
          true,
        );
        await t.tab.close();
        observer.db.close();
      }
      console.log(`crash-anywhere-copy (${mode}):`, JSON.stringify(tally));
      // The property is only tested if crashes really happened, mid-copy, of both kinds.
      expect(tally.crashes).toBeGreaterThan(rounds);
      expect(tally.midCopy).toBeGreaterThan(rounds / 2);
      expect(tally.writes).toBeGreaterThan(3);
      expect(tally.repicks).toBeGreaterThan(2);
    },
    240_000,
  );
});
