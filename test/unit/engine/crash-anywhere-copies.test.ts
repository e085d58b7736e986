/**
 * Crash-anywhere property test of shared input copies. Runs start on the same two files, fork,
 * complete (releasing their copy or keeping it, by the setting), run again and are deleted, all
 * at once, while the tab crashes at a random transaction (everything uncommitted is lost) and a
 * new tab recovers and sweeps as the app's start-up does. Checked against the run records
 * themselves, not against any counter of the code under test:
 *  - a copy is never removed while a stored record needs it (checked at every removal, before
 *    the file goes);
 *  - every run that needs a complete copy finds it, with the file's bytes, and every run ends
 *    with the FNV of its file computed here;
 *  - once every run is deleted (crashing too) and the start-up sweep ran, no file is left.
 */
import { describe, expect, it } from 'vitest';
import { makeCrashable } from '../helpers/crashable';
import { CrashableFiles } from '../helpers/crashable-files';
import { fileOf, newWorld, openTab, randomBytes, type World } from '../helpers/engine-harness';
import { fnvFold, fnvOf } from '../helpers/test-workflows';
import { Persistence, openWaymarkDb, sweepOrphanedRunFiles } from '../../../src/engine';
import { neededCopy } from '../../../src/engine/input-copies';
import type { RunRecord } from '../../../src/engine/records';
import { xorshift32 } from '../../../scripts/fixtures.mjs';

function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

