/**
 * The file start every chunk needs to know: a BOM, the delimiter (named or guessed from the
 * first SNIFF_BYTES), the header row and where it ends. Chunk 0 reads it; later chunks get it in
 * their hint once chunk 0 is combined, or read it themselves when dispatched before that.
 */
import type { ByteReader } from '../../engine/workflow';
import {
  type Dialect,
  INCOMPLETE,
  OverLimit,
  RecordFields,
  scanRecord,
  unquote,
  PLAIN,
} from './parser';
import { type Delimiter, SNIFF_BYTES, sniffDelimiter } from './sniff';
import { notCsvError, tooLargeError } from './too-large';

export type DelimiterOption = 'auto' | Delimiter;
/** The quote character, or none: quotes are then ordinary characters. */
export type QuoteOption = '"' | "'" | 'none';

export interface CsvParams {
  delimiter: DelimiterOption;
  /** Absent in runs begun before version 2: '"'. */
  quote?: QuoteOption;
}

export interface FileHead {
  delimiter: Delimiter;
  /** The quote byte, -1 for none. */
  quote: number;
  /** The header's fields (no header: an empty file or blank lines only). */
  header: string[] | null;
  /** Where the first record after the header begins (the BOM and blank lines before it skipped). */
  dataStart: number;
}

export function dialectOf(head: FileHead): Dialect {
  return { delimiter: head.delimiter.charCodeAt(0), quote: head.quote };
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * A NUL byte in the file start means binary data (compressed, an image, UTF-16 text), not CSV:
 * text never holds one, while random bytes hold one every 256.
 */
function looksBinary(sample: Uint8Array): boolean {
  return sample.indexOf(0) !== -1;
}

/** Decodes the fields of `rec` (the header) as text. */
export function fieldTexts(buf: Uint8Array, rec: RecordFields, quote: number): string[] {
  const out: string[] = [];
  const scratch = new Uint8Array(buf.length);
  for (let k = 0; k < rec.count; k++) {
    const s = rec.starts[k];
    const e = rec.ends[k];
    if (rec.kinds[k] === PLAIN) out.push(decoder.decode(buf.subarray(s, e)));
    else out.push(decoder.decode(scratch.subarray(0, unquote(buf, s, e, quote, scratch))));
  }
  return out;
}

/** Reads the file start: sniffs the delimiter and scans the header, reading on as it needs. */
export async function readHead(input: ByteReader, params: CsvParams): Promise<FileHead> {
  const quote = params.quote === 'none' ? -1 : (params.quote ?? '"').charCodeAt(0);
  let want = SNIFF_BYTES;
  let buf = await input.read(0, Math.min(input.size, want));
  if (looksBinary(buf.subarray(0, SNIFF_BYTES))) throw notCsvError();
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const delimiter =
    params.delimiter === 'auto'
      ? sniffDelimiter(buf.subarray(bom, SNIFF_BYTES), input.size <= SNIFF_BYTES, quote)
      : params.delimiter;
  const head: FileHead = { delimiter, quote, header: null, dataStart: bom };
  const dialect = dialectOf(head);
  const rec = new RecordFields();
  let p = bom;
  for (;;) {
    const atEof = buf.length >= input.size;
    if (p >= buf.length && atEof) return { ...head, dataStart: p };
    let next: number;
    try {
      next = scanRecord(buf, p, atEof, dialect, rec);
    } catch (e) {
      if (e instanceof OverLimit) throw tooLargeError(e.what, e.at, e.inQuotes, null);
      throw e;
    }
    if (next === INCOMPLETE) {
      want *= 2;
      buf = await input.read(0, Math.min(input.size, want));
      continue;
    }
    if (!rec.blank) return { ...head, header: fieldTexts(buf, rec, quote), dataStart: next };
    p = next;
  }
}
