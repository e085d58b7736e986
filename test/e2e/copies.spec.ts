/**
 * Issue 12, copies shared and freed, and storage that tells the truth, in real Chromium: the
 * origin's private file system is listed through `page.evaluate` (not through Waymark), digests
 * are checked against `sha256sum`, and the storage figure against a fresh app's in the same test.
 */
import { test, expect, type Page } from '@playwright/test';
import {
  confirm,
  confirmDialog,
  copiesIn,
  MiB,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  openDetails,
  opfsFiles,
  runCard,
  setDebug,
  storedCheckpoints,
  storedRuns,
  sha256sum,
  startRun,
  tmp,
} from './helpers';

async function keepCopies(page: Page, on: boolean) {
  const box = page.getByLabel('Keep input copies after a run completes');
  if (!(await box.isVisible())) await page.getByText('Settings', { exact: true }).click();
  if (on) await box.check();
  else await box.uncheck();
}

test.beforeEach(async ({ context }) => {
  await setDebug(context, { settings: { workers: 1, chunkSize: 1 * MiB } });
});

test('a second run on the same file makes no second copy; a completed run frees its copy by default and keeps it with the setting', async ({
  page,
}) => {
  const dir = tmp();
  const a = makeFile(dir, 'same.bin', 6 * MiB, 21);
  const b = makeFile(dir, 'other.bin', 3 * MiB, 22);
  await gotoApp(page);

  // Default: the completed run's copy is freed.
  await startRun(page, b, 'SHA-256');
  await expectState(runCard(page, 'other.bin'), 'Completed');
  await expect.poll(async () => copiesIn(await opfsFiles(page))).toEqual([]);

  // With the setting on: kept; a second run on the same file copies nothing.
  await keepCopies(page, true);
  await startRun(page, a, 'SHA-256');
  await expectState(runCard(page, 'same.bin').first(), 'Completed');
  const first = copiesIn(await opfsFiles(page));
  expect(first.map(([, size]) => size)).toEqual([6 * MiB]);
  await startRun(page, a, 'SHA-256');
  await expect(runCard(page, 'same.bin')).toHaveCount(2);
  await expectState(runCard(page, 'same.bin').first(), 'Completed');
  expect(copiesIn(await opfsFiles(page))).toEqual(first);
  const doc = await downloadResult(page, runCard(page, 'same.bin').first());
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex: sha256sum(a) });
  // The storage view counts the shared copy once and marks it.
  const table = page.getByRole('table', { name: 'Storage by run' });
  await expect(table.getByRole('cell', { name: '6 MiB (shared)' })).toHaveCount(2);

  // "Free input copies" says what it frees, then frees it.
  await expect(page.getByText('Of completed runs. Frees about 6 MiB.')).toBeVisible();
  await page.getByRole('button', { name: 'Free input copies' }).click();
  await expect(confirmDialog(page)).toContainText('Frees about 6 MiB.');
  await confirm(page, 'Free input copies');
  await expect.poll(async () => copiesIn(await opfsFiles(page))).toEqual([]);
  await expect(table.getByRole('cell', { name: 'freed' })).toHaveCount(3);
});

test('"Run again" after the copy is freed asks for the file, refuses a different one and runs the right one', async ({
  page,
}) => {
  const dir = tmp();
  const a = makeFile(dir, 'again.bin', 5 * MiB, 31);
  // Same name and size, other bytes: only the fingerprint tells them apart.
  const wrongDir = tmp();
  const wrong = makeFile(wrongDir, 'again.bin', 5 * MiB, 32);
  await gotoApp(page);
  await startRun(page, a, 'SHA-256');
  const run = runCard(page, 'again.bin');
  await expectState(run, 'Completed');
  await expect.poll(async () => copiesIn(await opfsFiles(page))).toEqual([]);

  const pick = async (path: string) => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      run.first().getByRole('button', { name: 'Run again', exact: true }).click(),
    ]);
    await chooser.setFiles(path);
  };
  await pick(wrong);
  await expect(run.getByRole('alert')).toContainText('That is not the same file');
  await expect(run).toHaveCount(1);
  await pick(a);
  await expect(run).toHaveCount(2);
  await expectState(run.first(), 'Completed');
  const doc = await downloadResult(page, run.first());
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex: sha256sum(a) });
});

