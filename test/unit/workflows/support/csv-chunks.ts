/**
 * The CSV profile's chunks walked in order as the map step runs them when each is dispatched
 * after the one before is combined: every chunk mapped from its exact start (hinted by the
 * prefix so far), its result cloned as a worker posts it, then combined into the prefix.
 */
import type { ChunkContext } from '../../../../src/engine/workflow';
import { mapChunk } from '../../../../src/workflows/csv/chunk';
import type { CsvParams } from '../../../../src/workflows/csv/head';
import {
  type CsvHint,
  type CsvPartial,
  combinePartials,
  emptyPartial,
  hintOf,
} from '../../../../src/workflows/csv/partial';

export const CSV_PARAMS: CsvParams = { delimiter: 'auto', quote: '"' };

export interface WalkedChunk {
  /** What the chunk was told. */
  hint: CsvHint | undefined;
  /** Its result, as the page receives it. */
  part: CsvPartial;
}

/**
 * Maps `bytes` in chunks of `size`; `adjust` may change each chunk's hint before it is mapped.
 * Returns the chunks' results and the prefix they combine into.
 */
export async function walkChunks(
  bytes: Uint8Array,
  size: number,
  adjust: (hint: CsvHint | undefined) => CsvHint | undefined = (h) => h,
  params: CsvParams = CSV_PARAMS,
): Promise<{ parts: WalkedChunk[]; prefix: CsvPartial }> {
  const input = { size: bytes.length, read: async (a: number, b: number) => bytes.slice(a, b) };
  const parts: WalkedChunk[] = [];
  let prefix = emptyPartial();
  for (let start = 0, index = 0; start < bytes.length; start += size, index++) {
    const end = Math.min(bytes.length, start + size);
    const hint = adjust(hintOf(prefix));
    const ctx = { index, start, end, chunkCount: 0, input, params, hint };
    const part = structuredClone(
      await mapChunk(bytes.slice(start, end), ctx as unknown as ChunkContext<CsvParams>),
    );
    parts.push({ hint, part });
    prefix = combinePartials(prefix, structuredClone(part));
  }
  return { parts, prefix };
}
