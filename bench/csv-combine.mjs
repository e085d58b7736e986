// node --expose-gc bench/csv-combine.mjs [--size MiB] [--chunk MiB]
// The page's share of the parallel CSV profile, per chunk: what the map step does on the page
// thread with each chunk's partial (combine into the prefix) and with the prefix at a checkpoint
// (structured clone, as map-step.ts does before the IndexedDB write: once, not per chunk), beside the chunk's own
// map time on one thread. The chunks' partials are mapped first, then combined in order, so the
// figures are the page's alone. CPU ms (process.cpuUsage), best of --rounds.
import { build } from 'rolldown';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { makeCsvFile } from './csv-file.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MiB = 1024 * 1024;
const SIZE = arg('size', 64) * MiB;
const CHUNK = arg('chunk', 8) * MiB;
const ROUNDS = arg('rounds', 3);

const dir = mkdtempSync(join(tmpdir(), 'waymark-csv-combine-'));
const entry = join(dir, 'entry.ts');
const src = (p) => JSON.stringify(join(process.cwd(), p));
writeFileSync(
  entry,
  `export { mapChunk } from ${src('src/workflows/csv/chunk.ts')};\n` +
    `export { profileStep } from ${src('src/workflows/csv/profile.ts')};\n`,
);
const out = join(dir, 'csv.mjs');
await build({ input: entry, output: { file: out, format: 'esm' }, logLevel: 'silent' });
const { mapChunk, profileStep } = await import(pathToFileURL(out).href);
const file = readFileSync(makeCsvFile(dir, 'messy.csv', SIZE, { columns: 20 }));
rmSync(dir, { recursive: true, force: true });
const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length);
const input = { size: bytes.length, read: async (from, to) => bytes.slice(from, to) };
const params = { delimiter: 'auto', quote: '"' };

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Map every chunk (hinted exactly, as a redo would be), keeping each partial as a worker
// would post it (a structured clone).
const partials = [];
let mapMs = 0;
{
  let prefix = profileStep.empty(params);
  for (let start = 0, index = 0; start < bytes.length; start += CHUNK, index++) {
    const end = Math.min(bytes.length, start + CHUNK);
    const ctx = { index, start, end, chunkCount: 0, input, params, hint: profileStep.hint(prefix) };
    const t = cpu();
    const p = await mapChunk(bytes.subarray(start, end), ctx);
    mapMs += cpu() - t;
    partials.push(structuredClone(p));
    prefix = profileStep.combine(prefix, structuredClone(p), params);
  }
}
const n = partials.length;
let combineMs = Infinity;
let cloneMs = Infinity;
let last;
for (let r = 0; r < ROUNDS; r++) {
  globalThis.gc?.();
  const copies = partials.map((p) => structuredClone(p));
  let prefix = profileStep.empty(params);
  let t = cpu();
  for (const p of copies) {
    if (!profileStep.accepts(prefix, p, params)) throw new Error('refused');
    prefix = profileStep.combine(prefix, p, params);
  }
  combineMs = Math.min(combineMs, cpu() - t);
  t = cpu();
  last = structuredClone(prefix);
  cloneMs = Math.min(cloneMs, cpu() - t);
}
const size = serialize(last).length;
const chunkSize = serialize(partials[Math.floor(n / 2)]).length;
console.log(
  `CSV profile, page side: ${(bytes.length / MiB).toFixed(0)} MiB messy CSV (20 columns), ${n} chunks of ${CHUNK / MiB} MiB (node ${process.version})`,
);
const row = (label, ms, note = '') =>
  console.log(
    `${label.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms${label.startsWith('checkpoint') ? '      ' : '/chunk'}  ${note}`,
  );
row('map (one worker)', mapMs / n);
row(
  'combine into the prefix (page)',
  combineMs / n,
  `${((combineMs / n / (mapMs / n)) * 100).toFixed(1)} % of map`,
);
row(
  'checkpoint: structured clone of the prefix',
  cloneMs,
  `prefix ${(size / 1024).toFixed(1)} KiB, a chunk's ${(chunkSize / 1024).toFixed(1)} KiB`,
);
