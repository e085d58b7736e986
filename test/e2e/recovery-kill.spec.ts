/**
 * Issue 14, "the recovery banner after a reload names each run and what happened to it": after
 * a SIGKILL of the real browser while a picked file is still being copied, the relaunched page
 * cannot reach the file (the service worker's memory went with the browser). The run's line in
 * the banner must say what the run really needs, "waiting for its file", not "interrupted;
 * press Resume" (the line used to be made before the adopted run had found its file missing).
 */
import { expect, test } from '@playwright/test';
import {
  MiB,
  expectState,
  killAndRelaunch,
  makeFile,
  openProfile,
  runCard,
  startRun,
  storedRun,
  tmp,
} from './helpers';

const SIZE = 16 * MiB;
const DEBUG = {
  // The copy (1 MiB/s) far behind processing and far longer than a relaunch.
  throttleBytesPerSec: 2 * MiB,
  copyThrottleBytesPerSec: 1 * MiB,
  settings: { importBlockSize: 1 * MiB, checkpointEveryMs: 300, keepInputCopies: true },
};

test('after a browser kill mid-copy the banner line says the run waits for its file', async () => {
  test.setTimeout(180_000);
  const profile = tmp();
  const file = makeFile(tmp(), 'killed.bin', SIZE, 31);
  let { context, page } = await openProfile(profile, DEBUG);
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await startRun(page, file, 'SHA-256');
  await expect
    .poll(async () => (await storedRun(page, 'killed.bin'))?.input.imported ?? 0, {
      timeout: 60_000,
      intervals: [100, 200],
    })
    .toBeGreaterThanOrEqual(2 * MiB);
  ({ context, page } = await killAndRelaunch(profile, context, DEBUG));
  const run = runCard(page, 'killed.bin');
  await expectState(run, 'Interrupted');
  await expect(run.getByLabel('Choose the same file again')).toBeAttached();
  expect((await storedRun(page, 'killed.bin'))?.need).toBe('repick');

  const banner = page.getByRole('status').filter({ hasText: '1 run needs your attention.' });
  const lines = banner.getByRole('list', { name: 'Recovered runs' }).getByRole('listitem');
  await expect(lines).toHaveText(['killed.bin (SHA-256): waiting for its file']);
  await context.close();
});
