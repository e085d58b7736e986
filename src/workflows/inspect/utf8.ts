/**
 * Strict UTF-8 validation as the Unicode standard and WHATWG's TextDecoder define it (code
 * points up to U+10FFFF, no surrogates, no overlong forms), counting invalid input as maximal
 * subparts: one per U+FFFD a standard decoder would show. Count's decoder (count/glibc-utf8.ts)
 * is glibc's laxer one, which `wc -m` needs; whether a file "is UTF-8" is the standard's question.
 */

/** The longest valid sequence; also how far a continuation byte can be from its lead. */
export const MAX_SEQUENCE = 4;

/** Sequence length announced by each byte: 0 continuation, -1 never a valid lead, else 1–4. */
const LENGTH = new Int8Array(256);
/** Allowed range of the second byte per lead (it rules out overlongs, surrogates, > U+10FFFF). */
const SECOND_MIN = new Uint8Array(256);
const SECOND_MAX = new Uint8Array(256);

(function buildTables(): void {
  const set = (from: number, to: number, len: number, lo = 0x80, hi = 0xbf): void => {
    for (let b = from; b <= to; b++) {
      LENGTH[b] = len;
      SECOND_MIN[b] = lo;
      SECOND_MAX[b] = hi;
    }
  };
  set(0x00, 0x7f, 1);
  set(0x80, 0xbf, 0);
  set(0xc0, 0xc1, -1);
  set(0xc2, 0xdf, 2);
  set(0xe0, 0xe0, 3, 0xa0);
  set(0xe1, 0xec, 3);
  set(0xed, 0xed, 3, 0x80, 0x9f);
  set(0xee, 0xef, 3);
  set(0xf0, 0xf0, 4, 0x90);
  set(0xf1, 0xf3, 4);
  set(0xf4, 0xf4, 4, 0x80, 0x8f);
  set(0xf5, 0xff, -1);
})();

function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/**
 * The unit starting at `i`, looking no further than `limit`: its length (> 0) when it is a
 * character, or minus the length of the invalid maximal subpart (≥ 1 byte). Bytes cut off by
 * `limit` count as a truncated sequence, so callers pass the true end of the input or leave
 * MAX_SEQUENCE - 1 bytes of lookahead.
 */
export function unitAt(b: Uint8Array, i: number, limit: number): number {
  const lead = b[i];
  const len = LENGTH[lead];
  if (len === 1) return 1;
  if (len <= 0) return -1;
  if (i + 1 >= limit) return -1;
  const second = b[i + 1];
  if (second < SECOND_MIN[lead] || second > SECOND_MAX[lead]) return -1;
  for (let k = 2; k < len; k++) {
    if (i + k >= limit || !isContinuation(b[i + k])) return -k;
  }
  return len;
}

/** Invalid sequences of a stretch, and where the first one starts (-1: none). */
export interface Utf8Tally {
  invalid: number;
  first: number;
}

export function emptyUtf8Tally(): Utf8Tally {
  return { invalid: 0, first: -1 };
}

/** `a` followed by `b`, with `b`'s offsets already in `a`'s frame. */
export function joinUtf8Tallies(a: Utf8Tally, b: Utf8Tally): Utf8Tally {
  return { invalid: a.invalid + b.invalid, first: a.first !== -1 ? a.first : b.first };
}

/**
 * Tallies the units whose first byte lies in `[from, to)` of `w`; offsets are reported as
 * `base + index in w`. Decoding may look back to `from - (MAX_SEQUENCE - 1)` (clamped to 0,
 * where `w[0]` must then start the input or a unit) and ahead to `limit` (the input's end, or
 * at least `to + MAX_SEQUENCE - 1`). Each unit thus belongs to exactly one window however the
 * input is split, which is what makes chunk results combinable.
 */
export function tallyUtf8(
  w: Uint8Array,
  from: number,
  to: number,
  limit: number,
  base: number,
): Utf8Tally {
  let invalid = 0;
  let first = -1;
  let i = resumePoint(w, from, limit);
  while (i < to) {
    // ASCII is by far the commonest case: skip it without a call.
    if (w[i] < 0x80) {
      i++;
      continue;
    }
    const r = unitAt(w, i, limit);
    if (r > 0) i += r;
    else {
      if (first === -1) first = base + i;
      invalid++;
      i -= r;
    }
  }
  return { invalid, first };
}

/**
 * Where decoding resumes at `from`: continuation bytes there may still belong to a unit whose
 * first byte lies before `from`; that unit was tallied with its first byte. Every non-continuation
 * byte starts a unit, and a unit holds at most MAX_SEQUENCE - 1 continuation bytes.
 */
function resumePoint(w: Uint8Array, from: number, limit: number): number {
  if (from >= w.length || !isContinuation(w[from])) return from;
  const floor = Math.max(0, from - (MAX_SEQUENCE - 1));
  for (let j = from - 1; j >= floor; j--) {
    if (!isContinuation(w[j])) return Math.max(from, j + Math.abs(unitAt(w, j, limit)));
  }
  return from;
}
