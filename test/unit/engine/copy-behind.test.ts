/**
 * Copy behind: the steps read the picked file while a copier of its own streams the input copy.
 * Results against naive references (FNV, byte sum), copies against the file's bytes; the copy is
 * throttled below processing so that processing really runs ahead of it.
 */
import { describe, expect, it } from 'vitest';
import type { CopyProgressInfo, FileStore, RunRecord } from '../../../src/engine';
import {
  fileOf,
  newWorld,
  openTab,
  randomBytes,
  waitForRun,
  type World,
} from '../helpers/engine-harness';
import { fnvFold, fnvOf, sumMap } from '../helpers/test-workflows';
import { copyTooSlow } from '../../../src/engine/run-copying';

const SETTINGS = {
  chunkSize: 4096,
  checkpointEveryMs: 0,
  checkpointEveryChunks: 2,
  importBlockSize: 8192,
};
const KEEP = { ...SETTINGS, keepInputCopies: true };
// Processing at 400 kB/s, the copy at a quarter of that.
const SLOW_COPY = { throttleBytesPerSec: 400_000, copyThrottleBytesPerSec: 100_000 };

const naiveSum = (b: Uint8Array) => b.reduce((s, x) => s + x, 0);

async function bytesAt(world: World, path: string): Promise<Uint8Array | undefined> {
  if ((await world.files.size(path)) === undefined) return undefined;
  return new Uint8Array(await (await world.files.file(path)).arrayBuffer());
}

function copyEvents(tab: Awaited<ReturnType<typeof openTab>>, id: string): CopyProgressInfo[] {
  const out: CopyProgressInfo[] = [];
  tab.engine.bus.on((e) => {
    if (e.type === 'copy' && e.progress.runId === id) out.push(e.progress);
  });
  return out;
}

function records(tab: Awaited<ReturnType<typeof openTab>>, id: string): RunRecord[] {
  const out: RunRecord[] = [];
  tab.engine.bus.on((e) => {
    if (e.type === 'run' && e.run.id === id) out.push(structuredClone(e.run));
  });
  return out;
}

