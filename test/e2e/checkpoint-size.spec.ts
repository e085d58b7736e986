/**
 * Issue 14, "Checkpoint history … size": each row of a real run's history says how big its
 * checkpoint is, and the figure is plausible against the stored record itself: within a factor
 * of 2 of the record's JSON length, read through `window.waymark.engine.store` (typed arrays
 * counted at their byte length, which JSON would spell out digit by digit).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import {
  MiB,
  expectState,
  gotoApp,
  openDetails,
  runCard,
  setDebug,
  showAllCheckpoints,
  startRun,
  tmp,
} from './helpers';

/** "1.2 KiB" → bytes (the rounding of the shown figure is well inside the factor of 2). */
function parseBytes(text: string): number {
  const m = /^([\d.,]+)\s*(B|KiB|MiB|GiB)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}"`);
  const unit = { B: 1, KiB: 1024, MiB: MiB, GiB: 1024 * MiB }[m[2] as 'B'];
  return Number(m[1].replace(/,/g, '')) * unit;
}

/** A CSV whose profile state grows with its distinct values. */
function csvFile(rows: number): string {
  const lines = ['id,city,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${i},city ${i % 977},${(i * 7919) % 100_003}.5`);
  const path = join(tmp(), 'sizes.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

test('the history shows each checkpoint’s size, near its stored record’s', async ({
  page,
  context,
}) => {
  await setDebug(context, {
    throttleBytesPerSec: 1 * MiB,
    settings: { workers: 1, chunkSize: 256 * 1024, checkpointEveryMs: 300 },
  });
  await gotoApp(page);
  await startRun(page, csvFile(80_000), 'CSV profile');
  const run = runCard(page, 'sizes.csv');
  await expectState(run, 'Completed');
  await openDetails(run);
  await showAllCheckpoints(run);
  const table = run.getByRole('table', { name: 'Checkpoint history' });
  await expect(table.getByRole('columnheader', { name: 'Size' })).toBeVisible();

  const stored = await page.evaluate(async () => {
    type Store = {
      listRuns(): Promise<{ id: string; input: { name: string } }[]>;
      listCheckpoints(id: string): Promise<{ seq: number }[]>;
    };
    const store = (globalThis as unknown as { waymark: { engine: { store: Store } } }).waymark
      .engine.store;
    const run = (await store.listRuns()).find((r) => r.input.name === 'sizes.csv')!;
    const typed = (_k: string, v: unknown) =>
      ArrayBuffer.isView(v) ? 'x'.repeat(v.byteLength) : v;
    return (await store.listCheckpoints(run.id)).map((c) => ({
      seq: c.seq,
      json: JSON.stringify(c, typed).length,
    }));
  });
  expect(stored.length).toBeGreaterThan(2);

  // The storage report is read at most once a second after the last checkpoint: wait for it.
  const column = await table
    .getByRole('columnheader')
    .evaluateAll((hs) => hs.findIndex((h) => h.textContent?.trim() === 'Size'));
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(column)).not.toHaveText('—');
  const shown = await table.getByRole('row').evaluateAll((rows, col) => {
    return rows.slice(1).map((r) => {
      const cells = (r as HTMLTableRowElement).cells;
      return { seq: Number(cells[0].textContent), size: cells[col].textContent ?? '' };
    });
  }, column);
  expect(shown.map((s) => s.seq).sort((a, b) => a - b)).toEqual(
    stored.map((s) => s.seq).sort((a, b) => a - b),
  );
  for (const { seq, size } of shown) {
    const json = stored.find((s) => s.seq === seq)!.json;
    const bytes = parseBytes(size);
    expect(bytes, `checkpoint ${seq}: shown ${size}, JSON ${json} characters`).toBeGreaterThan(
      json / 2,
    );
    expect(bytes, `checkpoint ${seq}: shown ${size}, JSON ${json} characters`).toBeLessThan(
      json * 2,
    );
  }
  // Not one figure for all: the profile's state grows as distinct values arrive.
  expect(new Set(shown.map((s) => s.size)).size).toBeGreaterThan(1);
});
