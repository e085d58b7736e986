/** The result views' numbers, against what `toLocaleString` itself gives for each value. */
import { describe, expect, it } from 'vitest';
import { formatCount, formatStat, formatValue } from '../../../src/ui/results/result-format';

describe('formatStat', () => {
  it('formats as toLocaleString does (whole numbers grouped, others to 6 digits)', () => {
    for (const x of [0, 7, -12, 1234, 9_876_543, 2 ** 40, 3.14159265, -0.5, 1234.56789, 0.001234])
      expect(formatStat(x)).toBe(
        Number.isInteger(x)
          ? x.toLocaleString('en-US')
          : x.toLocaleString('en-US', { maximumSignificantDigits: 6 }),
      );
  });

  it('says what a value that is no number is', () => {
    expect(formatStat(null)).toBe('—');
    expect(formatStat(Number.NaN)).toBe('—');
    expect(formatStat(Infinity)).toBe('∞');
    expect(formatStat(-Infinity)).toBe('−∞');
    expect(formatStat(1.5e-7)).toBe('1.5e-7');
    expect(formatValue('text')).toBe('text');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });
});
