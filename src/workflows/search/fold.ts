/**
 * "Ignore case" for literal patterns, as GNU grep does it in a UTF-8 locale, so that counts match
 * `grep -F -i`. JavaScript's `i` flag uses Unicode case folding instead, which differs for a few
 * characters: /k/iu also matches the Kelvin sign U+212A and /i/iu does not match the dotless
 * ı U+0131, while grep does the opposite. Regular expressions keep JavaScript's `i` (README).
 */

/**
 * Lower-case letters whose upper case maps back to another lower case letter (grep's
 * `lonesome_lower`, localeinfo.c): ı → I ← i, ſ → S ← s, ς → Σ ← σ, µ → Μ ← μ, …
 */
const LONESOME_LOWER = [
  0x00b5, 0x0131, 0x017f, 0x01c5, 0x01c8, 0x01cb, 0x01f2, 0x0345, 0x03c2, 0x03d0, 0x03d1, 0x03d5,
  0x03d6, 0x03f0, 0x03f1, 0x03f2, 0x03f5, 0x1e9b, 0x1fbe,
];

/** A one-character case mapping, or `c` itself where the full mapping has several (ß → SS). */
function simple(c: number, map: (s: string) => string): number {
  const s = map(String.fromCodePoint(c));
  const d = s.codePointAt(0) ?? c;
  return s.length === (d > 0xffff ? 2 : 1) ? d : c;
}
const toUpper = (c: number) => simple(c, (s) => s.toUpperCase());
const toLower = (c: number) => simple(c, (s) => s.toLowerCase());

/** The code points grep -i lets `c` match: `c` first, then its case counterparts. */
export function caseVariants(c: number): number[] {
  const out = [c];
  const uc = toUpper(c);
  const lc = toLower(uc);
  if (uc !== c) out.push(uc);
  if (lc !== uc && lc !== c && toUpper(lc) === uc) out.push(lc);
  for (const li of LONESOME_LOWER)
    if (li !== lc && li !== uc && li !== c && toUpper(li) === uc) out.push(li);
  return out;
}

/** True when every letter of `pattern` has only ASCII counterparts (`ki` does not: ı). */
export function foldsWithinAscii(pattern: string): boolean {
  for (const ch of pattern)
    for (const v of caseVariants(ch.codePointAt(0) ?? 0)) if (v > 0x7f) return false;
  return true;
}

/** A regular expression source (for the `u` flag, without `i`) matching `pattern` as grep -F -i. */
export function caseInsensitiveSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    const vs = caseVariants(ch.codePointAt(0) ?? 0);
    const esc = (c: number) => `\\u{${c.toString(16)}}`;
    out += vs.length === 1 ? esc(vs[0]) : `[${vs.map(esc).join('')}]`;
  }
  return out;
}
