/**
 * A CSV profile compared with the Python csv-module reference (csv_reference.py): rows, ragged
 * rows and per-column count, empties, min/max, lengths, distinct and top values.
 */
import { expect } from 'vitest';
import type { CsvProfileResult } from '../../../../src/workflows';
import { pythonCsvProfile } from './reference';

export function checkAgainstPython(
  path: string,
  r: CsvProfileResult,
  quote = '"',
  label = path,
): void {
  const ref = pythonCsvProfile(path, r.delimiter, quote);
  expect(r.rows, `${label}: rows`).toBe(ref.rows);
  expect(r.raggedRows, `${label}: raggedRows`).toBe(ref.raggedRows);
  expect(
    r.columns.map((c) => c.name),
    `${label}: header`,
  ).toEqual(ref.columns.map((c) => c.name));
  r.columns.forEach((c, i) => {
    const p = ref.columns[i];
    const numeric = c.type === 'integer' || c.type === 'decimal';
    const col = `${label}: column ${c.name}`;
    expect(
      {
        count: c.count,
        empty: c.empty,
        min: c.min,
        max: c.max,
        minLength: c.minLength,
        maxLength: c.maxLength,
      },
      col,
    ).toEqual({
      count: p.count,
      empty: p.empty,
      min: numeric ? p.numMin : p.textMin,
      max: numeric ? p.numMax : p.textMax,
      minLength: p.minLength,
      maxLength: p.maxLength,
    });
    if (c.distinctEstimated) {
      expect(
        Math.abs(c.distinct - p.distinct) / p.distinct,
        `${col} distinct estimate`,
      ).toBeLessThan(0.02);
    } else {
      expect(c.distinct, `${col} distinct`).toBe(p.distinct);
      expect(c.top, `${col} top`).toEqual(p.top);
    }
  });
}
