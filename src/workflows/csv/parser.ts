/**
 * An RFC 4180 CSV parser whose whole mid-record state is plain data, so it can be checkpointed
 * between any two characters and resumed in another worker. Written here because maintained
 * parsers (papaparse, csv-parse) keep their mid-stream state in closures and class instances
 * that cannot be saved and restored.
 *
 * Leniency follows Python's csv module (strict=False), the reference in the tests: a quote
 * inside an unquoted field is literal, text after a closing quote is appended to the field, an
 * unterminated quote runs to the end of the input, and CR, LF or CRLF end a record outside
 * quotes. Blank lines are skipped, not rows.
 */

const QUOTE = 34;
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
  /** The last record ended on CR: an LF right after it belongs to the same line break. */
  skipLF: boolean;
}

export function newParser(): ParserState {
  return { mode: FIELD_START, field: '', quoted: false, record: [], skipLF: false };
}

export type RecordSink = (record: string[]) => void;

/** Feeds decoded text; calls `emit` for every completed record. */
export function parseText(s: ParserState, text: string, delimiter: string, emit: RecordSink): void {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  // The state lives in locals while parsing (this loop sees every character) and is written
  // back once at the end.
  let { mode, field, quoted, record, skipLF } = s;
  const endRecord = (): void => {
    record.push(field);
    if (!(record.length === 1 && field === '' && !quoted)) emit(record);
    record = [];
    field = '';
    quoted = false;
    mode = FIELD_START;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (skipLF) {
      skipLF = false;
      if (c === LF) {
        i++;
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
      if (j > i) field = field === '' ? text.slice(i, j) : field + text.slice(i, j);
      if (j === n) break;
      if (d === delim) {
        record.push(field);
        field = '';
        quoted = false;
        mode = FIELD_START;
      } else {
        endRecord();
        skipLF = d === CR;
      }
      i = j + 1;
    } else if (mode === FIELD_START) {
      if (c === QUOTE) {
        mode = QUOTED;
        quoted = true;
        i++;
      } else if (c === delim) {
        record.push(field);
        field = '';
        quoted = false;
        i++;
      } else if (c === CR || c === LF) {
        endRecord();
        skipLF = c === CR;
        i++;
      } else mode = UNQUOTED;
    } else if (mode === QUOTED) {
      const j = text.indexOf('"', i);
      if (j === -1) {
        field += text.slice(i);
        break;
      }
      if (j > i) field += text.slice(i, j);
      mode = QUOTE_IN_QUOTED;
      i = j + 1;
    } else {
      // QUOTE_IN_QUOTED
      if (c === QUOTE) {
        field += '"';
        mode = QUOTED;
        i++;
      } else if (c === delim) {
        record.push(field);
        field = '';
        quoted = false;
        mode = FIELD_START;
        i++;
      } else if (c === CR || c === LF) {
        endRecord();
        skipLF = c === CR;
        i++;
      } else mode = UNQUOTED;
    }
  }
  s.mode = mode;
  s.field = field;
  s.quoted = quoted;
  s.record = record;
  s.skipLF = skipLF;
}

/** Ends the input: a last record without a line break still counts. */
export function finishParser(s: ParserState, emit: RecordSink): void {
  if (s.mode !== FIELD_START || s.record.length > 0 || s.quoted) {
    s.record.push(s.field);
    const blank = s.record.length === 1 && s.field === '' && !s.quoted;
    if (!blank) emit(s.record);
  }
  s.mode = FIELD_START;
  s.field = '';
  s.quoted = false;
  s.record = [];
  s.skipLF = false;
}
