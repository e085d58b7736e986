/**
 * What the Storage panel's bulk actions say before they act ("Delete completed runs", "Free
 * input copies"): how much each frees and what it takes with it. Pure, unit-tested; the counts
 * come from the storage report the panel shows.
 */
import type { StorageReportView } from '../app/types';
import type { ConfirmSpec } from './confirm';
import { formatBytes } from './format';

function runs(n: number): string {
  return `${n} completed run${n === 1 ? '' : 's'}`;
}

export function deleteCompletedSpec(report: StorageReportView): ConfirmSpec {
  const n = report.runs.filter((r) => r.status === 'completed').length;
  return {
    title: `Delete ${runs(n)}?`,
    lines: [
      `Frees about ${formatBytes(report.deleteCompleted)}.`,
      'Lost: those runs, their results, checkpoints, output files and input copies.',
      'Kept: every run that is not completed, and your original files.',
      'This cannot be undone.',
    ],
    confirmLabel: 'Delete completed runs',
    backLabel: 'Keep runs',
    destructive: true,
  };
}

export function freeCopiesSpec(report: StorageReportView): ConfirmSpec {
  const n = report.runs.filter((r) => r.status === 'completed' && r.copy > 0 && !r.released).length;
  return {
    title: `Free the input copies of ${runs(n)}?`,
    lines: [
      `Frees about ${formatBytes(report.freeInputCopies)}.`,
      'Lost: the private copies of their input files. Restore, Fork and Run again on those runs then ask for the file again.',
      'Kept: the runs, their results and checkpoints, and copies that unfinished runs use.',
    ],
    confirmLabel: 'Free input copies',
    backLabel: 'Keep copies',
    destructive: false,
  };
}
