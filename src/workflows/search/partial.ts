/**
 * The map-step partial of Search and how partials combine. Line numbers inside a partial count
 * from the partial's first byte; combining shifts the right side by the newlines of the left.
 *
 * A partial covers a byte range and splits it at its `\n` bytes: the piece before the first one
 * (`head`: the rest of a line that started before the range), the lines that start and end in
 * it (counted and kept), and the line that starts last (`tail`), which may go on past the range.
 * Combining joins the left's tail with the right's head (open-line.ts), so a line of any length
 * is searched a chunk at a time, and a partial's size never depends on the lines' lengths.
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
  keptFromLines,
} from './kept-lines';
import { readKeptLines } from './line-text';
import { type Entry, type OpenLine, composePieces, extendLine } from './open-line';

export type { SearchLine } from './kept-lines';

export interface SearchPartial {
  /**
   * `\n` bytes in the partial's own byte range; null where they were not counted because no
   * line of the partial or after it can be kept (the prefix before it already held lineCap).
   */
  newlines: number | null;
  /** Matches in the lines that start and end inside the range. */
  matches: number;
  /** Those lines that match. */
  matchingLines: number;
  /** Where the first of them are, at most `lineCap`: their texts are read in finish. */
  lines: KeptLines;
  /**
   * The range's bytes up to its first `\n` (all of them where it has none), when they continue a
   * line that started before it; empty when the range starts a line.
   */
  head: Entry[];
  /** The line that starts last in the range (after its last `\n`); null when none starts in it. */
  tail: OpenLine | null;
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
  return {
    newlines: 0,
    matches: 0,
    matchingLines: 0,
    lines: emptyKeptLines(),
    head: [],
    tail: null,
  };
}

const shiftLine = (t: OpenLine | null, by: number | null): OpenLine | null =>
  t === null ? null : { ...t, line: t.line === null || by === null ? null : t.line + by };

/**
 * `left` followed by `right`. Associative; keeps the first `lineCap` lines of the two in order.
 * `patternLength` is the pattern's length in UTF-8 bytes.
 */
export function combineSearchPartials(
  left: SearchPartial,
  right: SearchPartial,
  lineCap: number,
  patternLength: number,
): SearchPartial {
  const newlines =
    left.newlines === null || right.newlines === null ? null : left.newlines + right.newlines;
  // The left lies inside one line, which the right's head goes on with.
  if (left.tail === null)
    return {
      ...right,
      newlines,
      lines: appendLines(left, right.lines, lineCap),
      head: composePieces(left.head, right.head, patternLength),
      tail: shiftLine(right.tail, left.newlines),
    };
  const joined = extendLine(left.tail, right.head);
  // The right lies inside the left's last line.
  if (right.tail === null) return { ...left, newlines, tail: joined };
  // The left's last line ends in the right: it is complete now. (A line counted already has
  // no match of its own: extendLine adds none to it.)
  const withJoined: SearchPartial = joined.matched
    ? { ...left, lines: keepLine(left, joined, lineCap) }
    : left;
  return {
    newlines,
    matches: left.matches + joined.matches + right.matches,
    matchingLines: left.matchingLines + (joined.matched ? 1 : 0) + right.matchingLines,
    lines: appendLines(withJoined, right.lines, lineCap),
    head: left.head,
    tail: shiftLine(right.tail, left.newlines),
  };
}

/** `p`'s lines followed by `more` (numbered from p's end), up to lineCap in all. */
function appendLines(p: SearchPartial, more: KeptLines, lineCap: number): KeptLines {
  const room = lineCap - keptCount(p.lines);
  const n = keptCount(more);
  // Once the prefix is full (the usual case past the first chunks), the right's lines are not
  // looked at and the left's columns are passed on as they are.
  if (room <= 0 || n === 0) return p.lines;
  if (p.newlines === null)
    throw new WaymarkError('internal', {
      detail: 'search lines follow a partial whose newlines were not counted',
    });
  return appendKept(p.lines, more, Math.min(room, n), p.newlines);
}

/**
 * `p`'s lines and its completed last line `t` after them, if there is room. A line without a
 * number started in a chunk that kept no line, because lineCap lines came before it: it is
 * never among the first lineCap.
 */
function keepLine(p: SearchPartial, t: OpenLine, lineCap: number): KeptLines {
  if (keptCount(p.lines) >= lineCap || t.line === null) return p.lines;
  return appendKept(p.lines, keptFromLines([{ line: t.line, offset: t.offset }]), 1, 0);
}

/** The whole input's partial with its last line complete: the input's end ends it. */
export function closeSearchPartial(p: SearchPartial, lineCap: number): SearchPartial {
  const end: SearchPartial = {
    ...emptySearchPartial(),
    tail: { offset: 0, line: 1, matched: false, matches: 0, next: 0 },
  };
  return combineSearchPartials(p, end, lineCap, 1);
}

/** The result: the counts, and the kept lines with their texts read from the input. */
export async function finishSearch(
  partial: SearchPartial,
  input: ByteReader,
  lineCap: number,
): Promise<SearchResult> {
  const p = closeSearchPartial(partial, lineCap);
  const lines = await readKeptLines(p.lines, input);
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines,
    truncated: p.matchingLines > lines.length,
  };
}
