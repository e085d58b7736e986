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

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 1536 → "1.5 KiB"; exact below 1 KiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}
