/**
 * The likely text encoding of a whole file, from its first bytes (for a byte order mark) and
 * the counts over all of it. The names are those `file --mime-encoding` uses where it has one.
 *
 * In order: a UTF-8 BOM before valid UTF-8 without NULs or controls; a UTF-16 BOM; the UTF-16 NUL pattern (most code
 * units of mostly-ASCII UTF-16 have a NUL high byte, on one parity of offsets, and a text low byte); then NULs or
 * control bytes make it binary; no invalid UTF-8 makes it "us-ascii" (no byte ≥ 0x80) or
 * "utf-8"; what remains has high bytes that are not UTF-8 in otherwise clean text, which is
 * taken as the commonest single-byte encoding. UTF-16 is taken as text on its BOM or pattern
 * alone: its code units hold bytes that would be NULs or controls in a single-byte encoding.
 */
import type { ByteCounts } from './byte-counts';
import type { Utf8Tally } from './utf8';

export type Encoding =
  'us-ascii' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'iso-8859-1/windows-1252' | 'binary';

/** How summaries name an encoding. */
export const ENCODING_LABELS: Record<Encoding, string> = {
  'us-ascii': 'ASCII',
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'iso-8859-1/windows-1252': 'ISO-8859-1/Windows-1252',
  binary: 'binary',
};

export interface EncodingVerdict {
  encoding: Encoding;
  /** The file starts with the byte order mark of that encoding. */
  bom: boolean;
  text: boolean;
}

const startsWith = (h: Uint8Array, sig: readonly number[]): boolean =>
  h.length >= sig.length && sig.every((b, i) => h[i] === b);

/** Which parity of offsets, if any, holds the NUL high bytes of UTF-16 code units. */
function utf16Pattern(size: number, c: ByteCounts): 'utf-16le' | 'utf-16be' | undefined {
  const units = Math.floor(size / 2);
  if (units === 0) return undefined;
  // More than half of the units have a NUL high byte, and at most 1 in 16 a low byte that is
  // NUL or a control (16-bit samples or integers have NUL high bytes too, not text low bytes).
  const controlsEven = c.controls - c.controlsOdd;
  if (c.nulOdd * 2 > units && (c.nulEven + controlsEven) * 16 <= units) return 'utf-16le';
  if (c.nulEven * 2 > units && (c.nulOdd + c.controlsOdd) * 16 <= units) return 'utf-16be';
  return undefined;
}

export function detectEncoding(
  head: Uint8Array,
  size: number,
  counts: ByteCounts,
  utf8: Utf8Tally,
): EncodingVerdict {
  const clean = counts.nul === 0 && counts.controls === 0;
  if (startsWith(head, [0xef, 0xbb, 0xbf]) && utf8.invalid === 0 && clean)
    return { encoding: 'utf-8', bom: true, text: true };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bom: true, text: true };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bom: true, text: true };
  const pattern = utf16Pattern(size, counts);
  if (pattern) return { encoding: pattern, bom: false, text: true };
  if (!clean) return { encoding: 'binary', bom: false, text: false };
  if (utf8.invalid === 0)
    return { encoding: counts.high === 0 ? 'us-ascii' : 'utf-8', bom: false, text: true };
  return { encoding: 'iso-8859-1/windows-1252', bom: false, text: true };
}