test('Restore and Fork of a freed copy’s final checkpoint need no file: no step is left to read it', async ({
  page,
}) => {
  const a = makeFile(tmp(), 'final.bin', 3 * MiB, 33);
  await gotoApp(page);
  await startRun(page, a, 'SHA-256');
  const run = runCard(page, 'final.bin');
  await expectState(run, 'Completed');
  await expect.poll(async () => copiesIn(await opfsFiles(page))).toEqual([]);
  const final = (await storedCheckpoints(page, 'final.bin')).find((c) => c.reason === 'final')!;
  expect(final, 'the final checkpoint').toBeTruthy();
  // A file chooser would mean the app asked for the file: none may open.
  let chooserOpened = false;
  page.on('filechooser', () => (chooserOpened = true));
  await openDetails(run);
  const table = run.getByRole('table', { name: 'Checkpoint history' });
  await table.getByRole('button', { name: `Restore checkpoint ${final.seq}`, exact: true }).click();
  await expect(confirmDialog(page)).not.toContainText('asked for the file');
  await confirm(page, `Restore checkpoint ${final.seq}`);
  await expect
    .poll(async () =>
      (await storedCheckpoints(page, 'final.bin')).some((c) => c.reason === 'restore'),
    )
    .toBe(true);
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: sha256sum(a),
  });
  await openDetails(run);
  await table.getByRole('button', { name: `Fork checkpoint ${final.seq}`, exact: true }).click();
  const runs = page.getByRole('article', { name: 'final.bin' });
  await expect(runs).toHaveCount(2);
  await expectState(runs.first(), 'Completed');
  expect((await downloadResult(page, runs.first())).result).toEqual({
    algorithm: 'SHA-256',
    hex: sha256sum(a),
  });
  expect(chooserOpened).toBe(false);
  expect(copiesIn(await opfsFiles(page))).toEqual([]);
});

test('Delete frees exactly the run’s own files', async ({ page }) => {
  const dir = tmp();
  const a = makeFile(dir, 'shared.bin', 4 * MiB, 41);
  const b = makeFile(dir, 'alone.bin', 2 * MiB, 42);
  await gotoApp(page);
  await keepCopies(page, true);
  await startRun(page, a, 'Gzip');
  await expectState(runCard(page, 'shared.bin').first(), 'Completed');
  await startRun(page, a, 'SHA-256');
  await expect(runCard(page, 'shared.bin')).toHaveCount(2);
  await expectState(runCard(page, 'shared.bin').first(), 'Completed');
  await startRun(page, b, 'SHA-256');
  await expectState(runCard(page, 'alone.bin'), 'Completed');

  const runs = await storedRuns(page);
  const gzip = runs.find((r) => r.workflowId === 'gzip')!;
  const before = await opfsFiles(page);
  const own = Object.keys(before).filter((p) => p.startsWith(`runs/${gzip.id}/`));
  expect(own.length).toBeGreaterThan(0);
  // Deleting the Gzip run frees its outputs only: its copy is the SHA-256 run's too.
  await runCard(page, 'shared.bin')
    .filter({ hasText: 'Gzip' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await confirm(page, 'Delete run');
  await expect(runCard(page, 'shared.bin')).toHaveCount(1);
  const expected = Object.fromEntries(Object.entries(before).filter(([p]) => !own.includes(p)));
  await expect.poll(() => opfsFiles(page)).toEqual(expected);
  // Deleting the other run on that file frees the copy, and nothing of the third run.
  const sharedCopy = copiesIn(before).find(([, size]) => size === 4 * MiB)![0];
  await runCard(page, 'shared.bin').getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Delete run');
  delete expected[sharedCopy];
  await expect.poll(() => opfsFiles(page)).toEqual(expected);
  expect(copiesIn(expected).map(([, size]) => size)).toEqual([2 * MiB]);
});

test('after every run is deleted, storage usage is back within 1 MiB of a fresh app’s', async ({
  page,
}) => {
  const dir = tmp();
  const a = makeFile(dir, 'usage.bin', 24 * MiB, 51);
  await gotoApp(page);
  // What a fresh app uses: its database, and the service worker's caches once installed.
  const usage = () =>
    page.evaluate(async () => {
      if (navigator.serviceWorker) await navigator.serviceWorker.ready;
      return (await navigator.storage.estimate()).usage ?? 0;
    });
  await page.waitForTimeout(1500);
  const fresh = await usage();

  await startRun(page, a, 'Gzip');
  await expectState(runCard(page, 'usage.bin'), 'Completed');
  await startRun(page, a, 'SHA-256');
  await expect(runCard(page, 'usage.bin')).toHaveCount(2);
  await expectState(runCard(page, 'usage.bin').first(), 'Completed');
  expect(await usage()).toBeGreaterThan(fresh + 8 * MiB);

  await expect(page.getByText(/^Frees about/).last()).toBeVisible();
  await page.getByRole('button', { name: 'Delete completed runs' }).click();
  await expect(confirmDialog(page)).toContainText(/Frees about/);
  await confirm(page, 'Delete completed runs');
  await expect(runCard(page, 'usage.bin')).toHaveCount(0);
  expect(await opfsFiles(page)).toEqual({});
  // IndexedDB gives deleted records' space back when it compacts: wait for it, not for a time.
  await expect
    .poll(usage, { timeout: 60_000, intervals: [500, 1000, 2000] })
    .toBeLessThanOrEqual(fresh + MiB);
});
