/**
 * Issue 13's settings: with default settings a CSV profile runs in the chunks its workflow
 * declares (8 MiB, not the 4 MiB every task used to get), and a chunk size typed into
 * Settings → "Chunk size (MiB)" wins, for every task, until the field is emptied again. The
 * reference for the chunk count is the file's size (as stat says) over the chunk size.
 */
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeCsvFile } from '../../bench/csv-file.mjs';
import {
  MiB,
  expectState,
  gotoApp,
  openDetails,
  openSettings,
  reloadApp,
  runCard,
  startRun,
  tmp,
} from './helpers';

/** The CSV workflow's own chunk size (src/workflows/csv/workflow.ts), as its README states. */
const CSV_OWN = 8 * MiB;

async function storedChunkSize(page: Page, name: string): Promise<number | undefined> {
  return page.evaluate(async (n) => {
    const w = (
      globalThis as unknown as {
        waymark: {
          engine: {
            store: { listRuns(): Promise<{ chunkSize: number; input: { name: string } }[]> };
          };
        };
      }
    ).waymark;
    return (await w.engine.store.listRuns()).find((r) => r.input.name === n)?.chunkSize;
  }, name);
}

/** Runs a CSV profile of `file` to completion; the chunk size it stored and its chunk count. */
async function profile(page: Page, file: string, name: string) {
  await startRun(page, file, 'CSV profile');
  const run = runCard(page, name);
  await expectState(run, 'Completed', 120_000);
  await openDetails(run);
  const counter = run.getByRole('group', { name: 'Counters' }).locator('div', {
    has: page.locator('dt', { hasText: /^Chunks$/ }),
  });
  return {
    chunkSize: await storedChunkSize(page, name),
    chunks: await counter.locator('dd').innerText(),
  };
}

test('a CSV profile with default settings uses its own chunk size; a typed one wins', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const dir = tmp();
  const file = (makeCsvFile as (d: string, n: string, s: number, o: object) => string)(
    dir,
    'own.csv',
    17 * MiB,
    { columns: 6, seed: 3 },
  );
  const size = statSync(file).size;
  const copy = (name: string) => {
    copyFileSync(file, join(dir, name));
    return join(dir, name);
  };
  const chunksOf = (chunk: number) => Math.ceil(size / chunk);
  // The sizes differ enough that the counts tell them apart (3 of 8 MiB against 5 of 4 MiB).
  expect(chunksOf(CSV_OWN)).not.toBe(chunksOf(4 * MiB));

  await gotoApp(page);
  await openSettings(page);
  const field = page.getByLabel('Chunk size (MiB)');
  await expect(field).toHaveValue('');
  await expect(field).toHaveAttribute('placeholder', "Each task's own");
  await expect(
    page.getByText("Each task's own: CSV profile 8 MiB, the others 4 MiB."),
  ).toBeVisible();

  const own = await profile(page, file, 'own.csv');
  expect(own.chunkSize).toBe(CSV_OWN);
  expect(own.chunks).toBe(`${chunksOf(CSV_OWN)} of ${chunksOf(CSV_OWN)} done`);

  // Typed in Settings: every task, this one included, uses 2 MiB, also after a reload.
  await field.fill('2');
  await expect(page.getByText(/Every task uses this/)).toBeVisible();
  await reloadApp(page);
  await openSettings(page);
  await expect(field).toHaveValue('2');
  const typed = await profile(page, copy('typed.csv'), 'typed.csv');
  expect(typed.chunkSize).toBe(2 * MiB);
  expect(typed.chunks).toBe(`${chunksOf(2 * MiB)} of ${chunksOf(2 * MiB)} done`);

  // Emptied: each task's own again (not the 2 MiB left behind, nor the old 4 MiB).
  await field.fill('');
  await expect(
    page.getByText("Each task's own: CSV profile 8 MiB, the others 4 MiB."),
  ).toBeVisible();
  const again = await profile(page, copy('again.csv'), 'again.csv');
  expect(again.chunkSize).toBe(CSV_OWN);
  expect(again.chunks).toBe(`${chunksOf(CSV_OWN)} of ${chunksOf(CSV_OWN)} done`);
});
