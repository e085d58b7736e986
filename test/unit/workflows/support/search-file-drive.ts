/**
 * Search over a file on disk, chunk by chunk in order, the way the engine drives a map step (each
 * chunk's partial cloned as IndexedDB would, combined into the prefix, the prefix's hint given to
 * the next chunk), with the input never held in memory: the memory a search takes is then
 * Search's own, and it can be measured.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteReader, ChunkContext, OutputStore } from '../../../../src/engine/workflow';
import { type SearchParams, searchWorkflow } from '../../../../src/workflows';
import type { SearchPartial, SearchResult } from '../../../../src/workflows/search/partial';
import type { MapStep } from '../../../../src/engine/workflow';
import { resolveParams } from '../../helpers/drive';

export interface FileSearchOutcome {
  result: SearchResult;
  /** Largest structured clone of a partial (a chunk's or the prefix's), in bytes of JSON. */
  largestPartial: number;
  /** Largest growth of the process's resident memory over its size at the start, in bytes. */
  rssGrowth: number;
  /** Largest growth of memory in ArrayBuffers and external memory (WebAssembly's too). */
  bufferGrowth: number;
}

/** A reader of a file that reads only the ranges asked for (into `into` when given). */
function fileReader(fd: number): ByteReader & {
  readInto(start: number, end: number, into: Uint8Array): Uint8Array;
} {
  const size = fstatSync(fd).size;
  const readInto = (start: number, end: number, into?: Uint8Array) => {
    const s = Math.max(0, Math.min(start, size));
    const n = Math.max(0, Math.min(end, size) - s);
    const out = into ? into.subarray(0, n) : new Uint8Array(n);
    let at = 0;
    while (at < out.length) {
      const got = readSync(fd, out, at, out.length - at, s + at);
      if (got === 0) break;
      at += got;
    }
    return out.subarray(0, at);
  };
  return { size, read: async (start, end) => readInto(start, end), readInto };
}

const noOutput: OutputStore = {
  write: () => Promise.reject(new Error('Search writes no output')),
  read: () => Promise.reject(new Error('Search writes no output')),
  blob: () => Promise.reject(new Error('Search writes no output')),
  list: () => Promise.resolve([]),
};

/** Size of a partial as JSON (typed arrays as plain arrays): what its state costs to keep. */
function partialSize(p: SearchPartial): number {
  return JSON.stringify(p, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
  ).length;
}

export async function searchFile(
  path: string,
  params: Partial<SearchParams>,
  chunkSize: number,
): Promise<FileSearchOutcome> {
  const p = resolveParams(searchWorkflow, params);
  const step = searchWorkflow.steps[0] as MapStep<SearchParams, SearchPartial, SearchResult>;
  const fd = openSync(path, 'r');
  try {
    const input = fileReader(fd);
    const base = { params: p, runId: 'memory', outputs: {}, input, output: noOutput };
    const chunkCount = Math.max(1, Math.ceil(input.size / chunkSize));
    const mem = () => process.memoryUsage();
    const start = mem();
    let rssGrowth = 0;
    let bufferGrowth = 0;
    let largestPartial = 0;
    const sample = () => {
      const m = mem();
      rssGrowth = Math.max(rssGrowth, m.rss - start.rss);
      bufferGrowth = Math.max(
        bufferGrowth,
        m.arrayBuffers + m.external - start.arrayBuffers - start.external,
      );
    };
    // One buffer for every chunk, as the engine's workers reuse theirs.
    const chunkBuffer = new Uint8Array(chunkSize);
    let prefix = step.empty(p);
    for (let index = 0; index < chunkCount; index++) {
      const from = index * chunkSize;
      const to = Math.min(input.size, from + chunkSize);
      const ctx: ChunkContext<SearchParams> = {
        ...base,
        index,
        start: from,
        end: to,
        chunkCount,
        hint: step.hint?.(prefix, p),
      };
      const bytes = input.readInto(from, to, chunkBuffer);
      const partial = structuredClone(await step.map(bytes, ctx));
      sample();
      prefix = step.combine(prefix, partial, p);
      largestPartial = Math.max(largestPartial, partialSize(partial), partialSize(prefix));
    }
    const result = await step.finish(structuredClone(prefix), base);
    sample();
    return { result, largestPartial, rssGrowth, bufferGrowth };
  } finally {
    closeSync(fd);
  }
}
