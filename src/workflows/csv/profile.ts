/**
 * The CSV profile fold: bytes → text (carrying a cut character) → delimiter guess (buffering the
 * file start) → records → header and per-column statistics. Every part of the state is data, so
 * a checkpoint can fall between any two bytes, even inside a quoted field or a character.
 */
import {
  type ColumnAcc,
  type ColumnProfile,
  type ColumnSnapshot,
  addValue,
  loadColumn,
  newColumn,
  profileColumn,
  saveColumn,
} from './column';
import { byteOffsetOf } from './byte-offset';
import { type ParseHooks, type ParserState, finishParser, newParser, parseText } from './parser';
import { type Delimiter, SNIFF_CHARS, sniffDelimiter } from './sniff';
import { tooLargeError } from './too-large';
import { decodePiece, decodeRest } from './utf8-carry';

export type DelimiterOption = 'auto' | Delimiter;
/** The quote character, or none: quotes are then ordinary characters. */
export type QuoteOption = '"' | "'" | 'none';

export interface CsvParams {
  delimiter: DelimiterOption;
  /** Absent in runs begun before version 2: '"'. */
  quote?: QuoteOption;
}

export interface CsvProfileResult {
  /** Records after the header (blank lines are not records). */
  rows: number;
  delimiter: Delimiter;
  /** Rows with more or fewer fields than the header. */
  raggedRows: number;
  /** 1-based row number (after the header) of the first ragged row. */
  firstRaggedRow: number | null;
  columns: ColumnProfile[];
}

interface StateBase {
  /** The chosen delimiter; null while the file start is still being buffered to guess it. */
  delimiter: Delimiter | null;
  /** Bytes of a character cut by the end of the last piece. */
  carry: Uint8Array;
  /** Nothing decoded yet: a BOM may still come. */
  atStart: boolean;
  /** The quote character ('' for none). */
  quote: string;
  /** Decoded text held back until the delimiter is known. */
  pending: string;
  /**
   * The bytes `pending` was decoded from (without a BOM), to locate its characters: the first
   * `pendingLength` of them (the rest is room to grow, so that tiny pieces copy little).
   */
  pendingBytes: Uint8Array;
  pendingLength: number;
  parser: ParserState;
  header: string[] | null;
  rows: number;
  raggedRows: number;
  firstRaggedRow: number | null;
}

export interface CsvState extends StateBase {
  columns: ColumnAcc[];
}

export interface CsvSnapshot extends StateBase {
  columns: ColumnSnapshot[];
}

export function initCsv(params: CsvParams): CsvState {
  return {
    delimiter: params.delimiter === 'auto' ? null : params.delimiter,
    carry: new Uint8Array(0),
    atStart: true,
    quote: params.quote === 'none' ? '' : (params.quote ?? '"'),
    pending: '',
    pendingBytes: new Uint8Array(0),
    pendingLength: 0,
    parser: newParser(),
    header: null,
    rows: 0,
    raggedRows: 0,
    firstRaggedRow: null,
    columns: [],
  };
}

function onRecord(state: CsvState, record: string[]): void {
  if (state.header === null) {
    state.header = record;
    state.columns = record.map((name) => newColumn((' ' + name).slice(1)));
    return;
  }
  state.rows++;
  const cols = state.columns;
  if (record.length !== cols.length) {
    state.raggedRows++;
    state.firstRaggedRow ??= state.rows;
  }
  const n = Math.min(record.length, cols.length);
  for (let i = 0; i < n; i++) addValue(cols[i], record[i]);
}

function holdBytes(state: CsvState, raw: Uint8Array): void {
  const need = state.pendingLength + raw.length;
  if (need > state.pendingBytes.length) {
    const grown = new Uint8Array(Math.max(need, 2 * state.pendingBytes.length));
    grown.set(state.pendingBytes.subarray(0, state.pendingLength));
    state.pendingBytes = grown;
  }
  state.pendingBytes.set(raw, state.pendingLength);
  state.pendingLength = need;
}

/** `text` was decoded from exactly `raw`, which begins at byte `rawStart` of the input. */
function feedText(
  state: CsvState,
  text: string,
  raw: Uint8Array,
  rawStart: number,
  final: boolean,
): void {
  if (state.atStart && text.length > 0) {
    state.atStart = false;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      raw = raw.subarray(3);
      rawStart += 3;
    }
  }
  if (state.delimiter === null) {
    state.pending += text;
    // Held only while the file start is buffered (SNIFF_CHARS characters and one piece).
    holdBytes(state, raw);
    if (!final && state.pending.length < SNIFF_CHARS) return;
    // Exactly the first SNIFF_CHARS characters decide, so the guess never depends on piece sizes.
    state.delimiter = sniffDelimiter(
      state.pending.slice(0, SNIFF_CHARS),
      final && state.pending.length <= SNIFF_CHARS,
      state.quote,
    );
    rawStart += raw.length - state.pendingLength;
    text = state.pending;
    raw = state.pendingBytes.subarray(0, state.pendingLength);
    state.pending = '';
    state.pendingBytes = new Uint8Array(0);
    state.pendingLength = 0;
  }
  const hooks: ParseHooks = {
    emit: (r) => onRecord(state, r),
    locate: (i) => byteOffsetOf(text, raw, rawStart, i),
    tooLarge: (what, start, inQuotes) => {
      throw tooLargeError(what, start, inQuotes, state.header === null ? null : state.rows + 1);
    },
  };
  const dialect = {
    delimiter: state.delimiter.charCodeAt(0),
    quote: state.quote === '' ? -1 : state.quote.charCodeAt(0),
  };
  parseText(state.parser, text, dialect, hooks);
}

export function updateCsv(state: CsvState, bytes: Uint8Array, offset: number): CsvState {
  const rawStart = offset - state.carry.length;
  const { text, decoded, carry } = decodePiece(state.carry, bytes);
  state.carry = carry;
  feedText(state, text, decoded, rawStart, false);
  return state;
}

/** `inputSize`: the input's length in bytes. */
export function finishCsv(state: CsvState, inputSize: number): CsvProfileResult {
  const rest = state.carry;
  feedText(state, decodeRest(rest), rest, inputSize - rest.length, true);
  state.carry = new Uint8Array(0);
  finishParser(state.parser, (r) => onRecord(state, r));
  return {
    rows: state.rows,
    delimiter: state.delimiter ?? ',',
    raggedRows: state.raggedRows,
    firstRaggedRow: state.firstRaggedRow,
    columns: state.columns.map(profileColumn),
  };
}

export function saveCsv(state: CsvState): CsvSnapshot {
  return {
    ...state,
    carry: state.carry.slice(),
    pendingBytes: state.pendingBytes.slice(0, state.pendingLength),
    parser: { ...state.parser, record: state.parser.record.slice() },
    header: state.header ? state.header.slice() : null,
    columns: state.columns.map(saveColumn),
  };
}

export function loadCsv(snap: CsvSnapshot): CsvState {
  return {
    ...snap,
    carry: snap.carry.slice(),
    pendingBytes: snap.pendingBytes.slice(),
    parser: { ...snap.parser, record: snap.parser.record.slice() },
    header: snap.header ? snap.header.slice() : null,
    columns: snap.columns.map(loadColumn),
  };
}
