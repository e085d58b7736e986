/**
 * Issue 12, "where the input would not fit the quota, say so before starting and offer to read
 * from the original file": a real quota for the origin (Chrome DevTools Protocol), the offer on
 * screen before any run exists, and the run it starts checked against `sha256sum` and `gzip`,
 * with the origin's private file system listed by the browser's own API (no copy made).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import {
  MiB,
  copiesIn,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  opfsFiles,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  tmp,
} from './helpers';

/**
 * A real quota for the origin: the browser itself fails writes beyond it. Chromium's
 * `navigator.storage.estimate()` does not report a quota set through the protocol (measured:
 * it still said 10 GiB while `Storage.getUsageAndQuota` said 6 MiB, override active), so the
 * page is given the same figure there, as a browser on a disk that small would report it; the
 * usage stays the browser's own.
 */
async function quota(page: Page, bytes: number, real = bytes): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(page.url()).origin,
    quotaSize: real,
  });
  await page.addInitScript((q) => {
    const real = StorageManager.prototype.estimate;
    StorageManager.prototype.estimate = async function (this: StorageManager) {
      return { ...(await real.call(this)), quota: q };
    };
  }, bytes);
  await gotoApp(page);
}

// The override is the browser's, not the test's context's: lift it for the tests that follow.
test.afterEach(async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
});

const offer = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'would not fit in the storage left' });

test('a file whose copy would not fit: the offer names the sizes; "Not now" starts nothing', async ({
  page,
}) => {
  await gotoApp(page);
  await quota(page, 6 * MiB);
  await startRun(page, makeFile(tmp(), 'big.bin', 12 * MiB, 31), 'SHA-256');
  await expect(offer(page)).toContainText(/A private copy of this file \(12 MiB\) would not fit/);
  await expect(page.getByRole('article')).toHaveCount(0);
  await page.getByRole('button', { name: 'Not now' }).click();
  await expect(offer(page)).toHaveCount(0);
  await expect(page.getByRole('article')).toHaveCount(0);
  expect(copiesIn(await opfsFiles(page))).toEqual([]);
});

test('"Read from the original file" runs without a copy: SHA-256 equals sha256sum, nothing copied', async ({
  page,
  context,
}) => {
  // Copies are kept after a run here, so that one made anyway would still be there to see.
  await setDebug(context, { settings: { keepInputCopies: true } });
  await gotoApp(page);
  // Writes are let through here: a copy, if one were made anyway, would stay and be seen.
  await quota(page, 6 * MiB, 1024 * MiB);
  const file = makeFile(tmp(), 'original.bin', 12 * MiB, 32);
  await startRun(page, file, 'SHA-256');
  await page.getByRole('button', { name: 'Read from the original file' }).click();
  const run = runCard(page, 'original.bin');
  await expectState(run, 'Completed');
  expect((await downloadResult(page, run)).result).toEqual({
    algorithm: 'SHA-256',
    hex: sha256sum(file),
  });
  expect(copiesIn(await opfsFiles(page))).toEqual([]);
});

test('Gzip where the output fits but a copy beside it would not: read from the original, the output gunzips to the file', async ({
  page,
  context,
}) => {
  await setDebug(context, { settings: { keepInputCopies: true } });
  await gotoApp(page);
  // Room for the output (estimated at the input's size), not for a copy of the input as well.
  await quota(page, 20 * MiB, 1024 * MiB);
  const file = makeFile(tmp(), 'squeeze.bin', 12 * MiB, 33);
  await startRun(page, file, 'Gzip');
  await expect(offer(page)).toBeVisible();
  await page.getByRole('button', { name: 'Read from the original file' }).click();
  const run = runCard(page, 'squeeze.bin');
  await expectState(run, 'Completed');
  expect(copiesIn(await opfsFiles(page))).toEqual([]);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    run.getByRole('button', { name: 'Download output' }).click(),
  ]);
  const gz = join(tmp(), 'squeeze.bin.gz');
  await download.saveAs(gz);
  const plain = execFileSync('gzip', ['-dc', gz], { maxBuffer: 64 * MiB });
  expect(plain.equals(readFileSync(file)), 'gzip -dc output | cmp - input').toBe(true);
});
