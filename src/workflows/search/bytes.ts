/**
 * Literal search in raw UTF-8 bytes, so that Search never decodes a line that does not match.
 *
 * UTF-8 is self-synchronising: the bytes of a valid character sequence occur in a text exactly
 * where its characters do (a lead byte never passes for a continuation byte), so byte matches are
 * character matches, and left-to-right non-overlapping byte matches count like `grep -o`.
 */

/** Finds one literal in byte ranges. */
export interface ByteLiteral {
  /** Length of the pattern in bytes. */
  readonly length: number;
  /** Whether two matches can overlap ("aa" in "aaa"): the pattern begins as it ends. */
  readonly selfOverlapping: boolean;
  /** Start of the first match lying wholly inside [from, to), or -1. */
  find(bytes: Uint8Array, from: number, to: number): number;
  /**
   * Matches (left to right, not overlapping) and matching lines in bytes[from, to), where `from`
   * starts a line or is where a match may start next, and lines end at "\n" or at `to`.
   */
  count(bytes: Uint8Array, from: number, to: number): Counted;
  /** `\n` bytes in bytes[from, to). */
  newlines(bytes: Uint8Array, from: number, to: number): number;
  /** The first `max` matching lines of bytes[from, to), where `from` starts a line. */
  lines(bytes: Uint8Array, from: number, to: number, max: number): MatchingLines;
  /**
   * Tells the literal which bytes the next calls search, so an implementation that keeps its
   * own copy makes it once per chunk; `undefined` when done with them, before their memory is
   * reused for other bytes. Calls on bytes not loaded still answer rightly.
   */
  load(bytes: Uint8Array | undefined): void;
}

/** What `ByteLiteral.count` found. */
export interface Counted {
  matches: number;
  lines: number;
  /**
   * Where the last match ends (`from` when there is none): a line that goes on past `to` has
   * its next match start there at the earliest (chunk.ts carries it into the next chunk).
   */
  next: number;
}

/** Matching lines found by `ByteLiteral.lines`. */
export interface MatchingLines {
  count: number;
  /**
   * Per line, three numbers: its start, its end (its `\n`, or `to`), and the `\n` bytes from
   * the previous line's start (from `from` for the first) to its start. May be a view that the
   * next call overwrites.
   */
  data: ArrayLike<number>;
  /** Matches in those lines. */
  matches: number;
  /** Where they end: after the last one's `\n`, or `to` when no more lines match. */
  stop: number;
}

const NL = 10;

const IDENTITY = Uint8Array.from({ length: 256 }, (_, i) => i);
/** ASCII letters to lower case, every other byte unchanged. */
const ASCII_FOLD = Uint8Array.from({ length: 256 }, (_, i) =>
  i >= 0x41 && i <= 0x5a ? i + 0x20 : i,
);

/**
 * A Boyer–Moore–Horspool search: it looks at one byte in about every `length` when the text
 * rarely resembles the pattern, and beats `indexOf` on the rarest byte when matches are dense.
 * With `foldAscii`, A–Z and a–z compare equal (and nothing else is folded).
 */
export function byteLiteral(pattern: Uint8Array, foldAscii = false): ByteLiteral {
  const m = pattern.length;
  if (m === 0) throw new RangeError('empty pattern');
  const fold = foldAscii ? ASCII_FOLD : IDENTITY;
  const pat = pattern.map((b) => fold[b]);
  // shift[b]: how far the window may move when its last byte is b.
  const shift = new Int32Array(256).fill(m);
  for (let k = 0; k < m - 1; k++)
    for (let b = 0; b < 256; b++) if (fold[b] === pat[k]) shift[b] = m - 1 - k;
  return {
    length: m,
    selfOverlapping: hasBorder(pat),
    find: foldAscii ? foldedFinder(pat, shift) : exactFinder(pat, shift),
    count: (bytes, from, to) => countTwoWays(pat, shift, fold, bytes, from, to),
    newlines: countNewlines,
    load: () => {},
    lines(bytes, from, to, max) {
      return linesOf(this, bytes, from, to, max);
    },
  };
}

/** Whether some proper prefix of `pat` is also its suffix (the failure function of KMP). */
export function hasBorder(pat: Uint8Array): boolean {
  const fail = new Int32Array(pat.length);
  for (let i = 1, k = 0; i < pat.length; i++) {
    while (k > 0 && pat[i] !== pat[k]) k = fail[k - 1];
    if (pat[i] === pat[k]) k++;
    fail[i] = k;
  }
  return pat.length > 1 && fail[pat.length - 1] > 0;
}

