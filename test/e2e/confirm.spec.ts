/**
 * Issue 14, safe actions and feedback, in real Chromium: Restore, Delete and Cancel ask first in
 * a modal dialog; backing out (its button or Escape) changes nothing, as read from the engine's
 * own store and the origin's private file system (not through the views); confirming does what
 * the dialog said. Focus moves into the dialog and back, to the new run after Start and Fork,
 * and state changes are said in the page's polite live region.
 */
import { test, expect, type Page } from '@playwright/test';
import {
  MiB,
  confirm,
  confirmDialog,
  digest,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  opfsFiles,
  openDetails,
  showAllCheckpoints,
  percent,
  runCard,
  setDebug,
  startRun,
  storedCheckpoints,
  tmp,
  waitForPercent,
  backOutTwice,
  storedRuns,
} from './helpers';

const SLOW = {
  throttleBytesPerSec: 3 * MiB,
  settings: { chunkSize: 1 * MiB, checkpointEveryMs: 400 },
};

/** Everything backing out must leave as it was: stored runs, checkpoints, OPFS files. */
async function snapshot(page: Page, name: string) {
  return {
    runs: await storedRuns(page),
    checkpoints: (await storedCheckpoints(page, name)).map((c) => [c.seq, c.bytesDone, c.reason]),
    files: await opfsFiles(page),
  };
}

test('Cancel asks first: backing out keeps the run going, confirming cancels it for good', async ({
  page,
  context,
}) => {
  await setDebug(context, SLOW);
  await gotoApp(page);
  await startRun(page, makeFile(tmp(), 'cancel.bin', 24 * MiB, 21), 'SHA-256');
  const run = runCard(page, 'cancel.bin');
  // Start hands focus to the new run, not to the page body.
  await expect(run).toBeFocused();
  await expectState(run, 'Running');
  await waitForPercent(run, 5);
  const cancel = run.getByRole('button', { name: 'Cancel', exact: true });

  await cancel.click();
  const dialog = confirmDialog(page);
  await expect(dialog).toContainText('stops for good');
  await expect(dialog).toContainText('partial work is lost');
  await page.keyboard.press('Escape');
  await backOutTwice(page, cancel, 'Cancel cancel.bin?', 'Keep run');
  // Backing out left it running: still Running, in storage too, and still moving.
  const at = await percent(run);
  await expectState(run, 'Running');
  expect((await storedRuns(page)).map((r) => r.status)).toEqual(['running']);
  await waitForPercent(run, at + 3);

  await cancel.click();
  await confirm(page, 'Cancel run');
  await expectState(run, 'Canceled');
  expect((await storedRuns(page)).map((r) => r.status)).toEqual(['canceled']);
  await expect(run.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  // Cancel went away with the running state; focus is on Delete, in the same place.
  await expect(run.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
});

test('Delete asks first: backing out keeps every record and file, confirming frees them and focus moves on', async ({
  page,
}) => {
  await gotoApp(page);
  const dir = tmp();
  const a = makeFile(dir, 'keep.bin', 2 * MiB, 22);
  const b = makeFile(dir, 'delete.bin', 3 * MiB, 23);
  await startRun(page, a, 'SHA-256');
  await expectState(runCard(page, 'keep.bin'), 'Completed');
  await startRun(page, b, 'SHA-256');
  const run = runCard(page, 'delete.bin');
  await expectState(run, 'Completed');

  // A completed run lets its copy go a moment after it shows Completed: wait for that, so that
  // what follows compares a settled store.
  await expect
    .poll(async () => Object.keys(await opfsFiles(page)).filter((p) => p.startsWith('copies/')))
    .toEqual([]);
  const before = await snapshot(page, 'delete.bin');
  const del = run.getByRole('button', { name: 'Delete', exact: true });
  await del.click();
  const dialog = confirmDialog(page);
  await expect(dialog).toContainText('delete.bin is deleted');
  await expect(dialog).toContainText('its result');
  await expect(dialog).toContainText('cannot be undone');
  await page.keyboard.press('Escape');
  await backOutTwice(page, del, 'Delete delete.bin?', 'Keep run');
  expect(await snapshot(page, 'delete.bin')).toEqual(before);
  await expect(run).toHaveCount(1);
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(b),
  });

  const id = before.runs.find((r) => r.name === 'delete.bin')!.id;
  await del.click();
  await confirm(page, 'Delete run');
  await expect(run).toHaveCount(0);
  expect((await storedRuns(page)).map((r) => r.name)).toEqual(['keep.bin']);
  await expect
    .poll(async () => Object.keys(await opfsFiles(page)).filter((p) => p.includes(id)))
    .toEqual([]);
  // Focus went to the run that is left, then, with none left, to the New run form.
  const keep = runCard(page, 'keep.bin');
  await expect(keep).toBeFocused();
  await keep.getByRole('button', { name: 'Delete', exact: true }).click();
  await confirm(page, 'Delete run');
  await expect(keep).toHaveCount(0);
  await expect(page.getByLabel('Choose file')).toBeFocused();
});

