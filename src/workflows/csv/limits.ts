/**
 * How large one field and one record of a CSV file may be. A chunk reads past its end to finish
 * its last record and holds that record whole, so without a bound a stray quote (which makes
 * the rest of the file one quoted field) or a file without line breaks would make a chunk read
 * the rest of the file into memory. Past a bound the run stops with `csv-field-too-large` or
 * `csv-record-too-large` instead, naming where the field or record began.
 *
 * Sizes are in bytes of the input, quotes included.
 */

/**
 * 1 MiB: 8 times Python's csv default (131,072 characters) and 32 times a spreadsheet cell
 * (Excel: 32,767), so real data fits.
 */
export const FIELD_LIMIT = 1024 * 1024;

/** 16 MiB in one record, so sixteen full-size fields fit. */
export const RECORD_LIMIT = 16 * 1024 * 1024;

/**
 * Fields in one record: Excel's column limit is 16,384; a file of delimiters and no line break
 * would otherwise make a record of millions of empty fields.
 */
export const MAX_FIELDS = 65_536;
