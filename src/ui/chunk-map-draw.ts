/**
 * Draws the downsampled chunk map on a 2D canvas context, in the shapes and colours of
 * `chunk-palette.ts`. Neighbouring columns of one state are one rectangle, so a frame costs at
 * most a few rectangles per pixel column, however many chunks there are.
 */
import { CHUNK_CODES } from '../app/types';
import { CHUNK_SHAPE, MARK_MIN_PX, type ChunkPalette } from './chunk-palette';

/** What the drawing needs of a `CanvasRenderingContext2D` (a counting fake in tests). */
export interface Painter {
  fillStyle: string | CanvasGradient | CanvasPattern;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

/** Canvas size in device pixels, and the device pixels per CSS pixel. */
export interface MapGeometry {
  width: number;
  height: number;
  dpr: number;
}

/** The lane above the bars where retrying and failed chunks get their marks (CSS px). */
export const MARK_LANE_PX = 6;
/** Gap between chunks when each has room for one (CSS px). */
const GAP_PX = 1;

/**
 * Paints `columns` (codes, `CHUNK_CODES`) across the canvas and returns how many rectangles it
 * filled (the work of a frame).
 */
export function drawChunkMap(
  p: Painter,
  columns: Uint8Array,
  g: MapGeometry,
  palette: ChunkPalette,
): number {
  const { width, height, dpr } = g;
  p.clearRect(0, 0, width, height);
  const m = columns.length;
  if (m === 0 || width <= 0) return 0;
  const lane = Math.round(MARK_LANE_PX * dpr);
  const barTop = lane + Math.round(dpr);
  const barHeight = height - barTop;
  const per = width / m;
  // Gaps only where a chunk is wide enough to keep most of its width.
  const gap = per >= 4 * dpr ? Math.round(GAP_PX * dpr) : 0;
  const markMin = Math.round(MARK_MIN_PX * dpr);
  let rects = 0;
  for (let start = 0; start < m;) {
    const code = columns[start];
    let end = start + 1;
    // Without gaps, a run of one state is one rectangle.
    if (gap === 0) while (end < m && columns[end] === code) end++;
    const state = CHUNK_CODES[code];
    const shape = CHUNK_SHAPE[state];
    const x0 = Math.floor(start * per);
    const x1 = Math.max(x0 + 1, Math.floor(end * per) - gap);
    const h = Math.max(Math.round(dpr), Math.round(barHeight * shape.bar));
    p.fillStyle = palette[state];
    p.fillRect(x0, height - h, x1 - x0, h);
    rects++;
    if (shape.mark) {
      const w = Math.max(markMin, x1 - x0);
      const x = Math.max(0, Math.min(width - w, Math.round((x0 + x1 - w) / 2)));
      const mh = Math.round(lane * shape.mark);
      p.fillRect(x, lane - mh, w, mh);
      rects++;
    }
    start = end;
  }
  return rects;
}
