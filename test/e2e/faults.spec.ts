/**
 * Issue 4: every fault a real browser throws at a run — worker throw, hang and death, a full
 * disk, a file changed on disk, a schema upgrade blocked by an older tab, the owner tab closing,
 * a run that keeps crashing the page, and re-picking the wrong or the right file.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import {
  confirm,
  MiB,
  byteCountsOf,
  byteHistogramOf,
  digest,
  downloadResult,
  expectState,
  gotoApp,
  killBrowser,
  launchProfile,
  makeFile,
  percent,
  runCard,
  setDebug,
  startRun,
  storedCheckpoints,
  storedOutput,
  tmp,
  waitForPercent,
  reloadApp,
} from './helpers';
import { wc } from './task-fixtures';

const FAST_DEADLINE = {
  deadlineFloorMs: 1500,
  settings: { chunkSize: 256 * 1024, workers: 1, backoffMs: 50 },
};

async function hashWith(page: Page, name: string, size: number, task = 'SHA-256') {
  const file = makeFile(tmp(), name, size, size % 97);
  await startRun(page, file, task);
  return { file, run: runCard(page, name) };
}

/**
 * The whole byte histogram equals one counted in the test from the same file: all 256 counts
 * (a chunk counted twice, lost or mixed with another shows in them), and the summary result.
 */
async function expectHistogramOf(page: Page, run: Locator, name: string, file: string) {
  expect((await downloadResult(page, run)).result).toEqual(byteHistogramOf(file));
  expect(JSON.parse(await storedOutput(page, name, 'histogram.json'))).toEqual(byteCountsOf(file));
}

for (const kind of ['throw', 'hang', 'die'] as const) {
  test(`a worker that ${kind === 'throw' ? 'throws' : kind === 'hang' ? 'hangs' : 'dies'} mid-run: the chunk is redone and the result is right`, async ({
    page,
    context,
  }) => {
    await setDebug(context, { ...FAST_DEADLINE, faults: [{ kind, chunk: 5, times: 1 }] });
    await gotoApp(page);
    // A map task (Count) and a fold task (SHA-256) both meet the fault at chunk 5.
    const { file, run } = await hashWith(page, `${kind}-fold.bin`, 3 * MiB);
    await expectState(run, 'Completed');
    expect((await downloadResult(page, run)).result).toEqual({
      algorithm: 'SHA-256',
      hex: digest(file),
    });
  });
}

test('map chunks: throw, hang and death are retried or respawned; counts stay exact', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    ...FAST_DEADLINE,
    settings: { ...FAST_DEADLINE.settings, workers: 2, developerTasks: true },
    faults: [
      { kind: 'throw', chunk: 2, workflowId: 'byte-histogram' },
      { kind: 'hang', chunk: 4, workflowId: 'byte-histogram' },
      { kind: 'die', chunk: 7, workflowId: 'byte-histogram' },
    ],
  });
  await gotoApp(page);
  const { file, run } = await hashWith(page, 'map-faults.bin', 3 * MiB, 'Byte histogram (example)');
  await expectState(run, 'Completed');
  await expectHistogramOf(page, run, 'map-faults.bin', file);
});

test('a chunk that fails every attempt stops the run as Failed naming it; "Retry failed" finishes it', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    ...FAST_DEADLINE,
    settings: { ...FAST_DEADLINE.settings, developerTasks: true },
    faults: [{ kind: 'throw', chunk: 3, workflowId: 'byte-histogram', times: 3 }],
  });
  await gotoApp(page);
  const { file, run } = await hashWith(page, 'fails.bin', 2 * MiB, 'Byte histogram (example)');
  await expectState(run, 'Failed');
  await expect(run.getByRole('alert')).toContainText('Chunk 3 failed 3 times');
  await expect(run.getByRole('alert')).toContainText('Injected fault');
  await run.getByRole('button', { name: 'Retry failed' }).click();
  await expectState(run, 'Completed');
  await expectHistogramOf(page, run, 'fails.bin', file);
});

