/**
 * The Column profile's rows and sorting, against Python's `sorted` (texts compare by code point
 * there, as the profile orders them), with missing values last either way and ties in file order.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  SORT_KEYS,
  csvColumns,
  nextSort,
  sortColumns,
  topCount,
  type ColumnRow,
} from '../../../src/ui/results/csv-profile';

const result = {
  rows: 10,
  columns: [
    {
      name: 'b',
      type: 'integer',
      typeShare: 1,
      count: 10,
      empty: 0,
      nullShare: 0,
      distinct: 9,
      min: 1,
      max: 9,
      mean: 5,
      stddev: 2.5,
    },
    {
      name: 'Ä',
      type: 'string',
      typeShare: 1,
      count: 10,
      empty: 5,
      nullShare: 0.5,
      distinct: 3,
      min: 'x',
      max: 'z',
      mean: null,
      stddev: null,
    },
    {
      name: 'a',
      type: 'decimal',
      typeShare: 0.95,
      count: 8,
      empty: 1,
      nullShare: 0.125,
      distinct: 7,
      min: -2.5,
      max: 1e9,
      mean: 3.25,
      stddev: null,
    },
    {
      name: '😀',
      type: 'date',
      typeShare: 1,
      count: 10,
      empty: 10,
      nullShare: 1,
      distinct: 0,
      min: null,
      max: null,
      mean: null,
      stddev: null,
    },
    {
      name: 'B',
      type: 'string',
      typeShare: 1,
      count: 10,
      empty: 0,
      nullShare: 0,
      distinct: 9,
      min: 'Z',
      max: '😀',
      mean: null,
      stddev: null,
    },
    {
      name: '\uff3a',
      type: 'string',
      typeShare: 1,
      count: 10,
      empty: 0,
      nullShare: 0,
      distinct: 2,
      min: '\uff21',
      max: '\uff3a',
      mean: null,
      stddev: null,
    },
    {
      name: 'a',
      type: 'integer',
      typeShare: 1,
      count: 10,
      empty: 0,
      nullShare: 0,
      distinct: 9,
      min: 1,
      max: 9,
      mean: 5,
      stddev: 2.5,
    },
  ],
};

/** Python's order of the same rows: (missing, number-before-text, value, file position). */
function pythonOrder(rows: ColumnRow[], key: string, descending: boolean): number[] {
  const field = key === 'empty' ? 'emptyShare' : key;
  const items = rows.map((r) => [
    r.index,
    (r as unknown as Record<string, unknown>)[field] ?? null,
  ]);
  const script = `
import json, sys
items = json.load(sys.stdin)
desc = ${descending ? 'True' : 'False'}
present = [i for i in items if i[1] is not None]
missing = [i for i in items if i[1] is None]
def k(i):
    v = i[1]
    return (0, v, '') if isinstance(v, (int, float)) else (1, 0, v)
# Stable sorts: by file order first, then by value (reversed for descending keeps ties in order).
present.sort(key=lambda i: i[0])
present.sort(key=k, reverse=desc)
print(json.dumps([i[0] for i in present + missing]))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(items) });
  return JSON.parse(r.stdout.toString());
}

describe('Column profile rows', () => {
  const rows = csvColumns(result);

  it('has one row per column, in file order, reading the result as it is', () => {
    expect(rows.map((r) => r.name)).toEqual(result.columns.map((c) => c.name));
    expect(rows[2]).toMatchObject({ count: 8, empty: 1, emptyShare: 0.125, min: -2.5, max: 1e9 });
  });

  it.each(SORT_KEYS.map(([k]) => k))('sorts by %s as Python does, both ways', (key) => {
    for (const dir of ['ascending', 'descending'] as const) {
      const got = sortColumns(rows, key, dir).map((r) => r.index);
      expect(got, `${key} ${dir}`).toEqual(pythonOrder(rows, key, dir === 'descending'));
    }
  });

  it('cycles a header: ascending, descending, file order', () => {
    const a = nextSort(undefined, 'count');
    expect(a).toEqual({ key: 'count', dir: 'ascending' });
    const b = nextSort(a, 'count');
    expect(b).toEqual({ key: 'count', dir: 'descending' });
    expect(nextSort(b, 'count')).toBeUndefined();
    expect(nextSort(b, 'name')).toEqual({ key: 'name', dir: 'ascending' });
  });

  it('shows an estimated top value by its bounds, never as a count', () => {
    expect(topCount({ value: 'x', count: 15, countLow: 12, countHigh: 15 }, true)).toBe('12–15');
    expect(topCount({ value: 'x', count: 1234 }, false)).toBe('×1,234');
  });
});
