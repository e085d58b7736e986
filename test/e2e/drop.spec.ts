/**
 * Issue 14, "Start": the whole window is a drop target while a file is dragged over it, with a
 * visible overlay; a file dropped on the page's body (far from the drop zone) is chosen and runs.
 * Synthetic drag events carrying a real DataTransfer with a File, as a browser dispatches them.
 */
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadResult, expectState, gotoApp, runCard, sha256sum, tmp } from './helpers';

const TEXT = 'dropped on the page, not on the zone\n'.repeat(1000);

test('a file dropped anywhere on the page is chosen, with an overlay while dragged', async ({
  page,
}) => {
  await gotoApp(page);
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    return d;
  }, TEXT);
  const overlay = page.getByText('Drop the file to choose it');
  await expect(overlay).toBeHidden();

  // On the header, well outside the drop zone.
  const heading = page.getByRole('heading', { name: 'Waymark', level: 1 });
  await heading.dispatchEvent('dragenter', { dataTransfer: dt });
  await heading.dispatchEvent('dragover', { dataTransfer: dt });
  await expect(overlay).toBeVisible();
  // Leaving the window hides it again.
  await heading.dispatchEvent('dragleave', { dataTransfer: dt });
  await expect(overlay).toBeHidden();

  await page.locator('body').dispatchEvent('dragenter', { dataTransfer: dt });
  await expect(overlay).toBeVisible();
  await page.locator('body').dispatchEvent('drop', { dataTransfer: dt });
  await expect(overlay).toBeHidden();

  await expect(page.getByText('dropped.txt')).toBeVisible();
  await page.getByRole('button', { name: 'Start' }).click();
  const run = runCard(page, 'dropped.txt');
  await expectState(run, 'Completed');
  const doc = await downloadResult(page, run);
  const same = join(tmp(), 'dropped.txt');
  writeFileSync(same, TEXT);
  expect(doc.result).toEqual({ algorithm: 'SHA-256', hex: sha256sum(same) });
});
