/**
 * Line endings and the longest line of a stretch of bytes, joinable with the next stretch.
 *
 * A line ends at LF, CRLF or a lone CR (as Python's `bytes.splitlines` splits); its length
 * excludes that terminator. A CR that ends a stretch is "pending": whether it is a lone CR or
 * the first half of a CRLF depends on the next stretch's first byte, so it is neither counted
 * nor part of any line length until a join (or the end of the input) decides it.
 */

export interface LongestLine {
  /** Length in bytes, without the terminator; -1 when there is no candidate. */
  bytes: number;
  /** Index of the line, 0-based, within the stretch (the number of terminators before it). */
  line: number;
}

export interface LinePartial {
  size: number;
  /** LF not preceded by CR, CRLF pairs, CR not followed by LF (decided ones only). */
  lf: number;
  crlf: number;
  cr: number;
  /** Bytes before the first terminator (all of them, less a pending CR, when there is none). */
  first: number;
  /** Bytes after the last terminator, less a pending CR (equal to `first` when there is none). */
  last: number;
  /** The longest line that has a terminator on both sides inside the stretch. */
  inner: LongestLine;
  startsWithLf: boolean;
  pendingCr: boolean;
}

const NONE: LongestLine = { bytes: -1, line: 0 };

export function emptyLines(): LinePartial {
  return {
    size: 0,
    lf: 0,
    crlf: 0,
    cr: 0,
    first: 0,
    last: 0,
    inner: NONE,
    startsWithLf: false,
    pendingCr: false,
  };
}

const terminators = (p: LinePartial): number => p.lf + p.crlf + p.cr;

/** The earlier one on a tie, so the reported line is the first of the longest. */
function longer(a: LongestLine, b: LongestLine): LongestLine {
  return b.bytes > a.bytes ? b : a;
}

/** Scans one chunk. */
export function scanLines(bytes: Uint8Array): LinePartial {
  const n = bytes.length;
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let first = -1;
  let lineStart = 0;
  let best = -1;
  let bestLine = 0;
  let count = 0;
  const end = (at: number, next: number): void => {
    const len = at - lineStart;
    if (first === -1) first = len;
    // Inner lines only: the first one has no terminator before it inside the stretch.
    else if (len > best) {
      best = len;
      bestLine = count;
    }
    count++;
    lineStart = next;
  };
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b > 13) continue;
    if (b === 10) {
      lf++;
      end(i, i + 1);
    } else if (b === 13) {
      if (i + 1 === n) break; // pending: the next stretch decides
      if (bytes[i + 1] === 10) {
        crlf++;
        end(i, i + 2);
        i++;
      } else {
        cr++;
        end(i, i + 1);
      }
    }
  }
  // The loop left a final CR undecided: nothing before it can have taken it.
  const pendingCr = n > 0 && bytes[n - 1] === 13;
  const body = pendingCr ? n - 1 : n;
  const last = body - lineStart;
  return {
    size: n,
    lf,
    crlf,
    cr,
    first: first === -1 ? last : first,
    last,
    inner: best === -1 ? NONE : { bytes: best, line: bestLine },
    startsWithLf: n > 0 && bytes[0] === 10,
    pendingCr,
  };
}

/** Decides a's pending CR by b's first byte (b not empty). */
function settle(a: LinePartial, b: LinePartial): { a: LinePartial; b: LinePartial } {
  if (!a.pendingCr) return { a, b };
  if (b.startsWithLf) {
    // b counted its first byte as a bare LF ending an empty line; with the CR it is one CRLF
    // ending a's last line, which the seam join below measures as a.last + b.first = a.last.
    return {
      a: { ...a, pendingCr: false },
      b: { ...b, lf: b.lf - 1, crlf: b.crlf + 1 },
    };
  }
  // A lone CR: it ends a's last line, and an empty one starts after it.
  const t = terminators(a);
  return {
    a: {
      ...a,
      cr: a.cr + 1,
      pendingCr: false,
      last: 0,
      inner: t === 0 ? a.inner : longer(a.inner, { bytes: a.last, line: t }),
    },
    b,
  };
}

/** `x` followed by `y`. Associative, with emptyLines() as identity. */
export function joinLines(x: LinePartial, y: LinePartial): LinePartial {
  if (y.size === 0) return x;
  if (x.size === 0) return y;
  const { a, b } = settle(x, y);
  const ta = terminators(a);
  const tb = terminators(b);
  let inner = a.inner;
  // The line across the seam has terminators on both sides only if both stretches have one.
  if (ta > 0 && tb > 0) inner = longer(inner, { bytes: a.last + b.first, line: ta });
  if (b.inner.bytes >= 0) inner = longer(inner, { bytes: b.inner.bytes, line: b.inner.line + ta });
  return {
    size: a.size + b.size,
    lf: a.lf + b.lf,
    crlf: a.crlf + b.crlf,
    cr: a.cr + b.cr,
    first: ta > 0 ? a.first : a.first + b.first,
    last: tb > 0 ? b.last : a.last + b.last,
    inner,
    startsWithLf: a.startsWithLf,
    pendingCr: b.pendingCr,
  };
}

export type LineEnding = 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';

export interface LineSummary {
  /** Lines as `bytes.splitlines()` counts them: terminators, plus a last line without one. */
  lines: number;
  lf: number;
  crlf: number;
  cr: number;
  verdict: LineEnding;
  /** The first of the longest lines: bytes without terminator, 1-based line number (0: none). */
  longest: { bytes: number; line: number };
}

/** The summary of the whole input, once the partial covers all of it. */
export function finalLines(p: LinePartial): LineSummary {
  // At the end of the input a pending CR is a lone CR.
  const q = p.pendingCr ? settle(p, { ...emptyLines(), size: 1 }).a : p;
  const t = terminators(q);
  const hasLastLine = q.last > 0;
  let longest: LongestLine = NONE;
  if (t > 0) longest = { bytes: q.first, line: 0 };
  longest = longer(longest, q.inner);
  if (hasLastLine) longest = longer(longest, { bytes: q.last, line: t });
  const kinds = [q.lf > 0, q.crlf > 0, q.cr > 0].filter(Boolean).length;
  const verdict: LineEnding =
    kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : q.lf > 0 ? 'LF' : q.crlf > 0 ? 'CRLF' : 'CR';
  return {
    lines: t + (hasLastLine ? 1 : 0),
    lf: q.lf,
    crlf: q.crlf,
    cr: q.cr,
    verdict,
    longest:
      longest.bytes < 0 ? { bytes: 0, line: 0 } : { bytes: longest.bytes, line: longest.line + 1 },
  };
}
