/**
 * Issue 14, "Safe actions": "Free input copies" and "Delete completed runs" ask first in the
 * confirmation dialog, saying how much they free; backing out changes nothing stored,
 * confirming does what the dialog said.
 */
import { test, expect } from '@playwright/test';
import {
  MiB,
  backOutTwice,
  confirm,
  confirmDialog,
  copiesIn,
  expectState,
  gotoApp,
  makeFile,
  opfsFiles,
  runCard,
  setDebug,
  startRun,
  storedRuns,
  tmp,
} from './helpers';

test('Free input copies and Delete completed runs ask first; backing out keeps everything', async ({
  page,
  context,
}) => {
  await setDebug(context, { settings: { keepInputCopies: true } });
  await gotoApp(page);
  await startRun(page, makeFile(tmp(), 'kept.bin', 3 * MiB, 41), 'SHA-256');
  const run = runCard(page, 'kept.bin');
  await expectState(run, 'Completed');
  await expect.poll(async () => copiesIn(await opfsFiles(page)).length).toBe(1);
  const stored = await opfsFiles(page);

  const free = page.getByRole('button', { name: 'Free input copies' });
  await free.click();
  const dialog = confirmDialog(page);
  await expect(dialog).toContainText('Frees about 3 MiB.');
  await page.keyboard.press('Escape');
  await backOutTwice(page, free, 'Free the input copies of 1 completed run?', 'Keep copies');
  expect(await opfsFiles(page)).toEqual(stored);

  await free.click();
  await confirm(page, 'Free input copies');
  await expect.poll(async () => copiesIn(await opfsFiles(page))).toEqual([]);
  await expect(run).toBeVisible();

  const del = page.getByRole('button', { name: 'Delete completed runs' });
  await del.click();
  await expect(dialog).toContainText(/Frees about/);
  await page.keyboard.press('Escape');
  await backOutTwice(page, del, 'Delete 1 completed run?', 'Keep runs');
  await expect(run).toBeVisible();
  expect((await storedRuns(page)).map((r) => r.status)).toEqual(['completed']);

  await del.click();
  await confirm(page, 'Delete completed runs');
  await expect(run).toHaveCount(0);
});
