/**
 * ColumnSummary against the naive reference on generated columns of every kind, in the exact
 * phase (at most 10,000 distinct values): every field equal, including quantiles, histograms
 * and top values; and the same after a save, a structured clone and a load.
 */
import { describe, expect, it } from 'vitest';
import { ColumnSummary } from '../../../../../src/workflows/csv/summary';
import { GENERATORS, bytesOf, generate, pack, summarize } from './support/columns';
import { expectExact, naive } from './support/naive';

describe('ColumnSummary in the exact phase equals the naive reference', () => {
  for (const kind of Object.keys(GENERATORS))
    it(kind, () => {
      for (const [n, seed] of [
        [1, 1],
        [37, 2],
        [4000, 3],
        [9999, 4],
      ]) {
        const col = generate(kind, n, seed * 31 + kind.length);
        const s = summarize(col);
        const ref = naive(col);
        if (ref.profile.distinct > 10_000) continue;
        expectExact(s.profile(kind), ref, `${kind} n=${n}`);
        const copy = ColumnSummary.load(structuredClone(s.save()));
        expect(copy.profile(kind), `${kind} n=${n} reloaded`).toEqual(s.profile(kind));
      }
    });

  it('an empty column and a column of empties', () => {
    for (const values of [[], ['', '', '']]) {
      const col = pack(values.map(bytesOf));
      expectExact(summarize(col).profile('e'), naive(col), JSON.stringify(values));
    }
  });

  it('numbers Number() reads differently from a naive digit loop', () => {
    const values = [
      '0.1',
      '0.30000000000000004',
      '123456789012345678901234567890',
      '9007199254740993',
      '1e308',
      '1e309',
      '-0',
      '.5',
      '5.',
      '+7',
      '00012',
      '1.7976931348623157e308',
      '4.9e-324',
      '0.000000000000000000000001',
      '123.4560000000000000000',
      '  12  ',
      '\t-3',
    ];
    const col = pack(values.map(bytesOf));
    const p = summarize(col).profile('n');
    const ref = naive(col);
    expectExact(p, ref, 'numbers');
  });

  it('values with invalid UTF-8 count as the text the decoder makes of them', () => {
    // Different invalid bytes that all decode to "a\uFFFD": one value, three times.
    const values = [
      Uint8Array.of(0x61, 0x80),
      Uint8Array.of(0x61, 0xff),
      Uint8Array.of(0x61, 0xc3),
      bytesOf('a'),
    ];
    const col = pack(values);
    const p = summarize(col).profile('i');
    expectExact(p, naive(col), 'invalid');
    expect(p.distinct).toBe(2);
    expect(p.invalidUtf8).toBe(3);
    expect(p.top[0]).toEqual({ value: 'a\uFFFD', count: 3 });
  });
});
