/**
 * A CSV profile compared with the Python csv-module reference (csv_reference.py): rows, ragged
 * rows and per-column count, empties, min/max, lengths, distinct and top values.
 */
import { expect } from 'vitest';
import type { CsvProfileResult } from '../../../../src/workflows';
import { KEPT_BYTES } from '../../../../src/workflows/csv/summary';
import { pythonCsvProfile } from './reference';

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

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
    // Text extremes longer than the kept bytes are reported by their start.
    const kept = (v: string | null, got: unknown): unknown =>
      !numeric && typeof v === 'string' && typeof got === 'string' && utf8Length(v) > KEPT_BYTES
        ? v.startsWith(got) && utf8Length(got) >= KEPT_BYTES - 3
          ? got
          : v
        : v;
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
      min: numeric ? p.numMin : kept(p.textMin, c.min),
      max: numeric ? p.numMax : kept(p.textMax, c.max),
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
      // A value longer than the kept bytes is shown by its start, flagged truncated.
      const top = c.top.map((t, k) =>
        t.truncated && p.top[k]?.value.startsWith(t.value)
          ? { value: p.top[k].value, count: t.count }
          : { value: t.value, count: t.count },
      );
      expect(top, `${col} top`).toEqual(p.top);
    }
  });
}
