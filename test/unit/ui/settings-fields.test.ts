import { describe, expect, it } from 'vitest';
import { parseField, NUMERIC_FIELDS } from '../../../src/ui/settings-fields';

describe('settings fields', () => {
  const field = (key: string) => NUMERIC_FIELDS.find((f) => f.key === key)!;

  it('accepts fractional chunk sizes and rejects out-of-range values', () => {
    expect(parseField(field('chunkSizeMiB'), '0.25')).toBe(0.25);
    expect(parseField(field('chunkSizeMiB'), '0')).toBeUndefined();
    expect(parseField(field('chunkSizeMiB'), '')).toBeUndefined();
    expect(parseField(field('chunkSizeMiB'), 'abc')).toBeUndefined();
  });

  it('wants whole numbers for counts', () => {
    expect(parseField(field('workers'), '4')).toBe(4);
    expect(parseField(field('workers'), '1.5')).toBeUndefined();
    expect(parseField(field('workers'), '0')).toBeUndefined();
    expect(parseField(field('searchLineCap'), '0')).toBe(0);
  });
});
