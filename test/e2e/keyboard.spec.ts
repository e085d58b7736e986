/**
 * Issue 14, "Quality": keyboard only, from the empty app to a downloaded result. Tab and
 * Shift+Tab move, Enter and Space act, arrow keys pick the task; the file comes through the file
 * chooser that the focused "Choose file" opens. After every key the focused element shows its
 * focus: an outline or a box-shadow in its computed style (a visually hidden input's label
 * shows it for the input, as the drop zone's "Choose file" does).
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gotoApp, makeFile, runCard, tmp } from './helpers';

/** What shows the focus: the focused element, or the label of a visually hidden input. */
async function focusShown(page: Page): Promise<{ shown: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body)
      return { shown: false, what: 'the page body' };
    const hiddenInput = el instanceof HTMLInputElement && el.getBoundingClientRect().width <= 1;
    const target = hiddenInput ? (el.labels?.[0] ?? el) : el;
    const s = getComputedStyle(target);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none';
    const box = target.getBoundingClientRect();
    const what = `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}"`;
    return { shown: (outline || shadow) && box.width > 1 && box.height > 1, what };
  });
}

async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  const f = await focusShown(page);
  expect(f.shown, `focus is visible after ${key} on ${f.what}`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, at most `limit` times. */
async function tabTo(page: Page, target: Locator, back = false, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await press(page, back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

test('keyboard only: choose a file, pick a task, Start, Details, Download result', async ({
  page,
}) => {
  const path = makeFile(tmp(), 'keys.bin', 3 * 1024 * 1024, 14);
  await gotoApp(page);

  // The file: Space on the focused "Choose file" opens the chooser.
  const choose = page.getByLabel('Choose file');
  // Listened for before the tabbing: Playwright turns on file-chooser interception
  // asynchronously, and a Space pressed before that took effect opened no event (1 run in 5).
  const chooser = page.waitForEvent('filechooser');
  await tabTo(page, choose);
  await page.keyboard.press('Space');
  await (await chooser).setFiles(path);
  await expect(page.getByText('keys.bin')).toBeVisible();

  // The task: SHA-512, two down from SHA-256 in the Verify group, by arrow keys.
  const task = page.getByLabel('Task', { exact: true });
  await tabTo(page, task);
  await press(page, 'ArrowDown');
  await press(page, 'ArrowDown');
  await expect(task.locator('option:checked')).toHaveText('SHA-512');

  await tabTo(page, page.getByRole('button', { name: 'Start' }));
  await press(page, 'Enter');
  const run = runCard(page, 'keys.bin');
  // The state (the first "Completed" in the card; the event log, open while running, says it too).
  await expect(run.getByText('Completed', { exact: true }).first()).toBeVisible({
    timeout: 60_000,
  });
  // Start moved focus to the new run (never to the page body).
  const f = await focusShown(page);
  expect(f.shown, `focus after Start on ${f.what}`).toBe(true);

  const details = run.getByRole('button', { name: 'Details', exact: true });
  await tabTo(page, details);
  const wasOpen = (await details.getAttribute('aria-expanded')) === 'true';
  await press(page, 'Enter');
  await expect(details).toHaveAttribute('aria-expanded', wasOpen ? 'false' : 'true');
  if (wasOpen) await press(page, 'Enter');
  await expect(details).toHaveAttribute('aria-expanded', 'true');
  await expect(run.getByRole('table', { name: 'Checkpoint history' })).toBeVisible();

  // Download result comes before Details or after it in the run: look both ways.
  const download = run.getByRole('button', { name: 'Download result' });
  const after = await download.evaluate(
    (d, det) => !!(det!.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING),
    await details.elementHandle(),
  );
  await tabTo(page, download, !after);
  const file = page.waitForEvent('download');
  await press(page, 'Enter');
  const doc = JSON.parse(readFileSync(await (await file).path(), 'utf8'));
  const reference = execFileSync('sha512sum', [path]).toString().split(' ')[0];
  expect(doc.result).toEqual({ algorithm: 'SHA-512', hex: reference });
  expect(doc.input).toEqual({ name: 'keys.bin', size: 3 * 1024 * 1024 });

  // On through the open Details to the next run or the end: every stop shows its focus (a
  // hidden input in the tab order, like the history's file input once was, would not).
  await tabTo(page, details, after);
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    // Past the run (maybe out of the page, the last run being last): the walk is done.
    if (!(await run.evaluate((r) => r.contains(document.activeElement)))) break;
    const f = await focusShown(page);
    expect(f.shown, `focus is visible on ${f.what} inside the run`).toBe(true);
  }
});
