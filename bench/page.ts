/** Exposes the bare baselines to the benchmark driver (bench/run.mjs) as `window.bench`. */
import { wrap } from 'comlink';
import type { BareApi } from './bare-worker';

const spawn = () => new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });
const bare = wrap<BareApi>(spawn());
(globalThis as unknown as { bench: unknown }).bench = bare;

/**
 * The browser's bare read of the file picked on this page ("Bench file"), in the bare worker:
 * `stream` reads it through `File.stream()`, `slice` as `slice().arrayBuffer()` pieces of `piece`.
 */
async function readPicked(kind: 'stream' | 'slice', piece = 4 << 20) {
  const input = document.querySelector<HTMLInputElement>('input[type=file]');
  const f = input?.files?.[0];
  if (!f) throw new Error('no file picked on the bench page');
  return kind === 'stream' ? bare.streamFile(f) : bare.sliceFile(f, piece);
}
(globalThis as unknown as { readPicked: unknown }).readPicked = readPicked;

/** The picked file hashed in the bare worker as it is read (see `hashFile`). */
async function hashPicked(how: 'byob' | 'plain', piece = 4 << 20) {
  const f = document.querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
  if (!f) throw new Error('no file picked on the bench page');
  return bare.hashFile(f, how, piece);
}
(globalThis as unknown as { hashPicked: unknown }).hashPicked = hashPicked;

/**
 * What a second worker buys on this machine with no engine around it: the same work split over
 * `n` fresh workers (`spin`: pure JavaScript; `read`: reading an OPFS file in 4 MiB slices).
 * Returns the wall time from the moment all workers are ready.
 */
async function parallelBaseline(
  kind: 'spin' | 'read',
  n: number,
  mib: number,
  path = '',
): Promise<{ ms: number }> {
  const threads = Array.from({ length: n }, spawn);
  const workers = threads.map((t) => wrap<BareApi>(t));
  // Started and warmed up (JIT) before the clock starts: this measures the machine, not start-up.
  await Promise.all(workers.map((w) => w.spin(4)));
  const share = Math.floor((mib * 1024 * 1024) / n);
  const t0 = performance.now();
  await Promise.all(
    workers.map((w, i) =>
      kind === 'spin' ? w.spin(mib / n) : w.readRange(path, i * share, (i + 1) * share, 4 << 20),
    ),
  );
  const ms = performance.now() - t0;
  for (const t of threads) t.terminate();
  return { ms };
}
(globalThis as unknown as { parallelBaseline: unknown }).parallelBaseline = parallelBaseline;

/** A file of `mib` MiB in this origin's OPFS for the `read` baseline (its bytes do not matter). */
async function makeOpfsFile(name: string, mib: number): Promise<void> {
  const root = await navigator.storage.getDirectory();
  const w = await (await root.getFileHandle(name, { create: true })).createWritable();
  const block = new Uint8Array(4 << 20).fill(97);
  for (let i = 0; i < mib / 4; i++) await w.write(block);
  await w.close();
}
(globalThis as unknown as { makeOpfsFile: unknown }).makeOpfsFile = makeOpfsFile;

import { checkpointLatency } from './checkpoint-latency';
(globalThis as unknown as { checkpointLatency: unknown }).checkpointLatency = checkpointLatency;

import { durabilityCost } from './durability-cost';
(globalThis as unknown as { durabilityCost: unknown }).durabilityCost = durabilityCost;

/** The picked file read with a new stream every `span` bytes (see the bare worker's `readSpansOf`). */
async function readSpansOf(span: number) {
  const f = document.querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
  if (!f) throw new Error('no file picked on the bench page');
  return bare.readSpansOf(f, span, 4 << 20);
}
(globalThis as unknown as { readSpansOf: unknown }).readSpansOf = readSpansOf;

/** The picked file copied into OPFS by the bare worker (see its `copyFile`). */
async function copyPicked(piece = 4 << 20, prealloc = false) {
  const f = document.querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
  if (!f) throw new Error('no file picked on the bench page');
  return bare.copyFile(f, piece, prealloc);
}
(globalThis as unknown as { copyPicked: unknown }).copyPicked = copyPicked;
