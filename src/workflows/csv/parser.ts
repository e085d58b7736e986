/**
 * Scans one CSV record of bytes at a time. A record is parsed whole from a buffer holding it (a
 * chunk reads past its end to finish its last record), so no mid-record state is ever kept or
 * checkpointed, and a field is handed on as a range of the buffer, never a string.
 *
 * Leniency follows Python's csv module (strict=False), the reference in the tests: a quote
 * inside an unquoted field is literal, text after a closing quote is appended to the field, an
 * unterminated quote runs on to the end of the input (up to FIELD_LIMIT), and CR, LF or CRLF end
 * a record outside quotes. A blank line is no record.
 */
import { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';

const CR = 13;
const LF = 10;

/** The delimiter and quote as bytes; quote -1 means none (every field unquoted). */
export interface Dialect {
  delimiter: number;
  quote: number;
}

/** How a field's bytes are stored: as they are, or still to be unquoted by `unquote`. */
export const PLAIN = 0;
/** Quoted with a doubled quote inside: `[start, end)` spans the quotes; unquote it. */
export const ESCAPED = 1;
/** Text after its closing quote (`"a"b`): unquote it; a sign of a wrong guessed start. */
export const IRREGULAR = 2;

/** The fields of the last scanned record, as ranges of the buffer (reused record to record). */
export class RecordFields {
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /** The record is a blank line (one empty unquoted field): no record at all. */
  blank = false;
  /** The first field began with a quote. */
  firstQuoted = false;

  push(start: number, end: number, kind: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.count++;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const kinds = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }
}

/** A field or record over its limit; `at` is where it began in the scanned buffer. */
export class OverLimit {
  constructor(
    readonly what: 'field' | 'record',
    readonly at: number,
    readonly inQuotes: boolean,
  ) {}
}

/** More bytes are needed to finish the record (returned by `scanRecord`). */
export const INCOMPLETE = -1;

/**
 * Scans the record that begins at `p` of `buf`, filling `rec`. Returns where the next record
 * begins (after the line break, CRLF included), or INCOMPLETE if `buf` ends inside the record
 * and `atEof` is false (`buf` then ends before the end of the input). Throws OverLimit when a
 * field or the record is over its limit, even when incomplete, so that a caller reading ahead
 * stops within RECORD_LIMIT bytes.
 */
export function scanRecord(
  buf: Uint8Array,
  p: number,
  atEof: boolean,
  d: Dialect,
  rec: RecordFields,
): number {
  const n = buf.length;
  const delim = d.delimiter;
  const quote = d.quote;
  const recordStart = p;
  rec.count = 0;
  rec.blank = false;
  rec.firstQuoted = p < n && buf[p] === quote;
  const over = (what: 'field' | 'record', at: number, inQuotes: boolean): never => {
    throw new OverLimit(what, at, inQuotes);
  };
  const incomplete = (fieldStart: number, inQuotes: boolean): number => {
    if (n - fieldStart > FIELD_LIMIT) over('field', fieldStart, inQuotes);
    if (n - recordStart > RECORD_LIMIT) over('record', recordStart, inQuotes);
    return INCOMPLETE;
  };
  for (;;) {
    if (rec.count >= MAX_FIELDS) over('record', recordStart, false);
    const fieldStart = p;
    let kind = PLAIN;
    let end: number;
    if (p < n && buf[p] === quote) {
      let q = p + 1;
      for (;;) {
        const k = buf.indexOf(quote, q);
        if (k === -1) {
          if (!atEof) return incomplete(fieldStart, true);
          // Unterminated: the field runs to the end of the input.
          if (n - fieldStart > FIELD_LIMIT) over('field', fieldStart, true);
          rec.push(kind === PLAIN ? p + 1 : p, n, kind);
          return n;
        }
        if (k + 1 === n && !atEof) return incomplete(fieldStart, true);
        const c = k + 1 < n ? buf[k + 1] : -1;
        if (c === quote) {
          kind = ESCAPED;
          q = k + 2;
          continue;
        }
        if (c === delim || c === CR || c === LF || c === -1) {
          end = k + 1;
          break;
        }
        // Text after the closing quote: unquoted from here on, quotes literal.
        kind = IRREGULAR;
        let j = k + 1;
        while (j < n) {
          const b = buf[j];
          if (b === delim || b === CR || b === LF) break;
          j++;
        }
        if (j === n && !atEof) return incomplete(fieldStart, false);
        end = j;
        break;
      }
      if (end - fieldStart > FIELD_LIMIT) over('field', fieldStart, kind !== IRREGULAR);
      if (kind === PLAIN) rec.push(fieldStart + 1, end - 1, PLAIN);
      else rec.push(fieldStart, end, kind);
      p = end;
    } else {
      let j = p;
      while (j < n) {
        const b = buf[j];
        if (b === delim || b === CR || b === LF) break;
        j++;
      }
      if (j === n && !atEof) return incomplete(fieldStart, false);
      if (j - fieldStart > FIELD_LIMIT) over('field', fieldStart, false);
      rec.push(fieldStart, j, PLAIN);
      p = j;
    }
    if (p - recordStart > RECORD_LIMIT) over('record', recordStart, false);
    // p is at a delimiter, a line break or the end of the input.
    if (p === n) {
      markBlank(rec);
      return n;
    }
    const c = buf[p];
    if (c === delim) {
      p++;
      continue;
    }
    markBlank(rec);
    if (c === LF) return p + 1;
    if (p + 1 < n) return buf[p + 1] === LF ? p + 2 : p + 1;
    // A CR last in the buffer: an LF may follow it in the bytes not read yet.
    return atEof ? p + 1 : INCOMPLETE;
  }
}

function markBlank(rec: RecordFields): void {
  // `""` alone on a line is a record with one empty field, not a blank line.
  rec.blank = rec.count === 1 && !rec.firstQuoted && rec.ends[0] === rec.starts[0];
}

/**
 * Writes the content of an ESCAPED or IRREGULAR field (`buf[start, end)`, from its opening
 * quote) into `out` as Python's csv reads it: quotes undone, doubled quotes made single, text
 * after the closing quote kept. Returns the content's length (at most end − start).
 */
export function unquote(
  buf: Uint8Array,
  start: number,
  end: number,
  quote: number,
  out: Uint8Array,
): number {
  let o = 0;
  let i = start + 1;
  let inQuotes = true;
  while (i < end) {
    const b = buf[i];
    if (inQuotes && b === quote) {
      if (i + 1 < end && buf[i + 1] === quote) {
        out[o++] = quote;
        i += 2;
        continue;
      }
      inQuotes = false;
      i++;
      continue;
    }
    out[o++] = b;
    i++;
  }
  return o;
}
