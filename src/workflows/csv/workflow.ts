/**
 * CSV profile: rows, delimiter, ragged rows and per-column statistics of a CSV file with a
 * header row, in one pass whose state is checkpointed between any two bytes.
 */
import { WaymarkError } from '../../engine/errors';
import { defineWorkflow, type FoldStep } from '../../engine/workflow';
import { plural } from '../shared/format';
import {
  type CsvParams,
  type CsvProfileResult,
  type CsvSnapshot,
  type CsvState,
  finishCsv,
  initCsv,
  loadCsv,
  saveCsv,
  updateCsv,
} from './profile';
import { DELIMITERS } from './sniff';

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
  '|': 'pipe',
};

function validate(params: CsvParams): CsvParams {
  const d = params.delimiter;
  if (d !== 'auto' && !(DELIMITERS as readonly string[]).includes(d))
    throw new WaymarkError('invalid-params', {
      detail: `the delimiter must be auto, comma, tab, semicolon or pipe, not ${JSON.stringify(d)}`,
    });
  return { delimiter: d };
}

const profileStep: FoldStep<CsvParams, CsvState, CsvProfileResult, CsvSnapshot> = {
  kind: 'fold',
  id: 'profile',
  init: (params) => initCsv(params),
  update: (state, bytes) => updateCsv(state, bytes),
  finish: (state) => finishCsv(state),
  save: (state) => saveCsv(state),
  load: (snap) => loadCsv(snap),
};

export const csvProfileWorkflow = defineWorkflow<CsvParams, CsvProfileResult>({
  id: 'csv-profile',
  version: 1,
  label: 'CSV profile',
  description: 'Per-column statistics of a CSV file with a header row.',
  group: 'Analyse',
  order: 10,
  params: {
    defaults: { delimiter: 'auto' },
    fields: [
      {
        kind: 'select',
        key: 'delimiter',
        label: 'Delimiter',
        options: [
          { value: 'auto', label: 'Auto' },
          { value: ',', label: 'Comma' },
          { value: '\t', label: 'Tab' },
          { value: ';', label: 'Semicolon' },
          { value: '|', label: 'Pipe' },
        ],
      },
    ],
    validate,
  },
  steps: [profileStep],
  summarize: (r) =>
    `${plural(r.rows, 'row')} × ${plural(r.columns.length, 'column')}, ${DELIMITER_NAMES[r.delimiter]}-separated` +
    (r.raggedRows > 0
      ? `, ${plural(r.raggedRows, 'ragged row')} (first: row ${r.firstRaggedRow})`
      : ''),
});