test('storage full mid-run (QuotaExceededError on the checkpoint write) pauses with a message and loses nothing', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    // Slow enough (6 s) that the run is still going when the fault is armed, however loaded.
    throttleBytesPerSec: 4 * MiB,
    settings: { chunkSize: 1 * MiB, checkpointEveryMs: 300 },
    // The subject is the checkpoint write: no copier beside it, whose own progress records would
    // take the injected failures (a copier's full disk drops the copy instead: tested below).
    copy: 'first',
  });
  await gotoApp(page);
  const { file, run } = await hashWith(page, 'quota.bin', 24 * MiB);
  await expectState(run, 'Running');
  await waitForPercent(run, 25);
  const saved = Math.max(...(await storedCheckpoints(page, 'quota.bin')).map((c) => c.bytesDone));
  // Arm the debug storage fault: the next checkpoint write and its retry after pruning fail
  // as on a full disk.
  await page.evaluate(() =>
    (
      globalThis as unknown as { waymark: { engine: { injectWriteFailures(n: number): void } } }
    ).waymark.engine.injectWriteFailures(2),
  );
  await expectState(run, 'Paused');
  await expect(run.getByRole('status').first()).toContainText(
    /Storage is full: about .* more is needed/,
  );
  const after = Math.max(...(await storedCheckpoints(page, 'quota.bin')).map((c) => c.bytesDone));
  expect(after).toBeGreaterThanOrEqual(saved);
  await run.getByRole('button', { name: 'Resume' }).click();
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
});

test('a real full disk during the input copy: paused with the space needed; resumes once there is room', async ({
  page,
  context,
}) => {
  // The copy made first (Importing): a full disk there pauses the run. Under copy behind the
  // copy is dropped instead (the next test).
  await setDebug(context, { copy: 'first' });
  await gotoApp(page);
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  // A real quota for the origin: OPFS writes beyond it fail in the browser itself.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3 * MiB });
  const file = makeFile(tmp(), 'too-big.bin', 8 * MiB, 4);
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'too-big.bin');
  await expectState(run, 'Paused');
  await expect(run.getByRole('status').first()).toContainText(
    /Storage is full: about .*MiB more is needed/,
  );
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * MiB });
  await run.getByRole('button', { name: 'Resume' }).click();
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
});

test('a real full disk under copy behind: the copy is dropped, the run goes on from the picked file and equals sha256sum', async ({
  page,
  context,
}) => {
  // Processing far slower than the copier (a copy not kept that would finish late gives way),
  // so that the copy fills the disk while the hash runs.
  await setDebug(context, {
    copy: 'behind',
    throttleBytesPerSec: 2 * MiB,
    copyThrottleBytesPerSec: 32 * MiB,
  });
  await gotoApp(page);
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3 * MiB });
  const file = makeFile(tmp(), 'full-behind.bin', 8 * MiB, 5);
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'full-behind.bin');
  await expectState(run, 'Completed', 60_000);
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
  // The copy was dropped (the run reads the original file from then on), and no pause came.
  const input = await page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: {
              listRuns(): Promise<{ input: { name: string; mode: string; opfsPath?: string } }[]>;
            };
          };
        };
      }
    ).waymark;
    return (await w.engine.store.listRuns()).find((r) => r.input.name === 'full-behind.bin')?.input;
  });
  expect(input).toMatchObject({ mode: 'repick' });
  expect(input?.opfsPath).toBeUndefined();
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * MiB });
});

async function keepInputAs(page: Page, label: string) {
  await page.getByText('Settings', { exact: true }).click();
  await page.getByLabel('Keep input as').selectOption({ label });
}

// 12 MiB: the fold reads in its own thread; 24 MiB: a nested worker reads ahead of it.
for (const mib of [12, 24])
  test(`input changed on disk mid-run (${mib} MiB): the run pauses and says so; nothing is mixed`, async ({
    page,
    context,
  }) => {
    await setDebug(context, {
      throttleBytesPerSec: 4 * MiB,
      settings: { chunkSize: 512 * 1024, checkpointEveryMs: 300 },
    });
    await gotoApp(page);
    await keepInputAs(page, 'Ask again');
    const file = makeFile(tmp(), 'changing.log', mib * MiB, 6);
    await startRun(page, file, 'SHA-256');
    const run = runCard(page, 'changing.log');
    await expectState(run, 'Running');
    await waitForPercent(run, 15);
    appendFileSync(file, 'one more line\n');
    await expectState(run, 'Paused');
    await expect(run.getByRole('status').first()).toContainText(
      /The file changed since this run started/,
    );
    await expect(run.getByRole('button', { name: 'Download result' })).toHaveCount(0);
  });

