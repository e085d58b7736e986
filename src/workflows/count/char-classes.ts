/**
 * Word classes of code points as GNU wc sees them (see wc-class-table.ts for the source).
 */
import { WC_CLASS_RANGES } from './wc-class-table';

/** Neither starts nor ends a word: non-printable characters (and, separately, invalid bytes). */
export const TRANSPARENT = 0;
/** Part of a word. */
export const WORD = 1;
/** Ends a word. */
export const SEPARATOR = 2;
export type WordClass = typeof TRANSPARENT | typeof WORD | typeof SEPARATOR;

const CLASS_OF_LETTER: Record<string, WordClass> = { T: TRANSPARENT, W: WORD, S: SEPARATOR };

interface ClassTable {
  starts: Uint32Array;
  classes: Uint8Array;
  /** The whole BMP as a direct table: most text never needs the binary search. */
  bmp: Uint8Array;
}

let table: ClassTable | undefined;

function build(): ClassTable {
  const tokens = [...WC_CLASS_RANGES.matchAll(/([0-9a-z]+)([WST])/g)];
  const starts = new Uint32Array(tokens.length);
  const classes = new Uint8Array(tokens.length);
  let at = 0;
  tokens.forEach((m, i) => {
    at += parseInt(m[1], 36);
    starts[i] = at;
    classes[i] = CLASS_OF_LETTER[m[2]];
  });
  const bmp = new Uint8Array(0x10000);
  for (let i = 0; i < tokens.length && starts[i] < 0x10000; i++) {
    const to = i + 1 < tokens.length ? Math.min(starts[i + 1], 0x10000) : 0x10000;
    bmp.fill(classes[i], starts[i], to);
  }
  return { starts, classes, bmp };
}

/** The wc word class of a code point; beyond U+10FFFF (glibc still decodes those) it is transparent. */
export function wordClass(cp: number): WordClass {
  const t = (table ??= build());
  if (cp < 0x10000) return t.bmp[cp] as WordClass;
  if (cp > 0x10ffff) return TRANSPARENT;
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (t.starts[mid] <= cp) lo = mid;
    else hi = mid - 1;
  }
  return t.classes[lo] as WordClass;
}

/** ASCII classes without a function call, for the hot loop. */
export const ASCII_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    // Printable ASCII is a word character; \t \n \v \f \r and space separate; other controls
    // are non-printable, hence transparent (`printf 'a\x01b' | wc -w` is 1, `printf '\x01' | wc -w` is 0).
    t[c] = c === 32 || (c >= 9 && c <= 13) ? SEPARATOR : c > 32 && c < 127 ? WORD : TRANSPARENT;
  }
  return t;
})();
