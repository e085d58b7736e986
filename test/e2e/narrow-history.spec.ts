/**
 * Issue 14, "Checkpoint history": at 360 px the rows' actions sit behind one toggle per row
 * ("Actions for checkpoint N") and no cell overlaps another; the table fits its box, so the Time
 * column is never scrolled away or covered. On the preview's mock app (a 12-checkpoint history).
 */
import { test, expect } from '@playwright/test';
import { gotoPreview } from './preview';

test.use({ viewport: { width: 360, height: 800 }, timezoneId: 'UTC', locale: 'en-US' });

test('at 360 px the history rows fit, nothing overlaps, and the actions are a menu', async ({
  page,
}) => {
  await gotoPreview(page);
  const run = page.locator('[data-run-id="r-running"]');
  const table = run.getByRole('table', { name: 'Checkpoint history' });
  // More than 10: the newest 10 (and the header) until "Show all" opens the rest.
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('12');
  await expect(table.getByRole('row').last().getByRole('cell').first()).toHaveText('3');
  const showAll = run.getByRole('button', { name: 'Show all 12 checkpoints' });
  await expect(showAll).toHaveAttribute('aria-expanded', 'false');
  await showAll.click();
  await expect(showAll).toHaveAttribute('aria-expanded', 'true');
  await expect(table.getByRole('row')).toHaveCount(13);

  const layout = await table.evaluate((t: HTMLTableElement) => {
    const box = t.parentElement!.getBoundingClientRect();
    const rows = [...t.rows].map((r) =>
      [...r.cells]
        .filter((c) => c.getClientRects().length > 0)
        .map((c) => c.getBoundingClientRect())
        .map((b) => ({ l: b.left, r: b.right, t: b.top, b: b.bottom })),
    );
    return { box: { l: box.left, r: box.right }, rows };
  });
  for (const cells of layout.rows) {
    for (let i = 0; i < cells.length; i++)
      for (let j = i + 1; j < cells.length; j++) {
        const [a, b] = [cells[i], cells[j]];
        // Borders may touch (shared edges); a 0.5 px tolerance for sub-pixel layout.
        const overlap =
          Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0.5 &&
          Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0.5;
        expect(overlap, `cells ${i} and ${j} of a row overlap`).toBe(false);
      }
    // Every cell inside the table's box: nothing scrolled out of view.
    for (const c of cells) {
      expect(c.l).toBeGreaterThanOrEqual(layout.box.l - 0.5);
      expect(c.r).toBeLessThanOrEqual(layout.box.r + 0.5);
    }
  }

  // The size stays on screen, under the row's progress (the mock's checkpoint 12: 5,120 B).
  // innerText: what is rendered, not the hidden Size column's text.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toContainText('Size 5 KiB', {
    useInnerText: true,
  });

  // The row's actions: hidden until its toggle opens them; Escape closes and returns focus.
  const restore = run.getByRole('button', { name: 'Restore checkpoint 12' });
  await expect(restore).toBeHidden();
  const toggle = run.getByRole('button', { name: 'Actions for checkpoint 12' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(restore).toBeVisible();
  await expect(run.getByRole('button', { name: 'Fork checkpoint 12' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(restore).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  // An action from the menu does what its button does: Restore asks first.
  await toggle.click();
  await restore.click();
  const dialog = page.getByRole('dialog', { name: 'Restore checkpoint 12?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(toggle).toBeFocused();
});