describe('copy behind', () => {
  it('a fold reads the file while the copier copies it: the FNV, a byte-identical kept copy', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(100_000, 21);
    const tab = await openTab(world, { settings: KEEP, copier: true, debug: SLOW_COPY });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const seen = records(tab, id);
    const copied = copyEvents(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    // The copier tells its pace block by block (the run's ETA waits for a kept copy).
    expect(copied.length).toBeGreaterThan(2);
    expect(copied.every((c, i) => i === 0 || c.done > copied[i - 1].done)).toBe(true);
    expect(copied.at(-1)).toMatchObject({ done: bytes.length, total: bytes.length, awaited: true });
    expect(copied.every((c) => c.throughput > 0)).toBe(true);
    expect(run.input.imported).toBe(bytes.length);
    expect(await bytesAt(world, run.input.opfsPath!)).toEqual(bytes);
    expect(seen.map((r) => r.status)).not.toContain('importing');
    // Processing ran ahead of the copy (one pass never lets it), and the copy's progress was
    // recorded as it went, not only at the end.
    const running = seen.filter((r) => r.status === 'running');
    expect(running.some((r) => r.progress.done > r.input.imported)).toBe(true);
    const partial = new Set(running.map((r) => r.input.imported).filter((n) => n < bytes.length));
    expect(partial.size).toBeGreaterThan(2);
    // A kept copy is finished before the run completes, and the run says what it waits for.
    expect(running.some((r) => r.message?.includes('finishing the input copy'))).toBe(true);
    expect(run.message).toBeUndefined();
    await tab.close();
  });

  it('an empty input completes under copy behind, fold and map, its empty copy made first', async () => {
    const world = newWorld([fnvFold, sumMap]);
    // The copier's worker is slow to get going (as a real one starting up): the steps must not
    // look for a copy it has not created yet.
    const inner = world.files;
    const later = <T>(f: () => Promise<T>) =>
      new Promise<T>((ok, no) => setTimeout(() => f().then(ok, no), 200));
    const slow: FileStore = Object.assign(Object.create(inner) as FileStore, {
      writeAt: (p: string, o: number, b: Uint8Array) => later(() => inner.writeAt(p, o, b)),
      put: (p: string, b: Uint8Array) => later(() => inner.put(p, b)),
      truncate: (p: string, n: number) => later(() => inner.truncate(p, n)),
    });
    const tab = await openTab(world, {
      settings: KEEP,
      copier: true,
      copierFiles: slow,
      debug: SLOW_COPY,
    });
    const empty = new Uint8Array(0);
    for (const [wf, want] of [
      ['test-fnv', (r: unknown) => r === fnvOf(empty)],
      ['test-sum', (r: unknown) => (r as { sum: number }).sum === naiveSum(empty)],
    ] as const) {
      const id = await tab.engine.start(wf, fileOf(empty), {});
      const run = await waitForRun(
        tab,
        id,
        (r) => r.status === 'completed' || r.status === 'paused',
      );
      expect(run.error?.code, wf).toBeUndefined();
      expect(run.status, wf).toBe('completed');
      expect(want(run.result), wf).toBe(true);
      expect(await bytesAt(world, run.input.opfsPath!), wf).toEqual(empty);
    }
    await tab.close();
  });

  it('a copy released on completion is stopped and freed: the run does not wait for it', async () => {
    const world = newWorld([sumMap]);
    const bytes = randomBytes(200_000, 22);
    const tab = await openTab(world, {
      settings: SETTINGS,
      copier: true,
      workers: 2,
      debug: { throttleBytesPerSec: 1_000_000, copyThrottleBytesPerSec: 50_000 },
    });
    const t0 = Date.now();
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const copied = copyEvents(tab, id);
    const started = (await tab.store.getRun(id))!;
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    const ms = Date.now() - t0;
    // Not waited for: the ETA leaves it out.
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.every((c) => !c.awaited)).toBe(true);
    expect((run.result as { sum: number }).sum).toBe(naiveSum(bytes));
    // The copy alone would take 4 s at 50 kB/s: the run completed before it.
    expect(run.input.imported).toBeLessThan(bytes.length);
    expect(ms).toBeLessThan(3000);
    expect(run.input.released).toBe(true);
    // Freed once no run needs it; and the copier wrote nothing after the run completed.
    const path = started.input.opfsPath!;
    for (let i = 0; i < 100 && (await world.files.size(path)) !== undefined; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await world.files.size(path)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(await world.files.size(path)).toBeUndefined();
    await tab.close();
  });

  it('a copy not kept gives way once processing overtakes it: it stops, the run goes on from the file', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(200_000, 23);
    // Processing at 400 kB/s overtakes a copy at 100 kB/s within the first blocks.
    const tab = await openTab(world, { settings: SETTINGS, copier: true, debug: SLOW_COPY });
    let written = 0;
    const writeAt = world.files.writeAt.bind(world.files);
    world.files.writeAt = async (p, o, b) => {
      if (p.startsWith('copies/')) written += b.length;
      return writeAt(p, o, b);
    };
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    // The copier stopped two blocks behind the fold (8 kB blocks): a few blocks copied, not
    // the 100 kB its half second beside the fold would have copied.
    expect(written).toBeLessThanOrEqual(4 * SETTINGS.importBlockSize);
    expect(run.input.released).toBe(true);
    await tab.close();
  });

  it('a copy not kept that stays ahead but would finish late gives way; one twice as fast as needed completes', async () => {
    const copiedBy = async (copyThrottleBytesPerSec: number) => {
      const world = newWorld([fnvFold]);
      const bytes = randomBytes(200_000, 25);
      // Processing at 100 kB/s: 2 s. The copy is never overtaken at either pace below.
      const tab = await openTab(world, {
        settings: SETTINGS,
        copier: true,
        debug: { throttleBytesPerSec: 100_000, copyThrottleBytesPerSec },
      });
      const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
      const seen = records(tab, id);
      const run = await waitForRun(tab, id, (r) => r.status === 'completed');
      expect(run.result).toBe(fnvOf(bytes));
      await tab.close();
      return Math.max(0, ...seen.map((r) => r.input.imported)) / bytes.length;
    };
    // 150 kB/s: complete after 1.3 s of the 2 s, past half the processing: not worth it.
    expect(await copiedBy(150_000)).toBeLessThan(0.5);
    // 600 kB/s: complete after 0.33 s, well within the first half.
    expect(await copiedBy(600_000)).toBe(1);
  });

  it('copyTooSlow: the copy must finish within half of the processing still to do', () => {
    const at = (copyPace: number | undefined, processPace: number) =>
      copyTooSlow({ copyLeft: 1000, copyPace, processLeft: 1000, processPace });
    expect(at(100, 40)).toBe(false); // 10 s against half of 25 s
    expect(at(100, 60)).toBe(true); // 10 s against half of 16.7 s
    expect(at(undefined, 60)).toBe(false); // no pace yet: it goes on
    expect(at(100, 0)).toBe(false);
  });

  it('a full disk under the copier drops the copy; the run goes on from the file and completes', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(120_000, 23);
    // The copier's writes run out of room after 40 000 bytes; the steps never write.
    let room = 40_000;
    const inner = world.files;
    const full: FileStore = Object.assign(Object.create(inner) as FileStore, {
      async writeAt(path: string, offset: number, b: Uint8Array) {
        if (path.startsWith('copies/')) {
          if (b.length > room)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          room -= b.length;
        }
        return inner.writeAt(path, offset, b);
      },
    });
    const tab = await openTab(world, {
      settings: KEEP,
      copier: true,
      copierFiles: full,
      debug: { throttleBytesPerSec: 300_000, copyThrottleBytesPerSec: 300_000 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const path = (await tab.store.getRun(id))!.input.opfsPath!;
    const seen = records(tab, id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(run.input.mode).toBe('repick');
    expect(run.input.opfsPath).toBeUndefined();
    expect(seen.some((r) => r.message?.includes('was dropped'))).toBe(true);
    expect(seen.map((r) => r.status)).not.toContain('paused');
    expect(await world.files.size(path)).toBeUndefined();
    // Processed once, from the start: nothing was redone.
    expect(run.stats.processedBytes).toBe(bytes.length);
    await tab.close();
  });

  it('pause stops the copier with its progress recorded; resume goes on with both', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(150_000, 24);
    const tab = await openTab(world, { settings: KEEP, copier: true, debug: SLOW_COPY });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.input.imported >= 16_384);
    await tab.engine.pause(id);
    const paused = (await tab.store.getRun(id))!;
    expect(paused.status).toBe('paused');
    // Stopped where it was, not after copying the rest.
    expect(paused.input.imported).toBeLessThan(bytes.length);
    const copied = await bytesAt(world, paused.input.opfsPath!);
    expect(copied!.length).toBeGreaterThanOrEqual(paused.input.imported);
    expect(copied!.subarray(0, paused.input.imported)).toEqual(
      bytes.subarray(0, paused.input.imported),
    );
    // Stopped: neither the copy nor its record moves while the run is paused.
    await new Promise((r) => setTimeout(r, 400));
    const still = (await tab.store.getRun(id))!;
    expect(still.input.imported).toBe(paused.input.imported);
    expect((await world.files.size(paused.input.opfsPath!))!).toBe(copied!.length);
    await tab.engine.resume(id);
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(await bytesAt(world, run.input.opfsPath!)).toEqual(bytes);
    // Resumed from its checkpoint: at most a slice done twice.
    expect(run.stats.processedBytes).toBeLessThan(bytes.length + 40_000);
    await tab.close();
  });

  it('a Resume right as the run shows Paused, its copier still finishing a block, is not dropped', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(150_000, 27);
    // The copier's blocks take long (a slow disk): its stop waits for the block under way.
    const inner = world.files;
    const slow: FileStore = Object.assign(Object.create(inner) as FileStore, {
      async writeAt(p: string, o: number, b: Uint8Array) {
        await new Promise((ok) => setTimeout(ok, 400));
        return inner.writeAt(p, o, b);
      },
    });
    const tab = await openTab(world, {
      settings: SETTINGS,
      copier: true,
      copierFiles: slow,
      debug: { throttleBytesPerSec: 200_000 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    await waitForRun(tab, id, (r) => r.status === 'running' && r.progress.done >= 20_000);
    // Resume is pressed the moment Paused shows, as a user (or another tab) may.
    const resumed = new Promise<void>((ok, no) => {
      const off = tab.engine.bus.on((e) => {
        if (e.type !== 'run' || e.run.id !== id || e.run.status !== 'paused') return;
        off();
        tab.engine.resume(id).then(ok, no);
      });
    });
    void tab.engine.pause(id);
    await resumed;
    const run = await waitForRun(tab, id, (r) => r.status === 'completed', 20_000);
    expect(run.result).toBe(fnvOf(bytes));
    await tab.close();
  });

  it('a reload mid-copy resumes the copy from what it recorded and processing from its checkpoint', async () => {
    const world = newWorld([sumMap]);
    const bytes = randomBytes(150_000, 25);
    let tab = await openTab(world, { settings: KEEP, copier: true, debug: SLOW_COPY });
    const id = await tab.engine.start('test-sum', fileOf(bytes), {});
    const mid = await waitForRun(tab, id, (r) => r.input.imported >= 16_384 && r.lastSeq > 1);
    expect(mid.input.imported).toBeLessThan(bytes.length);
    tab.crash();
    // The keeper (the service worker) still holds the file: nothing to ask.
    const offsets: number[] = [];
    const inner = world.files;
    const watching: FileStore = Object.assign(Object.create(inner) as FileStore, {
      async writeAt(path: string, offset: number, b: Uint8Array) {
        if (path.startsWith('copies/')) offsets.push(offset);
        return inner.writeAt(path, offset, b);
      },
    });
    tab = await openTab(world, { settings: KEEP, copier: true, copierFiles: watching });
    const recorded = (await tab.store.getRun(id))!.input.imported;
    expect(recorded).toBeGreaterThan(0);
    await tab.engine.recover();
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect((run.result as { sum: number }).sum).toBe(naiveSum(bytes));
    // The copy went on from what it had recorded, not from the start.
    expect(Math.min(...offsets)).toBe(recorded);
    expect(await bytesAt(world, run.input.opfsPath!)).toEqual(bytes);
    await tab.close();
  });

  it('a copier that hangs is replaced under the deadline and the copy completes', async () => {
    const world = newWorld([fnvFold]);
    const bytes = randomBytes(60_000, 26);
    // Writes to the copy hang the first time (a hung worker), then work.
    let hung = 0;
    const inner = world.files;
    const hanging: FileStore = Object.assign(Object.create(inner) as FileStore, {
      async writeAt(path: string, offset: number, b: Uint8Array) {
        if (path.startsWith('copies/') && offset > 0 && hung++ === 0)
          await new Promise(() => undefined);
        return inner.writeAt(path, offset, b);
      },
    });
    const tab = await openTab(world, {
      settings: { ...KEEP, deadlineFloorMs: 300 },
      copier: true,
      copierFiles: hanging,
      debug: { throttleBytesPerSec: 300_000, deadlineFloorMs: 300 },
    });
    const id = await tab.engine.start('test-fnv', fileOf(bytes), {});
    const run = await waitForRun(tab, id, (r) => r.status === 'completed');
    expect(run.result).toBe(fnvOf(bytes));
    expect(hung).toBeGreaterThan(1);
    expect(await bytesAt(world, run.input.opfsPath!)).toEqual(bytes);
    await tab.close();
  });
});
