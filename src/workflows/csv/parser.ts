/**
 * An RFC 4180 CSV parser whose whole mid-record state is plain data, so it can be checkpointed
 * between any two characters and resumed in another worker. Written here because maintained
 * parsers (papaparse, csv-parse) keep their mid-stream state in closures and class instances
 * that cannot be saved and restored.
 *
 * Leniency follows Python's csv module (strict=False), the reference in the tests: a quote
 * inside an unquoted field is literal, text after a closing quote is appended to the field, an
 * unterminated quote runs on (up to FIELD_LIMIT), and CR, LF or CRLF end a record outside
 * quotes. Blank lines are skipped, not rows.
 */
import { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';

const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote seen inside a quoted field: either the first of a doubled quote, or the closing one. */
const QUOTE_IN_QUOTED = 3;

export interface ParserState {
  mode: number;
  /** The current field so far. */
  field: string;
  /** The current field began with a quote (so `""` on its own line is a row, not a blank line). */
  quoted: boolean;
  /** Fields of the current record so far. */
  record: string[];
  /** Characters in `record` (bounded by RECORD_LIMIT). */
  recordChars: number;
  /** The last record ended on CR: an LF right after it belongs to the same line break. */
  skipLF: boolean;
  /**
   * Byte offset where the open field began (its quote, if quoted), and where the open record
   * began: set when a piece ends inside them, for the message of a field or record too large.
   * Null when unknown (state migrated from a version that did not keep them).
   */
  fieldStart: number | null;
  recordStart: number | null;
}

export function newParser(): ParserState {
  return {
    mode: FIELD_START,
    field: '',
    quoted: false,
    record: [],
    recordChars: 0,
    skipLF: false,
    fieldStart: 0,
    recordStart: 0,
  };
}

export interface ParseHooks {
  /** Called for every completed record. */
  emit(record: string[]): void;
  /**
   * The byte offset in the input of character `i` of the text being parsed, where `i` is 0 or
   * follows an ASCII character (a delimiter or line break: where fields and records begin).
   */
  locate(i: number): number;
  /**
   * Throws: the field (or record) that began at byte `start` is over its limit; `inQuotes`: the
   * field is still inside its quotes (not text after the closing one).
   */
  tooLarge(what: 'field' | 'record', start: number | null, inQuotes: boolean): never;
}

/** The delimiter and quote as character codes; quote -1 means none (every field unquoted). */
export interface Dialect {
  delimiter: number;
  quote: number;
}

/** Feeds decoded text, calling `hooks.emit` for every completed record. */
export function parseText(s: ParserState, text: string, dialect: Dialect, hooks: ParseHooks): void {
  const delim = dialect.delimiter;
  const quote = dialect.quote;
  const quoteChar = quote === -1 ? '' : String.fromCharCode(quote);
  const n = text.length;
  // The state lives in locals while parsing (this loop sees every character) and is written
  // back once at the end.
  let { mode, field, quoted, record, recordChars, skipLF } = s;
  // Where the open field and record began in this text; -1: in an earlier text (s.fieldStart).
  let fieldAt = mode === FIELD_START ? 0 : -1;
  let recordAt = mode === FIELD_START && record.length === 0 ? 0 : -1;
  const fail = (what: 'field' | 'record'): never => {
    const at = what === 'field' ? fieldAt : recordAt;
    const known = what === 'field' ? s.fieldStart : s.recordStart;
    const inQuotes = mode === QUOTED || mode === QUOTE_IN_QUOTED;
    return hooks.tooLarge(what, at >= 0 ? hooks.locate(at) : known, inQuotes);
  };
  const grow = (part: string): void => {
    const size = field.length + part.length;
    if (size > FIELD_LIMIT) fail('field');
    if (recordChars + size > RECORD_LIMIT) fail('record');
    field = field === '' ? part : field + part;
  };
  const endField = (next: number): void => {
    // This field and the last one (pushed by endRecord) must fit in MAX_FIELDS.
    if (record.length >= MAX_FIELDS - 1) fail('record');
    recordChars += field.length;
    record.push(field);
    field = '';
    quoted = false;
    mode = FIELD_START;
    fieldAt = next;
  };
  const endRecord = (next: number): void => {
    record.push(field);
    if (!(record.length === 1 && field === '' && !quoted)) hooks.emit(record);
    record = [];
    recordChars = 0;
    field = '';
    quoted = false;
    mode = FIELD_START;
    fieldAt = recordAt = next;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (skipLF) {
      skipLF = false;
      if (c === LF) {
        i++;
        fieldAt = recordAt = i;
        continue;
      }
    }
    if (mode === UNQUOTED) {
      let j = i;
      let d = 0;
      while (j < n) {
        d = text.charCodeAt(j);
        if (d === delim || d === CR || d === LF) break;
        j++;
      }
      // grow() and endField() inlined: this is the hottest path.
      if (j > i) {
        if (field.length + j - i > FIELD_LIMIT || recordChars + field.length + j - i > RECORD_LIMIT)
          grow(text.slice(i, j));
        field = field === '' ? text.slice(i, j) : field + text.slice(i, j);
      }
      if (j === n) break;
      if (d === delim) {
        if (record.length >= MAX_FIELDS - 1) fail('record');
        recordChars += field.length;
        record.push(field);
        field = '';
        quoted = false;
        mode = FIELD_START;
        fieldAt = j + 1;
      } else {
        endRecord(j + 1);
        skipLF = d === CR;
      }
      i = j + 1;
    } else if (mode === FIELD_START) {
      if (c === quote) {
        mode = QUOTED;
        quoted = true;
        i++;
      } else if (c === delim) {
        endField(i + 1);
        i++;
      } else if (c === CR || c === LF) {
        endRecord(i + 1);
        skipLF = c === CR;
        i++;
      } else mode = UNQUOTED;
    } else if (mode === QUOTED) {
      const j = text.indexOf(quoteChar, i);
      if (j === -1) {
        grow(text.slice(i));
        break;
      }
      if (j > i) grow(text.slice(i, j));
      mode = QUOTE_IN_QUOTED;
      i = j + 1;
    } else {
      // QUOTE_IN_QUOTED
      if (c === quote) {
        grow(quoteChar);
        mode = QUOTED;
        i++;
      } else if (c === delim) {
        endField(i + 1);
        i++;
      } else if (c === CR || c === LF) {
        endRecord(i + 1);
        skipLF = c === CR;
        i++;
      } else mode = UNQUOTED;
    }
  }
  // A field or record still open goes on in the next piece: where it began is needed then, and
  // only this call can still map its characters to bytes.
  if (mode !== FIELD_START && fieldAt >= 0) s.fieldStart = hooks.locate(fieldAt);
  if ((mode !== FIELD_START || record.length > 0) && recordAt >= 0)
    s.recordStart = hooks.locate(recordAt);
  s.mode = mode;
  s.field = field;
  s.quoted = quoted;
  s.record = record;
  s.recordChars = recordChars;
  s.skipLF = skipLF;
}

/** Ends the input: a last record without a line break still counts. */
export function finishParser(s: ParserState, emit: (record: string[]) => void): void {
  if (s.mode !== FIELD_START || s.record.length > 0 || s.quoted) {
    s.record.push(s.field);
    const blank = s.record.length === 1 && s.field === '' && !s.quoted;
    if (!blank) emit(s.record);
  }
  Object.assign(s, newParser());
}
