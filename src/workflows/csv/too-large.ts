/** The errors that stop a CSV profile at a field or record over its limit (limits.ts). */
import { WaymarkError } from '../../engine/errors';
import { FIELD_LIMIT, MAX_FIELDS, RECORD_LIMIT } from './limits';

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
    return new WaymarkError('csv-field-too-large', { ...details, limit: count(FIELD_LIMIT) });
  return new WaymarkError('csv-record-too-large', {
    ...details,
    what,
    limit:
      what === 'field'
        ? `${count(FIELD_LIMIT)} characters`
        : `${count(RECORD_LIMIT)} characters or ${count(MAX_FIELDS)} fields`,
  });
}
