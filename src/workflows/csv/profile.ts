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
import { type ParserState, finishParser, newParser, parseText } from './parser';
import { type Delimiter, SNIFF_CHARS, sniffDelimiter } from './sniff';
import { decodePiece, decodeRest } from './utf8-carry';

export type DelimiterOption = 'auto' | Delimiter;

export interface CsvParams {
  delimiter: DelimiterOption;
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
  /** Decoded text held back until the delimiter is known. */
  pending: string;
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
    pending: '',
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

function feedText(state: CsvState, text: string, final: boolean): void {
  if (state.atStart && text.length > 0) {
    state.atStart = false;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  if (state.delimiter === null) {
    state.pending += text;
    if (!final && state.pending.length < SNIFF_CHARS) return;
    // Exactly the first SNIFF_CHARS characters decide, so the guess never depends on piece sizes.
    state.delimiter = sniffDelimiter(
      state.pending.slice(0, SNIFF_CHARS),
      final && state.pending.length <= SNIFF_CHARS,
    );
    text = state.pending;
    state.pending = '';
  }
  parseText(state.parser, text, state.delimiter, (r) => onRecord(state, r));
}

export function updateCsv(state: CsvState, bytes: Uint8Array): CsvState {
  const { text, carry } = decodePiece(state.carry, bytes);
  state.carry = carry;
  feedText(state, text, false);
  return state;
}

export function finishCsv(state: CsvState): CsvProfileResult {
  feedText(state, decodeRest(state.carry), true);
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
    parser: { ...state.parser, record: state.parser.record.slice() },
    header: state.header ? state.header.slice() : null,
    columns: state.columns.map(saveColumn),
  };
}

export function loadCsv(snap: CsvSnapshot): CsvState {
  return {
    ...snap,
    carry: snap.carry.slice(),
    parser: { ...snap.parser, record: snap.parser.record.slice() },
    header: snap.header ? snap.header.slice() : null,
    columns: snap.columns.map(loadColumn),
  };
}
