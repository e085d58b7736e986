import { describe, expect, it } from 'vitest';
import { buildParams, taskKind, validateOptions } from '../../../src/ui/task-params';
import { parseField, NUMERIC_FIELDS } from '../../../src/ui/settings-fields';

const opts = { pattern: 'ERR', regex: true, ignoreCase: false, delimiter: ';' };

describe('task params', () => {
  it('recognises tasks by id or contract label', () => {
    expect(taskKind({ id: 'search', label: 'Search' })).toBe('search');
    expect(taskKind({ id: 'x1', label: 'Search' })).toBe('search');
    expect(taskKind({ id: 'csv-profile', label: 'CSV profile' })).toBe('csv');
    expect(taskKind({ id: 'sha256', label: 'SHA-256' })).toBe('plain');
    expect(taskKind(undefined)).toBe('plain');
  });

  it('builds the params app.start expects', () => {
    expect(buildParams('search', opts)).toEqual({ pattern: 'ERR', regex: true, ignoreCase: false });
    expect(buildParams('csv', opts)).toEqual({ delimiter: ';' });
    expect(buildParams('plain', opts)).toEqual({});
  });

  it('asks for a search pattern', () => {
    expect(validateOptions('search', { ...opts, pattern: '' })).toMatch(/pattern/);
    expect(validateOptions('search', opts)).toBeUndefined();
    expect(validateOptions('plain', { ...opts, pattern: '' })).toBeUndefined();
  });
});

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
