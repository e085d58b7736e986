/**
 * Seeded generated columns as the bytes of their values, and feeding them to a ColumnSummary the
 * way a parser does: every value a range of one shared buffer.
 */
import { rng } from '../../../../helpers/drive';
import { ColumnSummary } from '../../../../../../src/workflows/csv/summary';

const enc = new TextEncoder();
export const bytesOf = (s: string): Uint8Array => enc.encode(s);

/** A column: values as bytes, packed into one buffer with offsets. */
export interface Column {
  buffer: Uint8Array;
  /** Value i is buffer[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  length: number;
}

export function pack(values: readonly Uint8Array[]): Column {
  const offsets = new Uint32Array(values.length + 1);
  let n = 0;
  values.forEach((v, i) => {
    offsets[i] = n;
    n += v.length;
  });
  offsets[values.length] = n;
  const buffer = new Uint8Array(n);
  values.forEach((v, i) => buffer.set(v, offsets[i]));
  return { buffer, offsets, length: values.length };
}

export const valueAt = (c: Column, i: number): Uint8Array =>
  c.buffer.subarray(c.offsets[i], c.offsets[i + 1]);

/** The summary of values [from, to). */
export function summarize(c: Column, from = 0, to = c.length): ColumnSummary {
  const s = new ColumnSummary();
  for (let i = from; i < to; i++) s.add(c.buffer, c.offsets[i], c.offsets[i + 1]);
  return s;
}

type Gen = (r: () => number, i: number) => string | Uint8Array;

const int = (r: () => number, lo: number, hi: number): number =>
  lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

const STRINGS = ['a', 'é', 'ß', '€', '中文', '😀', 'Zoë', 'naïve', '\u{10FFFF}', 'x y', '"q"'];
/** Bytes that are not UTF-8: stray continuation, cut sequence, overlong, surrogate, > U+10FFFF. */
const INVALID = [
  [0x80],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff],
];

export const GENERATORS: Record<string, Gen> = {
  integers: (r) => String(int(r, -5000, 5000)),
  decimals: (r) =>
    (r() < 0.5 ? '-' : '') + int(r, 0, 99999) + '.' + pad(int(r, 0, 1e9), 9) + int(r, 0, 9999999),
  negatives: (r) => (-r() * 1e6).toFixed(int(r, 0, 4)),
  exponents: (r) => `${int(r, 1, 9)}.${int(r, 0, 99)}e${int(r, -30, 30)}`,
  dates: (r) => `${int(r, 2019, 2024)}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`,
  monthDates: (r) => `2024-${pad(int(r, 2, 9), 2)}-${pad(int(r, 1, 28), 2)}`,
  centuryDates: (r) => `${int(r, 1900, 2024)}-${pad(int(r, 1, 12), 2)}-01`,
  datetimes: (r) =>
    `${int(r, 2000, 2030)}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}T${pad(int(r, 0, 23), 2)}:${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)}${r() < 0.5 ? 'Z' : '+02:00'}`,
  booleans: (r) => ['true', 'false', 'TRUE', 'No', 'yes'][int(r, 0, 4)],
  strings: (r) => {
    let s = '';
    for (let k = int(r, 1, 6); k > 0; k--) s += STRINGS[int(r, 0, STRINGS.length - 1)];
    return s;
  },
  invalid: (r) => {
    const parts: number[] = [...bytesOf(STRINGS[int(r, 0, STRINGS.length - 1)])];
    if (r() < 0.4) parts.push(...INVALID[int(r, 0, INVALID.length - 1)]);
    if (r() < 0.2) parts.unshift(...INVALID[int(r, 0, INVALID.length - 1)]);
    return Uint8Array.from(parts);
  },
  empties: (r) => (r() < 0.6 ? '' : String(int(r, 0, 30))),
  blanks: (r) => [' 42', '7\t', ' ', '  -3.5 ', 'x', ''][int(r, 0, 5)],
  zipf: (r) => `v${Math.floor(1 / Math.max(r(), 1e-9)) % 5000}`,
  ids: (_r, i) => `id-${pad(i * 7919, 9)}`,
  mixed: (r) => [String(int(r, 0, 99)), 'n/a', '', '1.5', 'true', '2024-02-29'][int(r, 0, 5)],
};

/** `n` values of the named generator, seeded. */
export function generate(kind: string, n: number, seed: number): Column {
  const r = rng(seed);
  const gen = GENERATORS[kind];
  const values: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = gen(r, i);
    values.push(typeof v === 'string' ? bytesOf(v) : v);
  }
  return pack(values);
}
