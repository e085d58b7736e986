/**
 * A 64-bit hash of a byte range, as two 32-bit MurmurHash3-style lanes with different seeds.
 * Distinct counts and value counts key on it: with 64 bits, 10,000 values collide with
 * probability about 10,000² / 2⁶⁵ ≈ 3·10⁻¹², so the exact table is exact in practice.
 */

/**
 * The last `hashBytes` result (a box: no allocation per value), and whether any byte was from
 * 0x80 up: the hash's pass over the bytes is also the ASCII check, so an ASCII value (most
 * are) needs no UTF-8 scan.
 */
export const hashed = { h1: 0, h2: 0, nonAscii: false };

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes bytes[start, end) into `hashed`. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): void {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  let i = start;
  let high = 0;
  for (; i + 4 <= end; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    high |= k;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= k;
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 9) + 0x38495ab5) | 0;
  }
  const rest = end - i;
  if (rest > 0) {
    let k = bytes[i];
    if (rest > 1) k |= bytes[i + 1] << 8;
    if (rest > 2) k |= bytes[i + 2] << 16;
    high |= k;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h2 ^= k;
  }
  const n = end - start;
  hashed.nonAscii = (high & 0x80808080) !== 0;
  hashed.h1 = fmix(h1 ^ n);
  hashed.h2 = fmix((h2 ^ n ^ 0x2545f491) + Math.imul(h1, 0x27d4eb2d));
}
