/**
 * Formatting for the result views: statistics, shares, elapsed times. Pure, no DOM.
 */
import { formatDuration } from '../format';

// Made once: `toLocaleString` with a locale builds a new formatter on every call, which made a
// CSV profile's first render (a few hundred numbers) a 60-80 ms task on the page.
const WHOLE = new Intl.NumberFormat('en-US');
const SIX_DIGITS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** `n` grouped as en-US ("12,345"), with one formatter for every call. */
export function formatCount(n: number): string {
  return WHOLE.format(n);
}

/** Whole numbers grouped ("12,345"); others to 6 significant digits ("3.14159", "1.5e-7"). */
export function formatStat(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return WHOLE.format(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return x.toExponential(4).replace(/\.?0+e/, 'e');
  return SIX_DIGITS.format(x);
}

/** A value of a column: numbers as statistics, texts as they are, none as "—". */
export function formatValue(v: number | string | null | undefined): string {
  if (typeof v === 'number') return formatStat(v);
  return v === null || v === undefined ? '—' : v;
}

/** A share 0–1 as a percentage: "100 %", "97.3 %", "0 %", "< 0.1 %", "> 99.9 %". */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '—';
  if (share <= 0) return '0 %';
  if (share >= 1) return '100 %';
  if (share < 0.001) return '< 0.1 %';
  if (share > 0.999) return '> 99.9 %';
  const pct = share * 100;
  return `${pct >= 10 ? pct.toFixed(1).replace(/\.0$/, '') : pct.toFixed(1)} %`;
}

/** Milliseconds as people read a run's length: "0.4 s", "3.2 s", "42 s", "1 min 3 s". */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}
