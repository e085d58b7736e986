/**
 * UTF-8 decoding exactly as glibc 2.36's mbrtowc does it in C.UTF-8, which is what `wc -m`
 * counts. glibc is laxer than the Unicode standard: it still accepts the old 4-byte forms up to
 * U+1FFFFF and 5- and 6-byte forms up to U+7FFFFFFF (checked: `printf '\xf8\x88\x80\x80\x80' |
 * wc -m` prints 1). It rejects overlong forms and surrogates, like the standard.
 */

/** Sequence length announced by each byte: 0 continuation, -1 never a valid lead, else 1–6. */
const LENGTH = new Int8Array(256);
/** Allowed range of the second byte per lead (the first continuation rules out overlongs). */
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
  set(0xed, 0xed, 3, 0x80, 0x9f); // surrogates D800–DFFF are not characters
  set(0xee, 0xef, 3);
  set(0xf0, 0xf0, 4, 0x90);
  set(0xf1, 0xf7, 4);
  set(0xf8, 0xf8, 5, 0x88);
  set(0xf9, 0xfb, 5);
  set(0xfc, 0xfc, 6, 0x84);
  set(0xfd, 0xfd, 6);
  set(0xfe, 0xff, -1);
})();

/** The longest sequence glibc decodes; also how far a continuation byte can be from its lead. */
export const MAX_SEQUENCE = 6;

/** True for bytes 0x80–0xBF, which never start a character. */
export function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/** The code point of the last successful `decodeAt`. A box avoids an allocation per character. */
export const decoded = { codePoint: 0 };

/**
 * Decodes at `i`, looking no further than `limit`. Returns the sequence length (> 0) and sets
 * `decoded.codePoint`, or minus the length of the invalid "maximal subpart" (the longest prefix
 * of a sequence glibc would accept, at least one byte), which is what one U+FFFD replaces in the
 * Unicode recommended practice. Bytes cut off by `limit` count as a truncated sequence, so
 * callers pass the true end of the input or leave MAX_SEQUENCE - 1 bytes of lookahead.
 */
export function decodeAt(b: Uint8Array, i: number, limit: number): number {
  const lead = b[i];
  const len = LENGTH[lead];
  if (len === 1) {
    decoded.codePoint = lead;
    return 1;
  }
  if (len <= 0) return -1;
  if (i + 1 >= limit) return -1;
  const second = b[i + 1];
  if (second < SECOND_MIN[lead] || second > SECOND_MAX[lead]) return -1;
  // The lead keeps 7 - len payload bits (5 for 2-byte, 4 for 3-byte, … 1 for 6-byte).
  let cp = lead & (0x7f >> len);
  cp = cp * 64 + (second & 0x3f);
  for (let k = 2; k < len; k++) {
    if (i + k >= limit) return -k;
    const c = b[i + k];
    if ((c & 0xc0) !== 0x80) return -k;
    cp = cp * 64 + (c & 0x3f);
  }
  decoded.codePoint = cp;
  return len;
}
