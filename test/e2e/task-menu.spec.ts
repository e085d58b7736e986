/**
 * The Task menu and the options form as workflows describe themselves: grouped by menu group,
 * the chosen task's description under it, its options rendered from its fields (Several
 * digests' algorithms checked against b3sum and Node's crypto), and the example workflow only
 * with "Developer tasks" on (a setting that survives a reload).
 */
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  MiB,
  digest,
  downloadResult,
  expectState,
  gotoApp,
  makeFile,
  runCard,
  tmp,
  reloadApp,
} from './helpers';

const taskSelect = (page: import('@playwright/test').Page) =>
  page.getByLabel('Task', { exact: true });

test('the Task menu is grouped, says what the chosen task does, and hides the example until "Developer tasks" is on', async ({
  page,
}) => {
  await gotoApp(page);
  const groups = await taskSelect(page)
    .locator('optgroup')
    .evaluateAll((gs) =>
      gs.map((g) => [
        (g as HTMLOptGroupElement).label,
        [...g.querySelectorAll('option')].map((o) => o.textContent),
      ]),
    );
  expect(groups).toEqual([
    [
      'Verify',
      ['SHA-256', 'SHA-1', 'SHA-512', 'MD5', 'BLAKE3', 'xxHash64', 'CRC32', 'Several digests'],
    ],
    ['Analyse', ['CSV profile', 'Count', 'Inspect']],
    ['Search', ['Search']],
    ['Convert', ['Gzip']],
  ]);
  await taskSelect(page).selectOption({ label: 'Count' });
  await expect(taskSelect(page)).toHaveAccessibleDescription(
    'Lines, words, characters and bytes, as wc counts them.',
  );
  // Options come from the task's own fields: Count has none, CSV profile its Delimiter.
  await expect(page.getByRole('group', { name: 'Count options' })).toHaveCount(0);
  await taskSelect(page).selectOption({ label: 'CSV profile' });
  await expect(page.getByLabel('Delimiter')).toHaveValue('auto');
  expect(await page.getByLabel('Delimiter').locator('option').allTextContents()).toEqual([
    'Auto',
    'Comma',
    'Tab',
    'Semicolon',
    'Pipe',
  ]);

  await page.getByText('Settings', { exact: true }).click();
  const developer = page.getByRole('checkbox', { name: 'Developer tasks' });
  await expect(developer).not.toBeChecked();
  await developer.check();
  await expect(
    taskSelect(page).locator('optgroup[label="Developer"] option', {
      hasText: 'Byte histogram (example)',
    }),
  ).toHaveCount(1);
  // Persisted with the other settings.
  await reloadApp(page);
  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Developer tasks' })).toBeChecked();
  await taskSelect(page).selectOption({ label: 'Byte histogram (example)' });
  await expect(page.getByLabel('Most frequent values')).toHaveValue('5');
  await page.getByRole('checkbox', { name: 'Developer tasks' }).uncheck();
  await expect(taskSelect(page).locator('option', { hasText: 'Byte histogram' })).toHaveCount(0);
});

test('Several digests computes the algorithms chosen in its options, and refuses none', async ({
  page,
}) => {
  const file = makeFile(tmp(), 'digests.bin', 3 * MiB + 17, 21);
  await gotoApp(page);
  await page.getByLabel('Choose file').setInputFiles(file);
  await taskSelect(page).selectOption({ label: 'Several digests' });
  const algorithms = page.getByRole('group', { name: 'Algorithms' });
  for (const a of ['SHA-256', 'MD5', 'SHA-1'])
    await expect(algorithms.getByRole('checkbox', { name: a, exact: true })).toBeChecked();
  for (const a of ['SHA-256', 'MD5', 'SHA-1'])
    await algorithms.getByRole('checkbox', { name: a, exact: true }).uncheck();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Choose at least one algorithm.' }),
  ).toBeVisible();
  await expect(runCard(page, 'digests.bin')).toHaveCount(0);

  await algorithms.getByRole('checkbox', { name: 'BLAKE3', exact: true }).check();
  await algorithms.getByRole('checkbox', { name: 'SHA-512', exact: true }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  const run = runCard(page, 'digests.bin');
  await expectState(run, 'Completed');
  const doc = await downloadResult(page, run);
  expect(doc.params).toMatchObject({ algorithms: ['BLAKE3', 'SHA-512'] });
  expect(doc.result).toEqual({
    digests: [
      { algorithm: 'BLAKE3', hex: execFileSync('b3sum', ['--no-names', file]).toString().trim() },
      { algorithm: 'SHA-512', hex: digest(file, 'sha512') },
    ],
  });
});
