/**
 * A stray quote in a CSV file, through the UI: the run stops with a message naming the row and
 * the byte where the quoted field began (never a growing state or an internal error), and the
 * same file with "Quote character" None profiles as Python's csv reads it with QUOTE_NONE.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { downloadResult, expectState, runCard, startRun, tmp } from './helpers';
import { pythonCsvProfile } from './task-fixtures';

/** 40 rows, a quote opened in the third field of data row 7 and never closed, 3 MiB more. */
function strayQuoteCsv(path: string): { quoteAt: number } {
  const head = ['id,name,note'];
  for (let i = 1; i <= 40; i++) head.push(i === 7 ? `${i},n${i},"oops` : `${i},n${i},fine ${i}`);
  const filler: string[] = [];
  for (let i = 0; filler.length * 40 < 3 * 1024 * 1024; i++)
    filler.push(`${1000 + i},x${i},a note without quotes ${i}`);
  const text = head.join('\n') + '\n' + filler.join('\n') + '\n';
  writeFileSync(path, text);
  // An independent count of where the stray quote sits: the first '"' in the file.
  return { quoteAt: Buffer.from(text).indexOf('"'.charCodeAt(0)) };
}

test('a stray quote stops the CSV profile at the field limit, naming row and byte; Quote character None reads it as Python does', async ({
  page,
}) => {
  const dir = tmp();
  const file = join(dir, 'stray.csv');
  const { quoteAt } = strayQuoteCsv(file);
  await page.goto('/');

  await startRun(page, file, 'CSV profile');
  const run = runCard(page, 'stray.csv');
  await expectState(run, 'Failed');
  await expect(run).toContainText(
    `The quoted field that begins at byte ${quoteAt} (row 7) runs on for more than 1,048,576 bytes without its closing quote.`,
  );
  await expect(run).toContainText('set "Quote character" to None');

  const same = join(dir, 'stray-none.csv');
  copyFileSync(file, same);
  await page.getByLabel('Choose file').setInputFiles(same);
  await page.getByLabel('Task', { exact: true }).selectOption({ label: 'CSV profile' });
  await page.getByLabel('Quote character').selectOption({ label: 'None' });
  await page.getByRole('button', { name: 'Start' }).click();
  const again = runCard(page, 'stray-none.csv');
  await expectState(again, 'Completed', 90_000);
  const doc = (await downloadResult(page, again)) as unknown as {
    params: unknown;
    result: { rows: number; raggedRows: number; columns: { name: string; count: number }[] };
  };
  expect(doc.params).toEqual({ delimiter: 'auto', quote: 'none' });
  const py = pythonCsvProfile(file, ',', 'none');
  expect(doc.result.rows).toBe(py.rows);
  expect(doc.result.raggedRows).toBe(py.raggedRows);
  expect(doc.result.columns.map((c) => [c.name, c.count])).toEqual(
    py.columns.map((c) => [c.name, c.count]),
  );
});
