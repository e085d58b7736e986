/** The numeric settings as form fields: labels (automation contract), limits, parsing. */
import type { SettingsView } from '../app/types';

export type NumericKey =
  'chunkSizeMiB' | 'checkpointEveryMs' | 'keepCheckpoints' | 'workers' | 'searchLineCap';

export interface NumericField {
  key: NumericKey;
  label: string;
  hint: string;
  min: number;
  max?: number;
  /** 'any' for fractional values. */
  step: number | 'any';
  integer: boolean;
}

export const NUMERIC_FIELDS: readonly NumericField[] = [
  {
    key: 'chunkSizeMiB',
    label: 'Chunk size (MiB)',
    hint: 'Applies to new runs.',
    min: 0.0625,
    max: 1024,
    step: 'any',
    integer: false,
  },
  {
    key: 'checkpointEveryMs',
    label: 'Checkpoint every (ms)',
    hint: 'At most this much work is redone after a crash.',
    min: 50,
    max: 3_600_000,
    step: 50,
    integer: true,
  },
  {
    key: 'keepCheckpoints',
    label: 'Keep checkpoints',
    hint: 'Plus step boundaries and pinned ones.',
    min: 1,
    max: 1000,
    step: 1,
    integer: true,
  },
  {
    key: 'workers',
    label: 'Workers',
    hint: 'Parallel workers for chunked steps.',
    min: 1,
    max: 64,
    step: 1,
    integer: true,
  },
  {
    key: 'searchLineCap',
    label: 'Search line cap',
    hint: 'Matching lines kept per search; counts are never capped.',
    min: 0,
    max: 10_000_000,
    step: 1,
    integer: true,
  },
];

/** The input's text as a valid value for the field, or undefined. */
export function parseField(field: NumericField, text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return undefined;
  if (field.integer && !Number.isInteger(n)) return undefined;
  if (n < field.min) return undefined;
  if (field.max !== undefined && n > field.max) return undefined;
  return n;
}

export function describeLimits(field: NumericField): string {
  const max = field.max !== undefined ? ` to ${field.max}` : ' or more';
  return `Enter ${field.integer ? 'a whole number' : 'a number'} from ${field.min}${max}.`;
}

export const INPUT_MODES: readonly { value: SettingsView['inputMode']; label: string }[] = [
  { value: 'opfs', label: 'Private copy (OPFS)' },
  { value: 'handle', label: 'File handle' },
  { value: 'repick', label: 'Ask again' },
];
