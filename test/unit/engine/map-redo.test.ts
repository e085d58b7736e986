/**
 * A map step whose chunks guess what the prefix before them ended with (`accepts` checks the
 * guess, as a parallel CSV parser checks its guessed quote state): a refused chunk is mapped
 * again with the exact prefix's hint, exactly once, and the result is what a sequential pass
 * over the bytes computes.
 */
import { describe, expect, it } from 'vitest';
import { defineWorkflow, type MapStep } from '../../../src/engine/workflow';
import { fileOf, newWorld, openTab, randomBytes, waitForRun } from '../helpers/engine-harness';

interface Chain {
  /** What the chunk assumed the prefix before it ended with (-1: nothing before it). */
  assumed: number;
  /** The chain value over the chunk's bytes, started from `assumed`. */
  value: number;
  last: number;
  chunks: number[];
}

/** A running value that depends on the byte before each byte: a chunk cannot start cold. */
function chain(prev: number, bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) {
    v = (v * 31 + ((b ^ prev) & 0xff)) % 1_000_003;
    prev = b;
  }
  return v;
}

function join(a: number, b: number, n: number): number {
  // (a · 31^n + b) mod p: the value of a's bytes followed by n more.
  let m = 1;
  for (let i = 0; i < n; i++) m = (m * 31) % 1_000_003;
  return (a * m + b) % 1_000_003;
}

const CHUNK = 100;
/** Map calls per chunk index (the test hosts run in this process). */
const maps = new Map<number, number>();

/** Every third chunk guesses wrong (255 ^ the true byte) unless the hint tells it. */
const chainStep: MapStep<Record<string, never>, Chain & { n: number }, number> = {
  kind: 'map',
  id: 'chain',
  async map(bytes, ctx) {
    maps.set(ctx.index, (maps.get(ctx.index) ?? 0) + 1);
    const before = ctx.index === 0 ? -1 : (await ctx.input.read(ctx.start - 1, ctx.start))[0];
    const assumed =
      ctx.hint !== undefined && ctx.redo
        ? (ctx.hint as number)
        : ctx.index % 3 === 1
          ? 255 ^ before
          : before;
    return {
      assumed,
      value: chain(assumed < 0 ? 0 : assumed, bytes),
      last: bytes[bytes.length - 1],
      chunks: [ctx.index],
      n: bytes.length,
    };
  },
  accepts: (a, r) => a.last === r.assumed,
  hint: (a) => a.last,
  combine: (a, b) => ({
    assumed: a.assumed,
    value: join(a.value, b.value, b.n),
    last: b.last,
    chunks: [...a.chunks, ...b.chunks],
    n: a.n + b.n,
  }),
  empty: () => ({ assumed: -1, value: 0, last: -1, chunks: [], n: 0 }),
  finish: (c) => c.value,
};

const chainMap = defineWorkflow<Record<string, never>, number>({
  id: 'test-chain',
  version: 1,
  label: 'Chain (test)',
  params: { defaults: {} },
  steps: [chainStep],
});

describe('map step: accepts refuses a guessed chunk', () => {
  it('maps it again with the exact hint, once, and the result is the sequential one', async () => {
    for (const workers of [1, 2, 3]) {
      const world = newWorld([chainMap]);
      const tab = await openTab(world, { workers, settings: { chunkSize: CHUNK } });
      maps.clear();
      const bytes = randomBytes(3000, 7 + workers);
      const id = await tab.engine.start('test-chain', fileOf(bytes), {});
      const run = await waitForRun(
        tab,
        id,
        (x) => x.status === 'completed' || x.status === 'failed',
      );
      expect(run.status, run.message ?? '').toBe('completed');
      // Independent reference: the chain over the whole input from the start.
      expect(run.result).toBe(chain(0, bytes));
      // Chunks 1, 4, 7…: refused once, redone once; the others mapped once.
      for (let i = 0; i < 30; i++) expect(maps.get(i), `chunk ${i}`).toBe(i % 3 === 1 ? 2 : 1);
      await tab.close();
    }
  });
});
