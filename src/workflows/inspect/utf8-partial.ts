/**
 * The UTF-8 part of Inspect's map partial: invalid sequences of a contiguous stretch of input,
 * joinable with the stretch after it whatever byte the seam falls on (the scheme of
 * count/segment.ts, with the strict decoder and the offset of the first invalid sequence).
 *
 * Whether a byte starts a character, is invalid or continues one depends on at most
 * MAX_SEQUENCE - 1 bytes on either side. So a stretch tallies the bytes it can decide alone
 * (its "core") and keeps EDGE raw bytes at each end; joining two stretches decides the bytes
 * around the seam from those. Stretches shorter than EDGE are kept raw. Offsets are relative
 * to the stretch's first byte.
 */
import { MAX_SEQUENCE, type Utf8Tally, joinUtf8Tallies, tallyUtf8 } from './utf8';

/** Context a byte needs on each side. */
const REACH = MAX_SEQUENCE - 1;
/** Raw bytes kept at each end: the undecided REACH bytes plus the REACH bytes of context they need. */
const EDGE = 2 * REACH;

export type Utf8Partial =
  | { kind: 'raw'; bytes: Uint8Array }
  | {
      kind: 'stretch';
      size: number;
      /** The first and last EDGE bytes. */
      head: Uint8Array;
      tail: Uint8Array;
      /** Tally of the units starting in [REACH, size - REACH). */
      core: Utf8Tally;
    };

export function emptyUtf8Partial(): Utf8Partial {
  return { kind: 'raw', bytes: new Uint8Array(0) };
}

/** The partial of one chunk; copies what it keeps, as chunk bytes are lent. */
export function utf8Partial(bytes: Uint8Array): Utf8Partial {
  const size = bytes.length;
  if (size < EDGE) return { kind: 'raw', bytes: bytes.slice() };
  return {
    kind: 'stretch',
    size,
    head: bytes.slice(0, EDGE),
    tail: bytes.slice(size - EDGE),
    core: tallyUtf8(bytes, REACH, size - REACH, size, 0),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Moves a tally `by` bytes later. */
function shift(t: Utf8Tally, by: number): Utf8Tally {
  return t.first === -1 ? t : { invalid: t.invalid, first: t.first + by };
}

/** `a` followed by `b`. Associative, with emptyUtf8Partial() as identity. */
export function joinUtf8(a: Utf8Partial, b: Utf8Partial): Utf8Partial {
  if (a.kind === 'raw') {
    if (b.kind === 'raw') return utf8Partial(concat(a.bytes, b.bytes));
    const n = a.bytes.length;
    if (n === 0) return b;
    // The joined stretch decides its positions [REACH, REACH + n) from a's bytes and b's head.
    const w = concat(a.bytes, b.head);
    const seam = tallyUtf8(w, REACH, REACH + n, w.length, 0);
    return {
      kind: 'stretch',
      size: n + b.size,
      head: w.slice(0, EDGE),
      tail: b.tail,
      core: joinUtf8Tallies(seam, shift(b.core, n)),
    };
  }
  if (b.kind === 'raw') {
    const n = b.bytes.length;
    if (n === 0) return a;
    const w = concat(a.tail, b.bytes);
    const seam = tallyUtf8(w, REACH, REACH + n, w.length, a.size - EDGE);
    return {
      kind: 'stretch',
      size: a.size + n,
      head: a.head,
      tail: w.slice(w.length - EDGE),
      core: joinUtf8Tallies(a.core, seam),
    };
  }
  // The last REACH positions of a and the first REACH of b, with REACH of context each side.
  const w = concat(a.tail, b.head);
  const seam = tallyUtf8(w, REACH, EDGE + REACH, w.length, a.size - EDGE);
  return {
    kind: 'stretch',
    size: a.size + b.size,
    head: a.head,
    tail: b.tail,
    core: joinUtf8Tallies(joinUtf8Tallies(a.core, seam), shift(b.core, a.size)),
  };
}

/** The tally of the whole input, once the partial covers all of it. */
export function finalUtf8(p: Utf8Partial): Utf8Tally {
  if (p.kind === 'raw') return tallyUtf8(p.bytes, 0, p.bytes.length, p.bytes.length, 0);
  // The head starts the input and the tail ends it, so their edges need no more context.
  const head = tallyUtf8(p.head, 0, REACH, EDGE, 0);
  const tail = tallyUtf8(p.tail, EDGE - REACH, EDGE, EDGE, p.size - EDGE);
  return joinUtf8Tallies(joinUtf8Tallies(head, p.core), tail);
}
