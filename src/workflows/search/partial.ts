/**
 * The map-step partial of Search and how partials combine. Line numbers inside a partial count
 * from the partial's first byte; combining shifts the right side by the newlines of the left.
 */
import { WaymarkError } from '../../engine/errors';

export interface SearchLine {
  /** 1-based, as `grep -n` prints it. */
  line: number;
  /** Byte offset of the line's first byte in the input. */
  offset: number;
  /** The line without its `\n` (a `\r` before it stays, as grep keeps it), decoded leniently. */
  text: string;
  /** Present when `text` was cut to MAX_LINE_TEXT characters. */
  textTruncated?: true;
}

export interface SearchPartial {
  /**
   * `\n` bytes in the partial's own byte range; null where they were not counted because no
   * line of the partial or after it can be kept (the prefix before it already held lineCap).
   */
  newlines: number | null;
  matches: number;
  matchingLines: number;
  /** The first matching lines, at most `lineCap`. */
  lines: SearchLine[];
}

export interface SearchResult {
  matches: number;
  matchingLines: number;
  lines: SearchLine[];
  /** True when more lines matched than `lines` holds. */
  truncated: boolean;
}

export function emptySearchPartial(): SearchPartial {
  return { newlines: 0, matches: 0, matchingLines: 0, lines: [] };
}

/** `a` followed by `b`. Associative; keeps the first `lineCap` lines of the two in order. */
export function combineSearchPartials(
  a: SearchPartial,
  b: SearchPartial,
  lineCap: number,
): SearchPartial {
  let lines = a.lines;
  const room = lineCap - a.lines.length;
  if (room > 0 && b.lines.length > 0) {
    if (a.newlines === null)
      throw new WaymarkError('internal', {
        detail: 'search lines follow a partial whose newlines were not counted',
      });
    const shift = a.newlines;
    lines = a.lines.concat(b.lines.slice(0, room).map((l) => ({ ...l, line: l.line + shift })));
  }
  return {
    newlines: a.newlines === null || b.newlines === null ? null : a.newlines + b.newlines,
    matches: a.matches + b.matches,
    matchingLines: a.matchingLines + b.matchingLines,
    lines,
  };
}

export function finishSearch(p: SearchPartial): SearchResult {
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines: p.lines,
    truncated: p.matchingLines > p.lines.length,
  };
}
