/**
 * String order by Unicode code point (as Python and most databases see them), not
 * by UTF-16 unit: JS `<` would sort "\u{1F600}" before "\uFFFD".
 */

/** Maps a UTF-16 unit so that unit order equals code point order: surrogates go last. */
function unitKey(c: number): number {
  if (c < 0xd800) return c;
  return c <= 0xdfff ? c + 0x2000 : c - 0x800;
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitKey(x) - unitKey(y);
  }
  return a.length - b.length;
}
