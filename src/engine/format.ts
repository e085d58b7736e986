/**
 * The one byte formatter: engine messages, the app, the views and the workflows' summaries all
 * write sizes with it, so that the same number reads the same everywhere. Binary units (KiB,
 * MiB…, as file managers on Linux do), at most one decimal and none from 100 up.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Shown where a number is unknown or not meaningful. */
export const NONE = '—';

/** Up to one decimal, without a trailing ".0": 1.5, 15.3, 153, 2. */
function compact(value: number): string {
  if (value >= 100) return String(Math.round(value));
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** 1536 → "1.5 KiB", 0 → "0 B", 5 GiB → "5 GiB". Unknown, negative or not finite → "—". */
export function formatBytes(bytes: number | undefined | null): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return NONE;
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KiB would round to "1024 KiB": step up instead.
  if (Math.round(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${compact(value)} ${BYTE_UNITS[unit]}`;
}
