/**
 * Per-byte facts of a stretch that need no context: NUL bytes (where the first is), bytes ≥ 0x80,
 * and control bytes that plain text never holds; NULs and controls also by the parity of their
 * offset, for the UTF-16 pattern.
 */

/**
 * Control bytes that never appear in text, as `file` (5.44, encoding.c) decides: all below
 * 0x20 except BEL, BS, TAB, LF, VT, FF, CR and ESC; and DEL. NUL is counted on its own.
 */
const CONTROL = new Uint8Array(256);
for (let b = 1; b < 0x20; b++) CONTROL[b] = 1;
for (const b of [0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]) CONTROL[b] = 0;
CONTROL[0x7f] = 1;

export interface ByteCounts {
  nul: number;
  /** Offset of the first NUL from the stretch's start, -1 when there is none. */
  firstNul: number;
  /** NULs at even and at odd offsets from the stretch's start. */
  nulEven: number;
  nulOdd: number;
  /** Bytes ≥ 0x80. */
  high: number;
  /** Bytes of CONTROL, and those of them at odd offsets (for the UTF-16 pattern too). */
  controls: number;
  controlsOdd: number;
}

export function emptyByteCounts(): ByteCounts {
  return { nul: 0, firstNul: -1, nulEven: 0, nulOdd: 0, high: 0, controls: 0, controlsOdd: 0 };
}

export function countBytes(bytes: Uint8Array): ByteCounts {
  let nulEven = 0;
  let nulOdd = 0;
  let high = 0;
  let controls = 0;
  let controlsOdd = 0;
  const control = CONTROL;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x80) high++;
    else if (b === 0) {
      if ((i & 1) === 0) nulEven++;
      else nulOdd++;
    } else if (control[b] === 1) {
      controls++;
      controlsOdd += i & 1;
    }
  }
  return {
    nul: nulEven + nulOdd,
    firstNul: bytes.indexOf(0),
    nulEven,
    nulOdd,
    high,
    controls,
    controlsOdd,
  };
}

/** `a` (of `aSize` bytes) followed by `b`. Associative, with emptyByteCounts() as identity. */
export function joinByteCounts(a: ByteCounts, b: ByteCounts, aSize: number): ByteCounts {
  // b's offsets move by aSize: an odd size swaps its even and odd NULs.
  const odd = (aSize & 1) === 1;
  return {
    nul: a.nul + b.nul,
    firstNul: a.firstNul !== -1 ? a.firstNul : b.firstNul === -1 ? -1 : b.firstNul + aSize,
    nulEven: a.nulEven + (odd ? b.nulOdd : b.nulEven),
    nulOdd: a.nulOdd + (odd ? b.nulEven : b.nulOdd),
    high: a.high + b.high,
    controls: a.controls + b.controls,
    controlsOdd: a.controlsOdd + (odd ? b.controls - b.controlsOdd : b.controlsOdd),
  };
}
