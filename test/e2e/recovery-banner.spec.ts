/**
 * Issue 14, "Safe actions and feedback": after a real reload mid-run the recovery banner names
 * each run and what became of it: the run with a private copy "resumed from checkpoint N at
 * P %" (N and P as storage holds them: the last checkpoint written before the new page's
 * recovery scan), the run kept as "Ask again" "waiting for its file". The summary sentence of the
 * automation contract stays.
 */
import { test, expect } from '@playwright/test';
import {
  MiB,
  expectState,
  gotoApp,
  makeFile,
  runCard,
  setDebug,
  startRun,
  storedCheckpoints,
  tmp,
  waitForPercent,
  setKeepInputAs,
} from './helpers';

test('the banner after a reload says, per run, where it resumed or what it waits for', async ({
  page,
  context,
}) => {
  const dir = tmp();
  const size = 16 * MiB;
  const a = makeFile(dir, 'resumes.bin', size, 21);
  const b = makeFile(dir, 'asks.bin', 4 * MiB, 22);
  await setDebug(context, {
    throttleBytesPerSec: 2 * MiB,
    settings: { checkpointEveryMs: 400 },
  });
  await gotoApp(page);
  await startRun(page, a, 'SHA-256');
  const first = runCard(page, 'resumes.bin');
  await expectState(first, 'Running');

  // The second run keeps no copy ("Ask again"): after a reload it needs its file. It waits
  // behind the first (a tab runs one run at a time).
  await setKeepInputAs(page, 'Ask again');
  await startRun(page, b, 'Count');
  await waitForPercent(first, 20);

  await page.reload();
  const banner = page.getByRole('status').filter({ hasText: 'Resumed 1 unfinished run' });
  await expect(banner).toContainText('1 run needs your attention.');
  const lines = banner.getByRole('list', { name: 'Recovered runs' }).getByRole('listitem');
  await expect(lines).toHaveCount(2);

  // Where storage says it resumed: its last checkpoint before this page's recovery scan.
  const scanned = await page.evaluate(
    () =>
      performance.timeOrigin +
      performance.getEntriesByName('waymark:recovery-scanned')[0].startTime,
  );
  const before = (await storedCheckpoints(page, 'resumes.bin')).filter((c) => c.at <= scanned);
  const last = before.reduce((x, c) => (c.seq > x.seq ? c : x));
  expect(last.seq).toBeGreaterThan(0);
  const percent = Math.floor((100 * last.bytesDone) / size);
  await expect(lines.nth(0)).toHaveText(
    `resumes.bin (SHA-256): resumed from checkpoint ${last.seq} at ${percent} %`,
  );
  await expect(lines.nth(1)).toHaveText('asks.bin (Count): waiting for its file');
  await expect(runCard(page, 'asks.bin').getByLabel('Choose the same file again')).toBeAttached();

  // Dismiss clears it all.
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
});
