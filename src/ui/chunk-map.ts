/**
 * The chunk map's logic: counts per state, and the map downsampled to the pixel columns it is
 * drawn in. A 100 GB input in 1 MiB chunks has ~100,000 chunks for a map ~1,000 pixels wide;
 * each column then shows the worst state among the chunks it covers (`WORST_FIRST`).
 */
import { CHUNK_CODES, type ChunkState } from '../app/types';
import { CHUNK_STATES, WORST_FIRST } from './chunk-palette';

export type { ChunkState };

export type ChunkCounts = Record<ChunkState, number> & { total: number };

/** How many chunks are in each state (`map`: one byte per chunk, `CHUNK_CODES`). */
export function countChunks(map: Uint8Array): ChunkCounts {
  const byCode = new Array<number>(CHUNK_CODES.length).fill(0);
  for (let i = 0; i < map.length; i++) byCode[map[i]]++;
  const c = { total: map.length } as ChunkCounts;
  CHUNK_CODES.forEach((s, code) => (c[s] = byCode[code]));
  return c;
}

/** Code → its place in `WORST_FIRST` (0 = worst). */
const RANK = Uint8Array.from(CHUNK_CODES, (s) => WORST_FIRST.indexOf(s));
/** Place in `WORST_FIRST` → code. */
const CODE_OF_RANK = Uint8Array.from(WORST_FIRST, (s) => CHUNK_CODES.indexOf(s));

/**
 * The map in at most `columns` columns, each the code of the worst state among the chunks it
 * covers: chunk `i` of `n` falls in column `floor(i · columns / n)`, so columns cover equal
 * shares of the input (±1 chunk). With no more chunks than columns, one column per chunk (the
 * map as it is). One pass over the chunks, whatever the number of columns.
 */
export function downsample(map: Uint8Array, columns: number): Uint8Array {
  const total = map.length;
  const n = Math.max(1, Math.floor(columns));
  if (total <= n) return map.slice();
  const ranks = new Uint8Array(n).fill(WORST_FIRST.length - 1);
  for (let i = 0; i < total; i++) {
    const c = Math.floor((i * n) / total);
    const r = RANK[map[i]];
    if (r < ranks[c]) ranks[c] = r;
  }
  return ranks.map((r) => CODE_OF_RANK[r]);
}

/**
 * "12 of 40 chunks done, 1 running, 1 retrying, 2 failed": the map's accessible name (the
 * automation contract's; running, retrying and failed only when there are any).
 */
export function describeChunks(c: ChunkCounts): string {
  const noun = c.total === 1 ? 'chunk' : 'chunks';
  let text = `${c.done} of ${c.total} ${noun} done`;
  if (c.running) text += `, ${c.running} running`;
  if (c.retrying) text += `, ${c.retrying} retrying`;
  if (c.failed) text += `, ${c.failed} failed`;
  return text;
}

/** The legend's entries, in legend order, each with its count. */
export function legendEntries(c: ChunkCounts): { state: ChunkState; count: number }[] {
  return CHUNK_STATES.map((state) => ({ state, count: c[state] }));
}

/** "done 812 · running 2 · pending 210 · retrying 0 · failed 0" */
export function legendText(c: ChunkCounts): string {
  return legendEntries(c)
    .map((e) => `${e.state} ${e.count}`)
    .join(' · ');
}
