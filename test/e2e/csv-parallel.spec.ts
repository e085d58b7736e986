/**
 * Issue 13 in the browser: the CSV profile of a generated messy CSV (quoted names with commas
 * and doubled quotes, empties, quoted CRLF notes) on 2 workers, reloaded mid-run, equals
 * Python's csv module's profile: no record lost or counted twice across chunks or the reload.
 */
import { expect, test } from '@playwright/test';
import { makeCsvFile } from '../../bench/csv-file.mjs';
import {
  committedChunks,
  MiB,
  downloadResult,
  expectState,
  gotoApp,
  openDetails,
  runCard,
  setDebug,
  startRun,
  tmp,
  waitForPercent,
} from './helpers';
import { pythonCsvProfile } from './task-fixtures';

interface Column {
  name: string;
  count: number;
  empty: number;
  type: string;
  min: unknown;
  max: unknown;
  distinct: number;
  distinctEstimated: boolean;
  top: { value: string; count: number }[];
  topEstimated: boolean;
}

test('the CSV profile on 2 workers survives a reload and equals Python csv', async ({
  page,
  context,
}) => {
  const file = (makeCsvFile as (d: string, n: string, s: number, o: object) => string)(
    tmp(),
    'messy.csv',
    12 * MiB,
    { columns: 10, seed: 5 },
  );
  await setDebug(context, {
    throttleBytesPerSec: 2 * MiB,
    settings: { workers: 2, chunkSize: 1 * MiB, checkpointEveryMs: 400 },
  });
  await gotoApp(page);
  await startRun(page, file, 'CSV profile');
  const run = runCard(page, 'messy.csv');
  await expectState(run, 'Running');
  await openDetails(run);
  await expect(run.getByRole('img', { name: /, 2 running/ })).toBeVisible();
  await waitForPercent(run, 30);
  const before = await committedChunks(page, 'messy.csv');
  expect(before.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  // A map step's finished chunks are committed one by one as they finish, so a reload costs only
  // the chunks in flight: every chunk committed before it is still committed, none is done again.
  // (Its page-hide save is no help here: a 1.3 MB partial goes through Chromium's Blob storage,
  // which an unloading page does not finish; docs/checkpointing.md, "The page-hide save".)
  const after = await committedChunks(page, 'messy.csv');
  expect(before.filter((i) => !after.includes(i))).toEqual([]);
  await expectState(run, 'Completed', 120_000);
  const doc = (await downloadResult(page, run)) as unknown as {
    result: { rows: number; raggedRows: number; delimiter: string; columns: Column[] };
  };
  const r = doc.result;
  const py = pythonCsvProfile(file, ',');
  expect({ rows: r.rows, raggedRows: r.raggedRows, delimiter: r.delimiter }).toEqual({
    rows: py.rows,
    raggedRows: py.raggedRows,
    delimiter: ',',
  });
  expect(r.columns.map((c) => c.name)).toEqual(py.columns.map((c) => c.name));
  r.columns.forEach((c, i) => {
    const p = py.columns[i];
    const numeric = c.type === 'integer' || c.type === 'decimal';
    expect({ count: c.count, empty: c.empty, min: c.min, max: c.max }, c.name).toEqual({
      count: p.count,
      empty: p.empty,
      min: numeric ? p.numMin : p.textMin,
      max: numeric ? p.numMax : p.textMax,
    });
    if (!c.distinctEstimated) expect(c.distinct, `${c.name} distinct`).toBe(p.distinct);
    if (!c.topEstimated)
      expect(
        c.top.map((t) => ({ value: t.value, count: t.count })),
        `${c.name} top`,
      ).toEqual(p.top);
  });
});
