/**
 * Issue 2: resumable hashing that survives a reload and a real browser crash, checked against
 * Node's crypto and sha256sum.
 */
import { test, expect } from '@playwright/test';
import { statSync } from 'node:fs';
import {
  confirm,
  MiB,
  digest,
  downloadResult,
  expectState,
  killBrowser,
  launchProfile,
  makeFile,
  percent,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  storedCheckpoints,
  tmp,
  waitForPercent,
  gotoApp,
} from './helpers';

const SLOW = {
  throttleBytesPerSec: 12 * MiB,
  settings: { chunkSize: 1 * MiB, checkpointEveryMs: 500 },
};

/** How often a running fold reports and may be asked for a checkpoint (fold-step.ts PROGRESS_MS). */
const FOLD_STEP_MS = 200;

/** The reload test's pace: one interval of work is a few percent of its file. */
const RELOAD = {
  throttleBytesPerSec: 6 * MiB,
  settings: { chunkSize: 1 * MiB, checkpointEveryMs: 200 },
};

test('reload mid-run resumes having lost at most one checkpoint interval of work', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const size = 36 * MiB;
  const file = makeFile(dir, 'reload.bin', size, 2);
  await setDebug(context, RELOAD);
  await page.goto('/');
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'reload.bin');
  await expectState(run, 'Running');
  const shown = await waitForPercent(run, 30);
  const lastBefore = Math.max(...(await storedCheckpoints(page, 'reload.bin')).map((c) => c.seq));
  await page.reload();
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  // The promise of a reload: at most one interval of work is lost. A running fold's newest
  // checkpoint is at most an interval plus one fold step (FOLD_STEP_MS) plus its commit (allowed
  // SAVE_MS on a loaded machine) old; the page-hide save usually makes it newer still, but it is
  // best effort (docs/checkpointing.md, "The page-hide save"). aria-valuenow is a rounded
  // percentage: one point more for that rounding.
  const { throttleBytesPerSec: throttle, settings } = RELOAD;
  const SAVE_MS = 200;
  const lostMs = settings.checkpointEveryMs + FOLD_STEP_MS + SAVE_MS;
  const interval = (100 * throttle * lostMs) / 1000 / size;
  const resumed = await percent(run);
  expect(resumed).toBeGreaterThanOrEqual(shown - interval - 1);
  const history = await storedCheckpoints(page, 'reload.bin');
  const pageHidden = history.find((c) => c.seq > lastBefore && c.reason === 'page-hidden');
  console.log(
    `reload: shown ${shown} %, resumed at ${resumed} %, bound ${(shown - interval - 1).toFixed(1)} %; page-hide save ${pageHidden ? 'landed' : 'did not land'}`,
  );
  if (pageHidden) expect(pageHidden.bytesDone).toBeGreaterThanOrEqual(((shown - 1) / 100) * size);
  await expectState(run, 'Completed');
  const doc = await downloadResult(page, run);
  expect(doc).toMatchObject({
    task: 'SHA-256',
    input: { name: 'reload.bin', size },
    result: { algorithm: 'SHA-256', hex: digest(file) },
  });
  await expect(run.getByRole('status', { name: 'Result' })).toContainText(digest(file));
});

