/**
 * The chunk map aggregated to a bounded number of cells: a 10 GB input in 1 MiB chunks has
 * ~10,000 chunks, which must not become 10,000 DOM nodes.
 */

export type ChunkState = 'pending' | 'running' | 'done' | 'failed';
/** A cell covers one or more chunks; "partial" = some done, none running or failed. */
export type CellState = ChunkState | 'partial';

export interface ChunkSummary {
  total: number;
  done: number;
  running: number;
  failed: number;
  /** ≤ maxCells cells, in chunk order. */
  cells: CellState[];
  /** How many chunks each cell covers (the last may cover fewer). */
  perCell: number;
}

export const MAX_CELLS = 200;

export function summarizeChunks(
  map: readonly ChunkState[],
  maxCells: number = MAX_CELLS,
): ChunkSummary {
  const total = map.length;
  let done = 0;
  let running = 0;
  let failed = 0;
  for (const s of map) {
    if (s === 'done') done++;
    else if (s === 'running') running++;
    else if (s === 'failed') failed++;
  }
  const perCell = Math.max(1, Math.ceil(total / Math.max(1, maxCells)));
  const cells: CellState[] = [];
  for (let start = 0; start < total; start += perCell) {
    const end = Math.min(total, start + perCell);
    let cellDone = 0;
    let cellRunning = false;
    let cellFailed = false;
    for (let i = start; i < end; i++) {
      const s = map[i];
      if (s === 'failed') cellFailed = true;
      else if (s === 'running') cellRunning = true;
      else if (s === 'done') cellDone++;
    }
    if (cellFailed) cells.push('failed');
    else if (cellRunning) cells.push('running');
    else if (cellDone === end - start) cells.push('done');
    else if (cellDone > 0) cells.push('partial');
    else cells.push('pending');
  }
  return { total, done, running, failed, cells, perCell };
}

/** "12 of 40 chunks done, 1 failed" — the accessible summary of the map. */
export function describeChunks(
  s: Pick<ChunkSummary, 'total' | 'done' | 'failed'> & { running?: number },
): string {
  const noun = s.total === 1 ? 'chunk' : 'chunks';
  let text = `${s.done} of ${s.total} ${noun} done`;
  if (s.running) text += `, ${s.running} running`;
  if (s.failed > 0) text += `, ${s.failed} failed`;
  return text;
}

/** Cell tooltip: "chunks 41–60" or "chunk 7" (1-based for people). */
export function cellRange(index: number, perCell: number, total: number): string {
  const first = index * perCell + 1;
  const last = Math.min(total, first + perCell - 1);
  return first === last ? `chunk ${first}` : `chunks ${first}–${last}`;
}
