/**
 * How the chunk map draws each chunk state: one table of colours (light and dark, with the run
 * card's background they are drawn on) and shapes. `test/unit/ui/chunk-palette.test.ts` checks
 * the WCAG contrast ratios of this table and that `card` is the stylesheet's `--surface`.
 *
 * Colour alone cannot tell five states apart at 3:1 each: WCAG contrast runs from 1 to 21, and
 * 3 · 3 · 3 = 27 > 21, so at most three colours, the card included, are 3:1 from one another.
 * So every state is 3:1 against the card, and states are told apart by shape too:
 *  - done and running are full-height bars, 3:1 from each other;
 *  - pending is a low bar along the bottom (the track still to go);
 *  - retrying and failed are full-height bars with a mark in the lane above the bars, at least
 *    `MARK_MIN_PX` wide so that a single pixel column of them is seen: a short mark for
 *    retrying, a full-lane one for failed.
 */

import type { ChunkState } from '../app/types';

export type { ChunkState };

/** The legend's order. */
export const CHUNK_STATES: readonly ChunkState[] = [
  'done',
  'running',
  'pending',
  'retrying',
  'failed',
];

/**
 * Which state a pixel column covering several chunks shows, worst first: a failure is never
 * hidden by the done chunks around it, nor a retry by running ones.
 */
export const WORST_FIRST: readonly ChunkState[] = [
  'failed',
  'retrying',
  'running',
  'pending',
  'done',
];

export interface ChunkPalette {
  /** The run card's background (`--surface`), which the map is drawn on. */
  card: string;
  pending: string;
  running: string;
  done: string;
  retrying: string;
  failed: string;
  /** The fold strip's checkpoint marks. */
  checkpoint: string;
}

export const CHUNK_PALETTE: Record<'light' | 'dark', ChunkPalette> = {
  light: {
    card: '#ffffff',
    pending: '#75868d',
    running: '#0d2f45',
    done: '#2f8a57',
    retrying: '#a86b00',
    failed: '#c0352b',
    checkpoint: '#1b2a30',
  },
  dark: {
    card: '#162328',
    pending: '#7d8f96',
    running: '#bfe6f2',
    done: '#2f8a57',
    retrying: '#e0a93b',
    failed: '#f0776d',
    checkpoint: '#e6eef0',
  },
};

/** How a state is drawn: its bar's height (share of the bar area) and its mark, if any. */
export interface ChunkShape {
  bar: number;
  /** Height of the mark above the bars, as a share of the mark lane. */
  mark?: number;
}

export const CHUNK_SHAPE: Record<ChunkState, ChunkShape> = {
  done: { bar: 1 },
  running: { bar: 1 },
  pending: { bar: 0.3 },
  retrying: { bar: 1, mark: 0.5 },
  failed: { bar: 1, mark: 1 },
};

/** A mark is at least this wide (CSS px), whatever the width of the chunks it stands for. */
export const MARK_MIN_PX = 3;