const SETTINGS = { chunkSize: 512, checkpointEveryMs: 0, importBlockSize: 1024 };
const ACTIVE = ['queued', 'importing', 'running'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function crashingTab(world: World, keep: boolean, crashIn: number) {
  const files = new CrashableFiles(world.files);
  const view = { ...world, files: files as unknown as World['files'] };
  const tab = await openTab(view, { settings: { ...SETTINGS, keepInputCopies: keep } });
  const sw = makeCrashable(tab.store.db as never);
  sw.onCrash(() => {
    files.dead = true;
    tab.crash();
  });
  sw.armAt(crashIn);
  return { tab, files, isCrashed: () => sw.crashed };
}

describe('crash anywhere, with input copies shared, released, forked and deleted', () => {
  it('never removes a copy a run needs, and leaves none once every run is deleted', async () => {
    const random = rng(20261212);
    const rounds = 30;
    let crashes = 0;
    let removalsChecked = 0;
    let shared = 0;
    for (let round = 0; round < rounds; round++) {
      const world = newWorld([fnvFold]);
      const observer = new Persistence(await openWaymarkDb({ name: world.dbName }));
      const inputs = [randomBytes(3000 + round * 37, round + 1), randomBytes(4100, round + 500)];
      const names = ['a.bin', 'b.bin'];
      const fileFor = (name: string) => fileOf(inputs[names.indexOf(name)], name);
      // Every removal of a copy is checked against the stored records before the file goes.
      const violations: string[] = [];
      const remove = world.files.remove.bind(world.files);
      world.files.remove = async (path: string) => {
        if (path.startsWith('copies/')) {
          removalsChecked++;
          const needers = (await observer.db.getAll('runs')).filter((r) => neededCopy(r) === path);
          if (needers.length) violations.push(`${path} removed while ${needers[0].id} needs it`);
        }
        return remove(path);
      };

      const pickRun = async (pred: (r: RunRecord) => boolean = () => true) => {
        const list = (await observer.listRuns()).filter(pred);
        return list.length ? list[Math.floor(random() * list.length)] : undefined;
      };
      const ignore = (e: unknown) => {
        const known = ['InvalidStateError', 'WaymarkError', 'AbortError'];
        if (!known.includes((e as Error).name)) throw e;
      };

      let t = await crashingTab(world, random() < 0.5, 1 + Math.floor(random() * 80));
      for (let life = 0; life < 6; life++) {
        for (let op = 0; op < 6 && !t.isCrashed(); op++) {
          const r = random();
          const e = t.tab.engine;
          try {
            if (r < 0.4) {
              await e.start(fnvFold.id, fileFor(names[random() < 0.5 ? 0 : 1]), {});
            } else if (r < 0.6) {
              const src = await pickRun((x) => x.lastSeq > 0);
              const cps = src ? await e.checkpoints.list(src.id) : [];
              if (src && cps.length) {
                const give = random() < 0.5 ? fileFor(src.input.name) : undefined;
                await e.fork(src.id, cps[0].seq, give);
              }
            } else if (r < 0.85) {
              const victim = await pickRun();
              if (victim) await e.remove(victim.id);
            } else {
              const done = await pickRun((x) => x.status === 'completed');
              if (done) await e.runAgain(done.id, fileFor(done.input.name));
            }
          } catch (err) {
            ignore(err);
          }
          await sleep(random() * 4);
        }
        // Let this tab's runs settle (or the crash come).
        for (let i = 0; i < 2000 && !t.isCrashed(); i++) {
          const runs = await observer.listRuns();
          if (!runs.some((x) => ACTIVE.includes(x.status))) break;
          await sleep(2);
        }
        if (t.isCrashed()) crashes++;
        else await t.tab.close();
        // The next tab: recovery, then the start-up sweep, as the app boots.
        t = await crashingTab(world, random() < 0.5, 1 + Math.floor(random() * 120));
        try {
          await t.tab.engine.recover();
          await sweepOrphanedRunFiles(t.tab.store, t.files);
          for (const x of await observer.listRuns())
            if (x.status === 'interrupted' && x.need === 'repick')
              await t.tab.engine.repick(x.id, fileFor(x.input.name));
        } catch (err) {
          ignore(err);
        }
      }
      if (!t.isCrashed()) await t.tab.close();

      // A tab that does not crash finishes every run that can still go on.
      const calm = await openTab(world, { settings: SETTINGS });
      await calm.engine.recover();
      await sweepOrphanedRunFiles(calm.store, world.files);
      const finished = (x: RunRecord) => ['completed', 'canceled'].includes(x.status);
      for (let guard = 0; guard < 20; guard++) {
        const runs = await observer.listRuns();
        if (runs.every(finished)) break;
        for (const x of runs) {
          if (x.status === 'interrupted' && x.need === 'repick')
            await calm.engine
              .repick(x.id, fileFor(x.input.name))
              .catch((e) => console.log('calm repick', x.id, e));
          else if (['paused', 'interrupted', 'failed'].includes(x.status))
            await calm.engine.resume(x.id).catch(ignore);
          await calm.engine.settled(x.id);
        }
        await sleep(5);
      }
      const runs = await observer.listRuns();
      const byPath = new Map<string, number>();
      for (const x of runs) {
        expect(
          x.status,
          `round ${round}: ${x.id} ${x.message ?? ''} ${JSON.stringify(x.input)} owns=${calm.engine.owns(x.id)}`,
        ).toMatch(/completed|canceled/);
        if (x.status === 'completed')
          expect(x.result, `round ${round}: ${x.id}`).toBe(
            fnvOf(inputs[names.indexOf(x.input.name)]),
          );
        const path = neededCopy(x);
        if (path && x.input.imported >= x.input.size) {
          // A run needing a complete copy has it, byte for byte.
          const blob = await world.files.file(path);
          expect(fnvOf(new Uint8Array(await blob.arrayBuffer())), `round ${round}: ${path}`).toBe(
            fnvOf(inputs[names.indexOf(x.input.name)]),
          );
          byPath.set(path, (byPath.get(path) ?? 0) + 1);
        }
      }
      shared += [...byPath.values()].filter((n) => n > 1).length;

      // Every run deleted, in a tab that may crash too; then a start-up sweep.
      const last = await crashingTab(world, false, 1 + Math.floor(random() * 40));
      for (const x of runs) await last.tab.engine.remove(x.id).catch(ignore);
      if (last.isCrashed()) crashes++;
      else await last.tab.close();
      const sweeper = await openTab(world, { settings: SETTINGS });
      for (const x of await observer.listRuns()) await sweeper.engine.remove(x.id);
      await sweepOrphanedRunFiles(sweeper.store, world.files);
      expect(await world.files.list(''), `round ${round}: files left`).toEqual([]);
      expect(violations, `round ${round}`).toEqual([]);
      await calm.close();
      await sweeper.close();
      observer.db.close();
    }
    console.log(
      `crash-anywhere (copies): ${rounds} rounds, ${crashes} crashes, ${removalsChecked} copy removals checked, ${shared} copies shared at the end of a round`,
    );
    // The property is only tested if crashes, removals and sharing really happened.
    expect(crashes).toBeGreaterThan(rounds);
    expect(removalsChecked).toBeGreaterThan(rounds);
    expect(shared).toBeGreaterThan(rounds / 4);
  }, 240_000);
});