test('re-pick after a reload: the wrong file is refused, the right one accepted', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    throttleBytesPerSec: 6 * MiB,
    settings: { chunkSize: 1 * MiB, checkpointEveryMs: 300 },
  });
  await gotoApp(page);
  await keepInputAs(page, 'Ask again');
  const dir = tmp();
  const file = makeFile(dir, 'pick.bin', 12 * MiB, 7);
  const wrong = makeFile(tmp(), 'pick.bin', 12 * MiB, 8);
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'pick.bin');
  await expectState(run, 'Running');
  await waitForPercent(run, 20);
  await page.reload();
  await expectState(run, 'Interrupted');
  await expect(run.getByText(/Choose the same file again/).first()).toBeVisible();
  await run.getByLabel('Choose the same file again').setInputFiles(wrong);
  await expect(page.getByRole('alert').first()).toContainText(/not the same file/);
  await expectState(run, 'Interrupted');
  await run.getByLabel('Choose the same file again').setInputFiles(file);
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
});

test('the owner tab closes with a second tab open: the second takes the run over within 2 s', async ({
  context,
}) => {
  await setDebug(context, {
    throttleBytesPerSec: 6 * MiB,
    settings: { chunkSize: 1 * MiB, checkpointEveryMs: 300 },
  });
  const owner = await context.newPage();
  await gotoApp(owner);
  const file = makeFile(tmp(), 'handover.bin', 16 * MiB, 9);
  await startRun(owner, file, 'SHA-256');
  await expectState(runCard(owner, 'handover.bin'), 'Running');
  const other = await context.newPage();
  await gotoApp(other);
  const mirror = runCard(other, 'handover.bin');
  await expect(mirror.getByText('Running in another tab')).toBeVisible();
  await waitForPercent(mirror, 20);
  const closedAt = Date.now();
  await owner.close();
  await expect(mirror.getByText('Running in another tab')).toHaveCount(0, { timeout: 2000 });
  const progressAtTakeover = await percent(mirror);
  expect(Date.now() - closedAt).toBeLessThan(2500);
  await expectState(mirror, 'Completed');
  expect(progressAtTakeover).toBeGreaterThan(15);
  expect((await downloadResult(other, mirror)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
});

test('a second tab can pause and cancel a run the first tab owns', async ({ context }) => {
  // Slow enough that the copier is mid-block when Paused shows: the owner's Resume, pressed
  // at once, must wait for the execution to let go rather than be dropped (it was, 3 of 3).
  await setDebug(context, { throttleBytesPerSec: 2 * MiB, settings: { chunkSize: 1 * MiB } });
  const owner = await context.newPage();
  await gotoApp(owner);
  await startRun(owner, makeFile(tmp(), 'remote.bin', 24 * MiB, 10), 'SHA-256');
  await expectState(runCard(owner, 'remote.bin'), 'Running');
  const other = await context.newPage();
  await gotoApp(other);
  const mirror = runCard(other, 'remote.bin');
  await expect(mirror.getByText('Running in another tab')).toBeVisible();
  await mirror.getByRole('button', { name: 'Pause' }).click();
  await expectState(runCard(owner, 'remote.bin'), 'Paused');
  await expectState(mirror, 'Paused');
  await runCard(owner, 'remote.bin').getByRole('button', { name: 'Resume' }).click();
  await expectState(mirror, 'Running');
  await mirror.getByRole('button', { name: 'Cancel' }).click();
  await confirm(other, 'Cancel run');
  await expectState(runCard(owner, 'remote.bin'), 'Canceled');
});

test('a schema upgrade blocked by an older tab: the old tab lets go and asks its user to reload', async ({
  context,
}) => {
  const old = await context.newPage();
  await gotoApp(old);
  const newer = await context.newPage();
  await newer.goto('/bench/bench.html');
  const opened = await newer.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open('waymark', 99);
        req.onblocked = () => resolve('blocked');
        req.onsuccess = () => {
          req.result.close();
          resolve(`opened v${req.result.version}`);
        };
        req.onerror = () => resolve(`error ${req.error?.name}`);
      }),
  );
  expect(opened).toBe('opened v99');
  await expect(old.getByRole('alert').first()).toContainText(
    'Waymark was updated in another tab. Reload this tab',
  );
});

