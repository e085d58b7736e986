/**
 * Search's "Load more": a result that hit its line cap (Settings → "Search line cap") runs
 * the same search again on the same input with a higher cap (double, at least 1,000 more), as
 * a new run, until every matching line is listed. The reference is `grep -n` on the file. With
 * the input copy freed (the default) it asks for the file first, as "Run again" does; with the
 * copy kept it reads the copy and asks for nothing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  downloadResult,
  expectState,
  gotoApp,
  openSettings,
  runCard,
  startRun,
  tmp,
} from './helpers';

/** 7,500 lines, 2,500 of them with "error": more than two caps of 1,000, fewer than three. */
function makeLog(): string {
  const file = join(tmp(), 'more.log');
  const lines = Array.from({ length: 7_500 }, (_, i) =>
    i % 3 === 1 ? `line ${i} error code ${(i * 37) % 1000}` : `line ${i} ok`,
  );
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** `grep -n error FILE` as [line, text] pairs. */
function grepN(file: string): [number, string][] {
  return execFileSync('grep', ['-n', 'error', file], { encoding: 'utf8' })
    .trimEnd()
    .split('\n')
    .map((l) => {
      const at = l.indexOf(':');
      return [Number(l.slice(0, at)), l.slice(at + 1)];
    });
}

async function listed(page: Page, run: Locator): Promise<[number, string][]> {
  const doc = await downloadResult(page, run);
  return (doc.result.lines as { line: number; text: string }[]).map((l) => [l.line, l.text]);
}

async function setLineCap(page: Page, value: string): Promise<void> {
  await openSettings(page);
  const cap = page.getByLabel('Search line cap');
  await cap.fill(value);
  await cap.press('Tab');
}

test('Load more lists the next lines as grep -n finds them, asking for the freed file', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const file = makeLog();
  const ref = grepN(file);
  expect(ref).toHaveLength(2_500);
  await gotoApp(page);
  await setLineCap(page, '1000');
  await startRun(page, file, 'Search', { pattern: 'error' });
  // Newest first: each Load more's run is the first card of that name.
  const newest = () => runCard(page, 'more.log').first();
  await expectState(newest(), 'Completed');
  await expect(newest().getByRole('table', { name: 'Matches' })).toHaveAttribute(
    'aria-rowcount',
    '1001',
  );
  expect(await listed(page, newest())).toEqual(ref.slice(0, 1000));

  for (const [cap, rows] of [
    [2000, 2000],
    [4000, 2500],
  ] as const) {
    await expect(newest().getByText(/^Searches again and lists up to/)).toHaveText(
      `Searches again and lists up to ${cap.toLocaleString('en-US')} lines; you choose the file again.`,
    );
    // The copy was freed on completion: Load more asks for the file.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      newest().getByRole('button', { name: 'Load more', exact: true }).click(),
    ]);
    const before = await runCard(page, 'more.log').count();
    await chooser.setFiles(file);
    await expect(runCard(page, 'more.log')).toHaveCount(before + 1);
    await expectState(newest(), 'Completed');
    await expect(newest()).toBeFocused();
    await expect(newest().getByText('2,500 matches on 2,500 lines', { exact: true })).toBeVisible();
    await expect(newest().getByRole('table', { name: 'Matches' })).toHaveAttribute(
      'aria-rowcount',
      String(rows + 1),
    );
    expect(await listed(page, newest())).toEqual(ref.slice(0, rows));
  }
  // Every line is listed: nothing more to load.
  await expect(newest().getByRole('button', { name: 'Load more', exact: true })).toHaveCount(0);
  await expect(newest().getByText(/are listed; the counts cover/)).toHaveCount(0);
});

test('Load more on a run whose copy is kept reads the copy and asks for nothing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const file = makeLog();
  const ref = grepN(file);
  await gotoApp(page);
  await setLineCap(page, '1500');
  await page.getByLabel('Keep input copies after a run completes').check();
  await startRun(page, file, 'Search', { pattern: 'error' });
  const newest = () => runCard(page, 'more.log').first();
  await expectState(newest(), 'Completed');
  expect(await listed(page, newest())).toEqual(ref.slice(0, 1500));
  let asked = false;
  page.on('filechooser', () => (asked = true));
  await newest().getByRole('button', { name: 'Load more', exact: true }).click();
  await expect(runCard(page, 'more.log')).toHaveCount(2);
  await expectState(newest(), 'Completed');
  expect(await listed(page, newest())).toEqual(ref);
  expect(asked).toBe(false);
});
