/** What the storage view shows: the per-run table's cells and the actions' texts. Pure. */
import type { RunStorageView, StorageReportView, StorageView } from '../app/types';
import { formatBytes } from './format';

export interface StorageRow {
  runId: string;
  name: string;
  copy: string;
  outputs: string;
  records: string;
}

/** A run's input copy in words: its size, marked when shared (counted once in the total). */
export function copyText(r: RunStorageView): string {
  if (r.released) return 'freed';
  if (r.copy === 0) return '—';
  return r.shared ? `${formatBytes(r.copy)} (shared)` : formatBytes(r.copy);
}

export function storageRows(report: StorageReportView | undefined): StorageRow[] {
  return (report?.runs ?? []).map((r) => ({
    runId: r.runId,
    name: r.name,
    copy: copyText(r),
    outputs: r.outputs ? formatBytes(r.outputs) : '—',
    records: `≈ ${formatBytes(r.records)}`,
  }));
}

/** Used, available, share used (0–1), or undefined where the browser does not say. */
export function usage(s: StorageView): { used: string; free: string; share: number } | undefined {
  if (s.usage === undefined || s.quota === undefined) return undefined;
  const share = s.quota ? Math.min(1, s.usage / s.quota) : 0;
  return {
    used: formatBytes(s.usage),
    free: formatBytes(Math.max(0, s.quota - s.usage)),
    share,
  };
}

export function percentText(share: number): string {
  return share > 0 && share < 0.001 ? '< 0.1%' : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** What an action frees, said before it acts. */
export function freesText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  return bytes > 0 ? `Frees about ${formatBytes(bytes)}.` : 'Nothing to free.';
}
