/**
 * A CSV profile's numbers checked against Python (csv_numbers.py): mean and sample standard
 * deviation, and quantiles exact while the profile says so, else within its stated rank error.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CsvProfileResult } from '../../../../src/workflows';

const here = dirname(fileURLToPath(import.meta.url));

interface PyNumbers {
  n: number;
  mean: number | null;
  stddev: number | null;
  quantiles: Record<string, number> | null;
  sorted: number[] | null;
}

/** Relative difference allowed between a merged mean or stddev and Python's. */
export const MOMENT_TOLERANCE = 1e-9;

export function pythonCsvNumbers(path: string, delimiter: string, quote = '"'): PyNumbers[] {
  const out = execFileSync(
    'python3',
    [join(here, 'csv_numbers.py'), path, delimiter === '\t' ? 'tab' : delimiter, quote],
    { maxBuffer: 1 << 30 },
  );
  return JSON.parse(out.toString()) as PyNumbers[];
}

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= MOMENT_TOLERANCE * Math.max(1, Math.abs(b));

export function checkNumbersAgainstPython(path: string, r: CsvProfileResult, label: string): void {
  const py = pythonCsvNumbers(path, r.delimiter);
  r.columns.forEach((c, i) => {
    if (c.type !== 'integer' && c.type !== 'decimal') return;
    const p = py[i];
    const col = `${label}: column ${c.name}`;
    expect(close(c.mean as number, p.mean as number), `${col} mean ${c.mean} vs ${p.mean}`).toBe(
      true,
    );
    if (p.stddev !== null)
      expect(close(c.stddev as number, p.stddev), `${col} stddev ${c.stddev} vs ${p.stddev}`).toBe(
        true,
      );
    if (!c.quantiles || !p.quantiles) {
      expect(c.quantiles, col).toEqual(p.quantiles);
      return;
    }
    if (c.quantilesRankError === 0) {
      expect(c.quantiles, `${col} exact quantiles`).toEqual(p.quantiles);
      return;
    }
    // A sketch: the value's rank among the numbers is within the stated error of the wanted one.
    const xs = p.sorted as number[];
    const n = xs.length;
    for (const [key, v] of Object.entries(c.quantiles)) {
      const want = Math.max(1, Math.ceil((Number(key.slice(1)) * n) / 100));
      const lo = lowerBound(xs, v) + 1;
      const hi = lowerBound(xs, nextUp(v));
      const slack = c.quantilesRankError * n;
      expect(
        want >= lo - slack && want <= hi + slack,
        `${col} ${key}=${v}: ranks ${lo}..${hi}, wanted ${want} ± ${slack}`,
      ).toBe(true);
    }
  });
}

/** Index of the first element ≥ x. */
function lowerBound(xs: number[], x: number): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m] < x) a = m + 1;
    else b = m;
  }
  return a;
}

function nextUp(x: number): number {
  return x + Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
}