test('SIGKILL of the real browser mid-run: relaunch resumes by itself, at most one checkpoint interval of work lost', async () => {
  const throttle = 4 * MiB;
  const interval = 500;
  const chunk = 256 * 1024;
  const size = 24 * MiB;
  const dir = tmp();
  const profile = tmp();
  const file = makeFile(dir, 'crash.bin', size, 3);
  // A browser restart loses a picked file whose copy is still being made (the service worker
  // that keeps it dies with the browser: keeper.spec.ts tests that the run then asks only for
  // the rest). Here the copy is made first, so what is tested is the resume from checkpoints.
  const debug = {
    copy: 'first' as const,
    throttleBytesPerSec: throttle,
    settings: { chunkSize: chunk, checkpointEveryMs: interval },
  };
  let context = await launchProfile(profile);
  await setDebug(context, debug);
  let page = await context.newPage();
  await gotoApp(page);
  // The fold's progress as the page holds it (what a checkpoint now would save).
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      live: number;
      waymark: {
        engine: {
          bus: {
            on(l: (e: { type: string; progress?: { status: string; done: number } }) => void): void;
          };
        };
      };
    };
    g.live = 0;
    g.waymark.engine.bus.on((e) => {
      if (e.type === 'progress' && e.progress?.status === 'running') g.live = e.progress.done;
    });
  });
  await startRun(page, file, 'SHA-256');
  let run = runCard(page, 'crash.bin');
  await expectState(run, 'Running');
  // Until 40 % is folded, every 50 ms: the work not yet in a committed checkpoint, i.e. the
  // page's progress minus the newest stored checkpoint (read after it, so never an older one).
  // What a kill at that moment loses, give or take the progress report's lag.
  const { unsaved, before } = await page.evaluate(
    async ({ name, until }) => {
      const g = globalThis as unknown as {
        live: number;
        waymark: {
          engine: {
            store: { listRuns(): Promise<{ id: string; input: { name: string } }[]> };
            checkpoints: {
              list(id: string): Promise<
                {
                  seq: number;
                  at: number;
                  bytesDone: number;
                  reason: string;
                  stats: { workMs: number };
                }[]
              >;
            };
          };
        };
      };
      const id = (await g.waymark.engine.store.listRuns()).find((r) => r.input.name === name)!.id;
      const samples: number[] = [];
      for (;;) {
        const live = g.live;
        const cps = await g.waymark.engine.checkpoints.list(id);
        const newest = cps.reduce((a, c) => (c.seq > a.seq ? c : a), {
          seq: 0,
          bytesDone: 0,
        });
        samples.push(live - newest.bytesDone);
        if (live >= until)
          return {
            unsaved: samples,
            before: cps.map(({ seq, at, bytesDone, reason, stats }) => ({
              seq,
              at,
              bytesDone,
              reason,
              stats,
            })),
          };
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    { name: 'crash.bin', until: 0.4 * size },
  );
  const killedAt = Date.now();
  killBrowser(profile);
  await context.close().catch(() => undefined);
  const newest = before.reduce((a, c) => (c.seq > a.seq ? c : a));

  context = await launchProfile(profile);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  run = runCard(page, 'crash.bin');
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  // It resumed from the newest checkpoint committed before the kill, not an older one.
  const after = await storedCheckpoints(page, 'crash.bin');
  const resumedFrom = after
    .filter((c) => c.at < killedAt)
    .reduce((a, c) => (c.seq > a.seq ? c : a));
  expect(resumedFrom.seq).toBeGreaterThanOrEqual(newest.seq);

  // The bound, from fold-step.ts: the page saves once `interval` ms of folding have passed
  // since the last save committed, after the step under way (≤ FOLD_STEP_MS) returns; the
  // worker's throttle keeps each step call to `throttle` bytes per wall-clock second and never
  // catches up on time lost between calls (a save, a starved CPU: a clone CI at load 14 once
  // folded past the bound when it did); one piece (≤ chunk) may run ahead of it. So unsaved
  // work spans at most one interval, one step, the save just committed and the one under way:
  // throttle × (interval + FOLD_STEP_MS + 2 × save) + chunk. A save's cost is measured in this
  // run: the wall time between two checkpoints that was not folding (their `at` gap minus
  // their `stats.workMs` gap), so a loaded machine widens the bound by what it really costs,
  // while a checkpoint written less often than every `interval` of folding does not.
  const folds = before.filter((c) => c.reason === 'interval').sort((a, b) => a.seq - b.seq);
  expect(folds.length).toBeGreaterThanOrEqual(2);
  let save = 0;
  for (let k = 1; k < folds.length; k++)
    save = Math.max(
      save,
      folds[k].at - folds[k - 1].at - (folds[k].stats.workMs - folds[k - 1].stats.workMs),
    );
  const bound = (throttle * (interval + FOLD_STEP_MS + 2 * save)) / 1000 + chunk;
  const most = Math.max(...unsaved);
  console.log(
    `SIGKILL: up to ${(most / MiB).toFixed(2)} MiB unsaved over ${unsaved.length} samples, ${(unsaved.at(-1)! / MiB).toFixed(2)} MiB at the kill; bound ${(bound / MiB).toFixed(2)} MiB (a save ≤ ${Math.round(save)} ms)`,
  );
  expect(most).toBeLessThanOrEqual(bound);
  await expectState(run, 'Completed');
  const doc = await downloadResult(page, run);
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex: sha256sum(file) });
  await context.close();
});

test('edge sizes: empty, 1 byte, exact multiple of the chunk size, one byte over', async ({
  page,
  context,
}) => {
  const dir = tmp();
  await setDebug(context, { settings: { chunkSize: 64 * 1024 } });
  await page.goto('/');
  const sizes: [string, number][] = [
    ['empty.bin', 0],
    ['one.bin', 1],
    ['exact.bin', 4 * 64 * 1024],
    ['over.bin', 4 * 64 * 1024 + 1],
  ];
  for (const [name, size] of sizes) {
    const file = makeFile(dir, name, size, size + 5);
    await startRun(page, file, 'SHA-256');
    const run = runCard(page, name);
    await expectState(run, 'Completed');
    const doc = await downloadResult(page, run);
    expect(doc.result, name).toEqual({ algorithm: 'SHA-256', hex: digest(file) });
    expect(doc.input).toEqual({ name, size: statSync(file).size });
  }
  for (const [label, algo, node] of [
    ['SHA-1', 'SHA-1', 'sha1'],
    ['SHA-512', 'SHA-512', 'sha512'],
    ['MD5', 'MD5', 'md5'],
  ] as const) {
    const name = `algo-${node}.bin`;
    const file = makeFile(dir, name, 300_001, 9);
    await startRun(page, file, label);
    const run = runCard(page, name);
    await expectState(run, 'Completed');
    expect((await downloadResult(page, run)).result).toEqual({
      algorithm: algo,
      hex: digest(file, node),
    });
  }
});

