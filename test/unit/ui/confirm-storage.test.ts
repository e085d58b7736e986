import { describe, expect, it } from 'vitest';
import type { RunStorageView, StorageReportView } from '../../../src/app/types';
import { deleteCompletedSpec, freeCopiesSpec } from '../../../src/ui/confirm-storage';

const MiB = 1024 * 1024;
const row = (over: Partial<RunStorageView>): RunStorageView => ({
  runId: 'x',
  name: 'x.bin',
  status: 'completed',
  copy: 0,
  shared: false,
  released: false,
  outputs: 0,
  records: 0,
  ...over,
});

const report: StorageReportView = {
  runs: [
    row({ runId: 'a', copy: 6 * MiB }),
    row({ runId: 'b', copy: 0, released: true }),
    row({ runId: 'c', status: 'running', copy: 3 * MiB }),
  ],
  copies: 9 * MiB,
  outputs: 0,
  records: 0,
  freeInputCopies: 6 * MiB,
  deleteCompleted: 6.5 * MiB,
};

describe('storage confirmations', () => {
  it('Delete completed runs says how many, how much and what is lost', () => {
    const s = deleteCompletedSpec(report);
    expect(s.title).toBe('Delete 2 completed runs?');
    expect(s.lines[0]).toBe('Frees about 6.5 MiB.');
    expect(s.lines.join(' ')).toMatch(/Lost: those runs, their results/);
    expect(s.confirmLabel).toBe('Delete completed runs');
    expect(s.destructive).toBe(true);
  });

  it('Free input copies counts only the completed runs that still hold one', () => {
    const s = freeCopiesSpec(report);
    expect(s.title).toBe('Free the input copies of 1 completed run?');
    expect(s.lines[0]).toBe('Frees about 6 MiB.');
    expect(s.lines.join(' ')).toMatch(/ask for the file again/);
    expect(s.confirmLabel).toBe('Free input copies');
    expect(s.backLabel).toBe('Keep copies');
  });
});