test('Restore asks first: backing out keeps the history, confirming goes back to checkpoint N; Pause, Resume and Fork place focus', async ({
  page,
  context,
}) => {
  // Copied first: no copier still finishing its block after Pause changes the files compared.
  await setDebug(context, { ...SLOW, copy: 'first' });
  await gotoApp(page);
  const file = makeFile(tmp(), 'restore.bin', 16 * MiB, 24);
  await startRun(page, file, 'SHA-256');
  const run = runCard(page, 'restore.bin');
  await expectState(run, 'Running');
  await waitForPercent(run, 40);
  await run.getByRole('button', { name: 'Pause', exact: true }).click();
  await expectState(run, 'Paused');
  // Pause gives its place to Resume, and focus goes with it.
  await expect(run.getByRole('button', { name: 'Resume', exact: true })).toBeFocused();

  await openDetails(run);
  await showAllCheckpoints(run);
  const stored = await storedCheckpoints(page, 'restore.bin');
  const target = stored.find((c) => c.reason === 'interval' && c.bytesDone > 0)!;
  expect(target, 'an interval checkpoint with work in it').toBeTruthy();
  const table = run.getByRole('table', { name: 'Checkpoint history' });
  const restore = table.getByRole('button', {
    name: `Restore checkpoint ${target.seq}`,
    exact: true,
  });
  const before = await snapshot(page, 'restore.bin');
  const paused = await percent(run);

  await restore.click();
  const dialog = confirmDialog(page);
  await expect(dialog).toContainText(`goes back to checkpoint ${target.seq}`);
  await page.keyboard.press('Escape');
  await backOutTwice(page, restore, `Restore checkpoint ${target.seq}?`, 'Back');
  expect(await snapshot(page, 'restore.bin')).toEqual(before);
  await expectState(run, 'Paused');
  expect(await percent(run)).toBe(paused);

  await restore.click();
  await confirm(page, `Restore checkpoint ${target.seq}`);
  await expect
    .poll(async () => (await storedCheckpoints(page, 'restore.bin')).at(-1)?.reason)
    .toBe('restore');
  const after = await storedCheckpoints(page, 'restore.bin');
  expect(after.at(-1)!.bytesDone).toBe(target.bytesDone);
  // The later checkpoints stay in the history, as the dialog said.
  for (const c of stored) expect(after.some((x) => x.seq === c.seq)).toBe(true);
  await expectState(run, 'Running');
  // Resume's counterpart: Pause, then Resume puts focus back on Pause.
  await run.getByRole('button', { name: 'Pause', exact: true }).click();
  await expectState(run, 'Paused');
  await run.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(run.getByRole('button', { name: 'Pause', exact: true })).toBeFocused();
  await run.getByRole('button', { name: 'Pause', exact: true }).click();
  await expectState(run, 'Paused');

  // Fork: the new run is scrolled to and focused.
  await openDetails(run);
  await showAllCheckpoints(run);
  await table.getByRole('button', { name: `Fork checkpoint ${target.seq}`, exact: true }).click();
  const runs = page.getByRole('article', { name: 'restore.bin' });
  await expect(runs).toHaveCount(2);
  const fork = page.locator(`[data-run-id]:not([data-run-id="${before.runs[0]!.id}"])`);
  await expect(fork).toBeFocused();
  await expect(fork).toBeInViewport();
  await expectState(fork, 'Completed');
  expect((await downloadResult(page, fork)).result).toEqual({
    algorithm: 'SHA-256',
    hex: digest(file),
  });
});

test('the live region says when a run completes, pauses or fails', async ({ page, context }) => {
  await setDebug(context, {
    ...SLOW,
    faults: [{ kind: 'throw', chunk: 2, workflowId: 'count', times: 99 }],
  });
  await gotoApp(page);
  const region = page.locator('#announcements');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  const dir = tmp();
  await startRun(page, makeFile(dir, 'announce.bin', 4 * MiB, 25), 'SHA-256');
  await expect(region).toHaveText('announce.bin: Completed', { timeout: 60_000 });
  await startRun(page, makeFile(dir, 'pause-me.bin', 16 * MiB, 26), 'SHA-256');
  const run = runCard(page, 'pause-me.bin');
  await expectState(run, 'Running');
  await run.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(region).toHaveText(/pause-me\.bin: Paused/);
  await startRun(page, makeFile(dir, 'fails.txt', 4 * MiB, 27), 'Count');
  await expect(region).toHaveText(/fails\.txt: Failed/, { timeout: 60_000 });
});