test('two tabs: the second tab does not start a second copy of a running run', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const file = makeFile(dir, 'shared.bin', 24 * MiB, 4);
  await setDebug(context, SLOW);
  await page.goto('/');
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'shared.bin');
  await expectState(run, 'Running');
  const second = await context.newPage();
  await second.goto('/');
  const mirror = runCard(second, 'shared.bin');
  await expect(mirror.getByText('Running in another tab')).toBeVisible();
  await expect(second.getByText(/Resumed/)).toHaveCount(0);
  // The second tab shows the first tab's progress live, and never runs it itself.
  await waitForPercent(mirror, 20);
  await expectState(run, 'Completed');
  await expectState(mirror, 'Completed');
  // One copy ran. Its checkpoints: one final; offsets that never go back (a second copy
  // resumes from an older checkpoint); and no two interval ones closer than the interval,
  // however loaded the machine (the next is due `checkpointEveryMs` after the last committed;
  // `at` is in whole ms), where two copies would each write one per interval.
  const history = (await storedCheckpoints(page, 'shared.bin')).sort((a, b) => a.seq - b.seq);
  expect(history.filter((c) => c.reason === 'final')).toHaveLength(1);
  const folding = history.filter((c) => c.stepIndex === 0);
  expect(folding.length).toBeGreaterThan(2);
  const offsets = folding.map((c) => c.bytesDone);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  const gaps = folding.slice(1).map((c, k) => c.at - folding[k].at);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SLOW.settings.checkpointEveryMs - 1);
  const doc = await downloadResult(page, run);
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex: digest(file) });
  const processed = await page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: { store: { listRuns(): Promise<{ stats: { processedBytes: number } }[]> } };
        };
      }
    ).waymark;
    return (await w.engine.store.listRuns())[0].stats.processedBytes;
  });
  // Hashed once: a second copy would have doubled the bytes processed.
  expect(processed).toBeLessThan(1.5 * 24 * MiB);
});

test('Pause, Resume, Cancel and Delete do what they say', async ({ page, context }) => {
  const dir = tmp();
  const a = makeFile(dir, 'pause.bin', 24 * MiB, 5);
  const b = makeFile(dir, 'cancel.bin', 24 * MiB, 6);
  await setDebug(context, SLOW);
  await page.goto('/');
  await startRun(page, a, 'SHA-256');
  const run = runCard(page, 'pause.bin');
  await expectState(run, 'Running');
  await waitForPercent(run, 20);
  await run.getByRole('button', { name: 'Pause' }).click();
  await expectState(run, 'Paused');
  const paused = await percent(run);
  await page.waitForTimeout(1500);
  expect(await percent(run)).toBe(paused);
  const history = await storedCheckpoints(page, 'pause.bin');
  expect(history.some((c) => c.reason === 'pause')).toBe(true);
  await run.getByRole('button', { name: 'Resume' }).click();
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(a),
  });

  await startRun(page, b, 'SHA-256');
  const other = runCard(page, 'cancel.bin');
  await expectState(other, 'Running');
  await other.getByRole('button', { name: 'Cancel' }).click();
  await confirm(page, 'Cancel run');
  await expectState(other, 'Canceled');
  await expect(other.getByRole('button', { name: 'Resume' })).toHaveCount(0);

  await other.getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Delete run');
  await expect(other).toHaveCount(0);
  await run.getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Delete run');
  await expect(run).toHaveCount(0);
  // Deleted means gone from storage too: no records, no OPFS files.
  const left = await page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: { engine: { store: { listRuns(): Promise<unknown[]> } } };
      }
    ).waymark;
    const root = await navigator.storage.getDirectory();
    let files = 0;
    try {
      const runs = await (await root.getDirectoryHandle('waymark')).getDirectoryHandle('runs');
      for await (const _ of (runs as unknown as { keys(): AsyncIterable<string> }).keys()) files++;
    } catch {
      // No runs folder at all.
    }
    return { runs: (await w.engine.store.listRuns()).length, files };
  });
  expect(left).toEqual({ runs: 0, files: 0 });
  // What a delete could not remove (a worker still reading, a page closed mid-way) goes at the
  // next start-up.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const waymark = await root.getDirectoryHandle('waymark', { create: true });
    const runs = await waymark.getDirectoryHandle('runs', { create: true });
    const stray = await runs.getDirectoryHandle('stray', { create: true });
    const w = await (await stray.getFileHandle('input', { create: true })).createWritable();
    await w.write(new Uint8Array(1000));
    await w.close();
  });
  await page.reload();
  await expect(page.getByRole('article')).toHaveCount(0);
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const root = await navigator.storage.getDirectory();
        const runs = await (await root.getDirectoryHandle('waymark')).getDirectoryHandle('runs');
        const names: string[] = [];
        for await (const n of (runs as unknown as { keys(): AsyncIterable<string> }).keys())
          names.push(n);
        return names;
      }),
    )
    .toEqual([]);
});
