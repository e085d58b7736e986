/** The errors that stop a CSV profile: a field or record over its limit (limits.ts), not CSV. */
import { type ErrorTable, type WaymarkError, workflowError } from '../../engine/errors';
import { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';

/**
 * The CSV profile's own error codes; the engine knows none of them. Neither is retried: the same
 * bytes overrun the same limit on every attempt.
 */
export const CSV_ERRORS = {
  'csv-field-too-large': {
    message:
      'The quoted field that begins at byte {offset} ({row}) runs on for more than {limit} bytes without its closing quote. If that quote is a stray one, choose another delimiter, or set "Quote character" to None.',
    retryable: false,
  },
  'csv-record-too-large': {
    message:
      'The {what} that begins at byte {offset} ({row}) is larger than {limit}. Check that the file is CSV with CR or LF line breaks, and that the delimiter is right.',
    retryable: false,
  },
  'csv-not-text': {
    message:
      'This file is not CSV: its start holds binary data (NUL bytes), not text. Choose a CSV file, or decompress it first if it is compressed.',
    retryable: false,
  },
} as const satisfies ErrorTable;

/** The file start is binary (NUL bytes), not text. */
export function notCsvError(): WaymarkError {
  return workflowError(CSV_ERRORS, 'csv-not-text', {});
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * `start`: the byte where the field (its opening quote) or record began, null if unknown;
 * `row`: the data row (1-based, after the header), null for the header.
 */
export function tooLargeError(
  what: 'field' | 'record',
  start: number | null,
  inQuotes: boolean,
  row: number | null,
): WaymarkError {
  const details = {
    offset:
      start === null ? 'an unknown byte (the run was begun by an older Waymark)' : String(start),
    row: row === null ? 'the header row' : `row ${row}`,
  };
  if (what === 'field' && inQuotes)
    return workflowError(CSV_ERRORS, 'csv-field-too-large', {
      ...details,
      limit: count(FIELD_LIMIT),
    });
  return workflowError(CSV_ERRORS, 'csv-record-too-large', {
    ...details,
    what,
    limit:
      what === 'field'
        ? `${count(FIELD_LIMIT)} bytes`
        : `${count(RECORD_LIMIT)} bytes or ${count(MAX_FIELDS)} fields`,
  });
}
