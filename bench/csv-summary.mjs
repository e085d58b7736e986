// node bench/csv-summary.mjs [--values N]
// ColumnSummary cost per field on typical columns (CPU ns/field for add, and for save/merge/profile
// per column), with the snapshot's structured-clone size. Bundles the TypeScript with rolldown
// first, so it measures the same code the workers run.
import { build } from 'rolldown';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('values', 1_000_000);

const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
const out = join(dir, 'summary.mjs');
await build({
  input: 'src/workflows/csv/summary/index.ts',
  output: { file: out, format: 'esm' },
  logLevel: 'silent',
});
const { ColumnSummary } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};
const pad = (n, w) => String(n).padStart(w, '0');
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const COLUMNS = {
  'id (unique integers)': (i) => String(1_000_000 + i),
  'decimal (2 places)': () => (rand() * 10_000).toFixed(2),
  date: () => `${int(2000, 2024)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
  datetime: () =>
    `2024-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`,
  boolean: () => (rand() < 0.5 ? 'true' : 'false'),
  'name (zipf, 5,000 distinct)': () => `Name ${Math.floor(1 / Math.max(rand(), 1e-9)) % 5000}`,
  'e-mail (unique, 1 in 10 empty)': (i) => (i % 10 === 0 ? '' : `user${i * 7919}@example.com`),
  'note (UTF-8, 40 bytes, unique)': (i) => `Grüße – ${i} ✓ ${'x'.repeat(20)}`,
};

const enc = new TextEncoder();
// A reference loop (a multiply-add over 8 bytes per field): on a loaded, shared machine every
// figure inflates alike, so read the others as multiples of this one.
{
  const bytes = new Uint8Array(8 * N).map((_, i) => i & 0xff);
  let best = Infinity;
  let h = 0;
  for (let round = 0; round < 3; round++) {
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++)
      for (let j = 8 * i; j < 8 * i + 8; j++) h = (Math.imul(h, 31) + bytes[j]) | 0;
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) * 1000);
  }
  console.log(`reference loop (8 bytes/field): ${(best / N).toFixed(1)} ns/field (${h & 1})`);
}
console.log(`ColumnSummary, ${N.toLocaleString('en')} values per column (node ${process.version})`);
console.log(
  'column                               add ns/field  MB/s   save ms  snapshot KiB  merge ms  profile ms',
);
for (const [name, gen] of Object.entries(COLUMNS)) {
  // One buffer with offsets, as a parser hands fields over; the generated strings are garbage
  // before the timing starts.
  const offsets = new Uint32Array(N + 1);
  let buffer = new Uint8Array(N * 8);
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const v = enc.encode(gen(i));
    if (bytes + v.length > buffer.length) {
      const grown = new Uint8Array(buffer.length * 2);
      grown.set(buffer);
      buffer = grown;
    }
    buffer.set(v, bytes);
    offsets[i] = bytes;
    bytes += v.length;
  }
  offsets[N] = bytes;
  globalThis.gc?.();
  let best = Infinity;
  let s;
  for (let round = 0; round < 3; round++) {
    s = new ColumnSummary();
    // CPU time, not wall time: on a shared, loaded machine the process waits for a core.
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++) s.add(buffer, offsets[i], offsets[i + 1]);
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) * 1000);
  }
  let t = performance.now();
  const snap = s.save();
  const saveMs = performance.now() - t;
  const size = serialize(snap).length;
  const other = ColumnSummary.load(snap);
  t = performance.now();
  other.merge(s);
  const mergeMs = performance.now() - t;
  t = performance.now();
  s.profile(name);
  const profileMs = performance.now() - t;
  console.log(
    `${name.padEnd(36)} ${(best / N).toFixed(1).padStart(12)} ${((bytes / best) * 1000).toFixed(0).padStart(6)} ${saveMs.toFixed(1).padStart(9)} ${(size / 1024).toFixed(1).padStart(13)} ${mergeMs.toFixed(1).padStart(9)} ${profileMs.toFixed(1).padStart(11)}`,
  );
}
