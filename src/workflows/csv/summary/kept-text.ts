/**
 * The few values a summary keeps as text (top values, string min/max): decoded like the rest of
 * the CSV (U+FFFD for invalid UTF-8) and cut to KEPT_BYTES so that a summary stays bounded
 * whatever the field sizes.
 */

/** Bytes kept of a value; longer values are kept cut at a character start, flagged truncated. */
export const KEPT_BYTES = 1024;

// ignoreBOM: a U+FEFF inside a value is data, not a byte order mark.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** Where a value of bytes[start, end) is cut to at most KEPT_BYTES, at a character start. */
export function keptEnd(bytes: Uint8Array, start: number, end: number): number {
  if (end - start <= KEPT_BYTES) return end;
  let cut = start + KEPT_BYTES;
  while (cut > start && (bytes[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

/**
 * The UTF-8 of what the decoder makes of bytes[start, end): invalid sequences become U+FFFD,
 * so that values the CSV shows as the same text count as the same value.
 */
export function canonicalBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return encoder.encode(decodeText(bytes, start, end));
}

/** Byte order of two ranges; for valid UTF-8 this is code point order. */
export function compareBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i] - b[bStart + i];
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
}
