/**
 * A chunk told (by the hint) that the prefix before it is past the exact table's cap in a
 * column starts that column in the sketch phase. Checked: it does (no exact table in its
 * summary of those columns), the exact fields are those of chunks that each fill a table first,
 * and the profile matches Python's csv module (exact fields exactly, the distinct estimate within
 * its bound, numbers' moments), with each estimated top value's true count within its bounds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvProfileResult } from '../../../src/workflows';
import { finishPartial } from '../../../src/workflows/csv/partial';
import { checkAgainstPython } from './support/csv-check';
import { walkChunks } from './support/csv-chunks';
import { csvFixture } from './support/csv-fixtures';
import { checkNumbersAgainstPython } from './support/csv-numbers';
import { pythonCsvProfile } from './support/reference';
import { KiB, tempDir } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const bytes = csvFixture({ seed: 13, rows: 30_000, lineEnding: '\r\n', uniqueColumn: true });
const path = tmp.write('sketch-hint.csv', bytes);

/** Chunks mapped in order from their exact start, hinted with or without the sketched columns. */
async function profile(size: number, tellSketched: boolean) {
  const { parts, prefix } = await walkChunks(bytes, size, (hint) =>
    hint && !tellSketched ? { ...hint, sketched: undefined } : hint,
  );
  return { result: finishPartial(prefix), parts };
}

function exactFields(r: CsvProfileResult): unknown {
  return r.columns.map((c) => ({
    count: c.count,
    empty: c.empty,
    type: c.type,
    typeShare: c.typeShare,
    min: c.min,
    max: c.max,
    minLength: c.minLength,
    maxLength: c.maxLength,
    meanLength: c.meanLength,
    invalidUtf8: c.invalidUtf8,
    distinct: c.distinctEstimated ? 'estimated' : c.distinct,
    histogram: c.histogram?.unit === 'number' ? 'numbers' : c.histogram,
  }));
}

describe('CSV chunks that start in the sketch phase', () => {
  it('take the sketches for the columns the prefix sketched; exact fields unchanged', async () => {
    const size = 256 * KiB;
    const told = await profile(size, true);
    const untold = await profile(size, false);
    // Some chunk was told, and its summaries of those columns hold no exact table.
    const hinted = told.parts.filter((p) => p.hint?.sketched?.includes(true));
    expect(hinted.length).toBeGreaterThan(1);
    for (const { hint, part } of hinted)
      hint?.sketched?.forEach((s, i) => {
        if (s) expect(part.columns[i].table, `column ${i}`).toBeNull();
      });
    expect(exactFields(told.result)).toEqual(exactFields(untold.result));
    checkAgainstPython(path, told.result);
    checkNumbersAgainstPython(path, told.result, 'told');
    const ref = pythonCsvProfile(path, told.result.delimiter, '"');
    told.result.columns.forEach((c, i) => {
      if (!c.topEstimated) return;
      for (const t of c.top) {
        const truth = ref.columns[i].top.find((x) => x.value === t.value)?.count;
        if (truth === undefined) continue;
        expect(t.countLow ?? 0, `${c.name} ${t.value} low`).toBeLessThanOrEqual(truth);
        expect(t.countHigh ?? 0, `${c.name} ${t.value} high`).toBeGreaterThanOrEqual(truth);
      }
    });
  });
});
