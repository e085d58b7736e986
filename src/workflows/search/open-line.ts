/**
 * A line that runs across chunk boundaries, searched in pieces: each chunk searches only its own
 * bytes (and the `patternLength − 1` bytes after them, for a match that straddles its end), and
 * the partials carry what the line's next piece needs. Memory never grows with the line.
 *
 * Matches count like `grep -o`: left to right, not overlapping. Where the pattern overlaps
 * itself ("aa" in "aaa"), a match found at a chunk's start may be taken by a match that began
 * in the chunk before, and which one is taken changes every later match of the line. So a
 * chunk's first piece of line is described for every place where the previous match may have
 * ended: as entries, one per match that can be the piece's first, each with the matches from it
 * to the piece's end and where the last of them ends (`next`). The previous match ends at most
 * `patternLength − 1` bytes into the piece, so only the matches starting there and the first one
 * after are ever first: a piece has at most `patternLength` entries (one where the pattern cannot
 * overlap itself), however long it is.
 */

/** A match that can be the first of a piece of line, and what follows from it. */
export interface Entry {
  /** Input offset of the match. */
  at: number;
  /** Matches from it (included) to the end of the piece. */
  matches: number;
  /** Input offset where the last of them ends: the next match may start there at the earliest. */
  next: number;
}

/** The line that starts last in a partial's range; it may go on in the next range. */
export interface OpenLine {
  /** Input offset of its first byte. */
  offset: number;
  /** Line number within the partial; null where newlines were not counted (never kept). */
  line: number | null;
  /** Whether a match starts in it so far. */
  matched: boolean;
  /** Its matches so far. */
  matches: number;
  /** Where its last match ends, or its offset when it has none yet. */
  next: number;
  /**
   * Already counted and kept in full (a version-2 partial read its last line to the end): the
   * pieces after it add nothing.
   */
  counted?: true;
}

/** The matches of a piece when the previous match ended at `next`; none: `next` passes on. */
export function lookup(piece: readonly Entry[], next: number): { matches: number; next: number } {
  for (const e of piece) if (e.at >= next) return { matches: e.matches, next: e.next };
  return { matches: 0, next };
}

/**
 * Piece `f` followed by piece `g`, as one piece. `length` is the pattern's length in bytes:
 * entries past the first one more than `length − 1` bytes after the first entry can never be a
 * first match, and are dropped, which keeps the entries at most `length`.
 */
export function composePieces(f: readonly Entry[], g: readonly Entry[], length: number): Entry[] {
  const out: Entry[] = f.map((e) => {
    const rest = lookup(g, e.next);
    return { at: e.at, matches: e.matches + rest.matches, next: rest.next };
  });
  // Past f's last entry, f passes `next` on to g.
  for (const e of g) out.push(e);
  if (out.length === 0) return out;
  const reach = out[0].at + length - 1;
  const beyond = out.findIndex((e) => e.at >= reach);
  return beyond === -1 ? out : out.slice(0, beyond + 1);
}

/** Line `t` continued by piece `g` (its next bytes, up to the next `\n` or the range's end). */
export function extendLine(t: OpenLine, g: readonly Entry[]): OpenLine {
  if (t.counted || g.length === 0) return t;
  const rest = lookup(g, t.next);
  return { ...t, matched: true, matches: t.matches + rest.matches, next: rest.next };
}