/** `ByteLiteral.lines` from its `find`, `count` and `newlines`. */
export function linesOf(
  lit: ByteLiteral,
  bytes: Uint8Array,
  from: number,
  to: number,
  max: number,
): MatchingLines {
  const data: number[] = [];
  let matches = 0;
  let prev = from;
  let at = from;
  while (data.length < 3 * max) {
    const p = lit.find(bytes, at, to);
    if (p === -1) return { count: data.length / 3, data, matches, stop: to };
    let end = bytes.indexOf(NL, p + lit.length);
    if (end === -1 || end > to) end = to;
    // (lastIndexOf from -1 would search from the end.)
    const start = p > prev ? Math.max(prev, bytes.lastIndexOf(NL, p - 1) + 1) : p;
    data.push(start, end, lit.newlines(bytes, prev, start));
    prev = start;
    // A pattern never holds "\n", so its matches never cross a line end.
    matches += lit.count(bytes, p, end).matches;
    at = end + 1;
    if (end >= to) return { count: data.length / 3, data, matches, stop: to };
  }
  return { count: max, data, matches, stop: at };
}

/** `\n` bytes in bytes[from, to). */
export function countNewlines(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(NL, from); i !== -1 && i < to; i = bytes.indexOf(NL, i + 1)) n++;
  return n;
}

/**
 * Counts with two Horspool windows, one per half of the range (split at a line start), moved
 * in the same loop. Each window's next position depends on a load that depends on a load, so a
 * single window waits on memory at every step; two independent ones overlap those waits, which
 * makes counting 1.2–1.8× faster (more where matches are rare). The two blocks in the loop are
 * one step of window `a` and of window `b`, written out because a call per step costs more.
 */
function countTwoWays(
  pat: Uint8Array,
  shift: Int32Array,
  fold: Uint8Array,
  bytes: Uint8Array,
  from: number,
  to: number,
): Counted {
  const m = pat.length;
  const last = pat[m - 1];
  const nl = bytes.indexOf(NL, (from + to) >>> 1);
  const mid = nl === -1 || nl >= to ? to : nl + 1;
  // Per window: position of its last byte, matches, matching lines, end of the last such line,
  // end of its last match.
  let a = from + m - 1;
  let aMatches = 0;
  let aLines = 0;
  let aEnd = from - 1;
  let aNext = from;
  let b = mid + m - 1;
  let bMatches = 0;
  let bLines = 0;
  let bEnd = mid - 1;
  let bNext = from;
  for (;;) {
    const aLive = a < mid;
    const bLive = b < to;
    if (!aLive && !bLive) break;
    if (aLive) {
      const c = bytes[a];
      let k = -2;
      if (fold[c] === last) {
        k = m - 2;
        for (let j = a - 1; k >= 0 && fold[bytes[j]] === pat[k]; j--) k--;
      }
      if (k === -1) {
        aMatches++;
        aNext = a + 1;
        if (a - m + 1 > aEnd) {
          aLines++;
          aEnd = bytes.indexOf(NL, a + 1);
          if (aEnd === -1 || aEnd >= mid) aEnd = mid;
        }
        a += m;
      } else a += shift[c];
    }
    if (bLive) {
      const c = bytes[b];
      let k = -2;
      if (fold[c] === last) {
        k = m - 2;
        for (let j = b - 1; k >= 0 && fold[bytes[j]] === pat[k]; j--) k--;
      }
      if (k === -1) {
        bMatches++;
        bNext = b + 1;
        if (b - m + 1 > bEnd) {
          bLines++;
          bEnd = bytes.indexOf(NL, b + 1);
          if (bEnd === -1 || bEnd >= to) bEnd = to;
        }
        b += m;
      } else b += shift[c];
    }
  }
  return {
    matches: aMatches + bMatches,
    lines: aLines + bLines,
    next: bMatches > 0 ? bNext : aNext,
  };
}

// Two copies of one loop: the byte-for-byte one skips a table load per byte looked at, which is
// most of the cost when matches are dense.
function exactFinder(pat: Uint8Array, shift: Int32Array): ByteLiteral['find'] {
  const m = pat.length;
  const last = pat[m - 1];
  return (bytes, from, to) => {
    for (let i = from + m - 1; i < to;) {
      const b = bytes[i];
      if (b === last) {
        let k = m - 2;
        let j = i - 1;
        while (k >= 0 && bytes[j] === pat[k]) {
          k--;
          j--;
        }
        if (k < 0) return i - m + 1;
      }
      i += shift[b];
    }
    return -1;
  };
}

function foldedFinder(pat: Uint8Array, shift: Int32Array): ByteLiteral['find'] {
  const m = pat.length;
  const last = pat[m - 1];
  const fold = ASCII_FOLD;
  return (bytes, from, to) => {
    for (let i = from + m - 1; i < to;) {
      const b = bytes[i];
      if (fold[b] === last) {
        let k = m - 2;
        let j = i - 1;
        while (k >= 0 && fold[bytes[j]] === pat[k]) {
          k--;
          j--;
        }
        if (k < 0) return i - m + 1;
      }
      i += shift[b];
    }
    return -1;
  };
}
