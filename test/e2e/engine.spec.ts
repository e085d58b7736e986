/**
 * Issue 3 in the browser: the documented custom map workflow on two workers survives a reload;
 * restore-to-checkpoint and fork work on a real run.
 */
import { test, expect, type Page } from '@playwright/test';
import {
  confirm,
  MiB,
  byteCountsOf,
  byteHistogramOf,
  committedChunks,
  gotoApp,
  downloadResult,
  expectState,
  makeFile,
  openDetails,
  showAllCheckpoints,
  runCard,
  setDebug,
  startRun,
  storedCheckpoints,
  storedOutput,
  tmp,
  waitForPercent,
} from './helpers';

async function workersUsed(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { waymark: { engine: { settings: { workers: number } } } }).waymark
        .engine.settings.workers,
  );
}

test('the documented custom map workflow runs on 2 workers, survives a reload and completes correctly', async ({
  page,
  context,
}) => {
  const file = makeFile(tmp(), 'custom.bin', 24 * MiB, 8);
  await setDebug(context, {
    throttleBytesPerSec: 3 * MiB,
    // The example workflow is in the Task menu only with "Developer tasks" on.
    settings: { workers: 2, chunkSize: 1 * MiB, checkpointEveryMs: 400, developerTasks: true },
  });
  await gotoApp(page);
  expect(await workersUsed(page)).toBe(2);
  await startRun(page, file, 'Byte histogram (example)');
  const run = runCard(page, 'custom.bin');
  await expectState(run, 'Running');
  await openDetails(run);
  // A chunk shows as running once a worker has taken it: two at once means two workers busy.
  await expect(run.getByRole('img', { name: /, 2 running/ })).toBeVisible();
  await waitForPercent(run, 30);
  const before = await committedChunks(page, 'custom.bin');
  expect(before.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  // A map step commits each chunk as it finishes, so a reload costs only the chunks in flight:
  // every chunk committed before it is still committed after it (its page-hide save is best
  // effort on top: docs/checkpointing.md, "The page-hide save").
  const after = await committedChunks(page, 'custom.bin');
  expect(before.filter((i) => !after.includes(i))).toEqual([]);
  await expectState(run, 'Completed');
  const doc = await downloadResult(page, run);
  expect(doc.task).toBe('Byte histogram (example)');
  expect(doc.result).toEqual(byteHistogramOf(file));
  // All 256 counts, not only the summary: no chunk lost or counted twice across the reload.
  expect(JSON.parse(await storedOutput(page, 'custom.bin', 'histogram.json'))).toEqual(
    byteCountsOf(file),
  );
});

test('restore to a checkpoint rewinds the run and it completes with the same result; fork starts a new run from one', async ({
  page,
  context,
}) => {
  const file = makeFile(tmp(), 'history.bin', 16 * MiB, 9);
  await setDebug(context, {
    throttleBytesPerSec: 8 * MiB,
    settings: { workers: 1, chunkSize: 1 * MiB, checkpointEveryMs: 300 },
  });
  await page.goto('/');
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'history.bin');
  await expectState(run, 'Running');
  await waitForPercent(run, 60);
  await run.getByRole('button', { name: 'Pause' }).click();
  await expectState(run, 'Paused');
  await openDetails(run);
  await showAllCheckpoints(run);
  const table = run.getByRole('table', { name: 'Checkpoint history' });
  const before = await storedCheckpoints(page, 'history.bin');
  const target = before.find(
    (c) => c.bytesDone > 0 && c.bytesDone < 8 * MiB && c.reason === 'interval',
  )!;
  expect(target).toBeTruthy();
  await table.getByRole('button', { name: `Pin checkpoint ${target.seq}`, exact: true }).click();
  await expect(
    table.getByRole('button', { name: `Unpin checkpoint ${target.seq}`, exact: true }),
  ).toBeVisible();

  await table
    .getByRole('button', { name: `Restore checkpoint ${target.seq}`, exact: true })
    .click();
  await confirm(page, `Restore checkpoint ${target.seq}`);
  await expectState(run, 'Completed');
  const after = await storedCheckpoints(page, 'history.bin');
  const restored = after.find((c) => c.reason === 'restore')!;
  expect(restored.bytesDone).toBe(target.bytesDone);
  expect(after.find((c) => c.seq === target.seq)).toBeTruthy();
  const expected = { algorithm: 'SHA-256', hex: (await import('./helpers')).digest(file) };
  expect((await downloadResult(page, run)).result).toEqual(expected);

  // Fork from the pinned checkpoint: a second run of the same input, starting there. The
  // completed run freed its input copy (the default), so Fork asks for the file first.
  await openDetails(run);
  await showAllCheckpoints(run);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    table.getByRole('button', { name: `Fork checkpoint ${target.seq}`, exact: true }).click(),
  ]);
  await chooser.setFiles(file);
  const runs = page.getByRole('article', { name: 'history.bin' });
  await expect(runs).toHaveCount(2);
  const fork = runs.first();
  // Told apart from its source in the row: which run and which checkpoint it comes from.
  await expect(
    fork.getByText(
      new RegExp(`^fork of history\\.bin \\(started .+\\), from checkpoint ${target.seq}$`),
    ),
  ).toBeVisible();
  await expect(runs.nth(1).getByText(/^fork of/)).toHaveCount(0);
  await expectState(fork, 'Completed');
  expect((await downloadResult(page, fork)).result).toEqual(expected);
  const forkHistory = await page.evaluate(async () => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: { listRuns(): Promise<{ id: string; parent?: unknown; createdAt: number }[]> };
            checkpoints: {
              list(id: string): Promise<{ reason: string; parent?: { seq: number } }[]>;
            };
          };
        };
      }
    ).waymark;
    const newest = (await w.engine.store.listRuns()).sort((a, b) => b.createdAt - a.createdAt)[0];
    return { parent: newest.parent, first: (await w.engine.checkpoints.list(newest.id))[0] };
  });
  expect(forkHistory.first).toMatchObject({ reason: 'fork', parent: { seq: target.seq } });
});
