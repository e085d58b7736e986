/**
 * Inspect's result, built from the combined partial and the file's first bytes, and its
 * one-line summary.
 */
import type { ByteReader } from '../../engine/workflow';
import { plural } from '../shared/format';
import { refineElf } from './elf';
import { type Encoding, ENCODING_LABELS, detectEncoding } from './encoding';
import { type LineEnding, finalLines } from './line-endings';
import { ELF_SHARED, HEAD_SIZE, detectMagic } from './magic';
import type { InspectPartial } from './partial';
import { finalUtf8 } from './utf8-partial';

export interface InspectResult {
  bytes: number;
  /** What the file is: a type named by its magic bytes ("PNG image"), else "text", "data" or "empty". */
  type: string;
  /** Its MIME type: the magic type's, else text/plain, application/octet-stream or inode/x-empty. */
  mime: string;
  /** Whether the bytes are text in `encoding` (no NULs or stray control bytes). */
  text: boolean;
  encoding: Encoding;
  /** It starts with the byte order mark of `encoding`. */
  bom: boolean;
  /** Lines ending in LF, CRLF or a lone CR, plus a last line without one. */
  lines: number;
  /** LF not after CR, CRLF, CR not before LF; and which of them the file uses. */
  lineEndings: { lf: number; crlf: number; cr: number; verdict: LineEnding };
  /** The first of the longest lines: bytes without its terminator, 1-based line number (0: none). */
  longestLine: { bytes: number; line: number };
  /** NUL bytes, and the offset of the first (null: none). */
  nul: { count: number; first: number | null };
  /** Invalid UTF-8 sequences (maximal subparts, as a decoder's U+FFFD), and where the first starts. */
  invalidUtf8: { count: number; first: number | null };
}

const orNull = (offset: number): number | null => (offset === -1 ? null : offset);

/** The result for the whole input, which `combined` covers. */
export async function inspectResult(
  combined: InspectPartial,
  input: ByteReader,
): Promise<InspectResult> {
  const size = combined.size;
  const head = await input.read(0, Math.min(size, HEAD_SIZE));
  const utf8 = finalUtf8(combined.utf8);
  const lines = finalLines(combined.lines);
  const verdict = detectEncoding(head, size, combined.bytes, utf8);
  let type = detectMagic(head);
  if (type === ELF_SHARED) type = await refineElf(head, input);
  const fallback =
    size === 0
      ? { name: 'empty', mime: 'inode/x-empty' }
      : verdict.text
        ? { name: 'text', mime: 'text/plain' }
        : { name: 'data', mime: 'application/octet-stream' };
  const { name, mime } = type ?? fallback;
  return {
    bytes: size,
    type: name,
    mime,
    ...verdict,
    lines: lines.lines,
    lineEndings: { lf: lines.lf, crlf: lines.crlf, cr: lines.cr, verdict: lines.verdict },
    longestLine: lines.longest,
    nul: { count: combined.bytes.nul, first: orNull(combined.bytes.firstNul) },
    invalidUtf8: { count: utf8.invalid, first: orNull(utf8.first) },
  };
}

function endings(r: InspectResult): string {
  const e = r.lineEndings;
  if (e.verdict === 'none') return 'no line endings';
  if (e.verdict !== 'mixed') return `${e.verdict} line endings`;
  const parts = [
    [e.lf, 'LF'],
    [e.crlf, 'CRLF'],
    [e.cr, 'CR'],
  ] as const;
  return `mixed line endings (${parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => plural(n, what, what))
    .join(', ')})`;
}

/** "PNG image (image/png), binary", "UTF-8 text, 1,234 lines, LF line endings, longest line 80 bytes". */
export function summarizeInspect(r: InspectResult): string {
  if (r.bytes === 0) return 'Empty file (inode/x-empty)';
  const named = r.type !== 'text' && r.type !== 'data';
  const what = `${r.type.charAt(0).toUpperCase()}${r.type.slice(1)} (${r.mime})`;
  if (!r.text) return `${named ? what : `Data (${r.mime})`}, binary`;
  const encoding = `${ENCODING_LABELS[r.encoding]}${r.bom ? ' (with BOM)' : ''} text`;
  return (
    `${named ? `${what}, ${encoding}` : encoding}, ${plural(r.lines, 'line')}, ${endings(r)}, ` +
    `longest line ${plural(r.longestLine.bytes, 'byte')}`
  );
}
