import { describe, expect, it } from 'vitest';
import { taskMenu } from '../../../src/app/task-menu';
import { builtinWorkflows } from '../../../src/workflows';
import {
  NUMERIC_FIELDS,
  describeLimits,
  ownValuesText,
  parseField,
} from '../../../src/ui/settings-fields';

describe('settings fields', () => {
  const field = (key: string) => NUMERIC_FIELDS.find((f) => f.key === key)!;

  it('accepts fractional chunk sizes and rejects out-of-range values', () => {
    expect(parseField(field('chunkSizeMiB'), '0.25')).toBe(0.25);
    expect(parseField(field('chunkSizeMiB'), '0')).toBeUndefined();
    expect(parseField(field('chunkSizeMiB'), 'abc')).toBeUndefined();
  });

  it('wants whole numbers for counts', () => {
    expect(parseField(field('workers'), '4')).toBe(4);
    expect(parseField(field('workers'), '1.5')).toBeUndefined();
    expect(parseField(field('workers'), '0')).toBeUndefined();
    expect(parseField(field('searchLineCap'), '0')).toBe(0);
  });
});

describe("settings fields: each task's own", () => {
  const field = (key: string) => NUMERIC_FIELDS.find((f) => f.key === key)!;

  it("reads an emptied chunk size or interval as each task's own, other fields as invalid", () => {
    expect(parseField(field('chunkSizeMiB'), '  ')).toBeNull();
    expect(parseField(field('checkpointEveryMs'), '')).toBeNull();
    expect(parseField(field('workers'), '')).toBeUndefined();
    expect(parseField(field('searchLineCap'), '')).toBeUndefined();
    expect(describeLimits(field('chunkSizeMiB'))).toMatch(/empty for each task's own/);
  });

  it('names the tasks whose own value differs from the rest, from their definitions', () => {
    const tasks = taskMenu(builtinWorkflows, true);
    // The reference: the definitions themselves (CSV profile declares 8 MiB and 5 s).
    const odd = builtinWorkflows.filter((w) => w.chunkSize !== 4 * 1024 * 1024);
    expect(odd.map((w) => w.label)).toEqual(['CSV profile']);
    expect(ownValuesText('chunkSize', tasks)).toBe(
      "Each task's own: CSV profile 8 MiB, the others 4 MiB.",
    );
    expect(ownValuesText('checkpointEveryMs', tasks)).toBe(
      "Each task's own: CSV profile 5 s, the others 1 s.",
    );
    expect(ownValuesText('chunkSize', tasks.slice(0, 1))).toBe("Each task's own: 4 MiB.");
  });
});
