/** An estimate of a stored value's size (the browser does not tell what an IndexedDB record takes). */

/** Bytes of binary data, two per character, 8 per number. */
export function approxBytes(v: unknown, seen = new Set<unknown>()): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return 2 * v.length;
  if (typeof v === 'number' || typeof v === 'bigint') return 8;
  if (typeof v === 'boolean') return 1;
  if (typeof v !== 'object' || seen.has(v)) return 0;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  let n = 0;
  // As `Object.entries` would count them, without its pairs (chunk results hold long arrays).
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (i in v) n += 2 * digits(i) + approxBytes(v[i], seen);
    return n;
  }
  for (const k of Object.keys(v))
    n += 2 * k.length + approxBytes((v as Record<string, unknown>)[k], seen);
  return n;
}

/** Decimal digits of a non-negative integer: the length of an array index as a key. */
function digits(i: number): number {
  let d = 1;
  while (i >= 10) {
    i = Math.floor(i / 10);
    d++;
  }
  return d;
}
