/** Small workflows for engine tests: a fold, a map and a task, alone and chained. */
import { defineWorkflow } from '../../../src/engine';

/** FNV-1a over all bytes, folded sequentially; the state is plain data. */
export const fnvFold = defineWorkflow<Record<string, never>, string>({
  id: 'test-fnv',
  version: 1,
  label: 'FNV (test)',
  params: { defaults: {} },
  steps: [
    {
      kind: 'fold',
      id: 'fnv',
      init: () => ({ h: 0x811c9dc5, n: 0 }),
      update(s: { h: number; n: number }, bytes: Uint8Array) {
        let h = s.h;
        for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
        return { h, n: s.n + bytes.length };
      },
      finish: (s: { h: number; n: number }) => `${s.h.toString(16)}:${s.n}`,
    },
  ],
});

export function fnvOf(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return `${h.toString(16)}:${bytes.length}`;
}

/** Per-chunk sum and count of bytes; each chunk also lists its index so double counting shows. */
export const sumMap = defineWorkflow<Record<string, never>, { sum: number; chunks: number[] }>({
  id: 'test-sum',
  version: 1,
  label: 'Sum (test)',
  params: { defaults: {} },
  steps: [
    {
      kind: 'map',
      id: 'sum',
      map(bytes: Uint8Array, ctx) {
        let s = 0;
        for (let i = 0; i < bytes.length; i++) s += bytes[i];
        return { sum: s, chunks: [ctx.index] };
      },
      combine: (a: { sum: number; chunks: number[] }, b: { sum: number; chunks: number[] }) => ({
        sum: a.sum + b.sum,
        chunks: [...a.chunks, ...b.chunks],
      }),
      empty: () => ({ sum: 0, chunks: [] as number[] }),
      finish: (c: { sum: number; chunks: number[] }) => c,
    },
  ],
});

/** Fold, then map, then a task that sees both outputs and writes an output file. */
export const mixed = defineWorkflow<
  Record<string, never>,
  { fnv: string; sum: number; chunks: number; note: string }
>({
  id: 'test-mixed',
  version: 1,
  label: 'Mixed (test)',
  params: { defaults: {} },
  steps: [
    fnvFold.steps[0],
    sumMap.steps[0],
    {
      kind: 'task',
      id: 'report',
      async run(ctx) {
        const fnv = ctx.outputs.fnv as string;
        const s = ctx.outputs.sum as { sum: number; chunks: number[] };
        const sorted = [...s.chunks].sort((a, b) => a - b);
        if (sorted.some((c, i) => c !== i))
          throw new Error(`chunks counted wrongly: ${s.chunks.join(',')}`);
        const note = `fnv ${fnv} sum ${s.sum}`;
        await ctx.output.write('report.txt', new TextEncoder().encode(note));
        return { fnv, sum: s.sum, chunks: s.chunks.length, note };
      },
    },
  ],
});
