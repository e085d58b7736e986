/**
 * Inspect's map partial: everything the result needs from the bytes of a contiguous stretch,
 * joinable with the next stretch's. The start of the file (for the magic bytes and BOMs) is not
 * kept here: finish reads it again, so partials stay a few dozen bytes whatever the chunk size.
 */
import { type ByteCounts, countBytes, emptyByteCounts, joinByteCounts } from './byte-counts';
import { type LinePartial, emptyLines, joinLines, scanLines } from './line-endings';
import { type Utf8Partial, emptyUtf8Partial, joinUtf8, utf8Partial } from './utf8-partial';

export interface InspectPartial {
  size: number;
  bytes: ByteCounts;
  lines: LinePartial;
  utf8: Utf8Partial;
}

export function emptyInspectPartial(): InspectPartial {
  return { size: 0, bytes: emptyByteCounts(), lines: emptyLines(), utf8: emptyUtf8Partial() };
}

/** One chunk's partial. It keeps copies only, never a view of the lent chunk bytes. */
export function inspectChunk(bytes: Uint8Array): InspectPartial {
  return {
    size: bytes.length,
    bytes: countBytes(bytes),
    lines: scanLines(bytes),
    utf8: utf8Partial(bytes),
  };
}

/** `a` followed by `b`. Associative, with emptyInspectPartial() as identity. */
export function joinInspect(a: InspectPartial, b: InspectPartial): InspectPartial {
  return {
    size: a.size + b.size,
    bytes: joinByteCounts(a.bytes, b.bytes, a.size),
    lines: joinLines(a.lines, b.lines),
    utf8: joinUtf8(a.utf8, b.utf8),
  };
}
