/**
 * Issue 14, "Quality": axe (@axe-core/playwright) finds no serious or critical violation on any
 * view: the empty app; the mock app of the preview entry with every run's Details open (a
 * running run, one in each need, each task's result view, a column's detail, byte offsets), the
 * settings and storage panels and the recovery banner, in light and dark, at 1280 and 360 px;
 * each confirmation dialog open; and the real app with real runs (running with Details open,
 * each task's result completed) and its recovery banner after a reload.
 */
import { test, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
  MiB,
  expectState,
  gotoApp,
  makeFile,
  openDetails,
  runCard,
  setDebug,
  startRun,
  tmp,
} from './helpers';
import { csvFixture, textFixture } from './task-fixtures';
import { expectNoSeriousViolations, gotoPreview, openAllDetails, openSettings } from './preview';

/** Every confirmation the page has: the run that opens it and the button that asks. */
const DIALOGS: [string, (page: Page) => ReturnType<Page['getByRole']>][] = [
  [
    'Cancel',
    (p) =>
      p
        .getByRole('article', { name: 'photos-backup.tar' })
        .getByRole('button', { name: 'Cancel', exact: true }),
  ],
  [
    'Delete',
    (p) =>
      p
        .getByRole('article', { name: 'dump.sql' })
        .getByRole('button', { name: 'Delete', exact: true }),
  ],
  [
    'Restore',
    (p) =>
      p
        .getByRole('article', { name: 'dump.sql' })
        .getByRole('button', { name: 'Restore checkpoint 1' }),
  ],
  ['Delete completed runs', (p) => p.getByRole('button', { name: 'Delete completed runs' })],
  ['Free input copies', (p) => p.getByRole('button', { name: 'Free input copies' })],
];

for (const colorScheme of ['light', 'dark'] as const)
  test.describe(`preview, ${colorScheme}`, () => {
    test.use({ colorScheme, timezoneId: 'UTC', locale: 'en-US' });

    test('the empty app', async ({ page }) => {
      await gotoPreview(page, { empty: true });
      await expectNoSeriousViolations(page, 'the empty app');
    });

    test('every view with Details open, a column detail and byte offsets, at 1280 and 360 px', async ({
      page,
    }) => {
      await gotoPreview(page);
      await openAllDetails(page);
      await openSettings(page);
      const csv = page.getByRole('article', { name: 'orders.csv' });
      await csv
        .getByRole('table', { name: 'Column profile' })
        .getByRole('button', { name: 'city' })
        .click();
      await page
        .getByRole('article', { name: 'access.log' })
        .getByLabel('Show byte offsets')
        .check();
      await expectNoSeriousViolations(page, 'every view at 1280 px');
      await page.setViewportSize({ width: 360, height: 800 });
      // Narrow: the checkpoint rows' actions are behind a toggle; one is opened.
      await page.getByRole('button', { name: 'Actions for checkpoint 12' }).click();
      // The whole page once (light); in dark the narrow layout's new part, the opened row menu
      // (axe on the whole mock page takes 15-20 s on a loaded 2-core machine).
      await expectNoSeriousViolations(
        page,
        'every view at 360 px',
        colorScheme === 'light' ? undefined : '[data-run-id="r-running"] .history',
      );
    });

    test('each confirmation dialog', async ({ page }) => {
      await gotoPreview(page);
      await openAllDetails(page);
      for (const [what, opener] of DIALOGS) {
        await opener(page).click();
        await page.getByRole('dialog').waitFor();
        // The page behind is inert and checked above: the dialog itself is what is new here.
        await expectNoSeriousViolations(page, `the ${what} dialog`, 'dialog');
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
      }
    });
  });

test('the real app: empty, a running run with Details open beside each task completed, the recovery banner', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const dir = tmp();
  await gotoApp(page);
  await expectNoSeriousViolations(page, 'the empty real app');

  const text = textFixture(join(dir, 'words.txt'), 64 * 1024, 3);
  const csv = csvFixture(join(dir, 'table.csv'), 400, ',', 4);
  await startRun(page, text, 'SHA-256');
  await startRun(page, text, 'Count');
  await startRun(page, text, 'Search', { pattern: 'error', ignoreCase: true });
  await startRun(page, text, 'Gzip');
  await startRun(page, csv, 'CSV profile');
  await expectState(runCard(page, 'table.csv'), 'Completed');
  for (const r of await runCard(page, 'words.txt').all()) await expectState(r, 'Completed');
  await expectNoSeriousViolations(page, 'each task completed');

  // Slow enough to be seen running (and reloaded) for a while.
  await setDebug(context, { throttleBytesPerSec: 2 * MiB });
  await page.reload();
  await gotoApp(page);
  const big = makeFile(dir, 'slow.bin', 24 * MiB, 5);
  await startRun(page, big, 'SHA-256');
  const slow = runCard(page, 'slow.bin');
  await expectState(slow, 'Running');
  await openDetails(slow);
  await slow.getByRole('table', { name: 'Checkpoint history' }).getByRole('row').nth(1).waitFor();
  await expectNoSeriousViolations(page, 'a running run with Details open');

  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Resumed 1 unfinished run' }).waitFor();
  await expectNoSeriousViolations(page, 'the recovery banner');
});
