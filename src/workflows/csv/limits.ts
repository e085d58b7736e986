/**
 * How large one field and one record of a CSV file may be. The fold keeps the open field and
 * record in its checkpointed state, so without a bound a stray quote (which makes the rest of
 * the file one quoted field) or a file without line breaks would grow the state with the file,
 * slow every checkpoint and end at the engine's string limit as an internal error. Past a
 * bound the run stops with `csv-field-too-large` or `csv-record-too-large` instead, naming
 * where the field or record began.
 *
 * Sizes are in UTF-16 code units of the decoded text (one per ASCII character, at most one per
 * input byte), which is what the state holds.
 */

/**
 * 1 Mi characters: 8 times Python's csv default (131,072) and 32 times a spreadsheet cell
 * (Excel: 32,767), so real data fits, while a checkpoint stays a few MiB.
 */
export const FIELD_LIMIT = 1024 * 1024;

/** 16 Mi characters in the fields of one record, so sixteen full-size fields fit. */
export const RECORD_LIMIT = 16 * 1024 * 1024;

/**
 * Fields in one record: Excel's column limit is 16,384; many empty fields (a file of
 * delimiters and no line break) would otherwise grow the state by a pointer per delimiter.
 */
export const MAX_FIELDS = 65_536;
