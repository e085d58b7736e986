/** The one byte formatter, against a table written by hand (binary units, one decimal at most). */
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/engine/format';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

const TABLE: [number | undefined | null, string][] = [
  [0, '0 B'],
  [1, '1 B'],
  [512, '512 B'],
  [1023, '1023 B'],
  [1024, '1 KiB'],
  [1075, '1 KiB'], // 1.0498 KiB
  [1076, '1.1 KiB'], // 1.0508 KiB
  [1536, '1.5 KiB'],
  [2048, '2 KiB'],
  [10 * KiB + 51, '10 KiB'], // 10.0498 KiB
  [102_349, '100 KiB'], // 99.95 KiB rounds up to a whole 100
  [153.4 * KiB, '153 KiB'],
  [MiB - 1, '1 MiB'], // 1023.999 KiB: the next unit, not "1024 KiB"
  [1.5 * MiB, '1.5 MiB'],
  [15.34 * MiB, '15.3 MiB'],
  [160 * MiB, '160 MiB'],
  [GiB - 10, '1 GiB'],
  [4 * GiB, '4 GiB'],
  [1024 * GiB, '1 TiB'],
  [2 ** 60, '1024 PiB'], // no unit above PiB
  [-1, '—'],
  [Number.NaN, '—'],
  [Number.POSITIVE_INFINITY, '—'],
  [undefined, '—'],
  [null, '—'],
];

describe('formatBytes', () => {
  it.each(TABLE)('%s → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
