// Deterministic inputs and references shared by the browser tests, the torture test and the
// benchmarks (Node only).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/** xorshift32: a tiny seeded generator of uint32 values. */
export function xorshift32(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Writes `size` pseudo-random bytes (the low byte of each xorshift32 value) to `path`. */
export function writeRandomFile(path, size, seed = 1) {
  const next = xorshift32(seed);
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(Math.min(size, 4 * 1024 * 1024) || 1);
  for (let done = 0; done < size;) {
    const n = Math.min(block.length, size - done);
    for (let i = 0; i < n; i++) block[i] = next() & 0xff;
    writeSync(fd, block, 0, n);
    done += n;
  }
  closeSync(fd);
  return path;
}

/** The byte-histogram example workflow's result, computed directly from the file. */
export function byteHistogramOf(path) {
  const counts = new Array(256).fill(0);
  for (const b of readFileSync(path)) counts[b]++;
  const bytes = counts.reduce((s, c) => s + c, 0);
  let entropy = 0;
  for (const c of counts) if (c) entropy -= (c / bytes) * Math.log2(c / bytes);
  const top = counts
    .map((count, byte) => ({ byte, count }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.byte - b.byte)
    .slice(0, 5);
  return { bytes, entropy: Math.round(entropy * 1e4) / 1e4, top };
}
