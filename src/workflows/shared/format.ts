/**
 * Number formatting for the one-line "Result" summaries. A fixed locale keeps summaries the same
 * in every worker and test run, whatever the browser's language.
 */
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return integerFormat.format(n);
}

/** English plural for counts: "1 line", "2 lines". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Sizes in summaries read as everywhere else in Waymark. */
export { formatBytes } from '../../engine/format';
