/**
 * HyperLogLog distinct-count estimate, registers in a plain Uint8Array (checkpointable as is).
 *
 * Precision 14 (16,384 registers, 16 KiB per column): standard error 1.04/√16384 ≈ 0.81%, so
 * estimates stay well within 2% (2.5 standard errors). The estimator is Ertl's improved raw
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is
 * nearly unbiased over the whole range without empirical bias tables.
 */
export const HLL_PRECISION = 14;
const M = 1 << HLL_PRECISION;
/** Hash bits left for the rank after the register index. */
const Q = 64 - HLL_PRECISION;

export function newHll(): Uint8Array {
  return new Uint8Array(M);
}

/** The last hash64 result (a box: no allocation per value). */
const hashed = { h1: 0, h2: 0 };

/** Two 32-bit MurmurHash3-style lanes over UTF-16 units with different seeds: a 64-bit hash. */
function hash64(s: string): void {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= k;
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (Math.imul(h2, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h2 ^= k;
  }
  hashed.h1 = fmix(h1 ^ n);
  hashed.h2 = fmix(h2 ^ n ^ 0x2545f491);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hllAdd(registers: Uint8Array, value: string): void {
  hash64(value);
  hllAddHash(registers, hashed.h1, hashed.h2);
}

/** Adds a value by its 64-bit hash (two unsigned 32-bit halves), for callers that hash bytes. */
export function hllAddHash(registers: Uint8Array, h1: number, h2: number): void {
  const index = h1 >>> (32 - HLL_PRECISION);
  // Rank: position of the first 1 bit in the remaining Q bits (the low bits of h1, then h2).
  const rest = (h1 << HLL_PRECISION) | 0;
  const rank =
    rest !== 0 ? Math.clz32(rest) + 1 : h2 !== 0 ? 32 - HLL_PRECISION + Math.clz32(h2) + 1 : Q + 1;
  if (rank > registers[index]) registers[index] = rank;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === prev) return z / 3;
  }
}

export function hllEstimate(registers: Uint8Array): number {
  const histogram = new Array<number>(Q + 2).fill(0);
  for (const r of registers) histogram[r]++;
  let z = M * tau(1 - histogram[Q + 1] / M);
  for (let k = Q; k >= 1; k--) z = 0.5 * (z + histogram[k]);
  z += M * sigma(histogram[0] / M);
  return (M * M) / (2 * Math.LN2 * z);
}