test('a run that crashes the page on every resume is not resumed a fourth time', async () => {
  const profile = tmp();
  // A browser restart loses a picked file whose copy is still being made (the service worker
  // that keeps it dies with the browser: keeper.spec.ts tests that the run then asks only for
  // the rest). Here the copy is made first, so what is tested is the resume from checkpoints.
  const debug = {
    copy: 'first' as const,
    throttleBytesPerSec: 2 * MiB,
    settings: { chunkSize: 256 * 1024, checkpointEveryMs: 60_000 },
  };
  let context = await launchProfile(profile);
  await setDebug(context, debug);
  let page = context.pages()[0] ?? (await context.newPage());
  await gotoApp(page);
  await startRun(page, makeFile(tmp(), 'poison.bin', 8 * MiB, 11), 'SHA-256');
  await expectState(runCard(page, 'poison.bin'), 'Running');
  for (let crash = 0; crash < 4; crash++) {
    // The page dies for real while the run is running (as a poison input would make it), with
    // no checkpoint in between; then the user opens the app again.
    killBrowser(profile);
    await context.close().catch(() => undefined);
    context = await launchProfile(profile);
    await setDebug(context, debug);
    page = context.pages()[0] ?? (await context.newPage());
    await gotoApp(page);
    if (crash < 3) {
      await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
      await expectState(runCard(page, 'poison.bin'), 'Running');
    }
  }
  const run = runCard(page, 'poison.bin');
  await expectState(run, 'Interrupted');
  await expect(run.getByText(/stopped the page on each of its last 3 resumes/)).toBeVisible();
  await expect(page.getByText(/1 run needs your attention/)).toBeVisible();
  // The user may still try again by hand.
  await run.getByRole('button', { name: 'Resume' }).click();
  await expectState(run, 'Running');
  await context.close();
});

test('a regular expression too slow for the input fails the run as "pattern too slow", never a hung tab', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    deadlineFloorMs: 1500,
    settings: { chunkSize: 64 * 1024, workers: 1, backoffMs: 50 },
  });
  await gotoApp(page);
  const dir = tmp();
  const { writeFileSync } = await import('node:fs');
  const path = `${dir}/slow.txt`;
  // Catastrophic backtracking: (a+)+$ against a long run of "a" that ends in "b".
  writeFileSync(path, `${'a'.repeat(40)}b\n`.repeat(50));
  await startRun(page, path, 'Search', { pattern: '(a+)+$', regex: true });
  const run = runCard(page, 'slow.txt');
  await expectState(run, 'Failed', 60_000);
  await expect(run.getByRole('alert')).toContainText('The pattern is too slow for this input');
  // Never a hung tab: the one worker stuck in the pattern was replaced, so the next run (on
  // that same single-worker pool) completes, and equals wc.
  const next = `${dir}/after.txt`;
  writeFileSync(next, 'one two\nthree\n'.repeat(5000));
  await startRun(page, next, 'Count');
  const after = runCard(page, 'after.txt');
  await expectState(after, 'Completed');
  const counted = (await downloadResult(page, after)).result;
  const { bytes, lines, words, chars } = counted;
  expect({ bytes, lines, words, chars }).toEqual(wc(next));
});

test('recovery scans for unfinished runs at start-up and marks when it is done', async ({
  page,
  context,
}) => {
  // What holds at the very moment of the mark: the Web Locks held then (a query issued then
  // sees every lock granted before it).
  await context.addInitScript(() => {
    const mark = performance.mark.bind(performance);
    performance.mark = (name: string, options?: PerformanceMarkOptions) => {
      if (name === 'waymark:recovery-scanned')
        (globalThis as { heldAtMark?: Promise<string[]> }).heldAtMark = navigator.locks
          .query()
          .then((s) => (s.held ?? []).map((l) => l.name ?? ''));
      return mark(name, options);
    };
  });
  await setDebug(context, {
    throttleBytesPerSec: 2 * MiB,
    settings: { chunkSize: 256 * 1024, checkpointEveryMs: 300 },
  });
  await gotoApp(page);
  const { run } = await hashWith(page, 'scan.bin', 16 * MiB);
  await expectState(run, 'Running');
  await waitForPercent(run, 5);
  const runId = await page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: { engine: { store: { listRuns(): Promise<{ id: string }[]> } } };
      }
    ).waymark;
    return (await w.engine.store.listRuns())[0].id;
  });
  await reloadApp(page);
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  const seen = await page.evaluate(async () => {
    const marks = performance.getEntriesByName('waymark:recovery-scanned');
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      marks: marks.length,
      mark: marks[0]?.startTime,
      interactive: nav.domInteractive,
      held: await (globalThis as { heldAtMark?: Promise<string[]> }).heldAtMark,
    };
  });
  // One mark per start-up, set once the scan is done: by then it had found the unfinished run
  // and this page held the run's lock to resume it.
  expect(seen.marks).toBe(1);
  expect(seen.mark).toBeGreaterThanOrEqual(seen.interactive);
  expect(seen.held).toContain(`waymark-run:${runId}`);
  console.log(
    `recovery scan done ${Math.round(seen.mark - seen.interactive)} ms after the page became interactive`,
  );
  await expectState(run, 'Running');
});
