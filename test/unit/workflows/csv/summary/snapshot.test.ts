/**
 * Bounded snapshots: a column of a million distinct long strings (and long numeric and date
 * columns) saves to at most 128 KiB as structured clone (v8.serialize) measures it; a loaded
 * snapshot gives the same profile and the same snapshot, and goes on exactly as the original.
 */
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ColumnSummary, TABLE_LIMIT } from '../../../../../src/workflows/csv/summary';
import { type Column, bytesOf, generate, pack, summarize } from './support/columns';

const KiB = 1024;
const sizeOf = (s: ColumnSummary): number => serialize(s.save()).length;

function feed(s: ColumnSummary, n: number, value: (i: number) => string): void {
  const buffer = new Uint8Array(4096);
  const enc = new TextEncoder();
  for (let i = 0; i < n; i++) {
    const { written } = enc.encodeInto(value(i), buffer);
    s.add(buffer, 0, written);
  }
}

describe('snapshot size is bounded whatever the input', () => {
  it('1e6 distinct long strings: at most 128 KiB', () => {
    const s = new ColumnSummary();
    feed(s, 1_000_000, (i) => `${'long value with some text '.repeat(3)}${i * 2654435761}-${i}`);
    const size = sizeOf(s);
    expect(size).toBeLessThanOrEqual(128 * KiB);
    const p = s.profile('notes');
    expect(p.count).toBe(1_000_000);
    expect(Math.abs(p.distinct - 1_000_000) / 1_000_000).toBeLessThanOrEqual(0.025);
    expect(p.nearlyUnique).toBe(true);
  });

  it('values of 64 KiB each: the kept extremes and top texts are cut', () => {
    const s = new ColumnSummary();
    const big = (i: number): string => String.fromCharCode(97 + (i % 26)).repeat(65_536) + i;
    const values = Array.from({ length: 300 }, (_, i) => bytesOf(big(i % 40)));
    const col = pack(values);
    for (let i = 0; i < col.length; i++) s.add(col.buffer, col.offsets[i], col.offsets[i + 1]);
    expect(sizeOf(s)).toBeLessThanOrEqual(128 * KiB);
    const p = s.profile('big');
    expect(p.maxLength).toBe(65_538);
    expect(p.top[0].truncated).toBe(true);
    expect((p.max as string).length).toBe(1024);
  });

  it('long numeric, date and low-cardinality columns: at most 128 KiB once sketched', () => {
    for (const kind of ['decimals', 'datetimes', 'strings', 'invalid']) {
      const s = summarize(generate(kind, 200_000, 3));
      expect(sizeOf(s), kind).toBeLessThanOrEqual(128 * KiB);
    }
  });
});

describe('exact phase at its worst: TABLE_LIMIT distinct values in one column', () => {
  // The table never holds more than TABLE_LIMIT values, so these are the largest snapshots it
  // makes; each stays exact (not sketched) and within the 128 KiB a column may take.
  const worst: [string, (i: number) => string][] = [
    ['long distinct strings', (i) => `${'a long note, '.repeat(15)}${(i * 2654435761) >>> 0}-${i}`],
    ['long distinct UTF-8 strings', (i) => `${'Zoë, Søren, Ω; '.repeat(12)}${i}`],
    [
      'distinct decimals',
      (i) => `${i % 2 ? '-' : ''}${(i * 7919) % 100000}.${String(i % 100).padStart(2, '0')}`,
    ],
    [
      'distinct long decimals',
      (i) => `${(i * 7919) % 1000}.${String((i * 104729) % 1e9).padStart(9, '0')}${i}`,
    ],
    ['distinct date-times', (i) => new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString()],
  ];
  for (const [name, value] of worst)
    it(`${name}: at most 128 KiB, and the same profile once loaded`, () => {
      const s = new ColumnSummary();
      feed(s, TABLE_LIMIT, value);
      feed(s, TABLE_LIMIT, (i) => value(TABLE_LIMIT - 1 - i));
      const p = s.profile(name);
      expect(p.distinctEstimated).toBe(false);
      expect(p.distinct).toBe(TABLE_LIMIT);
      expect(sizeOf(s)).toBeLessThanOrEqual(128 * KiB);
      expect(ColumnSummary.load(structuredClone(s.save())).profile(name)).toEqual(p);
    });
});

describe('load(save()) round trip', () => {
  const cases: [string, Column][] = [
    ['exact phase', generate('zipf', 20_000, 1)],
    ['sketch phase', generate('decimals', 40_000, 2)],
    ['dates', generate('dates', 30_000, 3)],
    ['invalid UTF-8', generate('invalid', 5000, 4)],
  ];
  for (const [name, col] of cases)
    it(`${name}: same profile, same snapshot, same continuation`, () => {
      const half = Math.floor(col.length / 2);
      const a = summarize(col, 0, half);
      const b = ColumnSummary.load(structuredClone(a.save()));
      expect(b.profile(name)).toEqual(a.profile(name));
      expect(b.save()).toEqual(a.save());
      for (let i = half; i < col.length; i++) {
        a.add(col.buffer, col.offsets[i], col.offsets[i + 1]);
        b.add(col.buffer, col.offsets[i], col.offsets[i + 1]);
      }
      expect(b.profile(name)).toEqual(a.profile(name));
      expect(b.save()).toEqual(a.save());
    });
});
