import { describe, expect, it } from 'vitest';
import { hllAddHash, hllEstimate, newHll } from '../../../src/workflows/csv/hyperloglog';
import { hashBytes, hashed } from '../../../src/workflows/csv/summary/hash64';
import { compareCodePoints } from '../../../src/workflows/csv/code-points';
import { rng } from '../helpers/drive';

const encoder = new TextEncoder();
/** Adds a value as the column summaries do: by the 64-bit hash of its UTF-8 bytes. */
function hllAdd(registers: Uint8Array, value: string): void {
  const bytes = encoder.encode(value);
  hashBytes(bytes, 0, bytes.length);
  hllAddHash(registers, hashed.h1, hashed.h2);
}

describe('HyperLogLog', () => {
  it('estimates distinct counts within 2% from ten thousand to a million', () => {
    const random = rng(5);
    for (const n of [10_001, 50_000, 200_000, 1_000_000]) {
      const h = newHll();
      const salt = Math.floor(random() * 1e9);
      for (let i = 0; i < n; i++) hllAdd(h, `v${salt}-${i}`);
      // Duplicates change nothing.
      for (let i = 0; i < 1000; i++) hllAdd(h, `v${salt}-${i}`);
      const error = Math.abs(hllEstimate(h) - n) / n;
      expect(error, `n = ${n}`).toBeLessThan(0.02);
    }
  });

  it('is exact-ish when small and survives structured cloning', () => {
    const h = newHll();
    for (const v of ['a', 'b', 'c', 'a']) hllAdd(h, v);
    expect(Math.round(hllEstimate(structuredClone(h)))).toBe(3);
    expect(hllEstimate(newHll())).toBe(0);
  });
});

describe('code point order', () => {
  it('sorts astral characters after the rest of the BMP, like Python', () => {
    const values = ['\u{1f600}', '\uffff', 'a', '\ue000', 'ab', ''];
    expect([...values].sort(compareCodePoints)).toEqual([
      '',
      'a',
      'ab',
      '\ue000',
      '\uffff',
      '\u{1f600}',
    ]);
  });
});
