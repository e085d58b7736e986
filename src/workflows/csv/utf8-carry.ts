/**
 * Decodes UTF-8 arriving in pieces of any size, with the unfinished character at the end of a
 * piece carried as plain bytes in the checkpointed state (a streaming TextDecoder keeps it in
 * internal state that cannot be saved).
 */

// ignoreBOM: a non-streaming decode() would otherwise drop a U+FEFF at the start of every
// piece; the file's own BOM is removed once, by the caller.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Where the carried tail of `bytes` starts: at a lead byte whose sequence the piece cuts short.
 * Cutting right before a lead byte is always safe: a decoder is between characters there.
 */
function carryStart(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= Math.max(0, n - 4); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc2 && b <= 0xf4) {
      const need = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      return n - i < need ? i : n;
    }
    return n;
  }
  return n;
}

/**
 * Decodes `carry` + `bytes`; returns the text, the bytes it was decoded from (a view) and the
 * new carry (at most 3 bytes).
 */
export function decodePiece(
  carry: Uint8Array,
  bytes: Uint8Array,
): { text: string; decoded: Uint8Array; carry: Uint8Array } {
  let all = bytes;
  if (carry.length > 0) {
    all = new Uint8Array(carry.length + bytes.length);
    all.set(carry, 0);
    all.set(bytes, carry.length);
  }
  const cut = carryStart(all);
  const decoded = all.subarray(0, cut);
  return { text: decoder.decode(decoded), decoded, carry: all.slice(cut) };
}

/** Decodes what is left at the end of the input (an unfinished character becomes U+FFFD). */
export function decodeRest(carry: Uint8Array): string {
  return decoder.decode(carry);
}
