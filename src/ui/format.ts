/**
 * Formatting helpers for the views. Pure functions, no DOM: unit-tested in Node.
 * Sizes are the engine's one byte formatter (binary units); throughput uses MB/s (10^6 bytes
 * per second, as download tools do).
 */

import { NONE, formatBytes } from '../engine/format';

export { NONE, formatBytes };

function isUsable(n: number | undefined | null): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/** "12.3 MiB of 4 GiB" */
export function formatBytesOf(done: number | undefined, total: number | undefined): string {
  return `${formatBytes(done)} of ${formatBytes(total)}`;
}

/**
 * Seconds → "42 s", "1 min 3 s", "2 h 5 min", "3 d 4 h" (two units at most, the second
 * omitted when zero). Below one second but above zero → "< 1 s". Unknown → "—".
 */
export function formatDuration(seconds: number | undefined | null): string {
  if (!isUsable(seconds)) return NONE;
  if (seconds > 0 && seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (s < 3600) return pair(Math.floor(s / 60), 'min', s % 60, 's');
  if (s < 86400) return pair(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min');
  return pair(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** Bytes per second → "123 MB/s", "12.3 MB/s", "0.45 MB/s". Unknown → "—". */
export function formatRate(bytesPerSecond: number | undefined | null): string {
  if (!isUsable(bytesPerSecond)) return NONE;
  const mb = bytesPerSecond / 1e6;
  let text: string;
  if (mb >= 100) text = String(Math.round(mb));
  else if (mb >= 1) text = mb.toFixed(1);
  else if (mb === 0) text = '0';
  else text = mb.toFixed(2);
  return `${text} MB/s`;
}

/** Any number → an integer 0–100 for aria-valuenow (NaN → 0). */
export function percentValue(percent: number | undefined | null): number {
  if (typeof percent !== 'number' || Number.isNaN(percent)) return 0;
  return Math.min(100, Math.max(0, Math.round(percent)));
}

/**
 * Formatters by locale and options, made once: building an `Intl` formatter costs far more
 * than formatting, and the views format every row's time on each render (4 a second during a
 * run): `toLocaleTimeString` alone took 3.5 % of the page's main thread in a CSV profile.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string | undefined): Intl.NumberFormat {
  const key = `n ${locale ?? ''}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale)));
  return f;
}
function dateFormat(
  kind: string,
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${kind} ${locale ?? ''}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Whole numbers with thousands separators: 12345 → "12,345" (en) — locale-aware. */
export function formatCount(n: number, locale?: string): string {
  return numberFormat(locale).format(n);
}

/**
 * Epoch ms → a short local time: "14:03:22" today, "12 Mar, 14:03" on another day.
 * `now` is injectable for tests.
 */
export function formatTime(epochMs: number, now: number = Date.now(), locale?: string): string {
  const d = new Date(epochMs);
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() &&
    d.getMonth() === today.getMonth() &&
    d.getDate() === today.getDate();
  // What toLocaleTimeString / toLocaleString give with these options (every field named).
  if (sameDay)
    return dateFormat('time', locale, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(d);
  return dateFormat('day', locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** Checkpoint reasons as short lower-case phrases: "step-complete" → "step complete". */
export function formatReason(reason: string): string {
  return reason.replace(/[-_]+/g, ' ').trim();
}
