/**
 * The storage report's size estimate walks arrays by index instead of `Object.entries`: it
 * must give what the plain definition (every own enumerable entry, key and value) gives.
 */
import { describe, expect, it } from 'vitest';
import { approxBytes } from '../../../src/engine/approx-bytes';

/** The definition, naively: every [key, value] pair of `Object.entries`. */
function naive(v: unknown, seen = new Set<unknown>()): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return 2 * v.length;
  if (typeof v === 'number' || typeof v === 'bigint') return 8;
  if (typeof v === 'boolean') return 1;
  if (typeof v !== 'object' || seen.has(v)) return 0;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  let n = 0;
  for (const [k, x] of Object.entries(v)) n += 2 * k.length + naive(x, seen);
  return n;
}

describe('approxBytes', () => {
  it('counts as Object.entries would: long arrays, holes, nesting, shared objects', () => {
    const shared = { s: 'shared', n: 1 };
    const holes: unknown[] = Array.from({ length: 30 }, (_, i) => i);
    delete holes[3];
    delete holes[17];
    const cases: unknown[] = [
      Array.from({ length: 1234 }, (_, i) => i % 3),
      Array.from({ length: 150 }, (_, i) => ({ id: `v${i}`, c: i, ok: i % 2 === 0 })),
      holes,
      { a: [shared, shared, [shared]], b: new Float64Array(100), c: new Uint8Array(7).buffer },
      { columns: Array.from({ length: 20 }, () => ({ texts: ['x', 'yy', null], n: [1, 2, 3] })) },
      [],
      {},
    ];
    for (const v of cases) expect(approxBytes(v)).toBe(naive(v));
  });
});
