import { describe, expect, it } from 'vitest';
import { STATUS_LABEL, type RunStatus } from '../../../src/app/types';
import { filterRuns, showOptions, shownText } from '../../../src/ui/run-filter';

const CONTRACT = [
  'All',
  'Queued',
  'Importing',
  'Running',
  'Paused',
  'Interrupted',
  'Completed',
  'Failed',
  'Canceled',
  'Incompatible',
];

const sample: { id: number; status: RunStatus }[] = [
  { id: 1, status: 'completed' },
  { id: 2, status: 'running' },
  { id: 3, status: 'completed' },
  { id: 4, status: 'failed' },
  { id: 5, status: 'completed' },
];

describe('Show filter', () => {
  it('offers All and every state, labelled as the automation contract says', () => {
    expect(showOptions([]).map((o) => o.label)).toEqual(CONTRACT);
    expect(Object.keys(STATUS_LABEL)).toHaveLength(CONTRACT.length - 1);
  });

  it('counts the runs in each state (a naive count per state as the reference)', () => {
    const opts = showOptions(sample);
    for (const o of opts) {
      const want =
        o.value === 'all' ? sample.length : sample.filter((r) => r.status === o.value).length;
      expect(o.count, o.label).toBe(want);
    }
    expect(opts.find((o) => o.value === 'completed')?.count).toBe(3);
  });

  it('keeps only the chosen state, in the given order; All keeps every run', () => {
    expect(filterRuns(sample, 'completed').map((r) => r.id)).toEqual([1, 3, 5]);
    expect(filterRuns(sample, 'paused')).toEqual([]);
    expect(filterRuns(sample, 'all').map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('says how many are shown', () => {
    expect(shownText(5, 5, 'all')).toBe('5 runs');
    expect(shownText(1, 1, 'all')).toBe('1 run');
    expect(shownText(3, 5, 'completed')).toBe('3 of 5 runs');
  });
});
