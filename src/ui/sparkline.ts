/**
 * The throughput sparkline's drawing and words: an SVG path through the run's speeds, scaled to
 * the peak, and the text alternative that says the same ("now X, average Y, peak Z"). Pure: no
 * DOM, unit-tested in Node.
 */
import type { SpeedView } from '../app/types';
import { formatDuration, formatRate } from './format';

/** The path's "d" for `rates` across `width` × `height` (y grows down), or '' for none. */
export function sparkPath(rates: readonly number[], width: number, height: number): string {
  if (rates.length === 0) return '';
  const top = Math.max(...rates);
  const y = (r: number) => (top > 0 ? height - (Math.max(0, r) / top) * height : height);
  const round = (n: number) => Math.round(n * 10) / 10;
  // One value stands for a stretch of time: a flat step across it, so that a single value is a
  // line too and a burst reads as long as it lasted.
  const step = width / rates.length;
  let d = '';
  rates.forEach((r, i) => {
    const x0 = round(i * step);
    const x1 = round((i + 1) * step);
    const yy = round(y(r));
    d += `${i === 0 ? 'M' : 'L'}${x0} ${yy}L${x1} ${yy}`;
  });
  return d;
}

/** The same path closed along the bottom edge, for the filled area under it. */
export function sparkArea(rates: readonly number[], width: number, height: number): string {
  const line = sparkPath(rates, width, height);
  return line ? `${line}L${width} ${height}L0 ${height}Z` : '';
}

/** "now 95.2 MB/s, average 90.1 MB/s, peak 101 MB/s, over 42 s" (what is known of it). */
export function speedText(s: SpeedView): string {
  const parts: string[] = [];
  if (s.now !== undefined) parts.push(`now ${formatRate(s.now)}`);
  if (s.average !== undefined) parts.push(`average ${formatRate(s.average)}`);
  if (s.peak !== undefined) parts.push(`peak ${formatRate(s.peak)}`);
  if (s.spanMs > 0) parts.push(`over ${formatDuration(s.spanMs / 1000)}`);
  return parts.join(', ');
}
