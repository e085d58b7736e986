/**
 * Maps a character of decoded text back to its byte offset in the input, for error messages
 * that name where a field began. Counting UTF-8 lengths would be wrong after invalid bytes (a
 * U+FFFD stands for one to three of them), but ASCII bytes decode one-to-one into ASCII
 * characters and no other byte decodes into ASCII, so the k-th delimiter or line break from the
 * end of the text is the k-th such byte from the end of its bytes.
 */

/**
 * Byte offset of character `p` of `text`, decoded from `raw` (exactly those bytes) that begins
 * at byte `rawStart`. `p` must be 0, the text's length, or follow an ASCII character. Costs the
 * length of the text after `p`: fields and records are located when a piece ends inside them.
 */
export function byteOffsetOf(text: string, raw: Uint8Array, rawStart: number, p: number): number {
  if (p <= 0) return rawStart;
  if (p >= text.length) return rawStart + raw.length;
  const anchor = text[p - 1];
  const code = anchor.charCodeAt(0);
  if (code > 0x7f) throw new RangeError(`byteOffsetOf: character ${p - 1} is not ASCII`);
  let k = 0;
  for (let i = p - 1; i !== -1; i = text.indexOf(anchor, i + 1)) k++;
  let q = raw.length;
  // lastIndexOf with a negative start counts from the end, so stop at 0.
  for (; k > 0 && q > 0; k--) q = raw.lastIndexOf(code, q - 1);
  if (k > 0 || q < 0) throw new RangeError('byteOffsetOf: text and bytes do not match');
  return rawStart + q + 1;
}
