/**
 * Issue 14, "Runs": the list scales. Fifty completed runs keep a short page and few tab stops,
 * because Details open only on demand; "Show" filters the list by state.
 */
import { test, expect, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import {
  MiB,
  gotoApp,
  makeFile,
  openDetails,
  runCard,
  setDebug,
  sha256sum,
  startRun,
  tmp,
} from './helpers';

const RUNS = 50;

/** Starts `n` SHA-256 runs of tiny distinct files through the app layer (as Start does). */
async function startTinyRuns(page: Page, n: number): Promise<void> {
  await page.evaluate(async (n) => {
    const { app } = (
      globalThis as unknown as {
        waymark: { app: { start(f: File, task: string, p: object): Promise<void> } };
      }
    ).waymark;
    for (let i = 0; i < n; i++)
      await app.start(new File([`tiny file ${i}\n`], `tiny-${i}.txt`), 'sha256', {});
  }, n);
}

/** Elements the Tab key stops at: focusable, enabled, rendered, not taken out of the order. */
async function tabStops(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sel =
      'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';
    return [...document.querySelectorAll<HTMLElement>(sel)].filter(
      (e) =>
        e.tabIndex >= 0 &&
        !(e as HTMLButtonElement).disabled &&
        !(e instanceof HTMLInputElement && e.type === 'hidden') &&
        e.checkVisibility({ visibilityProperty: true }),
    ).length;
  });
}

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

test('50 runs keep the page short and the tab stops few; Show filters by state', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  // Slow enough that the last run can be paused; the tiny ones take no time at this pace.
  await setDebug(context, { throttleBytesPerSec: 4 * MiB });
  await page.setViewportSize({ width: 1280, height: 900 });
  await gotoApp(page);
  const empty = { height: await pageHeight(page), tabs: await tabStops(page) };
  await startTinyRuns(page, RUNS);
  const runs = page.getByRole('article');
  await expect(runs).toHaveCount(RUNS);
  await expect(page.locator('article[data-status="completed"]')).toHaveCount(RUNS, {
    timeout: 180_000,
  });

  // Each run stays short with its result on screen (the digest, "Copy result", "Expected hash",
  // "Download result", "Run again", "Delete" and "Details": about 310 px and 6 tab stops). With
  // every card's Details open, as before, the same 50 runs measured 24,884 px and 502 tab stops
  // (480 px and 10 per run), beyond both bounds.
  const height = await pageHeight(page);
  const tabs = await tabStops(page);
  test
    .info()
    .annotations.push({ type: 'measured', description: `${height} px, ${tabs} tab stops` });
  expect(height - empty.height).toBeLessThan(RUNS * 360);
  expect(tabs - empty.tabs).toBeLessThanOrEqual(RUNS * 7);
  // Not more than one run open by default (the last one started, if it was seen running).
  const open = page.getByRole('button', { name: 'Details', exact: true, expanded: true });
  expect(await open.count()).toBeLessThanOrEqual(1);

  // Newest first, and the results are right (sha256sum on the same bytes).
  const dir = tmp();
  await expect(runs.first()).toHaveAccessibleName(`tiny-${RUNS - 1}.txt`);
  await expect(runs.last()).toHaveAccessibleName('tiny-0.txt');
  for (const i of [0, RUNS - 1]) {
    const path = `${dir}/tiny-${i}.txt`;
    writeFileSync(path, `tiny file ${i}\n`);
    await expect(
      runCard(page, `tiny-${i}.txt`).getByRole('status', { name: 'Result' }),
    ).toContainText(sha256sum(path));
  }

  // Details open on demand, with the history; the user's choice stays.
  const some = runCard(page, 'tiny-7.txt');
  await openDetails(some);
  await expect(some.getByRole('table', { name: 'Checkpoint history' })).toBeVisible();
  const details = some.getByRole('button', { name: 'Details', exact: true });
  const panel = page.locator(`#${await details.getAttribute('aria-controls')}`);
  await expect(panel).toBeVisible();
  await details.click();
  await expect(details).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toBeHidden();

  // Show: a state keeps only its runs; All brings them back.
  const show = page.getByLabel('Show', { exact: true });
  const big = makeFile(dir, 'slow.bin', 32 * MiB, 3);
  await startRun(page, big, 'SHA-256');
  const slow = runCard(page, 'slow.bin');
  await slow.getByRole('button', { name: 'Pause' }).click();
  await expect(slow).toHaveAttribute('data-status', 'paused');
  await show.selectOption({ label: 'Paused' });
  await expect(runs).toHaveCount(1);
  await expect(runs.first()).toHaveAccessibleName('slow.bin');
  await show.selectOption({ label: 'Completed' });
  await expect(runs).toHaveCount(RUNS);
  await show.selectOption({ label: 'Failed' });
  await expect(runs).toHaveCount(0);
  await show.selectOption({ label: 'All' });
  await expect(runs).toHaveCount(RUNS + 1);
});
