/**
 * The custom-workflow example from docs/checkpointing.md, kept as running code (a browser test
 * runs it on two workers and reloads it mid-run). It counts how often each byte value occurs
 * (a map step: chunks in parallel), then a task step derives a summary and writes it as an
 * output file. It has no checkpoint code of its own: the engine provides all of it.
 */
import { WaymarkError } from '../../engine/errors';
import { defineWorkflow } from '../../engine/workflow';

export interface HistogramParams {
  /** How many of the most frequent byte values to report. */
  top: number;
}

export interface HistogramResult {
  bytes: number;
  /** Shannon entropy in bits per byte (0 to 8). */
  entropy: number;
  top: { byte: number; count: number }[];
}

export const byteHistogramWorkflow = defineWorkflow<HistogramParams, HistogramResult>({
  id: 'byte-histogram',
  version: 1,
  label: 'Byte histogram (example)',
  description: 'The engine example: byte value counts and entropy.',
  // Offered only with the "Developer tasks" setting on: it is for the docs and tests.
  group: 'Developer',
  order: 10,
  params: {
    defaults: { top: 5 },
    fields: [
      {
        kind: 'number',
        key: 'top',
        label: 'Most frequent values',
        min: 1,
        max: 256,
        integer: true,
      },
    ],
    validate(p) {
      if (!Number.isInteger(p.top) || p.top < 1 || p.top > 256)
        throw new WaymarkError('invalid-params', { detail: 'top must be a whole number 1–256' });
      return p;
    },
  },
  steps: [
    {
      kind: 'map',
      id: 'count',
      // Runs in a worker on one chunk; the result must be structured-cloneable.
      map(bytes) {
        const counts = new Array<number>(256).fill(0);
        for (let i = 0; i < bytes.length; i++) counts[bytes[i]]++;
        return counts;
      },
      // Associative; the engine applies it in chunk order and checkpoints the running total.
      combine: (a: number[], b: number[]) => a.map((v, i) => v + b[i]),
      empty: () => new Array<number>(256).fill(0),
      finish: (counts: number[]) => counts,
    },
    {
      kind: 'task',
      id: 'summary',
      // A later step sees earlier outputs; its own output is checkpointed when it completes.
      async run(ctx) {
        const counts = ctx.outputs.count as number[];
        const bytes = counts.reduce((s, c) => s + c, 0);
        let entropy = 0;
        for (const c of counts) if (c) entropy -= (c / bytes) * Math.log2(c / bytes);
        const top = counts
          .map((count, byte) => ({ byte, count }))
          .filter((x) => x.count > 0)
          .sort((a, b) => b.count - a.count || a.byte - b.byte)
          .slice(0, ctx.params.top);
        const result: HistogramResult = { bytes, entropy: Math.round(entropy * 1e4) / 1e4, top };
        // Output files are written before the commit that records them; rewriting is harmless.
        await ctx.output.write('histogram.json', new TextEncoder().encode(JSON.stringify(counts)));
        return result;
      },
    },
  ],
  summarize: (r) =>
    `${r.bytes} bytes, entropy ${r.entropy} bits/byte; most frequent: ${r.top.map((t) => `0x${t.byte.toString(16).padStart(2, '0')}×${t.count}`).join(', ')}`,
});
