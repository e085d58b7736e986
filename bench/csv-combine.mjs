// node --expose-gc bench/csv-combine.mjs [--size MiB] [--chunk MiB]
// The page's share of the parallel CSV profile, per chunk: what the map step does on the page
// thread with each chunk's partial (combine into the prefix) and with the prefix at a checkpoint
// (structured clone, as map-step.ts does before the IndexedDB write: once, not per chunk), beside the chunk's own
// map time on one thread. The chunks' partials are mapped first, then combined in order, so the
// figures are the page's alone. CPU ms (process.cpuUsage), best of --rounds.
import { serialize } from 'node:v8';
import { MiB, bundle, messyCsv, numberArg } from './csv-harness.mjs';

const SIZE = numberArg('size', 64) * MiB;
const CHUNK = numberArg('chunk', 8) * MiB;
const ROUNDS = numberArg('rounds', 3);

const { mapChunk, profileStep } = await bundle({
  mapChunk: 'src/workflows/csv/chunk.ts',
  profileStep: 'src/workflows/csv/profile.ts',
});
const { bytes, input, params } = messyCsv(SIZE);

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
