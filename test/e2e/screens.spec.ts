/**
 * Issue 14, "Quality": screenshot baselines of the main views, light and dark, 1280 and 360 px,
 * on the preview entry's mock app (fixed data, a fixed clock, UTC, animations off). The
 * baselines sit beside this file (screens.spec.ts-snapshots/). After a deliberate change to the
 * views, regenerate them with one command: `npm run screens:update`.
 */
import { test, expect, type Page } from '@playwright/test';
import { closeDetailsButFirst, gotoPreview, openSettings } from './preview';

const SHOT = { animations: 'disabled', caret: 'hide', scale: 'css' } as const;

/** Each completed run of the mock, one per result view, and its shot's name. */
const RESULTS = [
  ['ubuntu-24.04.iso', 'result-hash'],
  ['release.tar.xz', 'result-digests'],
  ['orders.csv', 'result-csv'],
  ['access.log', 'result-search'],
  ['backup.sql', 'result-gzip'],
  ['novel.txt', 'result-count'],
] as const;

/** Nothing focused or hovered, scrolled to the top: what a screenshot must not depend on. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement instanceof HTMLElement ? document.activeElement : null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
}

for (const colorScheme of ['light', 'dark'] as const)
  for (const width of [1280, 360] as const)
    test.describe(`${width} px, ${colorScheme}`, () => {
      test.use({
        colorScheme,
        viewport: { width, height: width > 400 ? 900 : 800 },
        timezoneId: 'UTC',
        locale: 'en-US',
      });
      const name = (view: string) => `${view}-${width}-${colorScheme}.png`;

      test('main views', async ({ page }) => {
        await gotoPreview(page, { empty: true });
        await settle(page);
        await expect(page).toHaveScreenshot(name('empty'), SHOT);

        await gotoPreview(page);
        // The running run keeps its Details open (as it would be while watched).
        await closeDetailsButFirst(page);
        await settle(page);
        await expect(page).toHaveScreenshot(name('overview'), SHOT);

        const running = page.locator('[data-run-id="r-running"]');
        await expect(running).toHaveScreenshot(name('running-details'), SHOT);
        for (const [run, shot] of RESULTS)
          await expect(page.getByRole('article', { name: run })).toHaveScreenshot(name(shot), SHOT);
        await expect(page.getByRole('region', { name: 'Storage' })).toHaveScreenshot(
          name('storage'),
          SHOT,
        );
        await expect(await openSettings(page)).toHaveScreenshot(name('settings'), SHOT);

        if (width === 360) {
          // Narrow: a checkpoint row's actions open below its toggle, over nothing. A scroll
          // closes the list, so the history is scrolled to first and the window shot as it is.
          const history = running.getByRole('table', { name: 'Checkpoint history' });
          await history.evaluate((t) => t.scrollIntoView({ block: 'center' }));
          await running.getByRole('button', { name: 'Actions for checkpoint 12' }).click();
          await expect(
            running.getByRole('button', { name: 'Restore checkpoint 12' }),
          ).toBeVisible();
          await page.mouse.move(0, 0);
          await expect(page).toHaveScreenshot(name('history-menu'), SHOT);
          await page.keyboard.press('Escape');
        }

        await page
          .getByRole('article', { name: 'dump.sql' })
          .getByRole('button', { name: 'Delete', exact: true })
          .click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await expect(page).toHaveScreenshot(name('dialog-delete'), SHOT);
      });
    });
