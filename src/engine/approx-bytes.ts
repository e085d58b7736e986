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
  for (const [k, x] of Object.entries(v)) n += 2 * k.length + approxBytes(x, seen);
  return n;
}
