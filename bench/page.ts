/** Exposes the bare baselines to the benchmark driver (bench/run.mjs) as `window.bench`. */
import { transfer, wrap } from 'comlink';
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

/**
 * Search's chunk code over the picked file on `n` fresh workers with no engine, two ways:
 * `split`: each worker streams its own contiguous share; `fed`: one more worker streams the whole
 * file and hands its pieces round-robin to the searchers (transferred, not copied).
 */
async function searchPicked(mode: 'split' | 'fed', n: number, pattern: string, piece = 4 << 20) {
  const f = document.querySelector<HTMLInputElement>('input[type=file]')?.files?.[0];
  if (!f) throw new Error('no file picked on the bench page');
  const threads = Array.from({ length: n + (mode === 'fed' ? 1 : 0) }, spawn);
  const workers = threads.map((t) => wrap<BareApi>(t));
  await Promise.all(workers.map((w) => w.spin(4)));
  const t0 = performance.now();
  let matches = 0;
  if (mode === 'split') {
    const share = Math.ceil(f.size / n / piece) * piece;
    const rs = await Promise.all(
      workers.map((w, i) =>
        w.searchSpanOf(
          f,
          Math.min(f.size, i * share),
          Math.min(f.size, (i + 1) * share),
          pattern,
          piece,
        ),
      ),
    );
    for (const r of rs) matches += r.matches;
  } else {
    const channels = Array.from({ length: n }, () => new MessageChannel());
    await Promise.all(
      channels.map((c, i) => workers[i + 1].searchFed(transfer(c.port1, [c.port1]), pattern, f)),
    );
    const r = await workers[0].feed(
      f,
      transfer(
        channels.map((c) => c.port2),
        channels.map((c) => c.port2),
      ),
      piece,
    );
    for (const t of r.totals) matches += t.matches;
  }
  const ms = performance.now() - t0;
  for (const t of threads) t.terminate();
  return { ms, matches, bytes: f.size };
}
(globalThis as unknown as { searchPicked: unknown }).searchPicked = searchPicked;
