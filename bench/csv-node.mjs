// node bench/csv-node.mjs [--size MiB] [--chunk MiB] [--rounds N]
// One thread of the parallel CSV profile in Node, on the messy CSV of `npm run bench -- --only csv`:
// the map function (src/workflows/csv/chunk.ts) over every chunk in turn, in MB/s of CPU time,
// with the column summaries (as a worker runs it) and with a no-op `ColumnSummary.add` (the
// parser's ceiling), beside a bare loop over the same bytes. Node runs the same bundled JS as a
// worker, so its MB/s is one worker's. Profile with `node --cpu-prof bench/csv-node.mjs`.
import { MiB, bundle, messyCsv, numberArg } from './csv-harness.mjs';

const SIZE = numberArg('size', 64) * MiB;
const CHUNK = numberArg('chunk', 8) * MiB;
const ROUNDS = numberArg('rounds', 2);

// WAYMARK_BUNDLE=<file>: a bundle edited by hand, to try a change before making it in the source.
const { mapChunk, ColumnSummary } = await bundle({
  mapChunk: 'src/workflows/csv/chunk.ts',
  ColumnSummary: 'src/workflows/csv/summary/index.ts',
});
const { bytes, input, params } = messyCsv(SIZE);

/**
 * All chunks in order, each hinted with the exact end of the records before (no guesses) and
 * with the columns a chunk before it had to sketch (the combined prefix has, then, too).
 */
async function profile() {
  let hint;
  let rows = 0;
  let sketched;
  for (let start = 0, index = 0; start < bytes.length; start += CHUNK, index++) {
    const end = Math.min(bytes.length, start + CHUNK);
    const ctx = { index, start, end, chunkCount: 0, input, params, hint };
    const p = await mapChunk(bytes.subarray(start, end), ctx);
    if (p.failed) throw new Error(`chunk ${index} failed`);
    rows += p.rows;
    const now = p.columns.map((c, i) => c.table === null || (sketched?.[i] ?? false));
    if (now.length > 0) sketched = now;
    hint = { head: hint?.head ?? p.head, endAt: p.endAt, rows, sketched };
  }
  return rows;
}

async function timed(label, run) {
  let best = Infinity;
  let result;
  for (let r = 0; r < ROUNDS; r++) {
    globalThis.gc?.();
    // CPU time, not wall time: on a shared, loaded machine the process waits for a core.
    const t = process.cpuUsage();
    result = await run();
    const u = process.cpuUsage(t);
    best = Math.min(best, (u.user + u.system) / 1e6);
  }
  const mbs = bytes.length / 1e6 / best;
  console.log(
    `${label.padEnd(34)} ${best.toFixed(3).padStart(7)} s  ${mbs.toFixed(1).padStart(7)} MB/s`,
  );
  return result;
}

console.log(
  `CSV profile, one thread, ${(bytes.length / MiB).toFixed(0)} MiB messy CSV (20 columns), ${CHUNK / MiB} MiB chunks (node ${process.version})`,
);
await timed('bare loop (sum of bytes)', async () => {
  let s = 0;
  for (let i = 0; i < bytes.length; i++) s = (s + bytes[i]) | 0;
  return s;
});
const rows = await timed('parser + summaries', profile);
const add = ColumnSummary.prototype.add;
ColumnSummary.prototype.add = function noop() {};
await timed('parser only (no-op add)', profile);
ColumnSummary.prototype.add = add;
console.log(`rows: ${rows}`);
