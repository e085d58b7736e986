/**
 * CSV profile: rows, delimiter, ragged rows and per-column statistics of a CSV file with a
 * header row, its chunks parsed in parallel on every worker (profile.ts).
 */
import { WaymarkError } from '../../engine/errors';
import { defineWorkflow, type ParamField } from '../../engine/workflow';
import { plural } from '../shared/format';
import type { CsvParams, QuoteOption } from './head';
import { migrateCsvState } from './migrate';
import type { CsvProfileResult } from './partial';
import { profileStep } from './profile';
import { DELIMITERS } from './sniff';
import { CSV_ERRORS } from './too-large';

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
  '|': 'pipe',
};

const QUOTES: readonly QuoteOption[] = ['"', "'", 'none'];

/** The options as the app offers them; labels are part of the automation contract. */
const fields: readonly ParamField<CsvParams>[] = [
  {
    key: 'delimiter',
    label: 'Delimiter',
    kind: 'select',
    options: [
      { value: 'auto', label: 'Auto' },
      { value: ',', label: 'Comma' },
      { value: '\t', label: 'Tab' },
      { value: ';', label: 'Semicolon' },
      { value: '|', label: 'Pipe' },
    ],
  },
  {
    key: 'quote',
    label: 'Quote character',
    help: 'None: quotes are ordinary characters (for files with stray quotes).',
    kind: 'select',
    options: [
      { value: '"', label: 'Double (")' },
      { value: "'", label: "Single (')" },
      { value: 'none', label: 'None' },
    ],
  },
];

function validate(params: CsvParams): CsvParams {
  const d = params.delimiter;
  if (d !== 'auto' && !(DELIMITERS as readonly string[]).includes(d))
    throw new WaymarkError('invalid-params', {
      detail: `the delimiter must be auto, comma, tab, semicolon or pipe, not ${JSON.stringify(d)}`,
    });
  const quote = params.quote ?? '"';
  if (!QUOTES.includes(quote))
    throw new WaymarkError('invalid-params', {
      detail: `the quote character must be ", ' or none, not ${JSON.stringify(quote)}`,
    });
  return { delimiter: d, quote };
}

export const csvProfileWorkflow = defineWorkflow<CsvParams, CsvProfileResult>({
  id: 'csv-profile',
  // 2: the quote option and bounded fields (the parser state keeps where fields begin).
  // 3: a map step (parallel chunks) with bounded column summaries instead of the fold.
  // 4: the summaries' snapshot packed (exact values in one byte array, sorted KLL levels).
  version: 4,
  label: 'CSV profile',
  description: 'Per-column statistics of a CSV file with a header row.',
  group: 'Analyse',
  order: 10,
  params: { defaults: { delimiter: 'auto', quote: '"' }, fields, validate },
  errors: CSV_ERRORS,
  // Larger than the default: each chunk result carries one summary per column to the page.
  chunkSize: 8 * 1024 * 1024,
  // Every chunk's result is committed to the ledger as it is done, so a checkpoint of this map
  // step protects no work: it only folds the ledger's results into the prefix it saves. That
  // prefix is ~36 KiB per column (700 KiB for 20), which the page saves, clones and writes in
  // ~150-200 ms: at the default 1 s, a tenth of the 2 workers' throughput on 2 cores. Every 5 s
  // a crash costs a resume at most 5 s of chunk results to combine again (about 10 ms each).
  checkpointEveryMs: 5_000,
  steps: [profileStep],
  migrateState: migrateCsvState,
  resultView: 'csv-profile',
  summarize: (r) =>
    `${plural(r.rows, 'row')} × ${plural(r.columns.length, 'column')}, ${DELIMITER_NAMES[r.delimiter]}-separated` +
    (r.raggedRows > 0
      ? `, ${plural(r.raggedRows, 'ragged row')} (first: row ${r.firstRaggedRow})`
      : ''),
});
