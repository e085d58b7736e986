/**
 * Gzip: every chunk becomes one gzip member, written as its own output part; a gzip file may
 * hold many members and gunzip restores their concatenation, so the parts concatenated in order
 * are the compressed file. Chunks compress in parallel and a redone chunk rewrites the same
 * part with the same bytes. A final task hashes the result without loading it whole.
 */
import { defineWorkflow, type MapStep, type TaskStep } from '../../engine/workflow';
import { formatBytes } from '../shared/format';
import { gzipMember, sha256OfOutputs } from './compress';

/** Gzip has no options. */
export type GzipParams = Record<string, never>;

/**
 * Totals of compressed chunks. Part names follow from chunk indexes, so the partial stays the
 * same size however many chunks there are.
 */
export interface GzipTotals {
  inputBytes: number;
  outputBytes: number;
  /** Parts written, named partName(0 … parts - 1). */
  parts: number;
}

export interface GzipResult {
  inputBytes: number;
  outputBytes: number;
  /** SHA-256 of the whole .gz file, lowercase hex. */
  sha256OfOutput: string;
}

/** Output of the final task: the result plus what "Download output" needs. */
export interface GzipFinal extends GzipResult {
  parts: number;
}

export function partName(index: number): string {
  return `part-${String(index).padStart(8, '0')}.gz`;
}

export function partNames(parts: number): string[] {
  return Array.from({ length: parts }, (_, i) => partName(i));
}

const compressStep: MapStep<GzipParams, GzipTotals, GzipTotals> = {
  kind: 'map',
  id: 'compress',
  async map(bytes, ctx) {
    const member = await gzipMember(bytes);
    await ctx.output.write(partName(ctx.index), member);
    return { inputBytes: bytes.length, outputBytes: member.length, parts: 1 };
  },
  combine: (a, b) => ({
    inputBytes: a.inputBytes + b.inputBytes,
    outputBytes: a.outputBytes + b.outputBytes,
    parts: a.parts + b.parts,
  }),
  empty: () => ({ inputBytes: 0, outputBytes: 0, parts: 0 }),
  finish: (combined) => combined,
};

const finalizeStep: TaskStep<GzipParams, GzipFinal> = {
  kind: 'task',
  id: 'finalize',
  async run(ctx) {
    const totals = ctx.outputs[compressStep.id] as GzipTotals;
    let parts = totals.parts;
    if (parts === 0) {
      // An empty input has no chunks, but "Download output" must still give a valid (empty) .gz.
      await ctx.output.write(partName(0), await gzipMember(new Uint8Array(0)));
      parts = 1;
    }
    const { hex, bytes } = await sha256OfOutputs(ctx.output, partNames(parts));
    return { inputBytes: totals.inputBytes, outputBytes: bytes, sha256OfOutput: hex, parts };
  },
};

export const gzipWorkflow = defineWorkflow<GzipParams, GzipResult>({
  id: 'gzip',
  version: 1,
  label: 'Gzip',
  description: 'Compresses the file to .gz, in parallel.',
  group: 'Convert',
  order: 10,
  params: { defaults: {} },
  steps: [compressStep, finalizeStep],
  result: (outputs) => {
    const f = outputs[finalizeStep.id] as GzipFinal;
    return {
      inputBytes: f.inputBytes,
      outputBytes: f.outputBytes,
      sha256OfOutput: f.sha256OfOutput,
    };
  },
  resultView: 'gzip',
  summarize: (r) =>
    `${formatBytes(r.inputBytes)} → ${formatBytes(r.outputBytes)}` +
    (r.inputBytes > 0 ? ` (${((100 * r.outputBytes) / r.inputBytes).toFixed(1)}%)` : '') +
    `, SHA-256 ${r.sha256OfOutput}`,
  outputFile: (outputs, inputName) => {
    const f = outputs[finalizeStep.id] as GzipFinal | undefined;
    if (!f) return undefined;
    return { name: `${inputName}.gz`, parts: partNames(f.parts), type: 'application/gzip' };
  },
});
