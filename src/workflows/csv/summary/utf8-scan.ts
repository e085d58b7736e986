/**
 * Characters of a UTF-8 byte range as `TextDecoder` (WHATWG, replacement mode) would decode
 * them: each invalid sequence counts as one U+FFFD, by the same maximal-subpart rule, so the
 * lengths from bytes equal the code point lengths of the decoded strings.
 */

/** The last `scanUtf8` result: code points, and invalid sequences among them. */
export const scanned = { chars: 0, invalid: 0 };

/** Scans bytes[start, end) into `scanned`. ASCII runs cost one comparison a byte. */
export function scanUtf8(bytes: Uint8Array, start: number, end: number): void {
  let chars = 0;
  let invalid = 0;
  let need = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (need === 0) {
      i++;
      if (b < 0x80) {
        chars++;
      } else if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        else if (b === 0xed) upper = 0x9f;
        need = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        else if (b === 0xf4) upper = 0x8f;
        need = 3;
      } else {
        chars++;
        invalid++;
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one U+FFFD; this byte starts afresh (not consumed).
      need = 0;
      lower = 0x80;
      upper = 0xbf;
      chars++;
      invalid++;
      continue;
    }
    i++;
    lower = 0x80;
    upper = 0xbf;
    if (--need === 0) chars++;
  }
  if (need !== 0) {
    chars++;
    invalid++;
  }
  scanned.chars = chars;
  scanned.invalid = invalid;
}
