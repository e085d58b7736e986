/**
 * A matched line as text pieces, the matches marked, cut around the first match when the line
 * is long. Plain pieces of text: the view renders them as text, never as HTML.
 */
export interface Piece {
  text: string;
  mark: boolean;
}

/** Characters kept before the first match when the line is cut there. */
export const LEAD = 40;
/** At most this many characters of a line are shown in its row. */
export const SHOWN = 400;

/**
 * `text` split at `ranges` (sorted, not overlapping, UTF-16 `[start, end)`), from the first
 * match less `LEAD` characters when it starts further in, and at most `SHOWN` characters.
 * `cutBefore` / `cutAfter` say that text was left out there.
 */
export function pieces(
  text: string,
  ranges: readonly (readonly [number, number])[],
): { pieces: Piece[]; cutBefore: boolean; cutAfter: boolean } {
  let from = 0;
  if (ranges.length > 0 && ranges[0][0] > LEAD * 2) from = ranges[0][0] - LEAD;
  // Never cut a surrogate pair in two.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  let to = Math.min(text.length, from + SHOWN);
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const out: Piece[] = [];
  let at = from;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < to) out.push({ text: text.slice(at, to), mark: false });
  return { pieces: out, cutBefore: from > 0, cutAfter: to < text.length };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
