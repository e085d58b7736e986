/**
 * The map-step partial of Search and how partials combine. Line numbers inside a partial count
 * from the partial's first byte; combining shifts the right side by the newlines of the left.
 */
import { WaymarkError } from '../../engine/errors';
import type { ByteReader } from '../../engine/workflow';
import {
  type KeptLines,
  type KeptLinesBuilder,
  type SearchLine,
  appendKept,
  emptyKeptLines,
  keptCount,
} from './kept-lines';
import { readKeptLines } from './line-text';

export type { SearchLine } from './kept-lines';

export interface SearchPartial {
  /**
   * `\n` bytes in the partial's own byte range; null where they were not counted because no
   * line of the partial or after it can be kept (the prefix before it already held lineCap).
   */
  newlines: number | null;
  matches: number;
  matchingLines: number;
  /** Where the first matching lines are, at most `lineCap`: their texts are read in finish. */
  lines: KeptLines;
}

/** A partial while its chunk is being searched: its lines still grow. */
export type SearchPartialDraft = Omit<SearchPartial, 'lines'> & { lines: KeptLinesBuilder };

export interface SearchResult {
  matches: number;
  matchingLines: number;
  lines: SearchLine[];
  /** True when more lines matched than `lines` holds. */
  truncated: boolean;
}

export function emptySearchPartial(): SearchPartial {
  return { newlines: 0, matches: 0, matchingLines: 0, lines: emptyKeptLines() };
}

/** `a` followed by `b`. Associative; keeps the first `lineCap` lines of the two in order. */
export function combineSearchPartials(
  left: SearchPartial,
  right: SearchPartial,
  lineCap: number,
): SearchPartial {
  let lines = left.lines;
  const room = lineCap - keptCount(left.lines);
  const more = keptCount(right.lines);
  // Once the prefix is full (the usual case past the first chunks), b's lines are not looked at
  // and a's columns are passed on as they are.
  if (room > 0 && more > 0) {
    if (left.newlines === null)
      throw new WaymarkError('internal', {
        detail: 'search lines follow a partial whose newlines were not counted',
      });
    lines = appendKept(left.lines, right.lines, Math.min(room, more), left.newlines);
  }
  return {
    newlines:
      left.newlines === null || right.newlines === null ? null : left.newlines + right.newlines,
    matches: left.matches + right.matches,
    matchingLines: left.matchingLines + right.matchingLines,
    lines,
  };
}

/** The result: the counts, and the kept lines with their texts read from the input. */
export async function finishSearch(p: SearchPartial, input: ByteReader): Promise<SearchResult> {
  const lines = await readKeptLines(p.lines, input);
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines,
    truncated: p.matchingLines > lines.length,
  };
}
