/**
 * Character, invalid-sequence and word tallies of a stretch of bytes, with just enough about
 * its edges (does it begin or end inside a word?) to be concatenated with its neighbours.
 */
import { ASCII_CLASS, SEPARATOR, WORD, wordClass } from './char-classes';
import { MAX_SEQUENCE, decodeAt, decoded, isContinuation } from './glibc-utf8';

/** No word character or separator seen (yet); invalid bytes and non-printables don't count. */
export const EDGE_NONE = 0;
export type Edge = typeof EDGE_NONE | typeof WORD | typeof SEPARATOR;

export interface Tally {
  /** Characters, as `wc -m` counts them. */
  chars: number;
  /** Invalid sequences: what a decoder would replace by one U+FFFD each. */
  invalid: number;
  /** Runs of word characters that start inside this stretch. */
  words: number;
  /** Class of the first and of the last character that is a word character or separator. */
  first: Edge;
  last: Edge;
}

export function emptyTally(): Tally {
  return { chars: 0, invalid: 0, words: 0, first: EDGE_NONE, last: EDGE_NONE };
}

/** `a` followed by `b`. Associative, with emptyTally() as identity. */
export function joinTallies(a: Tally, b: Tally): Tally {
  return {
    chars: a.chars + b.chars,
    invalid: a.invalid + b.invalid,
    // A word running across the seam was counted on both sides.
    words: a.words + b.words - (a.last === WORD && b.first === WORD ? 1 : 0),
    first: a.first !== EDGE_NONE ? a.first : b.first,
    last: b.last !== EDGE_NONE ? b.last : a.last,
  };
}

/**
 * Tallies the characters whose first byte lies in `[from, to)` of `w`. Decoding may look back
 * to `from - (MAX_SEQUENCE - 1)` (clamped to 0, where `w[0]` must then be the input's first byte
 * or far enough from `from`) and ahead to `limit` (the input's end, or at least
 * `to + MAX_SEQUENCE - 1`). Each byte thus belongs to exactly one window however the input is
 * split, which is what makes the chunk results combinable.
 */
export function tallyRange(w: Uint8Array, from: number, to: number, limit: number): Tally {
  // Locals, not module bindings, in the hot loop: bundlers and test runners may turn imports
  // into property reads or getters.
  const asciiClass = ASCII_CLASS;
  const decode = decodeAt;
  const classOf = wordClass;
  const out = decoded;
  let chars = 0;
  let invalid = 0;
  let words = 0;
  let first: Edge = EDGE_NONE;
  let last: Edge = EDGE_NONE;
  let i = resumePoint(w, from, limit);
  while (i < to) {
    const b = w[i];
    let cls: number;
    if (b < 0x80) {
      cls = asciiClass[b];
      chars++;
      i++;
    } else {
      const r = decode(w, i, limit);
      if (r < 0) {
        // Invalid bytes are skipped by wc: no character, and a word goes on across them.
        invalid++;
        i -= r;
        continue;
      }
      cls = classOf(out.codePoint);
      chars++;
      i += r;
    }
    if (cls === 1 /* WORD */) {
      if (last !== 1) words++;
      last = 1;
      if (first === 0) first = 1;
    } else if (cls === 2 /* SEPARATOR */) {
      last = 2;
      if (first === 0) first = 2;
    }
  }
  return { chars, invalid, words, first, last };
}

/**
 * Where decoding resumes at `from`: continuation bytes there may still belong to a sequence (or
 * an invalid maximal subpart) whose lead lies before `from`; those were tallied with their lead.
 */
function resumePoint(w: Uint8Array, from: number, limit: number): number {
  if (from >= w.length || !isContinuation(w[from])) return from;
  const floor = Math.max(0, from - (MAX_SEQUENCE - 1));
  for (let j = from - 1; j >= floor; j--) {
    if (!isContinuation(w[j])) {
      const r = decodeAt(w, j, limit);
      return Math.max(from, j + Math.abs(r));
    }
  }
  return from;
}
