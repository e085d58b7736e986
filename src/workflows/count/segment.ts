/**
 * The map-step partial of Count: a summary of a contiguous stretch of the input that can be
 * joined with the summary of the stretch after it, whatever byte the seam falls on.
 *
 * Whether a byte starts a character, is invalid or continues a character depends on at most
 * MAX_SEQUENCE - 1 bytes on either side. So a stretch tallies the bytes it can decide alone
 * (its "core") and keeps EDGE raw bytes at each end; joining two stretches decides the bytes
 * around the seam from those kept bytes. Stretches shorter than EDGE are kept raw.
 */
import { MAX_SEQUENCE } from './glibc-utf8';
import { type Tally, joinTallies, tallyRange } from './tally';

/** Context a byte needs on each side. */
const REACH = MAX_SEQUENCE - 1;
/** Raw bytes kept at each end: the undecided REACH bytes plus the REACH bytes of context they need. */
const EDGE = 2 * REACH;

export type CountPartial =
  | { kind: 'raw'; bytes: Uint8Array; lines: number }
  | {
      kind: 'stretch';
      size: number;
      lines: number;
      /** The first and last EDGE bytes. */
      head: Uint8Array;
      tail: Uint8Array;
      /** Tally of the bytes in [REACH, size - REACH). */
      core: Tally;
    };

export function emptyPartial(): CountPartial {
  return { kind: 'raw', bytes: new Uint8Array(0), lines: 0 };
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Summarizes one chunk of input. */
export function summarize(bytes: Uint8Array): CountPartial {
  return fromBytes(bytes, countNewlines(bytes));
}

function fromBytes(bytes: Uint8Array, lines: number): CountPartial {
  const size = bytes.length;
  if (size < EDGE) return { kind: 'raw', bytes: bytes.slice(), lines };
  return {
    kind: 'stretch',
    size,
    lines,
    head: bytes.slice(0, EDGE),
    tail: bytes.slice(size - EDGE),
    core: tallyRange(bytes, REACH, size - REACH, size),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `a` followed by `b`. Associative, with emptyPartial() as identity. */
export function joinPartials(a: CountPartial, b: CountPartial): CountPartial {
  const lines = a.lines + b.lines;
  if (a.kind === 'raw') {
    if (b.kind === 'raw') return fromBytes(concat(a.bytes, b.bytes), lines);
    if (a.bytes.length === 0) return b;
    // The joined stretch decides its positions [REACH, REACH + |a|) from a's bytes and b's head.
    const w = concat(a.bytes, b.head);
    const seam = tallyRange(w, REACH, REACH + a.bytes.length, w.length);
    return {
      kind: 'stretch',
      size: a.bytes.length + b.size,
      lines,
      head: w.slice(0, EDGE),
      tail: b.tail,
      core: joinTallies(seam, b.core),
    };
  }
  if (b.kind === 'raw') {
    if (b.bytes.length === 0) return a;
    const w = concat(a.tail, b.bytes);
    const seam = tallyRange(w, REACH, REACH + b.bytes.length, w.length);
    return {
      kind: 'stretch',
      size: a.size + b.bytes.length,
      lines,
      head: a.head,
      tail: w.slice(w.length - EDGE),
      core: joinTallies(a.core, seam),
    };
  }
  // The last REACH positions of a and the first REACH of b, with REACH of context each side.
  const w = concat(a.tail, b.head);
  const seam = tallyRange(w, REACH, EDGE + REACH, w.length);
  return {
    kind: 'stretch',
    size: a.size + b.size,
    lines,
    head: a.head,
    tail: b.tail,
    core: joinTallies(joinTallies(a.core, seam), b.core),
  };
}

/** The tally of the whole input, once the partial covers all of it. */
export function finalTally(p: CountPartial): Tally & { bytes: number; lines: number } {
  if (p.kind === 'raw') {
    return {
      ...tallyRange(p.bytes, 0, p.bytes.length, p.bytes.length),
      bytes: p.bytes.length,
      lines: p.lines,
    };
  }
  // The head starts the input and the tail ends it, so their edges need no more context.
  const head = tallyRange(p.head, 0, REACH, EDGE);
  const tail = tallyRange(p.tail, EDGE - REACH, EDGE, EDGE);
  return { ...joinTallies(joinTallies(head, p.core), tail), bytes: p.size, lines: p.lines };
}
