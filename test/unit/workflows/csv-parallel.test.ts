/**
 * The parallel CSV profile on generated messy files (quoted names with delimiters and doubled
 * quotes, empties, quoted line breaks, CRLF, dates, decimals, booleans, ragged rows, blank
 * lines), against Python's csv module, for chunk sizes from 1 KiB to 8 MiB (every chunk guessing
 * its start, as one dispatched before the prefix reaches it does) and through the engine on 1, 2
 * and 3 workers: exact fields identical across all of them, moments within float rounding,
 * quantiles exact or within the stated rank error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvProfileResult } from '../../../src/workflows';
import { csvProfileWorkflow } from '../../../src/workflows';
import { driveWorkflow } from '../helpers/drive';
import { fileOf, newWorld, openTab, waitForRun } from '../helpers/engine-harness';
import { checkAgainstPython } from './support/csv-check';
import { csvFixture } from './support/csv-fixtures';
import { MOMENT_TOLERANCE, checkNumbersAgainstPython } from './support/csv-numbers';
import { KiB, MiB, tempDir } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Over 10,000 values in the numeric columns: their quantiles come from the sketch. */
const bytes = csvFixture({
  seed: 31,
  rows: 12_000,
  lineEnding: '\r\n',
  ragged: 0.01,
  blankLines: 0.01,
  uniqueColumn: true,
  boundaries: [4 * KiB, 8 * KiB, 64 * KiB, 128 * KiB, 192 * KiB, MiB - 2, MiB + 4 * KiB],
});
const path = tmp.write('messy.csv', bytes);

/**
 * The exact fields: the result without the moments (merged in another order they differ in the
 * last bits) and without what a sketch estimated (each checked against Python on its own).
 */
function exactPart(r: CsvProfileResult): unknown {
  return {
    ...r,
    columns: r.columns.map(({ mean: _m, stddev: _s, ...c }) => ({
      ...c,
      quantiles: c.quantilesRankError > 0 ? 'estimated' : c.quantiles,
      histogram: c.histogram?.estimated ? 'estimated' : c.histogram,
      distinct: c.distinctEstimated ? 'estimated' : c.distinct,
      top: c.topEstimated ? 'estimated' : c.top,
    })),
  };
}

function sameMoments(a: CsvProfileResult, b: CsvProfileResult, label: string): void {
  a.columns.forEach((c, i) => {
    for (const k of ['mean', 'stddev'] as const) {
      const x = c[k];
      const y = b.columns[i][k];
      if (x === null || y === null) expect(x, `${label} ${c.name} ${k}`).toBe(y);
      else
        expect(Math.abs(x - y), `${label} ${c.name} ${k}`).toBeLessThanOrEqual(
          MOMENT_TOLERANCE * Math.max(1, Math.abs(y)),
        );
    }
  });
}

describe('parallel CSV profile against Python csv', () => {
  let reference: CsvProfileResult | undefined;
  const check = (r: CsvProfileResult, label: string): void => {
    checkAgainstPython(path, r, '"', label);
    checkNumbersAgainstPython(path, r, label);
    expect(r.columns.find((c) => c.name === 'id')?.quantilesRankError).toBeGreaterThan(0);
    if (!reference) {
      reference = r;
      return;
    }
    expect(exactPart(r), label).toEqual(exactPart(reference));
    sameMoments(r, reference, label);
  };

  it.each([8 * MiB, MiB, 64 * KiB, 4 * KiB, KiB])(
    'chunks of %i bytes',
    async (chunkSize) => {
      const out = await driveWorkflow(csvProfileWorkflow, bytes, {}, { chunkSize, seed: 3 });
      check(out.result, `chunks of ${chunkSize}`);
    },
    600_000,
  );

  it.each([1, 2, 3])('through the engine on %i workers, 16 KiB chunks', async (workers) => {
    const world = newWorld([csvProfileWorkflow]);
    const tab = await openTab(world, { workers, settings: { chunkSize: 16 * KiB } });
    const id = await tab.engine.start('csv-profile', fileOf(bytes, 'messy.csv'), {});
    const run = await waitForRun(tab, id, (x) => x.status === 'completed' || x.status === 'failed');
    expect(run.status, run.message ?? '').toBe('completed');
    check(run.result as CsvProfileResult, `${workers} workers`);
    await tab.close();
  });
});
